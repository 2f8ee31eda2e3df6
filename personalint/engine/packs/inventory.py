"""The Python behind rules/inventory.yaml (IV rules): references checked against the
organisation's own resources (`personalint.inventory`).

Every check here does nothing without an inventory, or when the inventory lacks the list a
reference points into (a list that was not pulled is unknown, not empty). The rules also say
`when: {inventory: true}`, so they do not even run without one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from personalint import messages
from personalint import pointer as jp
from personalint.engine.context import Context, Hit, check
from personalint.engine.vocabulary import PATH, STRINGS

# path (with `*`) -> the inventory list its ids or tags belong to ("anam/avatars", "tavus/guardrails")
FIELDS = {
    "type": "object",
    "minProperties": 1,
    "propertyNames": PATH,
    "additionalProperties": {"type": "string", "pattern": "^[a-z]+/[a-z-]+$"},
}
# what a voiceGenerationOptions shape accepts for one option
OPTION = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "min": {"type": "number"},
        "max": {"type": "number"},
        "type": {"enum": ["boolean", "string"]},
        "enum": STRINGS,
    },
}


def _string(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


@check(
    required=("fields",),
    params={"fields": FIELDS, "skip": {**STRINGS, "description": "Values that are not references."}},
)
def unknown_reference(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each id at a path of `fields` (path -> inventory list) is an item of that list.

    `skip` lists values that are not references (Anam's CUSTOMER_CLIENT_V1 and legacy brainType
    values as llmId). A list the inventory does not hold is not checked.
    """
    from personalint.inventory import LISTS

    inventory = ctx.inventory
    if inventory is None:
        return
    skip = set(params.get("skip", ()))
    for path, key in params["fields"].items():
        if not inventory.holds(key):
            continue
        spec = LISTS[key]
        for here, value in ctx.find(path):
            if not _string(value) or value in skip or inventory.get(key, value) is not None:
                continue
            tokens = jp.split(here)
            field = tokens[-1] if not tokens[-1].isdigit() else tokens[-2] + " item"
            yield Hit(
                here,
                "value",
                {
                    "value": messages.value(value, here),
                    "what": f"{messages.article(spec.noun)} {spec.noun}",
                    "hint": inventory.suggest(key, value),
                    "field": field,
                },
            )


@check(params={"no_llm": {**STRINGS, "description": "llmId values that run no Anam LLM."}})
def zero_data_retention_compatible(ctx: Context, params: dict) -> Iterator[Hit]:
    """zeroDataRetention true with a voice or an LLM whose isZdr is false (the ones named).

    An llmId in `no_llm` (CUSTOMER_CLIENT_V1) runs no Anam LLM: only the voice is checked.
    A voice or LLM the inventory lacks, or whose isZdr it does not say, is not judged here.
    """
    inventory = ctx.inventory
    if inventory is None or ctx.get("/zeroDataRetention") is not True:
        return
    offenders: list[str] = []
    voice = inventory.get("anam/voices", ctx.get("/voiceId"))
    if voice is not None and voice.isZdr is False:
        offenders.append("voice " + inventory.label("anam/voices", voice))
    llm_id = ctx.get("/llmId")
    if llm_id in params.get("no_llm", ()):
        scope = "a ZDR-compatible voice (llmId " + str(llm_id) + " runs no Anam LLM)"
    else:
        scope = "a ZDR-compatible voice and LLM"
        llm = inventory.get("anam/llms", llm_id)
        if llm is not None and llm.isZdr is False:
            offenders.append("LLM " + inventory.label("anam/llms", llm))
    if offenders:
        yield Hit(
            "/zeroDataRetention",
            "value",
            {
                "needs": scope,
                "offenders": " and ".join(offenders),
                "verb": "are" if len(offenders) > 1 else "is",
            },
        )


