"""The Python behind rules/anam-session.yaml: a session-token body (POST /v1/auth/session-token).

What these checks see that the data vocabulary cannot: a personaId beside the inline fields
it is an alternative to, directorNotes against the avatar model, audio passthrough, the
sessionOptions that sit beside personaConfig (outside the persona fields), and persona fields
left at the top level of a body known to be a session-token request (no personaConfig).
"""

from __future__ import annotations

from collections.abc import Iterator

from personalint import messages
from personalint import pointer as jp
from personalint.engine.context import MISSING, Context, Hit, blank, check
from personalint.engine.packs.anam_ids import names_saved_persona
from personalint.engine.vocabulary import STRINGS

_INLINE_FIELDS = {"fields": {**STRINGS, "description": "The inline persona fields personaId is an alternative to."}}
_SHOWN_FIELDS = 5  # a message names this many inline fields, then counts the rest


def _beside_inline(ctx: Context, params: dict, empty: bool) -> Iterator[Hit]:
    """A personaId string, blank (`empty`) or not, beside any of the inline persona `fields`."""
    persona = ctx.get("")
    if not isinstance(persona, dict) or "personaId" not in persona:
        return
    persona_id = persona["personaId"]
    if not isinstance(persona_id, str) or blank(persona_id) != empty:
        return
    inline = [k for k in persona if k in params["fields"]]
    if inline:
        more = len(inline) - _SHOWN_FIELDS
        shown = ", ".join(inline[:_SHOWN_FIELDS]) + (f" and {more} more" if more > 0 else "")
        fields = {"value": messages.value(persona_id, "/personaId"), "fields": shown}
        yield Hit("/personaId", "key", fields, fix={} if empty else None)  # an empty one: remove it


@check(required=("fields",), params=_INLINE_FIELDS)
def persona_id_with_inline(ctx: Context, params: dict) -> Iterator[Hit]:
    """A personaId beside inline persona `fields`, which the documents make alternatives."""
    yield from _beside_inline(ctx, params, empty=False)


@check(required=("fields",), params=_INLINE_FIELDS)
def empty_persona_id(ctx: Context, params: dict) -> Iterator[Hit]:
    """A blank personaId beside inline persona `fields` (usually an unset environment variable)."""
    yield from _beside_inline(ctx, params, empty=True)


@check(
    required=("fields",),
    params={"fields": {**STRINGS, "description": "Fields that only matter when Anam generates the speech."}},
)
def audio_passthrough_unused(ctx: Context, params: dict) -> Iterator[Hit]:
    """enableAudioPassthrough true beside fields that only matter when Anam generates the speech."""
    if ctx.get("/enableAudioPassthrough") is not True:
        return
    persona = ctx.get("")
    unused = [f for f in params["fields"] if isinstance(persona, dict) and f in persona and not blank(persona[f])]
    if unused:
        yield Hit("/enableAudioPassthrough", "key", {"fields": messages.and_join(unused)})


@check(
    required=("models",),
    params={
        "models": {**STRINGS, "description": "The avatar models that apply directorNotes."},
        "other_models": {
            **STRINGS,
            "description": "Documented avatar models that strip them (any other model is the lifecycle rules').",
        },
    },
)
def director_notes_model(ctx: Context, params: dict) -> Iterator[Hit]:
    """directorNotes set while avatarModel is not one of `models` (or not set at all)."""
    notes = ctx.get("/directorNotes")
    if not isinstance(notes, dict) or not notes:
        return
    model = ctx.get("/avatarModel")
    if model in params["models"]:
        return
    if (model is MISSING or model is None) and names_saved_persona(ctx.get("/personaId")):
        reason = "avatarModel is not set here, so they apply only if the saved persona uses a cara-4 model"
    elif model is MISSING or model is None:
        reason = (
            "this config does not set avatarModel, so they apply only if the avatar's default version is a cara-4 model"
        )
    elif model in params.get("other_models", []):
        reason = f"avatarModel is {messages.value(model)}, where Anam strips them silently"
    else:
        return  # an unknown model: the avatarModel lifecycle rules report it
    yield Hit("/directorNotes", "key", {"reason": reason})


# --- sessionOptions (beside personaConfig in a session-token body) ------------------------


