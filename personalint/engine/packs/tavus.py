"""Python checks of the tavus rule packs (see `personalint.custom`).

Each function is named by a rule in rules/tavus*.yaml with `check: {function: python, name: ...}`;
its parameters come from the rule. Pointers are relative to the persona root.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from personalint import messages
from personalint import pointer as jp
from personalint.engine.context import MISSING, Context, Hit, check

LLM_MODELS = "tavus-llm-models"  # the lifecycle table of Tavus-hosted LLM names (rules/tavus-lifecycle.yaml)
PERCEPTION = "/layers/perception"
LLM = "/layers/llm"
TTS = "/layers/tts"


def _blank(value: Any) -> bool:
    return value is MISSING or value is None or (isinstance(value, str) and not value.strip())


def _set(value: Any) -> bool:
    """A field that says something: not missing, null, blank, or an empty list or object."""
    return not _blank(value) and value not in ([], {})


def _model(ctx: Context) -> Any:
    return ctx.get(LLM + "/model")


def hosted(ctx: Context) -> bool:
    """The persona runs a Tavus-hosted LLM: no model named (Tavus's default) or a hosted name, old or new."""
    model = _model(ctx)
    return _blank(model) or (isinstance(model, str) and model in ctx.tables.get(LLM_MODELS, {}))


def custom_model(ctx: Context) -> str | None:
    """The model name when it is not a Tavus-hosted one: then it is the caller's own LLM."""
    model = _model(ctx)
    return model if isinstance(model, str) and not _blank(model) and not hosted(ctx) else None


def _hosted_names(ctx: Context) -> str:
    return ", ".join(name for name, e in ctx.tables.get(LLM_MODELS, {}).items() if e["status"] == "current")


def _perception_model(ctx: Context) -> Any:
    model = ctx.get(PERCEPTION + "/perception_model")
    return "off" if model is False else model  # YAML's unquoted off; the schema reports the quoting


# --- pipeline -------------------------------------------------------------------------------


@check()
def tavus_echo_with_perception(ctx: Context, params: dict) -> Iterator[Hit]:
    """pipeline_mode echo with a perception layer whose model is not off."""
    perception = ctx.get(PERCEPTION)
    if ctx.get("/pipeline_mode") != "echo" or not isinstance(perception, dict) or not perception:
        return
    model = _perception_model(ctx)
    if model == "off":
        return
    if model is MISSING:
        yield Hit(PERCEPTION, "key", {"value": "raven-1 (the default, as perception_model is not set)"})
    else:
        yield Hit(PERCEPTION + "/perception_model", "value", {"value": messages.value(model)})


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


@check()
def tavus_audio_perception_model(ctx: Context, params: dict) -> Iterator[Hit]:
    """Raven-1-only audio fields beside another perception model (off is a rule of its own)."""
    model = _perception_model(ctx)
    perception = ctx.get(PERCEPTION)
    if not isinstance(model, str) or model in ("raven-1", "off") or not isinstance(perception, dict):
        return
    for name in _AUDIO_FIELDS:
        if _set(perception.get(name, MISSING)):
            yield Hit(jp.join(PERCEPTION, name), "key", {"model": messages.value(model)})


@check()
def tavus_perception_off_settings(ctx: Context, params: dict) -> Iterator[Hit]:
    """Queries, tool prompts and tools beside perception_model off, which disables all perception."""
    perception = ctx.get(PERCEPTION)
    if _perception_model(ctx) != "off" or not isinstance(perception, dict):
        return
    for name in _PERCEPTION_SETTINGS:
        if _set(perception.get(name, MISSING)):
            yield Hit(jp.join(PERCEPTION, name), "key")


_TOOL_PAIRS = (
    ("visual_tool_prompt", "visual_tools"),
    ("audio_tool_prompt", "audio_tools"),
    ("perception_tool_prompt", "perception_tools"),
)
# A backticked tool name as the documents write it: `notify_if_id_shown` or `escalate_to_human()`.
# Only names with an underscore or call parentheses count: a backticked plain word is not taken for a tool.
_NAMED_TOOL = re.compile(r"`([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+|[A-Za-z_][A-Za-z0-9_]*(?=\())(?:\([^`]*\))?`")


def _tool_names(tools: Any) -> set[str]:
    if not isinstance(tools, list):
        return set()
    return {
        t["function"]["name"]
        for t in tools
        if isinstance(t, dict) and isinstance(t.get("function"), dict) and isinstance(t["function"].get("name"), str)
    }


@check()
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
        seen: set[str] = set()
        for match in _NAMED_TOOL.finditer(prompt):
            name = match.group(1)
            if name in defined or name in seen:
                continue
            seen.add(name)
            where = (
                f"{tools_name} defines no tool of that name" if isinstance(tools, list) else f"{tools_name} is not set"
            )
            yield Hit(jp.join(PERCEPTION, prompt_name), "key", {"name": name, "tools": tools_name, "where": where})


# --- empty strings and placeholders ---------------------------------------------------------


@check()
def tavus_empty_strings(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each string field of `paths` that is set to an empty or blank string."""
    for path in params["paths"]:
        for here, value in ctx.find(path):
            if isinstance(value, str) and not value.strip():
                yield Hit(here, "value", {"value": messages.value(value, here), "where": _dotted(here)})


def _dotted(pointer: str) -> str:
    """`layers.tts.api_key`, `document_ids[2]`: a field's place, as messages name it."""
    text = ""
    for token in jp.split(pointer):
        text += f"[{token}]" if token.isdigit() else ("." if text else "") + token
    return text


# Template stand-ins left in a copied example. Deploy-time substitutions (${VAR}, {{ var }},
# $VAR) are the recommended way to keep values out of a file, so they are not placeholders here.
_PLACEHOLDER = re.compile(
    r"(?is)\s*(?:your[-_ .][\w\- .]*|[\w\- ]*[-_ ]here|<[^<>{}$]*>|placeholder|x{3,}|todo|tbd|"
    r"change[-_ ]?me|replace[-_ ]?me|insert[-_ ][\w\- ]*)\s*"
)
# api_key fields are SE001's (literal-credential), which also judges their placeholders.
_IDENTIFIER_KEY = re.compile(r"(?:_id|_ids)$|^(?:model|external_voice_id|tts_model_name)$")


def _strings(ctx: Context) -> Iterator[tuple[str, str]]:
    """(pointer, text) of every string in the persona body."""
    root = ctx.get("")
    if isinstance(root, dict):
        yield from ((here, value) for here, value in jp.walk(root) if isinstance(value, str))


@check()
def tavus_placeholders(ctx: Context, params: dict) -> Iterator[Hit]:
    """Ids and model names still holding a template placeholder (your-..., YOUR_..._ID, <...>)."""
    for here, value in _strings(ctx):
        tokens = jp.split(here)
        if not tokens or "tools" in tokens[:-1] or any(t.endswith("_tools") for t in tokens):
            continue
        key = tokens[-1] if not tokens[-1].isdigit() else (tokens[-2] if len(tokens) > 1 else "")
        if _IDENTIFIER_KEY.search(key) and _PLACEHOLDER.fullmatch(value):
            yield Hit(here, "value", {"value": messages.value(value, here), "key": key})


# --- text encoding --------------------------------------------------------------------------

# Characters that UTF-8 bytes turn into when they are decoded as Windows-1252 (or Latin-1).
_CP1252_SPECIALS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE_RUN = re.compile("[\u0080-\u00ff" + _CP1252_SPECIALS + "]{2,}")
_MOJIBAKE_START = re.compile("[\u00c2-\u00f4]")  # the lead byte of a 2- to 4-byte UTF-8 sequence
_MOJIBAKE_WINDOW = 12  # up to three mangled characters at once


def _continuations() -> frozenset[str]:
    """Characters that the bytes 0x80-0xBF (UTF-8 continuation bytes) become in cp1252 or Latin-1."""
    found = set()
    for byte in range(0x80, 0xC0):
        for codec in ("cp1252", "latin-1"):
            try:
                found.add(bytes([byte]).decode(codec))
            except UnicodeDecodeError:
                pass
    return frozenset(found)


_CONTINUATION = _continuations()


def _unmangle(run: str) -> str | None:
    """The text `run` was before UTF-8 was read as Windows-1252, or None if it is not such a run."""
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = run.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != run and len(fixed) < len(run):
            return fixed
    return None


def mojibake(text: str) -> tuple[str, str] | None:
    """The first mangled run in `text` and what it should read, if any."""
    for match in _MOJIBAKE_RUN.finditer(text):
        run = match.group(0)
        for start in (m.start() for m in _MOJIBAKE_START.finditer(run)):
            if start + 1 >= len(run) or run[start + 1] not in _CONTINUATION:
                continue  # a UTF-8 lead byte is always followed by a continuation byte (0x80-0xBF)
            # one character mangles into at most 4: a short window keeps long runs linear
            for end in range(min(len(run), start + _MOJIBAKE_WINDOW), start + 1, -1):
                fixed = _unmangle(run[start:end])
                if fixed is not None:
                    return run[start:end], fixed
    return None


@check()
def tavus_mojibake(ctx: Context, params: dict) -> Iterator[Hit]:
    """Text fields with UTF-8 that was decoded as Windows-1252 somewhere on its way (â€” for —)."""
    for here, value in _strings(ctx):
        if messages.is_secret_name(jp.split(here)[-1] if here else ""):
            continue
        found = mojibake(value)
        if found:
            count = sum(1 for m in _MOJIBAKE_RUN.finditer(value) if mojibake(m.group(0)))
            yield Hit(
                here,
                "key",
                {
                    "where": _dotted(here),
                    "bad": messages.value(found[0]),
                    "good": messages.value(found[1]),
                    "count": count,
                },
            )


# --- LLM ------------------------------------------------------------------------------------

_SECRET_HEADER = re.compile(r"authorization|api[-_]?key|token|secret", re.I)


def _carries_key(ctx: Context) -> bool:
    headers = ctx.get(LLM + "/headers")
    header_key = isinstance(headers, dict) and any(
        _SECRET_HEADER.search(str(k)) and _set(v) for k, v in headers.items()
    )
    return _set(ctx.get(LLM + "/api_key")) or header_key


@check()
def tavus_custom_llm(ctx: Context, params: dict) -> Iterator[Hit]:
    """What a custom LLM needs (model, base_url, api_key), and a base_url beside a hosted model."""
    problem = params["problem"]
    base_url = ctx.get(LLM + "/base_url")
    model = _model(ctx)
    if problem == "base_url":
        name = custom_model(ctx)
        if name is not None and _blank(base_url):
            yield Hit(LLM + "/model", "value", {"value": messages.value(name), "hosted": _hosted_names(ctx)})
    elif problem == "api_key":
        if custom_model(ctx) is not None and _set(base_url) and not _carries_key(ctx):
            yield Hit(LLM + "/base_url", "key")
    elif problem == "model":
        if _set(base_url) and _blank(model):
            yield Hit(LLM + "/base_url", "key")
    elif problem == "hosted":
        if isinstance(model, str) and not _blank(model) and hosted(ctx) and _set(base_url):
            yield Hit(LLM + "/base_url", "key", {"value": messages.value(model)})


def _local(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in ("localhost", "0.0.0.0") or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_unspecified


def _shown_url(parts: Any) -> str:
    """A URL for a message: scheme, host and path only (user info and query may carry secrets)."""
    host = parts.hostname or ""
    port = f":{parts.port}" if _port(parts) else ""
    return messages.value(f"{parts.scheme}://{host}{port}{parts.path}", limit=60)


def _port(parts: Any) -> int | None:
    try:
        return parts.port
    except ValueError:
        return None


def _without_credentials(text: str) -> str:
    """A URL-ish string for a message: user info and query (which may carry secrets) cut out."""
    text = re.sub(r"(//)[^/@\s]*@", r"\1…@", text)
    return text.split("?", 1)[0] + ("?…" if "?" in text else "")


_ROUTE = re.compile(r"(/chat)?/completions/?$|/responses/?$", re.I)


@check()
def tavus_base_url(ctx: Context, params: dict) -> Iterator[Hit]:
    """One kind of base_url problem, named by `problem`: invalid, route, local, insecure, slash."""
    problem = params["problem"]
    pointer = LLM + "/base_url"
    value = ctx.get(pointer)
    if not isinstance(value, str) or not value.strip():
        return
    try:
        parts = urlsplit(value.strip())
        valid = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        parts, valid = None, False
    if problem == "invalid":
        if not valid:
            yield Hit(pointer, "value", {"value": messages.value(_without_credentials(value), pointer)})
        return
    if not valid or parts is None:
        return
    local = _local(parts.hostname or "")
    route = _ROUTE.search(parts.path or "")
    if problem == "route" and route:
        base = parts.path[: route.start()]
        suggestion = messages.value(f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}{base}", limit=60)
        yield Hit(
            pointer,
            "value",
            {"value": _shown_url(parts), "route": route.group(0).rstrip("/"), "suggestion": suggestion},
        )
    elif problem == "local" and local:
        yield Hit(pointer, "value", {"value": _shown_url(parts), "host": parts.hostname})
    elif problem == "insecure" and parts.scheme.lower() == "http" and not local and not _carries_key(ctx):
        yield Hit(pointer, "value", {"value": _shown_url(parts)})  # with a credential: SE003
    elif problem == "slash" and not route and parts.path.endswith("/") and not parts.query:
        yield Hit(pointer, "value", {"value": _shown_url(parts)})


@check()
def tavus_system_prompt_length(ctx: Context, params: dict) -> Iterator[Hit]:
    """system_prompt above the context guidance (1 token ≈ 4 characters), one level per band.

    `band`: note (above 5,000 tokens, up to 15,000), warning (above 15,000; for hosted models
    up to 32,000), error (above 32,000 with a Tavus-hosted model).
    """
    prompt = ctx.get("/system_prompt")
    if not isinstance(prompt, str) or ctx.get("/pipeline_mode") == "echo":
        return
    tokens = math.ceil(len(prompt) / 4)
    is_hosted = hosted(ctx)
    band = params["band"]
    if band == "note":
        fires = 5000 < tokens <= 15000
    elif band == "warning":
        fires = tokens > 15000 and (tokens <= 32000 or not is_hosted)
    else:
        fires = tokens > 32000 and is_hosted
    if fires:
        yield Hit("/system_prompt", "key", {"chars": f"{len(prompt):,}", "tokens": f"{tokens:,}"})


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
            name = function.get("name") if isinstance(function.get("name"), str) else f"#{index}"
            yield jp.join(path, index, "function", "parameters"), name, function["parameters"]


@check()
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


@check()
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
            continue
        if "type" in parameters and parameters["type"] != "object":
            yield Hit(
                jp.join(here, "type"),
                "value",
                {
                    "tool": name,
                    "reason": f"a function's parameters must be of type object, not {messages.value(parameters['type'])}",
                },
            )


# --- TTS ------------------------------------------------------------------------------------

_ELEVENLABS_ONLY = ("stability", "similarity_boost", "style", "use_speaker_boost")
_CARTESIA_ONLY = ("emotion",)


@check()
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


def _emotion_problem(entry: str) -> str | None:
    name, _, level = entry.strip().lower().partition(":")
    if not level:
        if name in _CARTESIA_LEVEL_EMOTIONS or name in _SONIC3_EMOTIONS:
            return None
        return "not a Cartesia emotion"
    if name not in _CARTESIA_LEVEL_EMOTIONS:
        return f"a level (:{level}) goes only with {', '.join(_CARTESIA_LEVEL_EMOTIONS)}"
    if level not in _CARTESIA_LEVELS:
        return f"the level is one of {', '.join(_CARTESIA_LEVELS)}"
    return None


@check()
def tavus_cartesia_voice_settings(ctx: Context, params: dict) -> Iterator[Hit]:
    """Cartesia voice_settings speed and emotion values outside what the documents give."""
    if ctx.get(TTS + "/tts_engine") != "cartesia":
        return
    base = TTS + "/voice_settings"
    settings = ctx.get(base)
    if not isinstance(settings, dict):
        return
    speed = settings.get("speed", MISSING)
    model = ctx.get(TTS + "/tts_model_name")
    if isinstance(speed, str) and speed.strip().lower() not in _CARTESIA_SPEEDS:
        yield Hit(
            base + "/speed",
            "value",
            {
                "value": messages.value(speed),
                "field": "speed",
                "reason": "a named speed is one of " + ", ".join(_CARTESIA_SPEEDS),
            },
        )
    elif (
        isinstance(speed, (int, float))
        and not isinstance(speed, bool)
        and isinstance(model, str)
        and model.startswith("sonic-3")
        and not 0.6 <= speed <= 1.5
    ):
        yield Hit(
            base + "/speed",
            "value",
            {"value": messages.value(speed), "field": "speed", "reason": f"{model} takes a speed between 0.6 and 1.5"},
        )
    emotion = settings.get("emotion", MISSING)
    entries = (
        [(base + "/emotion", emotion)]
        if isinstance(emotion, str)
        else ([(jp.join(base, "emotion", i), e) for i, e in enumerate(emotion)] if isinstance(emotion, list) else [])
    )
    for here, entry in entries:
        if isinstance(entry, str):
            reason = _emotion_problem(entry)
            if reason:
                yield Hit(here, "value", {"value": messages.value(entry), "field": "emotion", "reason": reason})


# --- PAL bodies -----------------------------------------------------------------------------

_PAL_RENAMES = {
    "/pal_name": "persona_name",
    "/default_face_id": "default_replica_id",
    "/layers/conversational_flow/pal_interruptibility": "replica_interruptibility",
}
_PAL_ONLY = ("/disclosure_type", "/verbal_disclosure", "/visual_disclosure")
_PAL_EXTRA = ("/layers/perception/emotion_recognition",)  # only a PAL field when the body is a PAL body


@check()
def tavus_pal_body(ctx: Context, params: dict) -> Iterator[Hit]:
    """A body written for /v2/pals: one finding at its first PAL field that explains all of them."""
    found = [p for p in (*_PAL_RENAMES, *_PAL_ONLY) if ctx.get(p) is not MISSING]
    if not found:
        return
    found += [p for p in _PAL_EXTRA if ctx.get(p) is not MISSING]
    order = {p: i for i, (p, _) in enumerate(jp.walk(ctx.get("")))}
    found.sort(key=lambda p: order.get(p, len(order)))  # document order
    names = [jp.split(p)[-1] for p in found]
    renames = [f"{jp.split(p)[-1]} → {new}" for p, new in _PAL_RENAMES.items() if p in found]
    dropped = [jp.split(p)[-1] for p in found if p not in _PAL_RENAMES]
    advice = []
    if renames:
        advice.append("rename " + ", ".join(renames))
    if dropped:
        advice.append("drop " + ", ".join(dropped) + " (no /v2/personas equivalent)")
    yield Hit(
        found[0],
        "key",
        {"keys": ", ".join(names), "advice": " and ".join(advice)},
        explains=tuple((p, "additionalProperties") for p in found),
    )


@check()
def guardrail_total(ctx: Context, params: dict) -> Iterator[Hit]:
    """guardrail_ids already reach the 50-guardrail total, and guardrail_tags can only add more.

    Offline, a tag's guardrails are unknown; the ids alone are a lower bound on the total.
    """
    limit = params.get("max", 50)
    ids = ctx.get("/guardrail_ids")
    tags = ctx.get("/guardrail_tags")
    if not isinstance(ids, list) or tags is MISSING or not isinstance(tags, list) or not tags:
        return
    unique = len({i for i in ids if isinstance(i, str)})
    if unique >= limit and len(ids) <= limit:
        yield Hit("/guardrail_tags", "key", {"count": unique, "max": limit})
