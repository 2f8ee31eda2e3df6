"""The summary line of a text report: `Found ...` or `All good ...` (the fixable count follows it, as in ruff)."""

from __future__ import annotations


def summary(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith(("Found ", "All good"))]
    assert lines, f"no summary line in:\n{output}"
    return lines[-1]
