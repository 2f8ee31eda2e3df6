"""The Python behind rules/tavus-layers.yaml: the Tavus persona layers (perception, llm and its tools, tts).

Each check is named by one rule of that pack (`check: {function: NAME}`) and takes no
parameters of its own. Pointers are relative to the persona root. Which LLM and perception
model a persona runs is engine/packs/tavus.py's (`hosted`, `custom_model`, `perception_model`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import SplitResult, urlsplit

from personalint import messages, urls
from personalint import pointer as jp
from personalint.engine.context import MISSING, Context, Hit, blank, check, looking_at
from personalint.engine.packs.tavus import (
    LLM,
    PERCEPTION,
    carries_key,
    custom_model,
    hosted,
    hosted_names,
    is_set,
    llm_model,
    open_object,
    perception_model,
)
from personalint.patterns import lazy

TTS = "/layers/tts"


# --- perception -----------------------------------------------------------------------------

_AUDIO_FIELDS = ("audio_awareness_queries", "audio_tool_prompt", "audio_tools")
_PERCEPTION_SETTINGS = (
    "visual_awareness_queries",
    "visual_tool_prompt",
    "visual_tools",
    *_AUDIO_FIELDS,
    "perception_analysis_queries",
    "ambient_awareness_queries",
    "perception_tool_prompt",
    "perception_tools",
)


@check(params={})
def tavus_audio_perception_model(ctx: Context, params: dict) -> Iterator[Hit]:
    """Raven-1-only audio fields beside another perception model (off is a rule of its own)."""
    model = perception_model(ctx)
    perception = ctx.get(PERCEPTION)
    if not isinstance(model, str) or model in ("raven-1", "off") or not isinstance(perception, dict):
        return
    for name in _AUDIO_FIELDS:
        if is_set(perception.get(name, MISSING)):
            yield Hit(jp.join(PERCEPTION, name), "key", {"model": messages.value(model)})


@check(params={})
def tavus_perception_off_settings(ctx: Context, params: dict) -> Iterator[Hit]:
    """Queries, tool prompts and tools beside perception_model off, which disables all perception."""
    perception = ctx.get(PERCEPTION)
    if perception_model(ctx) != "off" or not isinstance(perception, dict):
        return
    for name in _PERCEPTION_SETTINGS:
        if is_set(perception.get(name, MISSING)):
            yield Hit(jp.join(PERCEPTION, name), "key")


_TOOL_PAIRS = (
    ("visual_tool_prompt", "visual_tools"),
    ("audio_tool_prompt", "audio_tools"),
    ("perception_tool_prompt", "perception_tools"),
)
# A backticked tool name as the documents write it: `notify_if_id_shown` or `escalate_to_human()`.
# Only names with an underscore or call parentheses count: a backticked plain word is not taken for a tool.
_NAMED_TOOL = lazy(r"`([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+|[A-Za-z_][A-Za-z0-9_]*(?=\())(?:\([^`]*\))?`")


def _tool_names(tools: Any) -> set[str]:
    if not isinstance(tools, list):
        return set()
    return {
        t["function"]["name"]
        for t in tools
        if isinstance(t, dict) and isinstance(t.get("function"), dict) and isinstance(t["function"].get("name"), str)
    }


@check(params={})
def tavus_tool_prompt_names(ctx: Context, params: dict) -> Iterator[Hit]:
    """A perception tool prompt that names (in backticks) a tool its tools list does not define."""
    perception = ctx.get(PERCEPTION)
    if not isinstance(perception, dict):
        return
    for prompt_name, tools_name in _TOOL_PAIRS:
        prompt = perception.get(prompt_name)
        if not isinstance(prompt, str):
            continue
        tools = perception.get(tools_name, MISSING)
        defined = _tool_names(tools)
        where = f"{tools_name} defines no tool of that name" if isinstance(tools, list) else f"{tools_name} is not set"
        seen: set[str] = set()
        for match in _NAMED_TOOL.finditer(prompt):
            name = match.group(1)
            if name in defined or name in seen:
                continue
            seen.add(name)
            yield Hit(jp.join(PERCEPTION, prompt_name), "key", {"name": name, "tools": tools_name, "where": where})


# --- LLM: hosted or your own ----------------------------------------------------------------

BASE_URL = LLM + "/base_url"


@check(params={})
def tavus_custom_model_without_base_url(ctx: Context, params: dict) -> Iterator[Hit]:
    """A model that is not Tavus-hosted (so the caller's own LLM) with no base_url to reach it."""
    name = custom_model(ctx)
    if name is not None and blank(ctx.get(BASE_URL)) and not open_object(ctx, LLM):
        yield Hit(LLM + "/model", "value", {"value": messages.value(name), "hosted": hosted_names(ctx)})


@check(params={})
def tavus_custom_llm_without_api_key(ctx: Context, params: dict) -> Iterator[Hit]:
    """A custom LLM (a base_url and a model that is not Tavus-hosted) without an api_key or credential header."""
    if custom_model(ctx) is not None and is_set(ctx.get(BASE_URL)) and not carries_key(ctx):
        yield Hit(LLM, "container")  # the key is missing: reported at the mapping that should hold it


@check(params={})
def tavus_base_url_without_model(ctx: Context, params: dict) -> Iterator[Hit]:
    """A base_url with no model: the name of the model the endpoint serves."""
    if is_set(ctx.get(BASE_URL)) and blank(llm_model(ctx)):
        yield Hit(LLM, "container")  # the model is missing: reported at the mapping that should hold it


@check(params={})
def tavus_base_url_with_hosted_model(ctx: Context, params: dict) -> Iterator[Hit]:
    """A base_url beside a Tavus-hosted model name."""
    model = llm_model(ctx)
    if isinstance(model, str) and not blank(model) and hosted(ctx) and is_set(ctx.get(BASE_URL)):
        yield Hit(BASE_URL, "key", {"value": messages.value(model)})


# --- LLM: base_url --------------------------------------------------------------------------

_ROUTE = lazy(r"(/chat)?/completions/?$|/responses/?$", re.I)


def _base_url(ctx: Context) -> tuple[str, SplitResult | None] | None:
    """base_url's text and its parts when it is an absolute http(s) URL (None parts when not); None when unset."""
    value = ctx.get(BASE_URL)
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parts = urlsplit(value.strip())
        valid = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return value, None
    return value, parts if valid else None


def _valid_base_url(ctx: Context) -> SplitResult | None:
    found = _base_url(ctx)
    return None if found is None else found[1]


def _shown(parts: SplitResult) -> str:
    return messages.value(urls.shown(parts), limit=60)


@check(params={}, reads=looking_at(BASE_URL))
def tavus_base_url_invalid(ctx: Context, params: dict) -> Iterator[Hit]:
    """A base_url that is not an absolute http(s) URL."""
    found = _base_url(ctx)
    if found is not None and found[1] is None:
        yield Hit(BASE_URL, "value", {"value": messages.value(urls.without_credentials(found[0]), BASE_URL)})


@check(params={}, reads=looking_at(BASE_URL))
def tavus_base_url_route(ctx: Context, params: dict) -> Iterator[Hit]:
    """A base_url that ends with a route (/chat/completions, /completions, /responses) Tavus appends itself."""
    parts = _valid_base_url(ctx)
    route = _ROUTE.search(parts.path or "") if parts is not None else None
    if parts is None or route is None:
        return
    base = parts.path[: route.start()]
    suggestion = messages.value(f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}{base}", limit=60)
    fields = {"value": _shown(parts), "route": route.group(0).rstrip("/"), "suggestion": suggestion}
    yield Hit(BASE_URL, "value", fields, fix={"value": parts._replace(path=base).geturl()})


@check(params={}, reads=looking_at(BASE_URL))
def tavus_base_url_local(ctx: Context, params: dict) -> Iterator[Hit]:
    """A base_url on localhost or a private network address, which Tavus's servers cannot reach."""
    parts = _valid_base_url(ctx)
    if parts is not None and urls.is_local_host(parts.hostname or ""):
        yield Hit(BASE_URL, "value", {"value": _shown(parts), "host": parts.hostname})


@check(params={})
def tavus_base_url_insecure(ctx: Context, params: dict) -> Iterator[Hit]:
    """A plain-http base_url to a public host, with no credential on the persona (with one: SE003)."""
    parts = _valid_base_url(ctx)
    if parts is None or parts.scheme.lower() != "http" or urls.is_local_host(parts.hostname or ""):
        return
    if not carries_key(ctx):
        yield Hit(BASE_URL, "value", {"value": _shown(parts)})


@check(params={}, reads=looking_at(BASE_URL))
def tavus_base_url_trailing_slash(ctx: Context, params: dict) -> Iterator[Hit]:
    """A base_url that ends with a slash (and no route), to which Tavus appends /chat/completions."""
    parts = _valid_base_url(ctx)
    if parts is not None and not _ROUTE.search(parts.path or "") and parts.path.endswith("/") and not parts.query:
        fixed = parts._replace(path=parts.path.rstrip("/"), fragment="").geturl()
        yield Hit(BASE_URL, "value", {"value": _shown(parts)}, fix={"value": fixed} if not parts.fragment else None)


# --- tools ----------------------------------------------------------------------------------

_TOOL_LISTS = (
    "/layers/llm/tools",
    "/layers/perception/visual_tools",
    "/layers/perception/audio_tools",
    "/layers/perception/perception_tools",
)


def _tools(ctx: Context) -> Iterator[tuple[str, str, dict]]:
    """(pointer of function.parameters, tool name, parameters) of every tool with parameters."""
    for path in _TOOL_LISTS:
        tools = ctx.get(path)
        if not isinstance(tools, list):
            continue
        for index, tool in enumerate(tools):
            function = tool.get("function") if isinstance(tool, dict) else None
            if not isinstance(function, dict) or not isinstance(function.get("parameters"), dict):
                continue
            name = function.get("name")
            label = name if isinstance(name, str) else f"#{index}"
            yield jp.join(path, index, "function", "parameters"), label, function["parameters"]


@check(params={}, reads=looking_at(*_TOOL_LISTS))
def tavus_tool_required(ctx: Context, params: dict) -> Iterator[Hit]:
    """Entries of parameters.required that parameters.properties does not define."""
    for here, name, parameters in _tools(ctx):
        required = parameters.get("required")
        properties = parameters.get("properties", {})
        if not isinstance(required, list) or not isinstance(properties, dict):
            continue
        for index, entry in enumerate(required):
            if isinstance(entry, str) and entry not in properties:
                yield Hit(jp.join(here, "required", index), "value", {"value": messages.value(entry), "tool": name})


def _schema_error(parameters: Any) -> Any:
    """jsonschema's SchemaError for `parameters`, or None when it is a valid JSON Schema.

    jsonschema-rs answers first; only an invalid schema pays for importing jsonschema.
    """
    import jsonschema_rs

    try:
        if jsonschema_rs.meta.is_valid(parameters):
            return None
    except Exception:  # a value JSON cannot hold (a YAML date): let jsonschema explain
        pass
    from jsonschema import Draft202012Validator, exceptions

    try:
        Draft202012Validator.check_schema(parameters)
    except exceptions.SchemaError as error:
        return error
    return None


@check(params={}, reads=looking_at(*_TOOL_LISTS))
def tavus_tool_parameters_schema(ctx: Context, params: dict) -> Iterator[Hit]:
    """function.parameters that is not a valid JSON Schema (draft 2020-12), or not of type object."""
    for here, name, parameters in _tools(ctx):
        error = _schema_error(parameters)
        if error is not None:
            where = jp.join(here, *error.path) if error.path else here
            if jp.resolve(ctx.get(""), where, MISSING) is MISSING:
                where = here
            reason = error.message if len(error.message) <= 100 else error.message[:99] + "…"
            yield Hit(where, "value", {"tool": name, "reason": reason})
        elif "type" in parameters and parameters["type"] != "object":
            reason = f"a function's parameters must be of type object, not {messages.value(parameters['type'])}"
            yield Hit(jp.join(here, "type"), "value", {"tool": name, "reason": reason})


# --- TTS ------------------------------------------------------------------------------------

_ELEVENLABS_ONLY = ("stability", "similarity_boost", "style", "use_speaker_boost")
_CARTESIA_ONLY = ("emotion",)


@check(params={})
def tavus_voice_settings_engine(ctx: Context, params: dict) -> Iterator[Hit]:
    """voice_settings keys of the other engine: ElevenLabs' under Cartesia, Cartesia's emotion under ElevenLabs."""
    engine = ctx.get(TTS + "/tts_engine")
    settings = ctx.get(TTS + "/voice_settings")
    if not isinstance(settings, dict) or engine not in ("cartesia", "elevenlabs"):
        return
    foreign, owner = (_ELEVENLABS_ONLY, "ElevenLabs") if engine == "cartesia" else (_CARTESIA_ONLY, "Cartesia")
    for name in foreign:
        if name in settings:
            yield Hit(jp.join(TTS + "/voice_settings", name), "key", {"owner": owner, "engine": engine})


_CARTESIA_SPEEDS = ("slowest", "slow", "normal", "fast", "fastest")
_CARTESIA_LEVEL_EMOTIONS = ("anger", "positivity", "surprise", "sadness", "curiosity")
_CARTESIA_LEVELS = ("lowest", "low", "medium", "high", "highest")
# Sonic-3's emotion names (Cartesia's generation_config.emotion, used without a level).
_SONIC3_EMOTIONS = frozenset(
    """
    neutral happy excited enthusiastic elated euphoric triumphant amazed surprised flirtatious joking/comedic
    curious content peaceful serene calm grateful affectionate trust sympathetic anticipation mysterious angry
    mad outraged frustrated agitated threatened disgusted contempt envious sarcastic ironic sad dejected
    melancholic disappointed hurt guilty bored tired rejected nostalgic wistful apologetic hesitant insecure
    confused resigned anxious panicked alarmed scared proud confident distant skeptical contemplative determined
""".split()
)


def _speed_problem(speed: Any, model: Any) -> str | None:
    """Why a Cartesia speed is wrong: a name it does not have, or a number outside sonic-3's range."""
    if isinstance(speed, str):
        named = speed.strip().lower() in _CARTESIA_SPEEDS
        return None if named else "a named speed is one of " + ", ".join(_CARTESIA_SPEEDS)
    number = isinstance(speed, (int, float)) and not isinstance(speed, bool)
    if number and isinstance(model, str) and model.startswith("sonic-3") and not 0.6 <= speed <= 1.5:
        return f"{model} takes a speed between 0.6 and 1.5"
    return None


def _emotion_problem(entry: str) -> str | None:
    name, _, level = entry.strip().lower().partition(":")
    if not level:
        if name in _CARTESIA_LEVEL_EMOTIONS or name in _SONIC3_EMOTIONS:
            return None
        return "not a Cartesia emotion"
    if name not in _CARTESIA_LEVEL_EMOTIONS:
        with_level = ", ".join(_CARTESIA_LEVEL_EMOTIONS)
        if name in _SONIC3_EMOTIONS:  # a sonic-3 emotion, written with a level it does not take
            return f"{name} takes no level: write {name} alone (a level (:{level}) goes only with {with_level})"
        return f"{name} is not a Cartesia emotion in any form (a level (:{level}) goes only with {with_level})"
    if level not in _CARTESIA_LEVELS:
        return f"the level is one of {', '.join(_CARTESIA_LEVELS)}"
    return None


@check(params={})
def tavus_cartesia_voice_settings(ctx: Context, params: dict) -> Iterator[Hit]:
    """Cartesia voice_settings speed and emotion values outside what the documents give."""
    base = TTS + "/voice_settings"
    settings = ctx.get(base)
    if ctx.get(TTS + "/tts_engine") != "cartesia" or not isinstance(settings, dict):
        return
    speed = settings.get("speed", MISSING)
    reason = _speed_problem(speed, ctx.get(TTS + "/tts_model_name"))
    if reason:
        yield Hit(base + "/speed", "value", {"value": messages.value(speed), "field": "speed", "reason": reason})
    emotion = settings.get("emotion", MISSING)
    if isinstance(emotion, str):
        entries = [(base + "/emotion", emotion)]
    else:
        entries = [(jp.join(base, "emotion", i), e) for i, e in enumerate(emotion)] if isinstance(emotion, list) else []
    for here, entry in entries:
        reason = _emotion_problem(entry) if isinstance(entry, str) else None
        if reason:
            yield Hit(here, "value", {"value": messages.value(entry), "field": "emotion", "reason": reason})


# --- every layer ----------------------------------------------------------------------------

_LAYERS = ("perception", "stt", "conversational_flow", "llm", "tts")  # the documented ones (others: TV111, PS005)


@check(params={})
def tavus_empty_layer(ctx: Context, params: dict) -> Iterator[Hit]:
    """An empty layers object, or an empty documented layer in it (not one a spread fills at run time)."""
    layers = ctx.get("/layers")
    if not isinstance(layers, dict) or open_object(ctx, "/layers"):
        return
    names = [n for n in _LAYERS if layers.get(n, MISSING) == {} and not open_object(ctx, f"/layers/{n}")]
    for here in [f"/layers/{n}" for n in names] if layers else ["/layers"]:
        flow = here.endswith("/conversational_flow")  # its defaults apply only once a field is set
        effect = "the layer stays off until one of its fields is set" if flow else "Tavus uses its defaults there"
        yield Hit(here, "key", {"where": messages.field_name(here, depth=None), "effect": effect})
