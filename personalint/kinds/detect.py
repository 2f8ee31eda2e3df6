"""Telling a document's kind: from a modeline naming a schema, or from its keys (README, "Kinds").

A persona body is told Anam or Tavus by which vendor's keys (`VENDOR_KEYS`, kept with the
kinds in personalint/kinds/__init__.py) it has more of; a list of operations is a Tavus PATCH.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from personalint.kinds import COMMON_KEYS, KINDS, SESSION_WRAPPER_KEYS, VENDOR_KEYS
from personalint.messages import type_name
from personalint.patterns import lazy

_SESSION_ONLY_KEYS = frozenset(
    {"personaId", "maxSessionLengthSeconds", "directorNotes", "tools", "enableAudioPassthrough"}
)
_UPDATE_ONLY_KEYS = frozenset({"widgetConfig"})
_PATCH_KEYS = frozenset({"op", "path"})
_IDENTITY_KEYS = frozenset({"avatarId", "voiceId", "name", "personaPreset"})

_MODELINE = lazy(r"^#\s*yaml-language-server:\s*\$schema=(\S+)", re.MULTILINE)  # asked of a file that has one
_SCHEMA_NAME = lazy("(" + "|".join(map(re.escape, KINDS)) + r")\.schema\.json$")


class KindDecision(NamedTuple):
    kind: str | None
    reason: str


def from_modeline(text: str) -> str | None:
    """The kind named by a `# yaml-language-server: $schema=...` line, if it names one of ours."""
    if "yaml-language-server" not in text:
        return None
    for match in _MODELINE.finditer(text):
        found = _SCHEMA_NAME.search(match.group(1))
        if found:
            return found.group(1)
    return None


def detect(value: Any) -> KindDecision:
    """Guess the kind from the document's shape (see README, "Kinds")."""
    if isinstance(value, list):
        if value and all(isinstance(op, dict) for op in value) and any(_PATCH_KEYS & op.keys() for op in value):
            return KindDecision("tavus-patch", "a list of JSON Patch operations")
        return KindDecision(None, "a list that is not a JSON Patch")
    if not isinstance(value, dict):
        return KindDecision(None, f"a {type_name(value)}, not an object")
    keys = value.keys()
    if SESSION_WRAPPER_KEYS & keys:
        return KindDecision(
            "anam-session", "session-token body (" + ", ".join(sorted(SESSION_WRAPPER_KEYS & keys)) + ")"
        )
    tavus = len(VENDOR_KEYS["tavus"] & keys)
    anam = len(VENDOR_KEYS["anam"] & keys)
    if tavus > anam:
        return KindDecision("tavus-create", "snake_case Tavus persona keys")
    if anam > tavus:
        if _SESSION_ONLY_KEYS & keys:
            return KindDecision(
                "anam-session", "inline personaConfig keys (" + ", ".join(sorted(_SESSION_ONLY_KEYS & keys)) + ")"
            )
        if _UPDATE_ONLY_KEYS & keys:
            return KindDecision("anam-update", "update-only keys (widgetConfig)")
        if not _IDENTITY_KEYS & keys:
            return KindDecision("anam-update", "a partial body without avatarId, voiceId or name")
        return KindDecision("anam-create", "camelCase Anam persona keys")
    return KindDecision(None, "neither Anam (camelCase) nor Tavus (snake_case) persona keys")


_REPLY_KEYS = frozenset({"created_at", "updated_at", "createdAt", "updatedAt", "persona_id"})


def is_reply(value: Any) -> bool:
    """Whether an object is a vendor's reply rather than a request body: it has an `id`, a
    `persona_id` or timestamps (a test mock of `GET /v2/personas/{id}`)."""
    return isinstance(value, dict) and bool(_REPLY_KEYS & value.keys() or "id" in value)


_NAMES = frozenset({"name", "description"})  # what every persona has, and so does almost everything else


def persona_shape(value: Any) -> KindDecision | None:
    """The kind of an object found in code with no request in sight, when its keys say so clearly.

    Not a vendor's reply (a test mock of `GET /v2/personas/{id}` has `persona_id` and `created_at`);
    at least two persona keys of one vendor (a lone `name` or `description` never is enough); and
    keys worth at least 3: a key only persona configs have (`persona_name`, `pipeline_mode`,
    `llmId`, `personaPreset`, ...) counts 3, one that other objects of application code have too
    (`COMMON_KEYS`: `system_prompt`, `context`, `avatarId`, `voiceId`, ...) 1, `name`/`description`
    1, and each key no persona has takes 1 away (at most 2). So `{persona_name, system_prompt}`,
    `{name, avatarId, voiceId}` and `{avatarId, llmId}` are personas; `{system_prompt, context,
    temperature}` (an LLM call's settings) and `{avatarId, voiceId, size}` (a user's profile) are
    not. A `personaConfig` object is a session body.
    """
    if not isinstance(value, dict) or is_reply(value):
        return None
    if isinstance(value.get("personaConfig"), dict):
        return detect(value)
    keys = value.keys()
    if not any(_worth(vendor, keys) >= 3 for vendor in VENDOR_KEYS.values()):
        return None
    decision = detect(value)
    return decision if decision.kind is not None else None


def _worth(vendor: frozenset[str], keys: Any) -> int:
    found = vendor & keys
    if len(found) < 2:
        return 0
    common = len(found & COMMON_KEYS)
    others = len(keys - found - _NAMES)
    return 3 * (len(found) - common) + common + len(_NAMES & keys) - min(others, 2)
