"""A document scanned for literal secrets: in credential fields and headers, and key-shaped anywhere."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from personalint import placeholders
from personalint import pointer as jp
from personalint.secrets.formats import is_credential_field, is_credential_header, normal
from personalint.secrets.text import ANY_SECRET_START, classify, in_text, url_credentials


class Secret(NamedTuple):
    pointer: str  # where, relative to the scanned value
    where: str  # "field" (a credential field or header) or "text" (a key-shaped string elsewhere)
    label: str  # what it is ("a Groq API key (gsk_…)"), never its value
    secrets: tuple[str, ...]  # the literal secret strings (to redact)


def _operation_field(operation_path: str) -> str | None:
    """The field a JSON Patch operation's `value` is written to: the last token of its `path`."""
    try:
        tokens = jp.split(operation_path)
    except ValueError:
        return None
    return tokens[-1] if tokens else None


# (document, its secrets, its credential strings): the SE rules and redaction scan the same one.
# One tuple, rebound at once: a reader in another thread (the language server's) sees one scan whole.
_LAST_SCAN: tuple[Any, list, list] = (None, [], [])


def scan(value: Any, base: str = "") -> list[Secret]:
    """Every literal secret in `value`, in document order of the walk, with its pointer.

    A document is scanned once, however many callers ask (an identity cache of one entry).
    """
    global _LAST_SCAN
    last = _LAST_SCAN
    if base == "" and last[0] is value and value is not None:
        return last[1]
    strings = list(_strings(value, base))
    found = [
        secret
        for pointer, text, credential in strings
        if credential or ANY_SECRET_START.search(text)  # in_text's first test, without two calls per string
        for secret in _string_secrets(pointer, text, credential)
    ]
    if base == "":
        _LAST_SCAN = (value, found, [item for item in strings if item[2]])
    return found


def _strings(value: Any, base: str) -> Iterator[tuple[str, str, bool]]:
    """(pointer, string, whether it sits in a credential field or header) for every string, in document order."""
    stack: list[tuple[str, Any, bool]] = [(base, value, False)]  # (pointer, value, inside a headers object)
    while stack:
        pointer, item, in_headers = stack.pop()
        if isinstance(item, dict):
            operation_path = item.get("path") if isinstance(item.get("op"), str) else None
            credential = is_credential_header if in_headers else is_credential_field
            children = []
            for key, child in item.items():
                if isinstance(child, str):
                    name = key_text = str(key)
                    if key_text == "value" and isinstance(operation_path, str):
                        name = _operation_field(operation_path) or key_text
                    yield pointer + "/" + _token(key_text), child, credential(name)
                elif isinstance(child, (dict, list)):  # numbers, booleans and null hold no string
                    key_text = str(key)
                    children.append((pointer + "/" + _token(key_text), child, normal(key_text) == "headers"))
            stack.extend(reversed(children))
        elif isinstance(item, list):
            for index in range(len(item) - 1, -1, -1):
                child = item[index]
                if isinstance(child, str):
                    yield f"{pointer}/{index}", child, False
                elif isinstance(child, (dict, list)):
                    stack.append((f"{pointer}/{index}", child, False))


def _token(key: str) -> str:
    """A key as a pointer token (jp.escape): most keys have neither `~` nor `/`, and are their own token."""
    return key if "~" not in key and "/" not in key else jp.escape(key)


def stand_ins(value: Any) -> list[tuple[str, str]]:
    """(pointer, value) of every credential field or header that holds a stand-in left to be filled in
    by hand (`random-api-key`, `<API_KEY>`, `xxx`: placeholders.is_stand_in), which is sent as it is."""
    return [(p, text) for p, text, credential in _credentials(value) if placeholders.is_stand_in(text)]


def _credentials(value: Any) -> list[tuple[str, str, bool]]:
    """The strings of `value` in credential fields and headers (the last document's, kept: SE001's scan
    walked it already)."""
    last = _LAST_SCAN
    if last[0] is value and value is not None:
        return last[2]
    return [item for item in _strings(value, "") if item[2]]


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
    for pointer, item, urls in _http_url_fields(value, base):
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
        for key, url in urls:
            if not _plain_http(url):
                continue
            carried = list(credentials)
            if any(True for _ in url_credentials(url.strip())):
                carried.append("credential in the URL")
            if carried:
                found.append((jp.join(pointer, str(key)), " and ".join(carried)))
    return found


def _http_url_fields(value: Any, base: str) -> Iterator[tuple[str, dict, list[tuple[Any, str]]]]:
    """(pointer, object, its URL fields that start with http://) for every object that has one, parents
    first (jp.walk's order). One look at each key: the URL test, or a container to walk."""
    stack: list[tuple[str, Any]] = [(base, value)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            urls, children = [], []
            for key, child in node.items():
                if isinstance(child, str):
                    if child.lstrip()[:7].lower() == "http://" and normal(str(key)) in _URL_FIELDS:
                        urls.append((key, child))
                elif isinstance(child, (dict, list)):
                    children.append((pointer + "/" + _token(str(key)), child))
            if urls:  # most objects have no plain-http URL field, so no credential to weigh
                yield pointer, node, urls
            stack.extend(reversed(children))
        elif isinstance(node, list):
            for index in range(len(node) - 1, -1, -1):
                if isinstance(node[index], (dict, list)):
                    stack.append((f"{pointer}/{index}", node[index]))


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
