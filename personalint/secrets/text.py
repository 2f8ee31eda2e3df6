"""Key-shaped secrets inside one string (a prompt, a URL, a header value), and what a credential is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from personalint import placeholders
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
# pass over it for this pattern spares the many passes of the exact ones. It finds exactly what
# `sk-|sk_|rk_|gsk_|AIza|AKIA|ASIA|gh[pousr]_|github_pat_|xox|hf_|eyJ|-----BEGIN|Bearer|Basic|Token|://`
# finds (checked on every bench string and on 1.5 million random strings of their letters), but each
# branch starts at an uncommon character (k _ A x J B :) and a look-behind checks what comes before
# it: re skips ahead in C to a possible first character, and with `s`, `e`, `r`, `h` and `g` among
# those (the plain alternation) it stopped at every other letter of a prompt (3x the time).
ANY_SECRET_START = re.compile(
    r"k(?:(?<=sk)[-_]|(?<=rk)_|(?<=Tok)en)"  # sk- sk_ (gsk_) rk_ Token
    r"|_(?:(?<=gh[pousr]_)|(?<=hf_)|(?<=github_)pat_)"  # gh?_ hf_ github_pat_
    r"|A(?:Iza|[KS]IA)|xox|J(?<=eyJ)|B(?:earer|asic|EGIN(?<=-----BEGIN))|://"
)


def in_text(text: str) -> list[Found]:
    """Key-shaped secrets inside any string (a prompt, a URL, a header value)."""
    if not ANY_SECRET_START.search(text):
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