def _public_names(version: str, params: dict, public: set[str]) -> list[str] | None:
    """The public avatarModel names an availableVersions entry stands for (None: cannot tell)."""
    if version in public:
        return [version]
    mapped = params.get("versions", {}).get(version)
    if mapped is not None:
        return list(mapped)
    for pattern, names in params.get("version_patterns", {}).items():
        match = re.fullmatch(pattern, version)
        if match:
            return [name.format(*match.groups()) for name in names]
    return None


@check(
    required=("table",),
    params={
        "table": {"type": "string", "description": "The lifecycle table of the public model names."},
        "versions": {"type": "object", "additionalProperties": STRINGS},
        "version_patterns": {"type": "object", "propertyNames": {"format": "regex"}, "additionalProperties": STRINGS},
    },
)
def avatar_model_available(ctx: Context, params: dict) -> Iterator[Hit]:
    """avatarModel is one of the models the avatar's availableVersions offer (mapped to public names).

    Documents show availableVersions with internal names (v1, v2, cara-4-3) in one revision and
    public names (cara-3) in another; `versions` and `version_patterns` map the internal ones.
    When an entry maps to nothing known, the avatar may offer the model: nothing is reported.
    """
    inventory = ctx.inventory
    model = ctx.get("/avatarModel")
    if inventory is None or not _string(model):
        return
    public = set(ctx.tables[params["table"]])
    if model not in public:
        return  # an unknown model is AN001's finding
    avatar = inventory.get("anam/avatars", ctx.get("/avatarId"))
    versions = getattr(avatar, "availableVersions", None) if avatar is not None else None
    if not versions:
        return
    offered: list[str] = []
    for version in versions:
        names = _public_names(version, params, public)
        if names is None:
            return
        offered += [n for n in names if n not in offered]
    if model in offered:
        return
    internal = [v for v in versions if v not in public]
    listed = ", ".join(versions) if internal else None
    yield Hit(
        "/avatarModel",
        "value",
        {
            "value": messages.value(model),
            "avatar": inventory.label("anam/avatars", avatar),
            "offered": ", ".join(offered) or "no model",
            "listed": f" (availableVersions: {listed})" if listed else "",
        },
    )


def _fits(value: Any, spec: dict) -> bool:
    if "enum" in spec:
        return value in spec["enum"]
    if spec.get("type") == "boolean":
        return isinstance(value, bool)
    if spec.get("type") == "string":
        return isinstance(value, str)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return spec.get("min", float("-inf")) <= value <= spec.get("max", float("inf"))


def _shape_accepts(options: dict, shape: dict) -> bool:
    return all(name in shape and _fits(value, shape[name]) for name, value in options.items())


def _expected(spec: dict) -> str:
    if "enum" in spec:
        return "one of " + ", ".join(spec["enum"])
    if "type" in spec:
        return "a " + spec["type"]
    return f"between {messages.number(spec['min'])} and {messages.number(spec['max'])}"


@check(
    required=("providers", "shapes"),
    params={
        "providers": {
            "type": "object",
            "description": "provider -> the shapes of its voices, the first whose model_matches applies.",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["shape"],
                    "additionalProperties": False,
                    "properties": {"model_matches": {"type": "string", "format": "regex"}, "shape": {"type": "string"}},
                },
            },
        },
        "shapes": {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": OPTION}},
    },
)
def voice_options_fit(ctx: Context, params: dict) -> Iterator[Hit]:
    """voiceGenerationOptions fit the shape of the voice's provider and model (`providers`, `shapes`).

    Only options that one documented shape accepts are judged: those that no shape accepts are
    the schema's findings (and AN030's), which say the same thing without the inventory.
    """
    inventory = ctx.inventory
    options = ctx.get("/voiceGenerationOptions")
    if inventory is None or not isinstance(options, dict) or not options:
        return
    voice = inventory.get("anam/voices", ctx.get("/voiceId"))
    if voice is None or voice.provider not in params["providers"]:
        return
    shapes: dict[str, dict] = params["shapes"]
    if not any(_shape_accepts(options, shape) for shape in shapes.values()):
        return
    model = voice.providerModelId or ""
    chosen = None
    for choice in params["providers"][voice.provider]:
        if re.search(choice.get("model_matches", ""), model):
            chosen = choice["shape"]
            break
    described = f"voice {inventory.label('anam/voices', voice)} is {voice.provider}" + (f" {model}" if model else "")
    if chosen is None:
        yield Hit(
            "/voiceGenerationOptions",
            "key",
            {
                "detail": f"no documented voiceGenerationOptions apply: {described}, and Anam documents "
                f"options for {', '.join(shapes)} voices only"
            },
        )
        return
    shape = shapes[chosen]
    if _shape_accepts(options, shape):
        return
    for name, value in options.items():
        here = jp.join("/voiceGenerationOptions", name)
        if name not in shape:
            yield Hit(
                here,
                "key",
                {"detail": f"{name} is not an option of {chosen} voices ({described}); they take {', '.join(shape)}"},
            )
        elif not _fits(value, shape[name]):
            yield Hit(
                here,
                "value",
                {
                    "detail": f"{chosen} {name} must be {_expected(shape[name])}; got "
                    f"{messages.value(value, here)} ({described})"
                },
            )


