"""Mutable records without `@dataclass`: a class names its fields in `__slots__` and writes its own
`__init__`; equality and repr by those fields come from `Record`.

A dataclass compiles its generated methods (`__init__`, `__repr__`, `__eq__`) every time its module
is imported: about 0.5 ms (2.4 M instructions) per class on Python 3.11, and the nine records on
every run's path cost a single-file run about 6% of its instructions (bench/README.md, "Start-up").
Immutable records are NamedTuples (finding.py).
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

R = TypeVar("R", bound="Record")


class Record:
    __slots__ = ()
    _not_compared: ClassVar[tuple[str, ...]] = ()  # fields equality leaves out (a callable, a cache)

    @classmethod
    def _fields(cls) -> tuple[str, ...]:
        """The fields, in order: the class's `__slots__`."""
        slots: tuple[str, ...] = cls.__slots__  # always a tuple of names here
        return slots

    def _replace(self: R, **changes: Any) -> R:
        """A copy with `changes` (as a NamedTuple's `_replace`, dataclasses.replace)."""
        unknown = changes.keys() - set(self._fields())
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        copy = object.__new__(type(self))
        for name in self._fields():
            setattr(copy, name, changes[name] if name in changes else getattr(self, name))
        return copy

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(
            getattr(self, name) == getattr(other, name) for name in self._fields() if name not in self._not_compared
        )

    __hash__: ClassVar[Any] = None  # mutable: not hashable, as a dataclass that compares

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields())
        return f"{type(self).__name__}({fields})"
