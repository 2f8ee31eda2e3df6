"""Secrets in persona configs: literal API keys, tokens and passwords, by field name and by shape.

Two ways a secret is recognised:

- by where it sits: a credential field (`api_key`, `apiKey`, `password`, `token`, ...), a
  credential header in a `headers` object (`Authorization`, `x-api-key`, `xi-api-key`, ...), or
  the `value` of a JSON Patch operation whose `path` names such a field. Any non-blank string
  there is a literal secret unless it is a placeholder (`${GROQ_API_KEY}`, `{{ key }}`,
  `<API_KEY>`, `your-api-key`, `random-api-key`, `xxxxxxxx`, ...);
- by its shape, anywhere in any string: the documented prefixes of common providers' keys
  (OpenAI `sk-`, Anthropic `sk-ant-`, Groq `gsk_`, Cartesia `sk_car_`, ElevenLabs `sk_`,
  Google `AIza`, AWS `AKIA`, GitHub `ghp_`, Slack `xox?-`, Hugging Face `hf_`), JSON Web Tokens,
  bearer and basic credentials, PEM private keys, and credentials inside URLs.

Public: `secret_values(document)` (every literal secret string, for redacting output) and
`scan(value)` (what the SE rules report). Nothing here ever returns a secret in a label.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from personalint import pointer as jp

# --- key formats ------------------------------------------------------------------------

_B = r"(?<![A-Za-z0-9_\-])"  # a key starts at a token boundary...
_E = r"(?![A-Za-z0-9_\-])"  # ...and ends at one

# (label naming the format and its documented prefix, regex); most specific first.
KEY_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(regex))
    for label, regex in (
        ("an Anthropic API key (sk-ant-…)", _B + r"sk-ant-[A-Za-z0-9_\-]{20,}" + _E),
        ("an OpenRouter API key (sk-or-…)", _B + r"sk-or-v1-[A-Za-z0-9]{20,}" + _E),
        ("an OpenAI project API key (sk-proj-…)", _B + r"sk-proj-[A-Za-z0-9_\-]{20,}" + _E),
        ("an OpenAI API key (sk-…)", _B + r"sk-(?:svcacct-|admin-)?[A-Za-z0-9_\-]{20,}" + _E),
        ("a Groq API key (gsk_…)", _B + r"gsk_[A-Za-z0-9]{20,}" + _E),
        ("a Cartesia API key (sk_car_…)", _B + r"sk_car_[A-Za-z0-9]{16,}" + _E),
        ("a Stripe secret key (sk_live_…)", _B + r"[rs]k_(?:live|test)_[A-Za-z0-9]{16,}" + _E),
        ("an ElevenLabs API key (sk_…)", _B + r"sk_[A-Za-z0-9]{32,}" + _E),
        ("a Google API key (AIza…)", _B + r"AIza[0-9A-Za-z_\-]{35}" + _E),
        ("an AWS access key id (AKIA…)", _B + r"(?:AKIA|ASIA)[0-9A-Z]{16}" + _E),
        ("a GitHub token (ghp_…)", _B + r"(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})" + _E),
        ("a Slack token (xox…)", _B + r"xox[abposr]-[A-Za-z0-9\-]{10,}" + _E),
        ("a Hugging Face token (hf_…)", _B + r"hf_[A-Za-z0-9]{30,}" + _E),
        ("a JSON Web Token (eyJ…)", _B + r"eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]*" + _E),
    )
)
_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")
# credentials that carry a scheme word: the secret is what follows it
_SCHEME_CREDENTIAL = re.compile(r"\b(Bearer|Basic|Token)\s+([A-Za-z0-9\-._~+/]{12,}=*)")
# A scheme starts after a non-scheme character and is short: linear time on long runs of letters.
_URL = re.compile(r"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]{0,31}://[^\s\"'<>]+")
_QUERY_CREDENTIAL = re.compile(
    r"[?&](?:api[_\-]?key|apikey|key|access[_\-]?token|auth[_\-]?token|token|password|passwd|secret|client[_\-]?secret)"
    r"=([^&#\s]+)",
    re.I,
)

# --- credential fields --------------------------------------------------------------------

_CREDENTIAL_SUFFIXES = (
    "apikey",
    "apisecret",
    "secretkey",
    "accesskey",
    "privatekey",
    "subscriptionkey",
    "authorization",
    "token",
    "secret",
    "password",
    "passwd",
    "credential",
    "credentials",
)
_HEADER_WORDS = ("key", "token", "auth", "secret", "password", "cookie", "credential")


def _normal(name: str) -> str:
    return re.sub(r"[\s_\-.]", "", name.lower())


def is_credential_field(name: str) -> bool:
    """A field whose value is a credential: api_key, apiKey, x-api-key, authorization, password, ..."""
    normal = _normal(name)
    return normal.endswith(_CREDENTIAL_SUFFIXES)


def is_credential_header(name: str) -> bool:
    """An HTTP header that carries a credential: Authorization, x-api-key, xi-api-key, X-Auth-Token, ..."""
    normal = _normal(name)
    return is_credential_field(name) or any(word in normal for word in _HEADER_WORDS)


# --- placeholders -------------------------------------------------------------------------

_TEMPLATE = re.compile(
    r"\$\{[^}]*\}|\$\([^)]*\)|\{\{.*?\}\}|\{%.*?%\}|%[A-Za-z_][A-Za-z0-9_]*%"
    r"|^\$[A-Za-z_][A-Za-z0-9_]*$|^<[^<>]*>$|^\[[^\[\]]*\]$"
    r"|\b(?:process\.env|os\.environ|os\.getenv|import\.meta\.env|env)\b[.\[(]",
    re.S,
)
_WORDS_ONLY = re.compile(r"^[A-Za-z]+(?:[\s_\-.:]+[A-Za-z]+)*$")
_PLACEHOLDER_WORDS = frozenset(
    {
        "your",
        "my",
        "the",
        "a",
        "an",
        "api",
        "key",
        "apikey",
        "keys",
        "token",
        "secret",
        "here",
        "goes",
        "put",
        "placeholder",
        "example",
        "sample",
        "dummy",
        "fake",
        "test",
        "testing",
        "random",
        "changeme",
        "change",
        "replace",
        "insert",
        "enter",
        "xxx",
        "none",
        "null",
        "nil",
        "empty",
        "na",
        "todo",
        "tbd",
        "foo",
        "bar",
        "password",
        "redacted",
        "required",
        "no",
        "not",
        "set",
        "unset",
        "needed",
        "value",
        "string",
        "demo",
        "mock",
        "default",
        "local",
        "anything",
        "any",
        "openai",
        "groq",
        "tavus",
        "anam",
        "cartesia",
        "elevenlabs",
        "llm",
        "tts",
        "bearer",
        "basic",
        "custom",
        "me",
        "with",
        "real",
        "actual",
        "new",
    }
)
_FILLER = re.compile(r"^[xX*.\-_0#•]+$|^(.)\1+$")
_PLACEHOLDER_INSIDE = re.compile(r"your|example|placeholder|replace|insert|here|xxxx|redacted|\*\*\*|\.\.\.", re.I)


def is_placeholder(text: str) -> bool:
    """A value that stands for a secret without being one: a template, a variable, a dummy phrase."""
    value = text.strip()
    if not value:
        return True
    scheme = re.match(r"(?i)(?:bearer|basic|token)\s+(.*)$", value, re.S)
    if scheme:
        value = scheme.group(1).strip()
        if not value:
            return True
    if _TEMPLATE.search(value) or _FILLER.match(value) or _PLACEHOLDER_INSIDE.search(value):
        return True
    if any(regex.fullmatch(value) for _, regex in KEY_FORMATS):
        return _shaped_placeholder(value)
    if _WORDS_ONLY.match(value):
        words = [w.lower() for w in re.split(r"[\s_\-.:]+", value) if w]
        if any(w in _PLACEHOLDER_WORDS for w in words):
            return True
    return len(value) < 8 and not any(regex.search(value) for _, regex in KEY_FORMATS)


def _shaped_placeholder(match: str) -> bool:
    """A key-shaped string that is a documentation stand-in (sk-xxxxxxxx…, AKIAIOSFODNN7EXAMPLE)."""
    body = re.sub(
        r"^(?:sk-ant-|sk-or-v1-|sk-proj-|sk-|gsk_|sk_car_|sk_|AIza|AKIA|ASIA|gh[pousr]_|xox[a-z]-|hf_)", "", match
    )
    return bool(_FILLER.match(body) or _PLACEHOLDER_INSIDE.search(match) or _TEMPLATE.search(match))


# --- finding secrets in one string --------------------------------------------------------


class Found(NamedTuple):
    label: str  # what it is, never its value: "a Groq API key (gsk_…)"
    secret: str  # the literal secret text (to redact; never to show)


# Every key format, credential scheme and URL starts with one of these: most text has none of them,
# and one pass over it for this pattern spares the many passes of the exact ones.
_ANY_SECRET_START = re.compile(
    r"sk-|sk_|rk_|gsk_|AIza|AKIA|ASIA|gh[pousr]_|github_pat_|xox|hf_|eyJ|-----BEGIN|Bearer|Basic|Token|://"
)


def in_text(text: str) -> list[Found]:
    """Key-shaped secrets inside any string (a prompt, a URL, a header value)."""
    if not _ANY_SECRET_START.search(text):
        return []
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def add(label: str, start: int, end: int) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        secret = text[start:end]
        if _shaped_placeholder(secret):
            return
        taken.append((start, end))
        found.append(Found(label, secret))

    for label, regex in KEY_FORMATS:
        for match in regex.finditer(text):
            add(label, match.start(), match.end())
    for match in _PRIVATE_KEY.finditer(text):
        if (match.start(), len(text)) not in taken:
            taken.append((match.start(), len(text)))
            found.append(Found("a private key (-----BEGIN … PRIVATE KEY-----)", text[match.start() :]))
    for match in _SCHEME_CREDENTIAL.finditer(text):
        scheme, token = match.group(1), match.group(2)
        if _scheme_credential(scheme, token):
            add("basic-auth credentials" if scheme == "Basic" else "a bearer token", match.start(2), match.end(2))
    for url in _URL.finditer(text):
        for label, start, end in _url_credentials(url.group(0)):
            add(label, url.start() + start, url.start() + end)
    return found


def _scheme_credential(scheme: str, token: str) -> bool:
    """`Bearer <token>` / `Token <token>` with a token that has letters and digits; `Basic <base64 of
    user:password>`. Prose ("Bearer authentication", "Basic SentencePiece") is not a credential."""
    if is_placeholder(token) or _shaped_placeholder(token):
        return False
    if scheme == "Basic":
        import base64
        import binascii

        try:
            return b":" in base64.b64decode(token, validate=True)
        except (binascii.Error, ValueError):
            return False
    return any(c.isdigit() for c in token) and any(c.isalpha() for c in token)


def _url_credentials(url: str) -> Iterator[tuple[str, int, int]]:
    """(label, start, end) of a password in a URL's userinfo, and of credential query parameters."""
    userinfo = re.match(r"[A-Za-z][A-Za-z0-9+.\-]*://[^/?#@\s:]*:([^/?#@\s]+)@", url)
    if userinfo and not is_placeholder(userinfo.group(1)):
        yield "a password in a URL (user:password@)", userinfo.start(1), userinfo.end(1)
    for match in _QUERY_CREDENTIAL.finditer(url):
        if not is_placeholder(match.group(1)):
            yield "a credential in a URL query (?api_key=…)", match.start(1), match.end(1)


