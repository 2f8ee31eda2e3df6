"""The pre-commit hooks: a valid manifest, a default file filter, and the real `pre-commit try-repo`.

try-repo builds the hook's virtualenv with pip (from PyPI), so it needs the network; it runs
against a snapshot of this working tree (committed in a temporary git repository, since
try-repo only carries a checkout's *tracked* changes), on a temporary project, with
PRE_COMMIT_HOME in a temporary folder. The pass and the fail case run side by side.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import NETWORK_TROUBLE, REPO

# A clean shipped example, and the same with a warning or an error added at its end.
CLEAN = (REPO / "examples" / "tavus" / "receptionist.yaml").read_text()
END = CLEAN.count("\n") + 1  # the line of what is added
BAD = CLEAN + "layrs: {}\n"  # PS005 unknown-key: a warning, so the hook passes
BROKEN = CLEAN + "persona_name: Front Desk again\n"  # PF002 duplicate-key: an error


def _manifest() -> list[dict]:
    import yaml

    return yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())


def test_manifest_is_valid_for_pre_commit() -> None:
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    from pre_commit.clientlib import load_manifest

    hooks = {hook["id"]: hook for hook in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"personalint", "personalint-sarif", "personalint-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["require_serial"] is True
        assert hook["types_or"] == ["json", "yaml"]
        assert hook["entry"].startswith("personalint check --force-exclude")
    assert "--output sarif=personalint.sarif" in hooks["personalint-sarif"]["entry"]


@pytest.mark.parametrize(
    ("path", "checked"),
    [
        ("personas/coach.yaml", True),
        ("config/Personas/coach.YML", True),
        ("anam/sales.create.json", True),
        ("deploy/tavus-personas.json", True),
        ("persona.json", True),
        ("avatars/cara.yaml", True),
        ("package.json", False),
        (".github/workflows/ci.yml", False),
        ("configs/app.yaml", False),
        ("personas/readme.md", False),
    ],
)
def test_default_files_are_likely_persona_configs(path: str, checked: bool) -> None:
    for hook in _manifest():
        assert bool(re.search(hook["files"], path)) is checked  # pre-commit matches with re.search


def _snapshot(target: Path) -> Path:
    """This working tree (tracked and untracked files git does not ignore), committed in a fresh repository."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, capture_output=True, text=True
    )
    if listed.returncode == 0:
        for name in filter(None, listed.stdout.split("\0")):
            source = REPO / name
            if source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
    else:  # not a git checkout (an sdist): copy all but caches and environments
        shutil.copytree(
            REPO,
            target,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(
                ".git",
                ".venv",
                ".ci-venv",
                ".ci-node",
                "__pycache__",
                ".pytest_cache",
                ".mypy_cache",
                ".ruff_cache",
                ".hypothesis",
                "build",
                "dist",
                "*.egg-info",
            ),
        )
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "snapshot")
    return target


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=personalint tests",
            "-c",
            "user.email=tests@personalint.invalid",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def _project(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    return folder


@pytest.fixture(scope="module")
def try_repo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[subprocess.CompletedProcess[str], Path]]:
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if shutil.which("git") is None:
        pytest.skip("git is not installed: pre-commit needs it")
    base = tmp_path_factory.mktemp("pre-commit")
    snapshot = _snapshot(base / "personalint")
    common = {
        "personas/coach.yaml": CLEAN,
        "package.json": '{"not": "a persona",}',  # broken, but outside the default `files`
        ".github/workflows/ci.yml": "on: push\n",  # would be PF004 unknown-kind if it were checked
        "personas/legacy/old.yaml": BROKEN,  # excluded by the configuration (the hook uses --force-exclude)
        ".personalint.toml": 'extend-exclude = ["personas/legacy/"]\n',
    }
    projects = {
        "pass": _project(base / "pass", {**common, "personas/warn.yaml": BAD}),
        "fail": _project(base / "fail", {**common, "personas/broken.yaml": BROKEN}),
    }
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update({"PRE_COMMIT_HOME": str(base / "home"), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"})
    env["SKIP"] = "personalint-fix"  # it changes the files the other hooks check (tests/test_fix_cli.py tries it)
    running = {
        name: subprocess.Popen(
            [sys.executable, "-m", "pre_commit", "try-repo", str(snapshot), "--all-files", "--verbose"],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name, folder in projects.items()
    }
    results = {}
    for name, process in running.items():
        output, _ = process.communicate(timeout=900)
        results[name] = (subprocess.CompletedProcess(process.args, process.returncode, output, ""), projects[name])
    for proc, _ in results.values():
        if proc.returncode not in (0, 1) and any(marker in proc.stdout for marker in NETWORK_TROUBLE):
            pytest.skip(f"pre-commit could not install the hook's environment from PyPI:\n{proc.stdout[-2000:]}")
    return results


@pytest.mark.slow  # try-repo builds the hook's virtualenv from the package index
@pytest.mark.network
def test_try_repo_passes_on_clean_and_warning_only_configs(try_repo) -> None:
    proc, folder = try_repo["pass"]
    assert proc.returncode == 0, proc.stdout
    assert re.search(r"^personalint\.+Passed$", proc.stdout, re.M), proc.stdout
    assert re.search(r"^personalint \(and personalint\.sarif\)\.+Passed$", proc.stdout, re.M), proc.stdout
    assert f"personas/warn.yaml:{END}:1: warning PS005" in proc.stdout  # --verbose shows the warnings
    assert "package.json" not in proc.stdout and "ci.yml" not in proc.stdout and "legacy" not in proc.stdout


@pytest.mark.slow  # try-repo builds the hook's virtualenv from the package index
@pytest.mark.network
def test_try_repo_fails_on_an_error(try_repo) -> None:
    proc, folder = try_repo["fail"]
    assert proc.returncode == 1, proc.stdout
    assert re.search(r"^personalint\.+Failed$", proc.stdout, re.M), proc.stdout
    assert f"personas/broken.yaml:{END}:1: error PF002 [*] duplicate key 'persona_name'" in proc.stdout
    assert "legacy" not in proc.stdout and "package.json" not in proc.stdout


@pytest.mark.slow  # try-repo builds the hook's virtualenv from the package index
@pytest.mark.network
def test_sarif_hook_writes_a_valid_log(try_repo) -> None:
    from test_sarif import schema_errors

    for name in ("pass", "fail"):
        _, folder = try_repo[name]
        log = json.loads((folder / "personalint.sarif").read_text())
        assert schema_errors(log) == []
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
        assert uris == ({"personas/warn.yaml"} if name == "pass" else {"personas/broken.yaml"})


def _readme_section(title: str) -> str:
    return (REPO / "README.md").read_text().split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _code_block(language: str, section: str) -> str:
    """The first ```LANGUAGE block of a README section."""
    match = re.search(rf"```{language}\n(.*?)```", section, re.DOTALL)
    assert match, f"no {language} block in the README section"
    return match.group(1)


def test_the_readme_pre_commit_example_names_real_hooks() -> None:
    import yaml

    section = _readme_section("pre-commit")
    config = yaml.safe_load(_code_block("yaml", section))
    ids = {hook["id"] for hook in _manifest()}
    assert {hook["id"] for repo in config["repos"] for hook in repo["hooks"]} <= ids
    assert "personalint-sarif" in section and "--force-exclude" in section


def test_the_readme_editor_setup_points_at_written_schemas(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from personalint.cli import cli
    from personalint.kinds import KINDS
    from personalint.kinds.detect import from_modeline

    section = _readme_section("Editors")
    modeline_example = _code_block("yaml", section)
    assert from_modeline(modeline_example) == "tavus-create"
    settings = json.loads(_code_block("json", section))
    result = CliRunner().invoke(cli, ["schema", "--write", str(tmp_path / ".schemas")])
    assert result.exit_code == 0
    written = {p.name for p in (tmp_path / ".schemas").iterdir()}
    assert written == {f"{kind}.schema.json" for kind in KINDS}
    urls = [entry["url"] for entry in settings["json.schemas"]] + list(settings["yaml.schemas"])
    assert all(url.startswith("./.schemas/") and url.rsplit("/", 1)[1] in written for url in urls)
