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
`scan(value)` (what the SE rules report), `stand_ins(value)` (credential fields still holding a
stand-in such as `random-api-key`, SE004). Nothing here ever returns a secret in a label.
"""

from __future__ import annotations

from personalint.secrets.formats import KEY_FORMATS, is_credential_field, is_credential_header
from personalint.secrets.redaction import in_keys, in_raw_text, moved, redact, redact_spans, secret_values
from personalint.secrets.scan import Secret, cleartext_credentials, scan, stand_ins
from personalint.secrets.text import Found, classify, in_text

__all__ = [
    "KEY_FORMATS",
    "Found",
    "Secret",
    "classify",
    "cleartext_credentials",
    "in_keys",
    "in_raw_text",
    "in_text",
    "is_credential_field",
    "is_credential_header",
    "moved",
    "redact",
    "redact_spans",
    "scan",
    "secret_values",
    "stand_ins",
]