def classify(value: str) -> str | None:
    """What a literal secret in a credential field is ("a Groq API key (gsk_…)"), or None for a placeholder."""
    shaped = in_text(value)
    if shaped:
        return shaped[0].label
    if is_placeholder(value):
        return None
    if re.match(r"(?i)bearer\s", value.strip()):
        return "a bearer token"
    if re.match(r"(?i)basic\s", value.strip()):
        return "basic-auth credentials"
    return "a literal secret"


# --- scanning a document ------------------------------------------------------------------


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


_LAST_SCAN: list[Any] = [None, None]  # (document, its secrets): the SE rules and redaction scan the same one


def scan(value: Any, base: str = "") -> list[Secret]:
    """Every literal secret in `value`, in document order of the walk, with its pointer.

    A document is scanned once, however many callers ask (an identity cache of one entry).
    """
    if base == "" and _LAST_SCAN[0] is value and value is not None:
        return _LAST_SCAN[1]
    found = _scan(value, base)
    if base == "":
        _LAST_SCAN[:] = [value, found]
    return found


def _scan(value: Any, base: str) -> list[Secret]:
    found: list[Secret] = []
    stack: list[tuple[str, Any, bool]] = [(base, value, False)]  # (pointer, value, inside a headers object)
    while stack:
        pointer, item, in_headers = stack.pop()
        if isinstance(item, dict):
            operation_path = item.get("path") if isinstance(item.get("op"), str) else None
            for key, child in reversed(list(item.items())):
                key_text = str(key)
                here = jp.join(pointer, key_text)
                if isinstance(child, str):
                    name = key_text
                    if key_text == "value" and isinstance(operation_path, str):
                        name = _operation_field(operation_path) or key_text
                    credential = is_credential_header(name) if in_headers else is_credential_field(name)
                    found.extend(_string_secrets(here, child, credential))
                else:
                    stack.append((here, child, _normal(key_text) == "headers"))
        elif isinstance(item, list):
            for index in range(len(item) - 1, -1, -1):
                child = item[index]
                here = jp.join(pointer, index)
                if isinstance(child, str):
                    found.extend(_string_secrets(here, child, False))
                else:
                    stack.append((here, child, False))
    return found


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


