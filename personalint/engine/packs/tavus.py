"""The Python behind rules/tavus.yaml: persona-level Tavus checks, and what a Tavus persona runs.

Each check is named by a rule of that pack (`check: {function: NAME, ...}`) and takes the
parameters its `@check` declares. Pointers are relative to the persona root. `hosted`,
`custom_model`, `hosted_names`, `carries_key` and `perception_model` say which LLM and perception
model a persona uses; engine/packs/tavus_layers.py imports them, and `is_set` and `open_object`
(an object a spread fills at run time), for its layer checks.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from personalint import messages
from personalint import pointer as jp
from personalint.engine.context import MISSING, Context, Hit, blank, check, reading
from personalint.engine.vocabulary import PATH
from personalint.finding import Span
from personalint.mojibake import mojibake, runs
from personalint.secrets import is_credential_header, strings
from personalint.source.positions import find

LLM_MODELS = "tavus-llm-models"  # the lifecycle table of Tavus-hosted LLM names (rules/tavus-lifecycle.yaml)
PERCEPTION = "/layers/perception"
LLM = "/layers/llm"


def llm_model(ctx: Context) -> Any:
    return ctx.get(LLM + "/model")


def hosted(ctx: Context) -> bool:
    """The persona runs a Tavus-hosted LLM: no model named (Tavus's default) or a hosted name, old or new."""
    model = llm_model(ctx)
    return blank(model) or (isinstance(model, str) and model in ctx.tables.get(LLM_MODELS, {}))


def custom_model(ctx: Context) -> str | None:
    """The model name when it is not a Tavus-hosted one: then it is the caller's own LLM."""
    model = llm_model(ctx)
    return model if isinstance(model, str) and not blank(model) and not hosted(ctx) else None


def hosted_names(ctx: Context) -> str:
    """The current Tavus-hosted model names, as messages list them."""
    return ", ".join(name for name, e in ctx.tables.get(LLM_MODELS, {}).items() if e["status"] == "current")


def is_set(value: Any) -> bool:
    """A field that says something: not missing, null, blank, or an empty list or object."""
    return not blank(value) and value not in ([], {})


def carries_key(ctx: Context) -> bool:
    """An api_key, or a credential header (Authorization, x-api-key, ...), goes with the custom LLM's requests."""
    headers = ctx.get(LLM + "/headers")
    header_key = isinstance(headers, dict) and any(
        is_credential_header(str(k)) and is_set(v) for k, v in headers.items()
    )
    return is_set(ctx.get(LLM + "/api_key")) or header_key


def open_object(ctx: Context, path: str) -> bool:
    """The object at `path` spreads a value computed at run time (code, source/code.py): it may hold any key."""
    return ctx.source is not None and ctx.absolute(path) in getattr(ctx.source, "open", ())


def perception_model(ctx: Context) -> Any:
    model = ctx.get(PERCEPTION + "/perception_model")
    return "off" if model is False else model  # YAML's unquoted off; the schema reports the quoting


# --- pipeline and prompt --------------------------------------------------------------------


@check(params={})
def tavus_echo_with_perception(ctx: Context, params: dict) -> Iterator[Hit]:
    """pipeline_mode echo with a perception layer whose model is not off."""
    perception = ctx.get(PERCEPTION)
    if ctx.get("/pipeline_mode") != "echo" or not isinstance(perception, dict) or not perception:
        return
    model = perception_model(ctx)
    if model == "off":
        return
    if model is MISSING:
        # perception_model is missing: reported at the mapping that should hold it
        yield Hit(PERCEPTION, "container", {"value": "raven-1 (the default, as perception_model is not set)"})
    else:
        yield Hit(PERCEPTION + "/perception_model", "value", {"value": messages.value(model)})


_TOKENS = {"type": "integer", "minimum": 0}


@check(
    params={
        "chars_per_token": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "How many characters make a token, for the estimate (Tavus: 1 token ≈ 4 characters).",
        },
        "above": {**_TOKENS, "description": "Reports a prompt of more than this many tokens."},
        "up_to": {**_TOKENS, "description": "... and of at most this many (omitted: no upper bound)."},
        "hosted_up_to": {
            **_TOKENS,
            "description": "... and, with a Tavus-hosted model, of at most this many "
            "(a longer one is another rule's; a custom LLM's own context window decides).",
        },
        "hosted_only": {
            "type": "boolean",
            "description": "Only with a Tavus-hosted model (no model named, or a hosted name). Default false.",
        },
    },
    required=("chars_per_token", "above"),
)
def tavus_system_prompt_length(ctx: Context, params: dict) -> Iterator[Hit]:
    """system_prompt longer than `above` tokens (estimated from its characters), up to the band's bounds.

    Echo-mode personas are skipped: no LLM reads their prompt.
    """
    prompt = ctx.get("/system_prompt")
    if not isinstance(prompt, str) or ctx.get("/pipeline_mode") == "echo":
        return
    tokens = math.ceil(len(prompt) / params["chars_per_token"])
    is_hosted = hosted(ctx)
    if tokens <= params["above"] or (params.get("hosted_only", False) and not is_hosted):
        return
    if tokens > params.get("up_to", math.inf) or (is_hosted and tokens > params.get("hosted_up_to", math.inf)):
        return
    yield Hit("/system_prompt", "key", {"chars": f"{len(prompt):,}", "tokens": f"{tokens:,}"})


