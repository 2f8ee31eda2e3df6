"""A large run on several cores (personalint/parallel.py, issue 14): the output is a serial run's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import REPO

from personalint import parallel, pipeline
from personalint.cli import cli

ON = {"PERSONALINT_NO_CACHE": "", "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """More files than pipeline.PARALLEL_FROM: the examples and the wild corpus in place, several times over."""
    root = tmp_path_factory.mktemp("many")
    sources = [p for p in (REPO / "examples").rglob("*") if p.is_file()]
    sources += [p for p in (REPO / "tests" / "fixtures" / "wild").glob("*") if p.is_file()]
    copies = pipeline.PARALLEL_FROM // len(sources) + 1
    for copy in range(copies):
        for source in sources:
            target = root / f"copy{copy}" / source.relative_to(REPO)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return root


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", *args], env=ON, catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.slow
@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_several_jobs_give_the_serial_output(many: Path, output_format: str, tmp_path: Path, monkeypatch) -> None:
    if not parallel.available():
        pytest.skip("no fork start method here: runs are serial")
    calls = []
    real = parallel.check_files
    monkeypatch.setattr(parallel, "check_files", lambda *a: calls.append(1) or real(*a))
    serial = run("--no-cache", "--jobs", "1", "--format", output_format, str(many))
    assert not calls
    two = run("--no-cache", "--jobs", "2", "--format", output_format, str(many))
    assert calls, "a run this large did not use the workers"
    assert two == serial
    # the workers' cache entries reach the cache: a warm serial run is the same again, checking nothing
    folder = str(tmp_path / "cache")
    assert run("--cache-dir", folder, "--jobs", "2", "--format", output_format, str(many)) == serial
    monkeypatch.setattr("personalint.pipeline._checked", lambda *a, **k: pytest.fail("checked again"))
    assert run("--cache-dir", folder, "--jobs", "1", "--format", output_format, str(many)) == serial


def test_a_small_run_stays_in_one_process(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "check_files", lambda *a: pytest.fail("a small run forked workers"))
    code, _ = run("--no-cache", "--jobs", "2", str(REPO / "examples" / "tavus"))
    assert code == 1


def test_jobs_defaults_to_the_cores_and_takes_a_number() -> None:
    assert parallel.jobs_for(3) == 3
    assert parallel.jobs_for(None) >= 1
    code, output = run("--jobs", "0", str(REPO / "examples"))
    assert code == 2 and "--jobs" in output


def test_a_result_crosses_between_the_processes_whole() -> None:
    """A worker sends a result as the cache's positional lists (cheaper to pickle than the records):
    every field comes back, findings with fixes and masked secrets included."""
    from personalint.cache import decode
    from personalint.config import resolve
    from personalint.engine.registry import registry

    settings = resolve([], registry())
    paths = [p for p in (REPO / "examples").rglob("*") if p.is_file()]
    paths += [p for p in (REPO / "tests" / "fixtures" / "wild").glob("*") if p.is_file()]
    results = [pipeline.check_file(str(path), settings, walked=True) for path in paths]
    assert any(r.findings for r in results) and any(r.skipped for r in results)
    assert any(f.fix is not None for r in results for f in r.findings)
    assert any(r.masked for r in results)
    for result in results:
        reply = parallel._reply(result)
        back = parallel.FileResult(reply[0], skipped=reply[1]) if isinstance(reply, tuple) else decode(reply)
        assert back == result
        assert [f.fix.change if f.fix else None for f in back.findings] == [
            f.fix.change if f.fix else None for f in result.findings
        ]


@pytest.mark.slow
@pytest.mark.parametrize("pools", [(1, 1), (1, 10**6), (10**6, 1)])
def test_each_stage_in_a_pool_or_here_gives_the_serial_output(
    many: Path, pools: tuple[int, int], tmp_path: Path, monkeypatch
) -> None:
    """The two stages (parallel.py): the screen of the code files, in a pool or here, then the files to
    parse, in a pool forked from this process or here; this process checks files and loads readers
    while the screen's pool works. Whichever way, the report is a serial run's, and with a cache the
    entries of every process reach it."""
    if not parallel.available():
        pytest.skip("no fork start method here: runs are serial")
    plain = many / "plain"  # code files without a vendor word: the screen settles them unparsed
    plain.mkdir(exist_ok=True)
    for index in range(40):
        (plain / f"module{index}.ts").write_text(f"export const value{index} = {index};\n")
    serial = run("--no-cache", "--jobs", "1", "--format", "json", "--show-skipped", str(many))
    monkeypatch.setattr(parallel, "SCREEN_POOL_FROM", pools[0])
    monkeypatch.setattr(parallel, "CHECK_POOL_FROM", pools[1])
    prepared: list[str] = []
    real = parallel.prepare
    monkeypatch.setattr(parallel, "prepare", lambda format, settings: prepared.append(format) or real(format, settings))
    two = run("--no-cache", "--jobs", "2", "--format", "json", "--show-skipped", str(many))
    assert two == serial
    assert len(prepared) == len(set(prepared))  # each format's reader loaded once
    if pools[1] == 1:  # before forking the second pool, every reader its files need
        assert {"json", "yaml", "typescript", "python"} <= set(prepared)
    folder = str(tmp_path / "cache")
    assert run("--cache-dir", folder, "--jobs", "2", "--format", "json", "--show-skipped", str(many)) == serial
    monkeypatch.setattr("personalint.pipeline._checked", lambda *a, **k: pytest.fail("checked again"))
    assert run("--cache-dir", folder, "--jobs", "1", "--format", "json", "--show-skipped", str(many)) == serial
