"""Mojibake: UTF-8 text that was decoded as Windows-1252 (or Latin-1) on its way, `â€”` for `—`.

`mojibake(text)` finds the first mangled run and what it should read; `runs(text)` finds the
candidate runs (each still to be confirmed by `mojibake`). Rule TV007 (rules/tavus.yaml) reports them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from personalint.patterns import lazy, lazy_bytes

# Characters that UTF-8 bytes turn into when they are decoded as Windows-1252 (or Latin-1).
_CP1252_SPECIALS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_CHARACTER = "[\u0080-\u00ff" + _CP1252_SPECIALS + "]"
# two or more of them: written `CC+` rather than `C{2,}`, as re skips ahead in C only to where a
# pattern's first character can start (a repeat it tries at every position: 2x the time)
_RUN = lazy(_CHARACTER + _CHARACTER + "+")
_START = lazy("[\u00c2-\u00f4]")  # the lead byte of a 2- to 4-byte UTF-8 sequence
_WINDOW = 12  # up to three mangled characters at once


def _continuations() -> frozenset[str]:
    """Characters that the bytes 0x80-0xBF (UTF-8 continuation bytes) become in cp1252 or Latin-1."""
    found = set()
    for byte in range(0x80, 0xC0):
        for codec in ("cp1252", "latin-1"):
            try:
                found.add(bytes([byte]).decode(codec))
            except UnicodeDecodeError:
                pass
    return frozenset(found)


_CONTINUATION = _continuations()
# What a lead read as U+00C2-U+00F4 (_START) followed by one of _CONTINUATION, the start of every
# mangled run, is in UTF-8: C3 82-B4, then the first byte of such a character (C2, C5, C6, CB or E2)
_LEAD_IN_UTF8 = lazy_bytes(
    b"\xc3[\x82-\xb4]["
    + b"".join(re.escape(bytes([first])) for first in sorted({c.encode()[0] for c in _CONTINUATION}))
    + b"]"
)


def _unmangle(run: str) -> str | None:
    """The text `run` was before UTF-8 was read as Windows-1252, or None if it is not such a run."""
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = run.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != run and len(fixed) < len(run):
            return fixed
    return None


def runs(text: str) -> Iterator[str]:
    """The runs of `text` that may be mojibake: two or more characters UTF-8 bytes turn into."""
    return (match.group(0) for match in _RUN.finditer(text))


def mojibake(text: str) -> tuple[str, str] | None:
    """The first mangled run in `text` and what it should read, if any."""
    if text.isascii():
        return None  # mojibake is made of non-ASCII characters: most text is done in one C pass
    if _LEAD_IN_UTF8.search(text.encode("utf-8", "surrogatepass")) is None:
        # A mangled run starts with a lead byte read as U+00C2-U+00F4 (see _START) and a continuation
        # byte read as one of _CONTINUATION, and in UTF-8 the pair is _LEAD_IN_UTF8: text without it
        # (`é`, `€`, `—`, `’`, but no `Ã©`) has no mojibake. Encoding it and a byte search take a
        # sixth of the time of the search for runs, which a text of accented letters would need.
        return None
    return first_mangled(text)


def first_mangled(text: str) -> tuple[str, str] | None:
    """`mojibake` without its tests of what a mangled run needs: every run searched."""
    for run in runs(text):
        for start in (m.start() for m in _START.finditer(run)):
            if start + 1 >= len(run) or run[start + 1] not in _CONTINUATION:
                continue  # a UTF-8 lead byte is always followed by a continuation byte (0x80-0xBF)
            # one character mangles into at most 4: a short window keeps long runs linear
            for end in range(min(len(run), start + _WINDOW), start + 1, -1):
                fixed = _unmangle(run[start:end])
                if fixed is not None:
                    return run[start:end], fixed
    return None
