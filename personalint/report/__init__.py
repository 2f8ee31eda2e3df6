"""Reporters: pure functions of a report (findings plus rule metadata) to text."""

from __future__ import annotations

from typing import Callable

from personalint.checker import Report

FORMATS = ("text", "concise", "json")


def render(format: str, report: Report, color: bool = False) -> str:
    renderer: Callable[..., str]
    if format == "json":
        from personalint.report.json import render as renderer

        return renderer(report)
    from personalint.report.text import render as renderer

    return renderer(report, color=color, concise=format == "concise")
