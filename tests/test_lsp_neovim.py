"""A real editor: headless Neovim's own LSP client applies a personalint quick fix to a file.

Neovim opens a copy of examples/tavus/mistakes.yaml with `personalint server` attached, waits for
the PF005 diagnostic (an unquoted `off`), applies the "Quote the value" code action through its
LSP client, and writes the buffer; the file on disk must then hold `'off'` and no PF005.
Debian's `neovim` package provides `nvim` (.ci/run installs it where it is missing).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from personalint.config import Settings
from personalint.pipeline import check_bytes

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


@pytest.mark.slow
def test_neovim_applies_a_quick_fix_and_writes_the_file(tmp_path: Path) -> None:
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.skip("nvim is not installed (Debian's `neovim` package; .ci/run installs it)")
    target = tmp_path / "mistakes.yaml"
    shutil.copyfile(REPO / "examples" / "tavus" / "mistakes.yaml", target)
    before = target.read_text(encoding="utf-8")
    assert "idle_engagement: off\n" in before
    env = {
        **os.environ,
        "PERSONALINT_FILE": str(target),
        "PERSONALINT_CMD": json.dumps([sys.executable, "-m", "personalint", "server"]),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    script = HERE / "lsp" / "neovim.lua"
    done = subprocess.run(
        [nvim, "--headless", "--clean", "-n", "-c", f"luafile {script}"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    after = target.read_text(encoding="utf-8")
    assert after == before.replace("idle_engagement: off\n", "idle_engagement: 'off'\n")
    rules = [f.rule for f in check_bytes(str(target), after.encode(), Settings.default()).findings]
    assert "PF005" not in rules and "PS002" in rules  # only the one finding was fixed
