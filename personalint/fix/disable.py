"""`personalint check --add-disable`: a suppression comment on each line with a finding.

For adopting personalint on a large repository, as ruff's `--add-noqa`: every finding gets a
`personalint: disable=RULE` comment in its file's comment syntax (suppress.py reads them), at
the end of the finding's line, or on a line of its own just above it where the line ends inside
a string (a YAML block scalar, a template literal). A line that has a directive already gets
the rule added to it. JSON has no comments, and a Markdown or HTML file's code blocks are
read with their comments blanked: those files get none (`per-file-ignores` serves there).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from personalint.finding import Edit, Span
from personalint.source.text import LineIndex

MARKERS = {"yaml": "#", "python": "#", "shell": "#", "typescript": "//", "javascript": "//"}
_DIRECTIVE = re.compile(r"(?:#|//)\s*personalint\s*:\s*disable\s*=\s*[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*")


def disable_edit(
    text: str,
    format: str,
    line: int,
    rules: Iterable[str],
    strings: list[tuple[tuple[int, int], tuple[int, int]]] | None = None,
) -> Edit | None:
    """The edit adding `rules` to the suppression of `line` (1-based), or None where no comment can go.

    `strings`: the 0-based ((line, column), (line, column)) ranges of the file's string values
    (suppress._scalar_ranges); a line ending inside one gets its comment on the line above.
    """
    marker = MARKERS.get(format)
    lines = LineIndex(text)
    if marker is None or not 1 <= line <= lines.line_count():
        return None
    codes = ",".join(dict.fromkeys(rules))
    current = lines.line_text(line)
    start = lines.starts[line - 1]
    existing = _DIRECTIVE.search(current)
    if existing is not None:
        at = start + existing.end()
        return _edit(lines, at, at, "," + codes)
    inside = any(begin <= (line - 1, len(current)) < end for begin, end in strings or ())
    if not inside:
        at = start + len(current.rstrip())
        return _edit(lines, at, start + len(current), f"  {marker} personalint: disable={codes}")
    indent = current[: len(current) - len(current.lstrip())]
    newline = "\r\n" if "\r\n" in text else "\n"
    return _edit(lines, start, start, f"{indent}{marker} personalint: disable={codes}{newline}")


def _edit(lines: LineIndex, start: int, end: int, content: str) -> Edit:
    (line, column), (end_line, end_column) = lines.position(start), lines.position(end)
    return Edit(start, end, content, Span(line, column, end_line, end_column))
