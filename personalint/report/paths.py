"""Paths as SARIF and GitHub show them: relative to the top of the git checkout."""

from __future__ import annotations

import os

from personalint.files import git_root


def source_root(start: str | None = None) -> str:
    """The top of the git checkout around `start` (default: the working directory), else `start`."""
    here = os.path.abspath(start or os.getcwd())
    return git_root(here) or here


def relative_to_root(path: str, root: str) -> str | None:
    """`path` (as reported) relative to `root` with forward slashes, or None when it lies outside."""
    relative = os.path.relpath(os.path.abspath(path), root)
    if relative == ".." or relative.startswith(".." + os.sep) or os.path.isabs(relative):
        return None
    return relative.replace(os.sep, "/")
