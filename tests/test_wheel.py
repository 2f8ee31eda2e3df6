"""The built wheel works on its own: it carries the schemas and rule packs, installs into a
fresh virtual environment, and checks examples/ from outside the source tree exactly as the
source checkout does.

This catches what tests of an editable install cannot: data files left out of the wheel
(the schemas and rules live at the top of the repository and are force-included as
personalint/schemas and personalint/rules), and code that only works because the current
directory happens to be the checkout.

It builds with `python -m build` (isolated, as a release would be; again without isolation,
from the installed hatchling, when no index can provide the build backend), and installs
the wheel with pip, which fetches the dependencies from the configured package index.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import NETWORK_TROUBLE, REPO

# building and installing take seconds, and the isolated build and the install fetch from the package index
pytestmark = [pytest.mark.slow, pytest.mark.network]

EXAMPLES = REPO / "examples"
CLEAN_EXAMPLE = EXAMPLES / "tavus" / "life-coach.json"


def _env() -> dict[str, str]:
    """The environment without anything that would leak this interpreter's packages or colours."""
    drop = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "NO_COLOR", "FORCE_COLOR", "PYTHONSTARTUP"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def _run(args: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=_env())


def _bin(venv: Path, name: str) -> Path:
    folder = venv / ("Scripts" if os.name == "nt" else "bin")
    return folder / (name + (".exe" if os.name == "nt" else ""))


def _comparable(report: dict) -> list[dict]:
    """Findings without the path as displayed: the path relative to examples/ instead."""
    result = []
    for finding in report["findings"]:
        shown = Path(finding["path"])
        absolute = shown if shown.is_absolute() else REPO / shown
        result.append({**finding, "path": absolute.resolve().relative_to(EXAMPLES.resolve()).as_posix()})
    return sorted(result, key=lambda f: (f["path"], f["line"], f["column"], f["rule"], f["message"]))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("build") is None:
        pytest.skip("the `build` package is not installed (pip install build)")
    outdir = tmp_path_factory.mktemp("dist")
    args = [sys.executable, "-m", "build", "--wheel", "--outdir", str(outdir)]
    proc = _run(args, cwd=REPO)
    if proc.returncode != 0 and importlib.util.find_spec("hatchling") is not None:
        # An isolated build fetches hatchling from the index; without one, use the installed copy.
        first = proc
        proc = _run(args + ["--no-isolation"], cwd=REPO)
        proc.stderr = f"{proc.stderr}\n(isolated build first failed:\n{first.stdout}\n{first.stderr})"
    assert proc.returncode == 0, f"building the wheel failed:\n{proc.stdout}\n{proc.stderr}"
    wheels = list(outdir.glob("personalint-*.whl"))
    assert len(wheels) == 1, f"expected one wheel in {outdir}, found {wheels}"
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment, outside the source tree, with the wheel installed."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    assert REPO not in venv.resolve().parents
    try:
        import venv as _venv_module  # noqa: F401
    except ImportError:  # pragma: no cover - some distributions split venv out
        pytest.skip("the venv module is not available")
    proc = _run([sys.executable, "-m", "venv", str(venv)], cwd=venv.parent, timeout=120)
    python = _bin(venv, "python")
    if proc.returncode != 0 or not python.exists():
        pytest.skip(f"cannot create a virtual environment (is ensurepip installed?): {proc.stderr.strip()}")
    proc = _run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], cwd=venv.parent)
    if proc.returncode != 0:
        output = proc.stdout + proc.stderr
        if any(marker in output for marker in NETWORK_TROUBLE):
            pytest.skip(f"cannot install the wheel's dependencies from the package index:\n{output[-2000:]}")
        pytest.fail(f"pip install of the wheel failed:\n{output}")
    return venv


