"""A document scanned for literal secrets: in credential fields and headers, and key-shaped anywhere."""

from __future__ import annotations

import ipaddress
import re
from operator import itemgetter
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from personalint import placeholders
from personalint.secrets import strings
from personalint.secrets.formats import is_credential_field, is_credential_header, normal
from personalint.secrets.text import classify, holding_secret_starts, in_text, url_credentials


class Secret(NamedTuple):
    pointer: str  # where, relative to the scanned value
    where: str  # "field" (a credential field or header) or "text" (a key-shaped string elsewhere)
    label: str  # what it is ("a Groq API key (gsk_…)"), never its value
    secrets: tuple[str, ...]  # the literal secret strings (to redact)


# (document, its secrets, its credential strings): the SE rules and redaction scan the same one.
# One tuple, rebound at once: a reader in another thread (the language server's) sees one scan whole.
_LAST_SCAN: tuple[Any, list, list] = (None, [], [])


def scan(value: Any, base: str = "") -> list[Secret]:
    """Every literal secret in `value`, with its pointer: each object's strings in key order, then
    those of the objects and lists in it; a list's strings last item first (the order of the walk
    this scan had before it read secrets/strings.py's, kept so that output stays as it was).

    A document is scanned once, however many callers ask (an identity cache of one entry).
    """
    global _LAST_SCAN
    last = _LAST_SCAN
    if base == "" and last[0] is value and value is not None:
        return last[1]
    entries = strings.of(value) if base == "" else strings.walk(value, base)
    shaped = holding_secret_starts([entry[1] for entry in entries])  # in_text's first test, for all at once
    hits = [
        ((place, -index), secret)
        for at, (pointer, text, _, credential, _, place, index) in enumerate(entries)
        if credential or at in shaped
        for secret in _string_secrets(pointer, text, credential)
    ]
    found = [secret for _, secret in sorted(hits, key=itemgetter(0))]
    if base == "":
        _LAST_SCAN = (value, found, _in_credential_fields(entries))
    return found


def stand_ins(value: Any) -> list[tuple[str, str]]:
    """(pointer, value) of every credential field or header that holds a stand-in left to be filled in
    by hand (`random-api-key`, `<API_KEY>`, `xxx`: placeholders.is_stand_in), which is sent as it is."""
    return [(pointer, text) for pointer, text in _credentials(value) if placeholders.is_stand_in(text)]


def _credentials(value: Any) -> list[tuple[str, str]]:
    """(pointer, string) of each string of `value` in a credential field or header, in `scan`'s order
    (the last document's, kept: SE001's scan listed them already)."""
    last = _LAST_SCAN
    if last[0] is value and value is not None:
        return last[2]
    return _in_credential_fields(strings.of(value))


def _in_credential_fields(entries: list[strings.Entry]) -> list[tuple[str, str]]:
    found = [
        ((place, -index), pointer, text) for pointer, text, _, credential, _, place, index in entries if credential
    ]
    return [(pointer, text) for _, pointer, text in sorted(found, key=itemgetter(0))]


def _string_secrets(pointer: str, text: str, credential: bool) -> list[Secret]:
    if credential:
        label = classify(text)
        if label is None:
            return []
        secrets = {text, text.strip()} | {f.secret for f in in_text(text)}
        scheme = re.match(r"(?i)(?:bearer|basic|token)\s+(\S.*)$", text.strip())
        if scheme:
            secrets.add(scheme.group(1))
        return [Secret(pointer, "field", label, tuple(sorted(secrets, key=len, reverse=True)))]
    shaped = in_text(text)
    if not shaped:
        return []
    labels = list(dict.fromkeys(f.label for f in shaped))
    label = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    return [Secret(pointer, "text", label, tuple(sorted({f.secret for f in shaped}, key=len, reverse=True)))]


_URL_FIELDS = frozenset({"baseurl", "url", "endpoint", "uri", "webhookurl", "serverurl", "apiurl", "apibase"})


def cleartext_credentials(value: Any, base: str = "") -> list[tuple[str, str]]:
    """(pointer of a plain-http URL field, what credential it would carry) for every object where a
    `base_url`/`url`/`endpoint` is plain http:// to a public host while a credential (an api_key, a
    credential header, or a credential in the URL itself) is set beside it, as a literal or a template."""
    found: list[tuple[str, str]] = []
    for item, urls in _http_url_fields(value, base):
        credentials = [
            str(k) for k, v in item.items() if is_credential_field(str(k)) and isinstance(v, str) and v.strip()
        ]
        headers = item.get("headers")
        if isinstance(headers, dict):
            credentials += [
                f"{k} header"
                for k, v in headers.items()
                if is_credential_header(str(k)) and isinstance(v, str) and v.strip()
            ]
        for pointer, url in urls:
            if not _plain_http(url):
                continue
            carried = list(credentials)
            if any(True for _ in url_credentials(url.strip())):
                carried.append("credential in the URL")
            if carried:
                found.append((pointer, " and ".join(carried)))
    return found


def _http_url_fields(value: Any, base: str) -> list[tuple[dict, list[tuple[str, str]]]]:
    """(object, (pointer, URL) of each of its URL fields that starts with http://) for every object that
    has one, parents first (jp.walk's order)."""
    by_holder: dict[int, tuple[dict, list[tuple[str, str]]]] = {}
    entries = strings.of(value) if base == "" else strings.walk(value, base)
    for pointer, text, name, _, holder, place, _ in entries:
        if name is not None and text.lstrip()[:7].lower() == "http://" and normal(name) in _URL_FIELDS:
            by_holder.setdefault(place, (holder, []))[1].append((pointer, text))
    return [by_holder[place] for place in sorted(by_holder)]


def _plain_http(url: str) -> bool:
    """A plain http:// URL to a host that is neither loopback nor private (Tavus cannot reach those anyway)."""
    text = url.strip()
    if not text.lower().startswith("http://"):
        return False
    try:
        host = (urlsplit(text).hostname or "").lower()
    except ValueError:
        return True
    if not host or host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True
    return not (address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified)