def secret_values(document: Any) -> set[str]:
    """Every literal secret string in a document (a `source.Document` or a plain value).

    For redacting snippets and messages in every output format: replace each occurrence of
    these strings (longest first) before printing. Placeholders are not included.
    """
    value = document.value if hasattr(document, "root_node") else document
    return {secret for found in scan(value) for secret in found.secrets if secret}


# --- plain http next to a credential ------------------------------------------------------

_URL_FIELDS = frozenset({"baseurl", "url", "endpoint", "uri", "webhookurl", "serverurl", "apiurl", "apibase"})


def cleartext_credentials(value: Any, base: str = "") -> list[tuple[str, str]]:
    """(pointer of a plain-http URL field, what credential it would carry) for every object where a
    `base_url`/`url`/`endpoint` is plain http:// to a public host while a credential (an api_key, a
    credential header, or a credential in the URL itself) is set beside it, as a literal or a template."""
    found: list[tuple[str, str]] = []
    for pointer, item in jp.walk(value, base):
        if not isinstance(item, dict):
            continue
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
        for key, url in item.items():
            if _normal(str(key)) not in _URL_FIELDS or not isinstance(url, str) or not _plain_http(url):
                continue
            carried = list(credentials)
            if any(True for _ in _url_credentials(url.strip())):
                carried.append("credential in the URL")
            if carried:
                found.append((jp.join(pointer, str(key)), " and ".join(carried)))
    return found


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


