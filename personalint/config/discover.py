"""Finding the configuration: the nearest `.personalint.toml`, or pyproject.toml with `[tool.personalint]`.

Discovery only looks at file names and, for a pyproject.toml, whether its text mentions
`tool.personalint`: a run without a configuration never parses TOML.
"""

from __future__ import annotations

import os
import re

DEDICATED = ".personalint.toml"
PYPROJECT = "pyproject.toml"
SECTION = ("tool", "personalint")
_MENTIONS_SECTION = (
    r"""(?m)^[ \t]*(\[[ \t]*tool[ \t]*\.[ \t]*["']?personalint\b|tool[ \t]*\.[ \t]*["']?personalint\b)"""
)


def has_section(pyproject: str) -> bool:
    """Whether a pyproject.toml holds `[tool.personalint]` (a text test: no TOML parser needed)."""
    try:
        with open(pyproject, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return False
    return "personalint" in text and bool(re.search(_MENTIONS_SECTION, text))


def find(start: str | None = None) -> str | None:
    """The nearest `.personalint.toml`, or pyproject.toml with `[tool.personalint]`, from `start` up."""
    folder = os.path.abspath(start or os.getcwd())
    while True:
        dedicated = os.path.join(folder, DEDICATED)
        if os.path.isfile(dedicated):
            return dedicated
        pyproject = os.path.join(folder, PYPROJECT)
        if os.path.isfile(pyproject) and has_section(pyproject):
            return pyproject
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
