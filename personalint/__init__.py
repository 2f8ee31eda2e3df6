"""personalint: lint Anam and Tavus persona configs at the exact line and column.

The pipeline, one stage per module or folder (README, "Layout"; CONTRIBUTING.md):

    files.py     which files, read within the size limit
    source/      bytes -> documents with values and exact positions (one module per format)
    kinds/       which request body each document is
    schema/      JSON Schema errors, each as the rule of its keyword
    engine/      the rule packs (rules/*.yaml) and the Python behind them; which finding wins
    finding.py   the one Finding type
    suppress.py  `# personalint: disable=...` comments; config/ resolved before anything runs
    report/      text, concise, json, sarif, github
    pipeline.py  the stages wired together; cli/ the commands and the exit code

For code that builds a persona body at run time: `personalint.check_config(obj, kind=None)`
returns the findings of a body held in memory, before it is sent (personalint/api.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from personalint.version import __version__

# The run-time API (personalint/api.py), imported on first use: `personalint check` never loads it.
_LAZY = {
    "check_config": "personalint.api",
    "render_config": "personalint.api",
    "Finding": "personalint.finding",
    "Level": "personalint.finding",
    "Span": "personalint.finding",
    "KINDS": "personalint.kinds",
}
__all__ = ["KINDS", "Finding", "Level", "Span", "__version__", "check_config", "render_config"]

if TYPE_CHECKING:
    from personalint.api import check_config, render_config
    from personalint.finding import Finding, Level, Span
    from personalint.kinds import KINDS


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'personalint' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
