"""Which files a run checks: named files as given, folders walked for JSON and YAML."""

from __future__ import annotations

import os
from typing import Iterator

EXTENSIONS = (".json", ".yaml", ".yml")
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", ".tox", ".nox", "__pycache__",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", ".idea", ".vscode",
})


def _is_virtualenv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def _git_ignored(folder: str, candidates: list[str]) -> set[str]:
    """The candidates git ignores, when `folder` is inside a git checkout (none otherwise)."""
    if not candidates:
        return set()
    import subprocess

    try:
        result = subprocess.run(
            ["git", "-C", folder, "check-ignore", "-z", "--stdin"],
            input="\0".join(os.path.relpath(c, folder) for c in candidates).encode(),
            capture_output=True, timeout=30, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if result.returncode not in (0, 1):  # 128: not a git checkout
        return set()
    return {os.path.normpath(os.path.join(folder, p)) for p in result.stdout.decode().split("\0") if p}


def _inside_git(folder: str) -> bool:
    path = os.path.realpath(folder)
    while True:
        if os.path.exists(os.path.join(path, ".git")):
            return True
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent


def walk(folder: str) -> Iterator[str]:
    """JSON and YAML files below `folder`, sorted, without vendored, virtualenv or git-ignored ones."""
    found: list[str] = []
    for here, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not _is_virtualenv(os.path.join(here, d)))
        found.extend(os.path.join(here, f) for f in sorted(files) if f.lower().endswith(EXTENSIONS))
    if found and _inside_git(folder):
        ignored = _git_ignored(folder, found)
        found = [f for f in found if os.path.normpath(f) not in ignored]
    yield from found


def expand(paths: list[str]) -> Iterator[str]:
    """Files to check, in order: each named file (or `-`), then each folder's files."""
    seen: set[str] = set()
    for path in paths:
        candidates = walk(path) if path != "-" and os.path.isdir(path) else [path]
        for candidate in candidates:
            if candidate not in seen:
                seen.add(candidate)
                yield candidate
