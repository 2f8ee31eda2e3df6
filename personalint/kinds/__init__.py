"""Which request body a document is: the kind decides its schema and its rules.

`KIND` is the one list of kinds. Everything that names kinds derives from it: the
`--kind` choices, the schemas (schemas/<name>.schema.json), the kind enums of
rules/pack.schema.json, the modeline pattern, the vendors (and from them the inventory's
lists), the article messages use. Detection from a document's keys is kinds/detect.py.
"""

from __future__ import annotations

from typing import Any, NamedTuple

# keys that wrap an inline persona in an Anam session-token body
SESSION_WRAPPER_KEYS = frozenset({"personaConfig", "sessionOptions", "clientLabel"})


class Kind(NamedTuple):
    name: str
    vendor: str
    request: str  # the request whose body it is, as the vendor documents it
    article: str = "a"  # for messages: "an anam-create body", "a tavus-create body"
    edits: str | None = None  # a JSON Patch: the kind of the body its operations edit
    wrapper: str | None = None  # the key that may hold the persona fields (an Anam session's personaConfig)

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"

    def persona_root(self, value: Any) -> str | None:
        """Where the persona fields sit inside a document of this kind ("" for the top level).

        A session-token body nests them under personaConfig; a bare inline config (as handed
        to Anam's SDKs) has them at the top. A JSON Patch has no persona body (None).
        """
        if self.edits:
            return None
        if self.wrapper and isinstance(value, dict) and SESSION_WRAPPER_KEYS & value.keys():
            return "/" + self.wrapper
        return ""


KIND: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("anam-create", "anam", "POST /v1/personas", article="an"),
        Kind("anam-update", "anam", "PUT /v1/personas/{id}", article="an"),
        Kind("anam-session", "anam", "POST /v1/auth/session-token", article="an", wrapper="personaConfig"),
        Kind("tavus-create", "tavus", "POST /v2/personas"),
        Kind("tavus-patch", "tavus", "PATCH /v2/personas/{persona_id}", edits="tavus-create"),
    )
}
KINDS = tuple(KIND)

_TAVUS_KEYS = frozenset(
    {
        "persona_name",
        "system_prompt",
        "pipeline_mode",
        "layers",
        "default_replica_id",
        "document_ids",
        "document_tags",
        "objectives_id",
        "guardrail_ids",
        "guardrail_tags",
        "guardrails_id",
        "context",
        "pal_name",
        "default_face_id",
    }
)
_ANAM_KEYS = frozenset(
    {
        "avatarId",
        "voiceId",
        "llmId",
        "systemPrompt",
        "avatarModel",
        "brainType",
        "personaPreset",
        "skipGreeting",
        "uninterruptibleGreeting",
        "initialMessage",
        "zeroDataRetention",
        "voiceDetectionOptions",
        "voiceGenerationOptions",
        "languageCode",
        "toolIds",
        "widgetConfig",
        "personaId",
        "maxSessionLengthSeconds",
        "directorNotes",
        "enableAudioPassthrough",
        "brain",
    }
)
# vendor -> the persona keys that tell its bodies apart (kinds/detect.py; bench/ builds documents with them)
VENDOR_KEYS: dict[str, frozenset[str]] = {"anam": _ANAM_KEYS, "tavus": _TAVUS_KEYS}
# persona keys that other objects of application code have too: an LLM call's settings (system_prompt,
# context), a user's profile (avatarId, voiceId), a TTS request (languageCode); an object found by its
# shape alone needs more than these (kinds/detect.py persona_shape)
COMMON_KEYS = frozenset(
    {
        "system_prompt",
        "context",
        "layers",
        "avatarId",
        "voiceId",
        "systemPrompt",
        "languageCode",
        "initialMessage",
        "brain",
    }
)
VENDORS = tuple(dict.fromkeys(kind.vendor for kind in KIND.values()))


def of_vendor(vendor: str) -> tuple[str, ...]:
    return tuple(name for name, kind in KIND.items() if kind.vendor == vendor)


def persona_root(kind: str, value: Any) -> str | None:
    """Where the persona fields of a document of `kind` sit (see `Kind.persona_root`)."""
    return KIND[kind].persona_root(value)