def redact(text: str, values: set[str] | frozenset[str], mask: str = "<redacted>") -> str:
    """`text` with every occurrence of the `values` (longest first) replaced by `mask`.

    For snippets and messages: `redact(line, secret_values(document))`. A value written with
    JSON escapes in the file (`\\/` for `/`) is masked in that form too.
    """
    for value in sorted(values, key=len, reverse=True):
        if not value:
            continue
        text = text.replace(value, mask)
        escaped = value.replace("/", "\\/")
        if escaped != value:
            text = text.replace(escaped, mask)
    return text


# --- what else to redact: keys, and text that did not parse ---------------------------------

_CREDENTIAL_ASSIGNMENT = re.compile(
    r"""["']?[A-Za-z0-9_.\-]*(?:api[_\-]?key|apikey|token|secret|password|passwd|authorization|credential)"""
    r"""[A-Za-z0-9_.\-]*["']?\s*[:=]\s*["']?(?:(?:Bearer|Basic|Token)\s+)?([^"'\s,}\]]{8,})""",
    re.I,
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


def in_raw_text(text: str) -> set[str]:
    """Secrets in text that did not parse: key-shaped strings, and values given to credential-named fields."""
    found = {f.secret for f in in_text(text)}
    for match in _CREDENTIAL_ASSIGNMENT.finditer(text):
        value = match.group(1)
        if not is_placeholder(value) and not _shaped_placeholder(value):
            found.add(value)
    return found
