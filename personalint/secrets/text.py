"""Key-shaped secrets inside one string (a prompt, a URL, a header value), and what a credential is."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache
from itertools import accumulate
from typing import Any, NamedTuple

from personalint import placeholders
from personalint.patterns import find_all
from personalint.secrets.formats import (
    KEY_FORMATS,
    PRIVATE_KEY,
    QUERY_CREDENTIAL,
    SCHEME_CREDENTIAL,
    URL,
)


class Found(NamedTuple):
    label: str  # what it is, never its value: "a Groq API key (gsk_…)"
    secret: str  # the literal secret text (to redact; never to show)


# Every key format, credential scheme and URL holds one of these: most text has none of them, and one
# pass over it for them spares the many passes of the exact patterns (tests/test_fast_paths.py holds
# them to the key formats' prefixes). They are searched for all at once by an Aho-Corasick automaton
# (ahocorasick_rs, which files.hinted uses too): a prompt costs about 1 ns a character where the
# regular expression this was took 11 (bench/README.md, "Figures the code cites").
SECRET_STARTS = (
    *("sk-", "sk_", "rk_", "AIza", "AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    *("xox", "hf_", "eyJ", "-----BEGIN", "Bearer", "Basic", "Token", "://"),
)
_SEPARATOR = "\0"  # between the strings searched at once: in no start, so no match spans two strings


@cache
def _starts() -> Any:
    import ahocorasick_rs

    return ahocorasick_rs.AhoCorasick(list(SECRET_STARTS), matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_FIRST)


def _matches(text: str) -> list[tuple[int, int, int]]:
    return find_all(_starts(), text)


def may_hold_secrets(text: str) -> bool:
    """Whether `text` holds any of SECRET_STARTS: what every secret `in_text` finds starts with."""
    return bool(_matches(text))


def holding_secret_starts(texts: list[str]) -> set[int]:
    """The indexes of the `texts` that may hold secrets (`may_hold_secrets`), all searched in one call."""
    if len(texts) < 2:
        return {0} if texts and may_hold_secrets(texts[0]) else set()
    matches = _matches(_SEPARATOR.join(texts))
    if not matches:
        return set()
    ends = list(accumulate(len(text) + 1 for text in texts))  # where each text's separator sits, and after
    return {bisect_right(ends, start) for _, start, _ in matches}


def in_text(text: str) -> list[Found]:
    """Key-shaped secrets inside any string (a prompt, a URL, a header value)."""
    if not may_hold_secrets(text):
        return []
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def add(label: str, start: int, end: int) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        secret = text[start:end]
        if placeholders.is_key_stand_in(secret):
            return
        taken.append((start, end))
        found.append(Found(label, secret))

    for label, regex in KEY_FORMATS:
        for match in regex.finditer(text):
            add(label, match.start(), match.end())
    for match in PRIVATE_KEY.finditer(text):
        if (match.start(), len(text)) not in taken:
            taken.append((match.start(), len(text)))
            found.append(Found("a private key (-----BEGIN … PRIVATE KEY-----)", text[match.start() :]))
    for match in SCHEME_CREDENTIAL.finditer(text):
        scheme, token = match.group(1), match.group(2)
        if _scheme_credential(scheme, token):
            add("basic-auth credentials" if scheme == "Basic" else "a bearer token", match.start(2), match.end(2))
    for url in URL.finditer(text):
        for label, start, end in url_credentials(url.group(0)):
            add(label, url.start() + start, url.start() + end)
    return found


def _scheme_credential(scheme: str, token: str) -> bool:
    """`Bearer <token>` / `Token <token>` with a token that has letters and digits; `Basic <base64 of
    user:password>`. Prose ("Bearer authentication", "Basic SentencePiece") is not a credential."""
    if placeholders.is_placeholder(token) or placeholders.is_key_stand_in(token):
        return False
    if scheme == "Basic":
        import base64
        import binascii

        try:
            return b":" in base64.b64decode(token, validate=True)
        except (binascii.Error, ValueError):
            return False
    return any(c.isdigit() for c in token) and any(c.isalpha() for c in token)


def url_credentials(url: str) -> Iterator[tuple[str, int, int]]:
    """(label, start, end) of a password in a URL's userinfo, and of credential query parameters."""
    userinfo = re.match(r"[A-Za-z][A-Za-z0-9+.\-]*://[^/?#@\s:]*:([^/?#@\s]+)@", url)
    if userinfo and not placeholders.is_placeholder(userinfo.group(1)):
        yield "a password in a URL (user:password@)", userinfo.start(1), userinfo.end(1)
    for match in QUERY_CREDENTIAL.finditer(url):
        if not placeholders.is_placeholder(match.group(1)):
            yield "a credential in a URL query (?api_key=…)", match.start(1), match.end(1)


def classify(value: str) -> str | None:
    """What a literal secret in a credential field is ("a Groq API key (gsk_…)"), or None for a placeholder."""
    shaped = in_text(value)
    if shaped:
        return shaped[0].label
    if placeholders.is_placeholder(value):
        return None
    if re.match(r"(?i)bearer\s", value.strip()):
        return "a bearer token"
    if re.match(r"(?i)basic\s", value.strip()):
        return "basic-auth credentials"
    return "a literal secret"
