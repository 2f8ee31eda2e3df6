"""The Python behind rules/secrets.yaml: literal secrets in a persona config (SE001-SE003), and
credential fields left holding a stand-in (SE004).

What a secret looks like is personalint/secrets/ (key formats, credential fields, the scan of a
document); these checks turn what the scan finds into hits. Each looks at the whole document
(its pointers are absolute), so a secret outside the persona fields is found too.
"""

from __future__ import annotations

from collections.abc import Iterator

from personalint import messages, secrets
from personalint.engine.context import Context, Hit, check


def _field(pointer: str) -> str:
    """How a message names a field: `llm.api_key`, `the Authorization header`, `tools[2].url`."""
    return messages.field_name(pointer, 2, headers=True)


@check(params={})
def literal_credential(ctx: Context, params: dict) -> Iterator[Hit]:
    """A credential field or header that holds a literal secret rather than a placeholder (anywhere in the document)."""
    for found in secrets.scan(ctx.document):
        if found.where == "field":
            yield Hit(found.pointer, "value", {"field": _field(found.pointer), "what": found.label}, absolute=True)


@check(params={})
def key_in_text(ctx: Context, params: dict) -> Iterator[Hit]:
    """A string outside the credential fields that contains something shaped like a known key."""
    for found in secrets.scan(ctx.document):
        if found.where == "text":
            yield Hit(found.pointer, "value", {"field": _field(found.pointer), "what": found.label}, absolute=True)


@check(params={})
def credential_over_http(ctx: Context, params: dict) -> Iterator[Hit]:
    """A plain http:// URL to a public host with a credential beside it (or in it)."""
    for pointer, carried in secrets.cleartext_credentials(ctx.document):
        yield Hit(pointer, "value", {"field": _field(pointer), "credential": carried}, absolute=True)


@check(params={})
def placeholder_credential(ctx: Context, params: dict) -> Iterator[Hit]:
    """A credential field or header still holding a stand-in left to be filled in by hand (random-api-key, <API_KEY>)."""
    for pointer, text in secrets.stand_ins(ctx.document):
        yield Hit(pointer, "value", {"field": _field(pointer), "value": messages.value(text)}, absolute=True)
