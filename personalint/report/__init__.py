"""Reporters: pure functions of a report (findings plus rule metadata) to text.

One small module per format: text.py (text, concise), json.py, sarif.py, github.py.
Reporters use only the report's FileResults and Findings (never the files again), so what
the pipeline redacts stays redacted in every format.
"""

from __future__ import annotations

import os

from personalint.result import Report

FORMATS = ("text", "concise", "json", "sarif", "github")
STREAMING = ("text", "concise", "github")  # line-oriented: several can share standard output


def render(
    format: str, report: Report, color: bool = False, root: str | None = None, category: str | None = None
) -> str:
    """`report` as `format`. `root` is the folder SARIF and GitHub paths are relative to
    (default: the git checkout around the working directory); `category` is SARIF's
    automationDetails id."""
    if format == "json":
        from personalint.report.json import render as render_json

        return render_json(report)
    if format == "sarif":
        from personalint.report.sarif import render as render_sarif

        return render_sarif(report, root=root, category=category)
    if format == "github":
        from personalint.report.github import render as render_github

        return render_github(report, root=root)
    from personalint.report.text import render as render_text

    return render_text(report, color=color, concise=format == "concise")


def source_root(start: str | None = None) -> str:
    """The top of the git checkout around `start` (default: the working directory), else `start`."""
    from personalint.files import git_root

    here = os.path.abspath(start or os.getcwd())
    return git_root(here) or here


def relative_to_root(path: str, root: str) -> str | None:
    """`path` (as reported) relative to `root` with forward slashes, or None when it lies outside."""
    relative = os.path.relpath(os.path.abspath(path), root)
    if relative == ".." or relative.startswith(".." + os.sep) or os.path.isabs(relative):
        return None
    return relative.replace(os.sep, "/")
