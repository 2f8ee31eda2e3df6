"""Path patterns of the configuration (`exclude`, `per-file-ignores`, `kinds`): `Glob`."""

from __future__ import annotations

import os
import re


class Glob:
    """A path pattern: `*`, `?`, `[...]` within a path segment, `**` across segments.

    Without a `/` it matches any file or folder of that name (`legacy`, `*.patch.json`);
    with one it is anchored at `base`, the folder of the configuration that says it (or the
    working directory, on the command line). A folder that matches excludes what is inside.
    """

    __slots__ = ("pattern", "base", "regex", "anchored", "folders_only")

    def __init__(self, pattern: str, base: str, regex: re.Pattern, anchored: bool, folders_only: bool) -> None:
        self.pattern, self.base, self.regex = pattern, base, regex
        self.anchored, self.folders_only = anchored, folders_only

    def __repr__(self) -> str:
        return f"Glob({self.pattern!r}, base={self.base!r})"

    @classmethod
    def compile(cls, pattern: str, base: str) -> "Glob":
        text = pattern.strip().replace(os.sep, "/")
        while text.startswith("./"):
            text = text[2:]
        folders_only = text.endswith("/") and len(text) > 1
        text = text.rstrip("/") or text
        anchored = "/" in text
        return cls(pattern, os.path.abspath(base), re.compile(_translate(text.lstrip("/"))), anchored, folders_only)

    def matches(self, path: str) -> bool:
        absolute = os.path.abspath(path)
        relative = os.path.relpath(absolute, self.base).replace(os.sep, "/")
        inside = not (relative == ".." or relative.startswith("../"))
        parts = relative.split("/") if inside else [os.path.basename(absolute)]
        if self.anchored:
            if not inside:
                return False
            candidates = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
        else:
            candidates = parts
        if self.folders_only:
            candidates = candidates[:-1]
        return any(self.regex.match(candidate) for candidate in candidates)


def _translate(pattern: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            body = "^" + body[1:] if body.startswith("!") else body
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out) + r"\Z"