def _as_written(char: str) -> str:
    """A regex for one character as a string literal may write it: itself, or an escape of it
    (JSON and JS `\\u00e9`, YAML, JS and Python `\\xe9`, YAML and Python `\\U000000e9`, JS `\\u{e9}`)."""
    code = ord(char)
    escapes = [rf"\\U{code:08x}", rf"\\u\{{0*{code:x}\}}"]
    if code <= 0xFFFF:
        escapes.append(rf"\\u{code:04x}")
    if code <= 0xFF:
        escapes.append(rf"\\x{code:02x}")
    return "(?:" + re.escape(char) + "|(?i:" + "|".join(escapes) + "))"


def _written(ctx: Context, here: str, run: str) -> tuple[Span, str] | None:
    """Where the first `run` sits inside the string at `here` as the file writes it, and its text there.

    None when the file's text is not at hand (a PATCH value, a value built by code) or does not
    hold the run as such.
    """
    document = ctx.source
    root = document.root_node() if document is not None else None
    if root is None:
        return None
    node, _ = find(root, jp.split(ctx.absolute(here)))
    if node.id != "scalar":
        return None
    text, lines = document.source.text, document.source.lines
    start, end = (lines.starts[m.line] + m.column for m in (node.start_mark, node.end_mark))
    match = re.compile("".join(_as_written(c) for c in run)).search(text, start, end)
    if match is None:
        return None
    (line, column), (end_line, end_column) = lines.position(match.start()), lines.position(match.end() - 1)
    return Span(line, column, end_line, end_column + 1), match.group(0)


@check(params={})
def tavus_mojibake(ctx: Context, params: dict) -> Iterator[Hit]:
    """Text fields with UTF-8 that was decoded as Windows-1252 somewhere on its way (â€” for —).

    Reported at the first mangled run inside the string, quoted as the file writes it (a JSON
    file may escape it: `\\u00e2\\u20ac\\u201d`); at the field's key when the text is not at hand.
    """
    if not isinstance(ctx.get(""), dict):
        return
    base = len(ctx.root)
    for pointer, value, _, _, _, _, _ in strings.within(ctx.document, ctx.root):
        if value.isascii():
            continue  # most strings: mojibake is made of non-ASCII characters
        here = pointer[base:]
        found = mojibake(value)
        if found and not messages.is_secret_name(jp.split(here)[-1] if here else ""):
            written = _written(ctx, here, found[0])
            fields = {
                "where": messages.field_name(here, depth=None),
                "bad": messages.value(written[1] if written else found[0]),
                "good": messages.value(found[1]),
                "count": sum(1 for run in runs(value) if mojibake(run)),
            }
            yield Hit(here, "value", fields, span=written[0]) if written else Hit(here, "key", fields)


# --- guardrails, PAL bodies -----------------------------------------------------------------


@check(
    params={
        "max": {
            "type": "integer",
            "minimum": 0,
            "description": "The most guardrails a persona may have in total (default 50).",
        }
    }
)
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


_PAL_RENAMES = {
    "/pal_name": "persona_name",
    "/default_face_id": "default_replica_id",
    "/layers/conversational_flow/pal_interruptibility": "replica_interruptibility",
}
_PAL_ONLY = ("/disclosure_type", "/verbal_disclosure", "/visual_disclosure")
_PAL_EXTRA = ("/layers/perception/emotion_recognition",)  # only a PAL field when the body is a PAL body


