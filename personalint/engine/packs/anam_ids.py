"""The Python behind rules/anam-ids.yaml: Anam references (UUIDs) and what an inline persona needs.

`classify_id` says what a string that should be an Anam id looks like instead (a
placeholder, a display name, a slug, ...), which a regular expression in a pack cannot say.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from personalint import messages
from personalint.engine.context import MISSING, Context, Hit, blank, check
from personalint.engine.vocabulary import PATH, STRINGS
from personalint.patterns import lazy

_UUID = lazy(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_NIL_UUID = "00000000-0000-0000-0000-000000000000"
_PLACEHOLDER = lazy(
    r"[<>{}\[\]$]|\b(your|my|placeholder|here|todo|tbd|changeme|change[-_ ]me|replace|insert|example|sample|"
    r"dummy|fake|test|xxx+|id[-_ ]?here)\b|^(your|my)[-_]|^\.\.\.$",
    re.IGNORECASE,
)
_ENV_NAME = lazy(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+")  # ANAM_AVATAR_ID, NEXT_PUBLIC_VOICE_ID
_HEXISH = lazy(r"[0-9a-fA-F-]{8,}")
_CONSTANT = lazy(r"[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)+")  # CUSTOMER_CLIENT_V2, ANAM_GPT_4O_V1
_SLUG = lazy(r"[a-z0-9]+([-_.][a-z0-9]+)+")
_NAME = lazy(r"[A-Z][\w'&.-]*(\s+[\w'&.()-]+)*|.*\s.*", re.UNICODE)


def classify_id(value: str) -> str | None:
    """What a string that should be an Anam id (a UUID) looks like instead; None when it is one.

    Returns one of: empty, nil, placeholder, malformed, constant, name, slug, other.
    """
    text = value.strip()
    if not text:
        return "empty"
    if _UUID.fullmatch(text):
        return "nil" if text == _NIL_UUID else None
    if _PLACEHOLDER.search(text):
        return "placeholder"
    if _ENV_NAME.fullmatch(text) and ("ID" in text.split("_") or text.endswith("_ID")):
        return "placeholder"
    if _HEXISH.fullmatch(text) and "-" in text:
        return "malformed"
    if _CONSTANT.fullmatch(text):
        return "constant"
    if _SLUG.fullmatch(text):
        return "slug"
    if _NAME.fullmatch(text):
        return "name"
    return "other"


_ID_HINTS = {
    "empty": "it is empty",
    "nil": "the nil UUID is the placeholder the Anam documents use in examples",
    "placeholder": "it is a placeholder",
    "malformed": "it is not a well-formed UUID",
    "constant": "it is not a UUID, nor one of the documented constants",
    "name": "it looks like a display name",
    "slug": "it looks like a name or slug",
    "other": "it is not a UUID",
}


@check(
    required=("path",),
    params={
        "path": PATH,
        "strict": {
            "type": "boolean",
            "description": "Also report a string that is neither a UUID nor recognisably anything else "
            "(a one-word stub such as `x`).",
        },
        "skip_empty": {"type": "boolean", "description": "Leave empty or blank strings to another rule."},
        "allow": {**STRINGS, "description": "Special values the field takes besides a UUID (exact strings)."},
    },
)
def anam_id(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each string at `path` is a UUID, or one of `allow`.

    Reported: placeholders, display names, slugs, the nil UUID and malformed UUIDs. Any other
    non-UUID string (a one-word stub such as `x`) only with `strict: true`. Values that differ
    from one of `allow` only in case are left to the `sentinel_case` rule.
    """
    allow = params.get("allow", [])
    lowered = {a.lower() for a in allow}
    for path, value in ctx.find(params["path"]):
        if not isinstance(value, str) or value in allow:
            continue
        if value.strip().lower() in lowered:
            continue  # a miscased sentinel: sentinel_case says "did you mean"
        if params.get("skip_empty") and not value.strip():
            continue
        kind = classify_id(value)
        if kind is None or (kind == "other" and not params.get("strict")):
            continue
        yield Hit(path, "value", {"value": messages.value(value, path), "hint": _ID_HINTS[kind], "class": kind})


@check(
    required=("path", "values"),
    params={"path": PATH, "values": {**STRINGS, "description": "The exact (case-sensitive) special values."}},
)
def sentinel_case(ctx: Context, params: dict) -> Iterator[Hit]:
    """A string at `path` that equals one of `values` except for case (or surrounding spaces)."""
    values = params["values"]
    by_lower = {v.lower(): v for v in values}
    for path, value in ctx.find(params["path"]):
        if not isinstance(value, str) or value in values:
            continue
        meant = by_lower.get(value.strip().lower())
        if meant:
            yield Hit(path, "value", {"value": messages.value(value, path), "suggestion": meant}, fix={"value": meant})


def names_saved_persona(persona_id: object) -> bool:
    """Whether a personaId value names a saved persona: a string that is not blank."""
    return isinstance(persona_id, str) and not blank(persona_id)


@check(
    required=("fields",),
    params={
        "fields": {**STRINGS, "description": "The fields an inline persona needs."},
        "trigger": {
            "type": "string",
            "description": "Without `strict`, report only when this field (one of `fields`) is missing or blank.",
        },
        "strict": {"type": "boolean", "description": "Report whenever one of `fields` is missing or blank."},
        "passthrough_drops": {
            **STRINGS,
            "description": "Fields not needed when enableAudioPassthrough is true (the client supplies the audio).",
        },
    },
)
def inline_persona_requires(ctx: Context, params: dict) -> Iterator[Hit]:
    """An inline persona (no personaId) without `trigger` (avatarId) lacks its required `fields`.

    Reported when the trigger field is missing or blank, listing every missing field; with
    `strict: true`, whenever any field is missing. `passthrough_drops` are not required when
    enableAudioPassthrough is true (the client supplies the audio, so no voice is used).
    """
    persona = ctx.get("")
    if not isinstance(persona, dict) or names_saved_persona(persona.get("personaId")):
        return
    fields = list(params["fields"])
    if persona.get("enableAudioPassthrough") is True:
        fields = [f for f in fields if f not in params.get("passthrough_drops", [])]
    missing = [f for f in fields if blank(persona.get(f, MISSING))]
    trigger = params.get("trigger")
    if not missing or (not params.get("strict") and trigger and trigger not in missing):
        return
    yield Hit("", "container", {"missing": messages.and_join(missing)})