def test_wheel_contains_schemas_and_rules(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    schemas = sorted(p.name for p in (REPO / "schemas").glob("*.schema.json"))
    rules = sorted(p.name for p in (REPO / "rules").glob("*.yaml"))
    assert schemas and rules
    for name in schemas:
        assert f"personalint/schemas/{name}" in names, f"{name} is missing from the wheel"
    for name in rules:
        assert f"personalint/rules/{name}" in names, f"{name} is missing from the wheel"
    # the rule packs are validated against this at load time
    assert "personalint/rules/pack.schema.json" in names
    # every file of the package (whatever its layout), the entry point's module among them
    package = [
        f.relative_to(REPO).as_posix()
        for f in (REPO / "personalint").rglob("*")
        if f.is_file() and "__pycache__" not in f.parts
    ]
    assert {"personalint/cli.py", "personalint/cli/__init__.py"} & set(package)  # personalint.cli:main
    assert [name for name in package if name not in names] == []
    assert not any(n.startswith(("tests/", "examples/", "bench/")) for n in names)


def test_installed_wheel_checks_examples(installed: Path, tmp_path: Path) -> None:
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    python = _bin(installed, "python")

    # The installed copy, not the checkout, is what runs, with its packaged data.
    proc = _run(
        [
            str(python),
            "-c",
            "import personalint, personalint.resources as r; "
            "print(personalint.__file__); print(r.data_dir('schemas')); print(r.data_dir('rules'))",
        ],
        cwd=workdir,
    )
    assert proc.returncode == 0, proc.stderr
    for line in proc.stdout.split("\n")[:3]:
        location = Path(line).resolve()
        assert installed.resolve() in location.parents, f"{location} is not inside the fresh environment"

    command = str(_bin(installed, "personalint"))
    proc = _run([command, "check", "--format", "json", str(EXAMPLES)], cwd=workdir, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1, proc.stdout + proc.stderr  # some examples have errors
    from_wheel = json.loads(proc.stdout)

    proc = _run([sys.executable, "-m", "personalint", "check", "--format", "json", "examples"], cwd=REPO, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    in_tree = json.loads(proc.stdout)

    assert from_wheel["findings"], "the installed personalint found nothing in examples/"
    assert _comparable(from_wheel) == _comparable(in_tree)
    assert [len(f["documents"]) for f in from_wheel["files"]] == [len(f["documents"]) for f in in_tree["files"]]
    assert [[d["kind"] for d in f["documents"]] for f in from_wheel["files"]] == [
        [d["kind"] for d in f["documents"]] for f in in_tree["files"]
    ]
    assert from_wheel["summary"] == in_tree["summary"]

    # The default text format too, on a clean file: exit 0.
    proc = _run([command, "check", str(CLEAN_EXAMPLE)], cwd=workdir, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "All good" in proc.stdout


def test_installed_wheel_reads_each_rules_docs_apart_from_its_packs(installed: Path, tmp_path: Path) -> None:
    """A wheel's rules/packs.json leaves out what only the docs read (personalint.resources.DOCS_FIELDS),
    which rules/docs.json holds: every rule reads back the explanation, sources and examples of
    the checkout's YAML packs, and so `explain` and SARIF's rule descriptions are as in the tree."""
    from personalint.engine.registry import registry
    from personalint.resources import DOCS_FIELDS

    probe = (
        "import json; from personalint.engine.registry import registry, load_packs; "
        f"fields = {DOCS_FIELDS!r}; "
        "print(json.dumps({'docs': {r.id: {f: getattr(r, f) for f in fields} for r in registry().rules}, "
        "'inline': sorted({f for p in load_packs() for r in p['rules'] for f in fields if f in r})}))"
    )
    proc = _run([str(_bin(installed, "python")), "-c", probe], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    shipped = json.loads(proc.stdout)
    assert shipped["inline"] == []  # a run parses packs without them
    in_tree = {r.id: {f: getattr(r, f) for f in DOCS_FIELDS} for r in registry().rules}
    assert shipped["docs"] == json.loads(json.dumps(in_tree))
