"""The one Finding type every stage produces and every reporter consumes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


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


@dataclass(frozen=True, slots=True)
class Span:
    """1-based lines and columns; `end_column` is one past the last character."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Related:
    """Another location of a grouped finding (personalint/group.py): one fix mends them all.

    `message` is what this location alone would have said; `note` is what is particular to it
    (the replacement it names), empty when its message is the group's own.
    """

    pointer: str
    span: Span
    message: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    level: Level
    message: str
    path: str
    document: int | None
    pointer: str
    span: Span
    related: tuple[Related, ...] = ()  # the group's other locations, in order (group.py); never hidden

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.rule, self.message)


@dataclass(frozen=True, slots=True)
class Problem:
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
    assumed: bool = False  # judged on an env lookup's literal fallback: a note at most (engine/fallbacks.py)