@check(
    required=("sizes",),
    params={
        "sizes": {
            "type": "object",
            "description": "Each avatar model's video size, [width, height].",
            "additionalProperties": {
                "type": "array",
                "prefixItems": [{"type": "integer", "minimum": 1}, {"type": "integer", "minimum": 1}],
                "minItems": 2,
                "maxItems": 2,
            },
        },
        "either": {**STRINGS, "description": "Avatar models that may take any of the sizes."},
    },
)
def video_size(ctx: Context, params: dict) -> Iterator[Hit]:
    """sessionOptions.videoWidth x videoHeight is the size of the avatar model in `sizes`."""
    options = jp.resolve(ctx.document, "/sessionOptions", MISSING)
    if not isinstance(options, dict):
        return
    width, height = options.get("videoWidth"), options.get("videoHeight")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (width, height)):
        return  # a lone or non-integer dimension: the schema reports it
    sizes = {model: tuple(size) for model, size in params["sizes"].items()}
    model = ctx.get("/avatarModel")
    if model in sizes:
        if (width, height) == sizes[model]:
            return
        expected = f"avatarModel {model} takes {sizes[model][0]}x{sizes[model][1]}"
    elif model is MISSING or model is None or model in params.get("either", []):
        if (width, height) in sizes.values():
            return
        expected = "the documented sizes are " + messages.and_join([f"{m} {w}x{h}" for m, (w, h) in sizes.items()])
    else:
        return  # an unknown or removed model: its sizes are not documented
    yield Hit("/sessionOptions/videoWidth", "key", {"size": f"{width}x{height}", "expected": expected}, absolute=True)


@check(params={})
def egress_needs_passthrough(ctx: Context, params: dict) -> Iterator[Hit]:
    """sessionOptions.egress is set, but personaConfig.enableAudioPassthrough is not true."""
    egress = jp.resolve(ctx.document, "/sessionOptions/egress", MISSING)
    if egress is MISSING or not ctx.root:
        return
    persona = ctx.get("")
    value = persona.get("enableAudioPassthrough", MISSING) if isinstance(persona, dict) else MISSING
    if value is True:
        return
    if not isinstance(persona, dict):
        yield Hit("/sessionOptions/egress", "key", {"state": "there is no personaConfig"}, absolute=True)
    elif value is MISSING:
        yield Hit("", "container", {"state": "it is not set"})
    else:
        yield Hit("/enableAudioPassthrough", "value", {"state": f"it is {messages.value(value)}"})


# --- persona fields outside personaConfig -------------------------------------------------

_SESSION_PATH = "/v1/auth/session-token"


def _session_body(ctx: Context, body: dict) -> str | None:
    """Why `body` is known to be a session-token request body rather than a bare personaConfig
    (the SDK form, a legitimate document): a sessionOptions or clientLabel beside the fields, or the
    request the code sends it with. None when nothing says so."""
    beside = [k for k in ("sessionOptions", "clientLabel") if k in body]
    if beside:
        return f"{messages.and_join(beside)} {'is' if len(beside) == 1 else 'are'} beside them"
    source = ctx.source
    reason = getattr(source, "kind_reason", "") if getattr(source, "kind", None) == "anam-session" else ""
    if isinstance(reason, str) and _SESSION_PATH in reason:
        return f"the code sends it as the body of {reason}"
    return None


@check(
    required=("fields",),
    params={"fields": {**STRINGS, "description": "The fields of a personaConfig (inline or saved)."}},
)
def persona_fields_outside_config(ctx: Context, params: dict) -> Iterator[Hit]:
    """Persona `fields` at the top level of a body known to be a session-token request, which has no personaConfig."""
    body = ctx.document
    if not isinstance(body, dict) or "personaConfig" in body:
        return
    outside = [k for k in body if k in params["fields"]]
    reason = _session_body(ctx, body) if outside else None
    if reason is None:
        return
    pointers = [jp.join("", k) for k in outside]
    yield Hit(
        pointers[0],
        "key",
        {"fields": messages.and_join(outside), "reason": reason, "count": len(outside)},
        explains=tuple((p, k) for p in pointers for k in ("additionalProperties", "unevaluatedProperties")),
        absolute=True,
    )
