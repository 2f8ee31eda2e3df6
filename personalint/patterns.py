"""Regular expressions compiled when first used.

A pattern at module level is compiled at every start-up, whether or not the run needs it: the
secret formats, an Anam id's shapes, the JSON position scanner's tokens are needed only by some
files or only once there is a finding. Compiling them took several milliseconds of every run
(bench/README.md, "Start-up").
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast


class _Lazy:
    """A regular expression compiled when it is first used (the 28 secret formats of secrets/ and
    placeholders.py alone took about 4 ms of every start when compiled at import). The first use
    puts the compiled pattern's methods on the object: from then on a call costs what it costs on a
    compiled pattern."""

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:  # only for what the object does not have yet
        compiled = re.compile(self.pattern, self._flags)
        for attribute in (
            "search",
            "match",
            "fullmatch",
            "finditer",
            "findall",
            "sub",
            "subn",
            "split",
            "flags",
            "groups",
        ):
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, done when the pattern is first used (see _Lazy)."""
    return cast(re.Pattern[str], _Lazy(pattern, flags))


def lazy_bytes(pattern: bytes, flags: int = 0) -> re.Pattern[bytes]:
    """`lazy` for a pattern over bytes."""
    return cast(re.Pattern[bytes], _Lazy(pattern, flags))


_SURROGATE = lazy("[\ud800-\udfff]")  # compiled on first use: 2 M instructions, for a rare string


def find_all(automaton: Any, text: str, overlapping: bool = False) -> list[tuple[int, int, int]]:
    """(pattern index, start, end) of each match of an ahocorasick_rs automaton in `text`, in characters.
    A lone surrogate (a JSON "\\ud800"), which the crate cannot encode, is searched as one NUL: the
    callers' patterns hold neither, so the matches and their offsets are the same."""
    try:
        return automaton.find_matches_as_indexes(text, overlapping=overlapping)
    except UnicodeEncodeError:
        return automaton.find_matches_as_indexes(_SURROGATE.sub("\0", text), overlapping=overlapping)


_DEFERRING = threading.RLock()  # (re-entrant: an import inside may defer patterns of its own)


@contextmanager
def deferred(*patterns: str) -> Iterator[None]:
    """While a library is imported, its module-level `re.compile` of each of `patterns` (the exact
    text) is `lazy`: compiled when first used, if ever. Any other pattern compiles as ever, and a
    library that spells its patterns otherwise only loses the saving.

    PyYAML's pure-Python reader compiles NON_PRINTABLE, a class of every printable code point, at
    import: 3.6 ms, a third of `import yaml`, on every run that reads a YAML file, while the C
    parser never asks it (source/yaml.py).
    """
    original = re.compile

    def compile(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and pattern in patterns:
            return lazy(pattern, flags)
        return original(pattern, flags)

    with _DEFERRING:  # one import at a time puts its wrapper in place and takes it away
        setattr(re, "compile", compile)  # noqa: B010 - a module attribute, not mypy's to check
        try:
            yield
        finally:
            setattr(re, "compile", original)  # noqa: B010