@check(params={})
def tavus_pal_body(ctx: Context, params: dict) -> Iterator[Hit]:
    """A body written for /v2/pals: one finding at its first PAL field that explains all of them."""
    found = [p for p in (*_PAL_RENAMES, *_PAL_ONLY) if ctx.get(p) is not MISSING]
    if not found:
        return
    found += [p for p in _PAL_EXTRA if ctx.get(p) is not MISSING]
    base = len(ctx.root)
    order = {p[base:]: i for i, (p, _) in enumerate(ctx.walk())}
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


# --- placeholders and empty strings ---------------------------------------------------------

# Template stand-ins left in a copied example. Deploy-time substitutions (${VAR}, {{ var }},
# $VAR) are the recommended way to keep values out of a file, so they are not placeholders here.
_PLACEHOLDER = re.compile(
    r"(?is)\s*(?:your[-_ .][\w\- .]*|[\w\- ]*[-_ ]here|<[^<>{}$]*>|placeholder|x{3,}|todo|tbd|"
    r"change[-_ ]?me|replace[-_ ]?me|insert[-_ ][\w\- ]*)\s*"
)
# api_key fields are SE001's (literal-credential), which also judges their placeholders.
_IDENTIFIER_KEY = re.compile(r"(?:_id|_ids)$|^(?:model|external_voice_id|tts_model_name)$")
# How a pointer whose last token matches _IDENTIFIER_KEY ends (escaping a token as `~0`/`~1` keeps
# these endings as they are); a pointer to a list item ends with a digit.
_IDENTIFIER_ENDS = ("_id", "_ids", "/model", "/tts_model_name")


@check(params={})
def tavus_placeholders(ctx: Context, params: dict) -> Iterator[Hit]:
    """Ids and model names still holding a template placeholder (your-..., YOUR_..._ID, <...>)."""
    if not isinstance(ctx.get(""), dict):
        return
    base = len(ctx.root)
    for pointer, value, _, _, _, _, _ in strings.within(ctx.document, ctx.root):
        if not (pointer.endswith(_IDENTIFIER_ENDS) or pointer[-1:].isdigit()):
            continue  # most strings, told by their pointer alone: not an id, a model name or a list item
        here = pointer[base:]
        key = _identifier_key(here)
        if key is not None and _PLACEHOLDER.fullmatch(value):
            yield Hit(here, "value", {"value": messages.value(value, here), "key": key})


# The same pointers come back in document after document (/default_replica_id, /guardrail_ids/0):
# what the pointer alone says is a pure function of it, kept for the few thousand last seen.
@lru_cache(maxsize=4096)
def _identifier_key(here: str) -> str | None:
    """The key of an id or a model name at `here` (a list item's: the list's key), or None when
    TV016 does not judge the string there (another key, or inside a tool's definition)."""
    tokens = jp.split(here)
    if not tokens:
        return None
    key = tokens[-1] if not tokens[-1].isdigit() else (tokens[-2] if len(tokens) > 1 else "")
    if not _IDENTIFIER_KEY.search(key):
        return None
    if "tools" in tokens[:-1] or any(t.endswith("_tools") for t in tokens):
        return None
    return key


@check(
    params={
        "paths": {
            "type": "array",
            "minItems": 1,
            "items": PATH,
            "description": "The string fields to check; `*` matches every item of a list.",
        }
    },
    required=("paths",),
    reads=reading("paths"),
)
def tavus_empty_strings(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each string field of `paths` that is set to an empty or blank string."""
    body = ctx.get("")
    if not (isinstance(body, str) and (not body or body.isspace())) and not any(
        not text or text.isspace() for _, text, _, _, _, _, _ in strings.within(ctx.document, ctx.root)
    ):
        return  # most documents: no blank string anywhere (one look at the strings other rules share)
    for path in params["paths"]:
        for here, value in ctx.find(path):
            if isinstance(value, str) and not value.strip():
                fields = {"value": messages.value(value, here), "where": messages.field_name(here, depth=None)}
                yield Hit(here, "value", {**fields, **_left_out(ctx, here)})


def _left_out(ctx: Context, here: str) -> dict[str, str]:
    """What to leave out for an empty string: the key, or the layer it is the only key of (which,
    left empty, would configure nothing: TV270); in a JSON Patch, always the key."""
    where = here
    # a JSON Patch's value is judged alone in a synthetic body (no source): there, always the key
    while (
        ctx.source is not None
        and jp.parent(where)
        and isinstance(holder := ctx.get(jp.parent(where)), dict)
        and len(holder) == 1
    ):
        where = jp.parent(where)
    if where == here:
        return {"leave": "the key", "since": ""}
    return {"leave": messages.field_name(where, depth=None), "since": ", since it holds nothing else"}
