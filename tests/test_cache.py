"""The result cache (personalint/cache.py, issue 14): a hit gives exactly what a fresh check gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import REPO

from personalint import cache as cache_module
from personalint.cli import cli

ON = {"PERSONALINT_NO_CACHE": "", "NO_COLOR": "1"}  # conftest turns the cache off for every other test
SECRET = "sk-proj-" + "Abc123" * 8


def run(*args: str, cwd: Path | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", *args], env=ON, catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def chdir_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


SETS = ["examples", "tests/fixtures/wild"]


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
@pytest.mark.parametrize("target", SETS)
def test_a_cache_hit_gives_what_a_fresh_check_gives(
    target: str, output_format: str, tmp_path: Path, chdir_repo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = str(tmp_path / "cache")
    extra = ["--extend-exclude", "expected"] if "wild" in target else []
    fresh = run("--no-cache", "--format", output_format, *extra, target)
    cold = run("--cache-dir", folder, "--format", output_format, *extra, target)
    assert list((tmp_path / "cache").glob("*.json")), "the first run wrote no cache"

    def no_check(*_: object, **__: object) -> None:
        raise AssertionError("a cache hit must not check (nor parse) the file again")

    monkeypatch.setattr("personalint.pipeline._checked", no_check)
    warm = run("--cache-dir", folder, "--format", output_format, *extra, target)
    assert fresh == cold == warm


def _persona(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "coach.persona.yaml"
    path.write_text(text)
    return path


BAD = "persona_name: Coach\nsystem_prompt: You coach.\npipeline_mode: half\nlayers: {tts: {tts_engine: cartesia}}\n"
GOOD = BAD.replace("half", "full")


def test_a_changed_file_or_setting_is_checked_again(tmp_path: Path) -> None:
    folder = str(tmp_path / "cache")
    path = _persona(tmp_path, BAD)
    code, out = run("--cache-dir", folder, str(path))
    assert code == 1 and "PS002" in out
    path.write_text(GOOD)
    code, out = run("--cache-dir", folder, str(path))
    assert code == 0 and "PS002" not in out
    path.write_text(BAD)
    assert run("--cache-dir", folder, str(path))[0] == 1
    assert run("--cache-dir", folder, "--ignore", "PS002", str(path))[0] == 0  # other settings: another entry
    code, out = run("--cache-dir", folder, "--severity", "PS002=warning", str(path))
    assert code == 0 and "warning PS002" in out


def test_the_same_bytes_written_again_are_a_hit_by_their_digest(tmp_path: Path, monkeypatch) -> None:
    folder = str(tmp_path / "cache")
    path = _persona(tmp_path, BAD)
    first = run("--cache-dir", folder, str(path))
    path.write_text(BAD)  # a new modification time: the digest decides
    monkeypatch.setattr("personalint.pipeline._checked", lambda *a, **k: pytest.fail("checked again"))
    assert run("--cache-dir", folder, str(path)) == first


def test_a_cache_that_cannot_be_read_or_is_another_versions_is_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    path = _persona(tmp_path, BAD)
    first = run("--cache-dir", str(folder), str(path))
    (cached,) = folder.glob("*.json")
    for broken in ("{not json", json.dumps({"format": 1, "version": "0.0.0", "entries": {}}), '{"entries": 3}'):
        cached.write_text(broken)
        assert run("--cache-dir", str(folder), str(path)) == first
    # an entry whose result is damaged is a miss, not a crash
    data = json.loads(cached.read_text())
    for damaged in ({"path": 1}, [str(path)], [str(path), [], [], None, [1], [], [], False, None], [None] * 9):
        for entry in data["entries"].values():
            entry[1] = damaged
            entry[2] = ""
        cached.write_text(json.dumps(data))
        path.write_text(BAD)
        assert run("--cache-dir", str(folder), str(path)) == first


def test_the_build_changes_with_the_rule_packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from personalint import resources

    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules)
    original = resources.data_dir
    monkeypatch.setattr(resources, "data_dir", lambda name: str(rules) if name == "rules" else original(name))
    before = cache_module.build()
    pack = rules / "tavus.yaml"
    pack.write_text(pack.read_text() + "\n")
    assert cache_module.build() != before


def test_an_installed_wheels_build_changes_when_it_is_installed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wheel's rules/packs.json stands for its files: reinstalling writes it anew (a new inode)."""
    from personalint import resources

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "packs.json").write_text("[]")
    original = resources.data_dir
    monkeypatch.setattr(resources, "data_dir", lambda name: str(rules) if name == "rules" else original(name))
    before = cache_module.build()
    assert cache_module.build() == before
    (rules / "packs.json").unlink()
    (rules / "packs.json.new").write_text("[ ]")  # (another size: a file system's clock may be coarse)
    (rules / "packs.json.new").rename(rules / "packs.json")  # as an installer replaces a file
    assert cache_module.build() != before


def test_no_secret_reaches_the_cache_and_the_folder_is_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "proj" / ".personalint_cache"
    path = tmp_path / "proj" / "coach.persona.yaml"
    path.parent.mkdir()
    path.write_text(BAD + f"# the key {SECRET}\n" + "extra: {api_key: " + SECRET + "}\n")
    code, out = run("--cache-dir", str(folder), str(path))
    assert code == 1 and SECRET not in out
    (cached,) = folder.glob("*.json")
    assert SECRET not in cached.read_text()
    assert (folder / ".gitignore").read_text().endswith("*\n") and (folder / "CACHEDIR.TAG").is_file()
    # a walk of the project does not check the cache's own JSON
    walked = CliRunner().invoke(cli, ["check", "--cache-dir", str(folder), str(tmp_path / "proj")], env=ON)
    assert "personalint_cache" not in walked.output


def test_two_runs_at_once_share_the_cache(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    for index in range(30):
        (tmp_path / f"p{index}.persona.yaml").write_text(BAD if index % 2 else GOOD)
    env = {**os.environ, **ON}
    command = [sys.executable, "-m", "personalint", "check", "--cache-dir", str(folder), str(tmp_path)]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [process.communicate(timeout=120)[0] for process in runs]
    assert [p.returncode for p in runs] == [1, 1, 1] and len(set(outputs)) == 1
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert again.stdout == outputs[0]
    (cached,) = folder.glob("*.json")
    assert len(json.loads(cached.read_text())["entries"]) == 30


def test_clean_removes_the_cache_it_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _persona(tmp_path, BAD)
    run(".")
    assert (tmp_path / ".personalint_cache").is_dir()
    result = CliRunner().invoke(cli, ["clean"], env=ON)
    assert result.exit_code == 0 and "Removed" in result.output
    assert not (tmp_path / ".personalint_cache").exists()
    other = tmp_path / "not-a-cache"
    other.mkdir()
    result = CliRunner().invoke(cli, ["clean", "--cache-dir", str(other)], env=ON)
    assert "No cache" in result.output and other.is_dir()  # a folder personalint did not make stays


def test_no_cache_and_the_environment_leave_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _persona(tmp_path, BAD)
    run("--no-cache", ".")
    result = CliRunner().invoke(cli, ["check", "."], env={"PERSONALINT_NO_CACHE": "1"})
    assert result.exit_code == 1
    assert not (tmp_path / ".personalint_cache").exists()
