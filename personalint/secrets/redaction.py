"""Redacting output: every literal secret of a document, its keys and its unparsed text, masked."""

from __future__ import annotations

import re
from typing import Any

from personalint import placeholders
from personalint.patterns import lazy
from personalint.secrets.scan import scan
from personalint.secrets.text import in_text


def secret_values(document: Any) -> set[str]:
    """Every literal secret string in a document (a `source.Document` or a plain value).

    For redacting snippets and messages in every output format: replace each occurrence of
    these strings (longest first) before printing. Placeholders are not included.
    """
    value = document.value if hasattr(document, "root_node") else document
    return {secret for found in scan(value) for secret in found.secrets if secret}


Shift = tuple[int, int, int]  # (start, end, length of the mask): one masked stretch of a line


def redact(text: str, values: set[str] | frozenset[str], mask: str = "<redacted>") -> str:
    """`text` with every occurrence of the `values` (longest first) replaced by `mask`.

    For snippets and messages: `redact(line, secret_values(document))`. A value written with
    JSON escapes in the file (`\\/` for `/`) is masked in that form too.
    """
    return redact_spans(text, values, mask)[0]


def redact_spans(text: str, values: set[str] | frozenset[str], mask: str = "<redacted>") -> tuple[str, list[Shift]]:
    """`redact`, and where each mask went: (start, end) of what it replaced in `text`, and the mask's
    length, so that a caret under the line can follow (a column after a mask moves)."""
    forms = {form for value in values if value for form in (value, value.replace("/", "\\/"))}
    if not forms:
        return text, []
    pattern = re.compile("|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True)))
    shifts = [(m.start(), m.end(), len(mask)) for m in pattern.finditer(text)]
    if not shifts:
        return text, []
    return pattern.sub(lambda _m: mask, text), shifts


def moved(column: int, shifts: list[Shift] | tuple[Shift, ...], end: bool = False) -> int:
    """A 0-based column of a line as it is after `redact_spans`: a column inside a masked stretch
    goes to the mask's start (or, for an `end` column, its end)."""
    offset = 0
    for start, stop, length in shifts:  # in order, not overlapping
        if column <= start:
            break
        if column >= stop:
            offset += length - (stop - start)
            continue
        return start + offset + (length if end else 0)
    return column + offset


# a credential's name, then (from just after it) the rest of the name, `:`/`=` and the value; matched
# from each name found, the rest of the name bounded, so that a scan is linear in the line's length
_CREDENTIAL_WORD = lazy(r"api[_\-]?key|apikey|token|secret|password|passwd|authorization|credential", re.I)
_CREDENTIAL_VALUE = lazy(
    r"""[A-Za-z0-9_.\-]{0,64}["']?\s{0,8}[:=]\s{0,8}["']?(?:(?:Bearer|Basic|Token)\s+)?([^"'\s,}\]]{8,})""", re.I
)


def in_keys(value: Any) -> set[str]:
    """Key-shaped secrets used as mapping keys anywhere in a document (a message may name a key)."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str):
                    found.update(f.secret for f in in_text(key))
                stack.append(child)
        elif isinstance(item, list):
            stack.extend(item)
    return found


# what a credential-named field is given in code that is no secret: a name, a member, a call, an expansion
_EXPRESSION = lazy(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\(.*)?|.*[({$`].*")


def in_raw_text(text: str) -> set[str]:
    """Secrets in a line shown as text (a file that did not parse, code around a persona object):
    key-shaped strings, and values given to credential-named fields or variables (`TAVUS_API_KEY=`,
    `"x-api-key": "..."`, `Authorization: Bearer ...`), whatever their shape, unless they are
    placeholders or code (`process.env.TAVUS_API_KEY`, `os.getenv(...)`, `${KEY}`)."""
    found = {f.secret for f in in_text(text)}
    after = 0  # a name inside a value already found is not looked at again: the scan stays linear
    for word in _CREDENTIAL_WORD.finditer(text):
        match = _CREDENTIAL_VALUE.match(text, word.end()) if word.start() >= after else None
        if match is None:
            continue
        after, value = match.end(), match.group(1)
        if _EXPRESSION.fullmatch(value) and not any(c.isdigit() for c in value.split("(")[0]):
            continue
        if not placeholders.is_placeholder(value) and not placeholders.is_key_stand_in(value):
            found.add(value)
    return found
