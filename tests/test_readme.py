"""The README stays true: its output sample is what the command prints, its commands exist."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from helpers import REPO


def test_readme_output_sample_is_current() -> None:
    readme = (REPO / "README.md").read_text()
    match = re.search(r"`personalint check (\S+)`:\n\n```text\n(.*?)```", readme, re.DOTALL)
    assert match, "README lost its output sample"
    target, sample = match.groups()
    result = subprocess.run(
        [sys.executable, "-m", "personalint", "check", target],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.stdout == sample


def test_readme_names_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text()
    assert "pip install . && .venv/bin/personalint check examples/" in readme
    assert "pip install -e '.[test]' && .venv/bin/python -m pytest" in readme
    ci = (REPO / ".ci" / "run").read_text()
    assert "pip install -q -e '.[test]'" in ci and "python -m pytest" in ci


def test_readme_fix_diff_sample_is_current() -> None:
    """The Fixes section's `--diff` sample is what the command prints (diff on stdout, count on stderr)."""
    readme = (REPO / "README.md").read_text()
    command = "$ personalint check --diff examples/tavus/mistakes.yaml\n"
    sample = readme[readme.index(command) + len(command) :].split("```", 1)[0]
    result = subprocess.run(
        [sys.executable, "-m", "personalint", "check", "--diff", "examples/tavus/mistakes.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 1
    assert result.stdout + result.stderr == sample
