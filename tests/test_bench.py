"""The benchmark's generated sets are valid configs: bench/run.py times personalint only on runs
with no finding, so a new rule that the generator's output trips must fail here, not in a bench run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

from personalint.config import Settings
from personalint.pipeline import check_paths


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_generated_config_sets_have_no_finding(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / fmt
    command = [sys.executable, str(REPO / "bench" / "generate.py"), "--format", fmt, "--per-kind", "60", "--verify"]
    subprocess.run([*command, str(out)], check=True, capture_output=True)
    report = check_paths([str(out)], Settings.default())
    assert len(report.files) == 300 and report.errors == []
    assert [(Path(f.path).name, f.rule, f.message) for f in report.findings] == []
