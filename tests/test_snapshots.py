"""Every output format, byte for byte, on the shipped examples and the wild corpus.

The outputs are snapshots kept in tests/snapshots/: a change of behaviour shows up as a diff
there, to be read and committed on purpose. To accept new outputs after an intended change:

    PERSONALINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py

The wild corpus lives in ../shared (beside the repository); its runs skip when it is absent.
Outputs are compared independent of where the checkout is: SARIF's absolute URIs of the
checkout and of ../shared are written as `file:///<repo>/` and `file:///<shared>/`, and the
line hashes of files outside the checkout (which hash their absolute URI) as `<hash>`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from personalint.report import FORMATS

REPO = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
SHARED = REPO.parent / "shared"
UPDATE = bool(os.environ.get("PERSONALINT_UPDATE_SNAPSHOTS"))

# name -> the command's arguments, run from the repository's root
RUNS = {
    "examples": ["examples"],
    "inventory": ["--inventory", "examples/inventory/org", "examples/inventory/personas"],
    "wild": ["../shared/corpus/wild"],
    # the wild corpus rebuilt as its authors wrote it: persona objects in code, checked in place
    "wild-code": ["--extend-exclude", "expected", "tests/fixtures/wild"],
}


def _run(name: str, arguments: list[str], out: Path) -> tuple[int, dict[str, str]]:
    """One run writing every format: text on stdout, the others through --output FORMAT=FILE."""
    files = {f: out / f"{name}.{f}" for f in FORMATS if f != "text"}
    command = [
        sys.executable,
        "-m",
        "personalint",
        "check",
        *arguments,
        *(f"--output={f}={path}" for f, path in files.items()),
    ]
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "PERSONALINT_UPDATE_SNAPSHOTS")}
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env={**env, "NO_COLOR": "1"})
    assert done.stderr == "", done.stderr
    outputs = {"text": done.stdout, **{f: path.read_text(encoding="utf-8") for f, path in files.items()}}
    outputs["sarif"] = _placeless(outputs["sarif"])
    return done.returncode, outputs


def _placeless(sarif: str) -> str:
    """The SARIF log with the places of the checkout and of ../shared taken out."""
    for folder, name in ((REPO, "<repo>"), (SHARED, "<shared>")):
        sarif = sarif.replace(folder.as_uri(), f"file:///{name}")
    # a file outside the checkout is named by its absolute URI, which its line hash includes
    return re.sub(
        r'("uri": "file:///<shared>/[^"]*"(?:(?!"uri").)*?"primaryLocationLineHash": ")[0-9a-f]{16}',
        r"\1<hash>",
        sarif,
        flags=re.S,
    )


@pytest.mark.parametrize("name", RUNS)
def test_outputs_are_unchanged(name: str, tmp_path: Path) -> None:
    if name == "wild" and not (REPO.parent / "shared" / "corpus" / "wild").is_dir():
        pytest.skip("../shared/corpus/wild is not beside the repository")
    code, outputs = _run(name, RUNS[name], tmp_path)
    outputs["exit"] = f"{code}\n"
    changed = []
    for suffix, text in outputs.items():
        snapshot = SNAPSHOTS / f"{name}.{suffix}"
        if UPDATE:
            snapshot.write_text(text, encoding="utf-8", newline="")
        elif not snapshot.is_file() or snapshot.read_text(encoding="utf-8") != text:
            changed.append(snapshot.name)
    assert not changed, f"outputs differ from tests/snapshots/{{{','.join(changed)}}}: diff them, then update"