@check(params={"max": {"type": "integer", "minimum": 0, "description": "Default 50."}})
def guardrail_total_exact(ctx: Context, params: dict) -> Iterator[Hit]:
    """guardrail_ids plus the guardrails that guardrail_tags match exceed the total (`max`)."""
    inventory = ctx.inventory
    tags = ctx.get("/guardrail_tags")
    if inventory is None or not inventory.holds("tavus/guardrails") or not isinstance(tags, list) or not tags:
        return
    ids = ctx.get("/guardrail_ids")
    by_id = {i for i in ids if isinstance(i, str)} if isinstance(ids, list) else set()
    wanted = {t for t in tags if isinstance(t, str)}
    tagged = {g.uuid for g in inventory.items("tavus/guardrails") if wanted & set(g.tags or ())}
    total = by_id | tagged
    limit = params.get("max", 50)
    if len(total) > limit:
        yield Hit(
            "/guardrail_tags",
            "key",
            {"count": len(total), "max": limit, "by_id": len(by_id), "by_tag": len(tagged - by_id)},
        )


@check(required=("fields",), params={"fields": FIELDS})
def unmatched_tags(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each tag at a path of `fields` (path -> inventory list) is a tag of some item of that list."""
    from personalint.inventory import LISTS

    inventory = ctx.inventory
    if inventory is None:
        return
    for path, key in params["fields"].items():
        if not inventory.holds(key):
            continue
        known = sorted({t for item in inventory.items(key) for t in (item.tags or ())})
        for here, value in ctx.find(path):
            if not _string(value) or value in known:
                continue
            import difflib  # only when a name is wrong

            close = difflib.get_close_matches(value, known, n=2, cutoff=0.6)
            hint = (
                "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
                if close
                else ("; no " + LISTS[key].noun + " in the inventory has a tag" if not known else "")
            )
            yield Hit(
                here,
                "value",
                {
                    "value": messages.value(value, here),
                    "noun": LISTS[key].noun,
                    "field": jp.split(path)[0],
                    "hint": hint,
                },
            )


@check(required=("model",), params={"model": {"type": "string"}})
def emotion_control_replica(ctx: Context, params: dict) -> Iterator[Hit]:
    """tts_emotion_control true with a default replica whose model_name is not `model`."""
    inventory = ctx.inventory
    if inventory is None or ctx.get("/layers/tts/tts_emotion_control") is not True:
        return
    replica = inventory.get("tavus/replicas", ctx.get("/default_replica_id"))
    model = getattr(replica, "model_name", None) if replica is not None else None
    if not isinstance(model, str) or not model.strip() or model.lower() == params["model"].lower():
        return
    yield Hit(
        "/layers/tts/tts_emotion_control",
        "key",
        {"replica": inventory.label("tavus/replicas", replica), "model": model},
    )
