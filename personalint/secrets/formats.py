"""What secrets look like: the documented key formats of common providers, and credential field names.

Data and name tests only (no placeholder judgement): personalint/placeholders.py reads the key
formats to tell a documentation stand-in (`sk-xxxxxxxx`) from a key.
"""

from __future__ import annotations

import re
from functools import lru_cache

from personalint.patterns import lazy

_B = r"(?<![A-Za-z0-9_\-])"  # a key starts at a token boundary...
_E = r"(?![A-Za-z0-9_\-])"  # ...and ends at one

# (label naming the format and its documented prefix, regex); most specific first.
KEY_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, lazy(regex))
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
PRIVATE_KEY = lazy(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")
# credentials that carry a scheme word: the secret is what follows it
SCHEME_CREDENTIAL = lazy(r"\b(Bearer|Basic|Token)\s+([A-Za-z0-9\-._~+/]{12,}=*)")
# A scheme starts after a non-scheme character and is short: linear time on long runs of letters.
URL = lazy(r"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]{0,31}://[^\s\"'<>]+")
QUERY_CREDENTIAL = lazy(
    r"[?&](?:api[_\-]?key|apikey|key|access[_\-]?token|auth[_\-]?token|token|password|passwd|secret|client[_\-]?secret)"
    r"=([^&#\s]+)",
    re.I,
)
# the prefixes of KEY_FORMATS, for telling what follows a key's prefix (sk-xxxxxxxx is filler)
KEY_PREFIX = lazy(r"^(?:sk-ant-|sk-or-v1-|sk-proj-|sk-|gsk_|sk_car_|sk_|AIza|AKIA|ASIA|gh[pousr]_|xox[a-z]-|hf_)")

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


_SEPARATORS = re.compile(r"[\s_\-.]")


# The name tests below are asked of every key of every document (the secrets scan), and a run meets
# the same few hundred names again and again: each is a pure function of the name, so a bounded
# cache of its answers is safe to share between documents and threads.
@lru_cache(maxsize=4096)
def normal(name: str) -> str:
    return _SEPARATORS.sub("", name.lower())


@lru_cache(maxsize=4096)
def is_credential_field(name: str) -> bool:
    """A field whose value is a credential: api_key, apiKey, x-api-key, authorization, password, ..."""
    text = normal(name)
    return text.endswith(_CREDENTIAL_SUFFIXES)


@lru_cache(maxsize=4096)
def is_credential_header(name: str) -> bool:
    """An HTTP header that carries a credential: Authorization, x-api-key, xi-api-key, X-Auth-Token, ..."""
    text = normal(name)
    return is_credential_field(name) or any(word in text for word in _HEADER_WORDS)
