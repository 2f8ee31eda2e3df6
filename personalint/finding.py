"""The one Finding type every stage produces and every reporter consumes.

The records are NamedTuples, immutable: a frozen dataclass costs about five times as much to
define, at every start-up (bench/README.md, "Start-up"). Change one with `record._replace(...)`.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, NamedTuple


class Level(IntEnum):
    """Finding levels, ordered so that `level >= fail_on` decides the exit code."""

    NOTE = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> "Level":
        return cls[text.upper()]

    def __str__(self) -> str:
        return self.name.lower()


class Span(NamedTuple):
    """1-based lines and columns; `end_column` is one past the last character."""

    line: int
    column: int
    end_line: int
    end_column: int


class Related(NamedTuple):
    """Another location of a grouped finding (personalint/group.py): one fix mends them all.

    `message` is what this location alone would have said; `note` is what is particular to it
    (the replacement it names), empty when its message is the group's own.
    """

    pointer: str
    span: Span
    message: str
    note: str = ""


class Edit(NamedTuple):
    """Replace the characters [start, end) of the file's decoded text with `content`.

    `start`/`end` are character offsets (Python str indices) into the text the finding was
    made from; `span` is the same range as 1-based lines and columns (end exclusive), for
    reporters. An insertion has start == end.
    """

    start: int
    end: int
    content: str
    span: Span


class Fix(NamedTuple):
    """How to mend a finding: text edits applied together (personalint/fix/).

    `applicability` is "safe" (meaning is kept: applied by --fix) or "unsafe" (meaning may
    change: only with --unsafe-fixes), as the rule's pack declares it.
    """

    applicability: str
    message: str
    edits: tuple[Edit, ...]
    change: Any = None  # (edit, operands): what it does to the data; not part of equality

    @property
    def safe(self) -> bool:
        return self.applicability == "safe"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Fix) and self[:3] == other[:3]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self[:3])


class Finding(NamedTuple):
    rule: str
    level: Level
    message: str
    path: str
    document: int | None
    pointer: str
    span: Span
    related: tuple[Related, ...] = ()  # the group's other locations, in order (group.py); never hidden
    fix: Fix | None = None  # the edits that mend it, when its rule has a fix (personalint/fix/)

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.rule, self.message)


class Problem(NamedTuple):
    """What a check reports before its position is known.

    `pointer` is the RFC 6901 pointer of the offending value inside its document.
    `at` says which part of the node to underline: the value, the key that holds it,
    or (for something missing) the mapping that should contain it.
    `span` is set when the position is already known (parse errors, for instance).
    """

    rule: str
    message: str
    pointer: str = ""
    at: str = "value"
    span: Span | None = None
    keyword: str | None = None  # the JSON Schema keyword behind a schema problem
    # how to mend it: the operands of its rule's `fix:` edit (fix/intent.py), or text edits already made
    fix: dict | tuple | None = None
    assumed: bool = False  # judged on an env lookup's literal fallback: a note at most (engine/fallbacks.py)
