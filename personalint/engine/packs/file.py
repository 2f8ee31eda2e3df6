"""The Python behind rules/file.yaml: the file-level checks PF005-PF008.

- `yaml_implicit_typing` (PF005): an unquoted YAML scalar that YAML 1.1 typed where the schema
  wants a string; `implicit_scalars(document)` lists those scalars with their original token;
- `document_shape` (PF006): the persona body is not a JSON object;
- `response_fields` (PF007): a GET reply sent back as a request body;
- `boolean_as_string` (PF008): `"enable_vision": "false"` where no documented type applies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, NamedTuple

from personalint import kinds, messages
from personalint import pointer as jp
from personalint.engine.context import MISSING, Context, Hit, check
from personalint.schema import is_valid
from personalint.schema.introspect import admits, schema_alternatives
from personalint.schema.keywords import STRING_BOOLEANS
from personalint.secrets import strings

_SCHEMA_KEYWORDS = ("type", "enum", "const")
_UNKNOWN_KEY_KEYWORDS = ("additionalProperties", "unevaluatedProperties")

# --- YAML implicit typing ------------------------------------------------------------------

_YAML_TAG = "tag:yaml.org,2002:"
_IMPLICIT_TAGS = frozenset({"bool", "null", "int", "float", "timestamp"})


class ImplicitScalar(NamedTuple):
    pointer: str  # RFC 6901 pointer in the document
    token: str  # the scalar as written, unquoted
    tag: str  # what YAML made of it: bool, null, int, float or timestamp


def implicit_scalars(document: Any) -> list[ImplicitScalar]:
    """The plain (unquoted, untagged) scalars of a YAML `source.Document` that YAML typed as a
    bool, null, int, float or timestamp, in document order. A JSON document has none.

    Walks `document.root_node()`; where a key repeats (or comes from a `<<` merge), the value
    that takes effect is the one reported.
    """
    if getattr(getattr(document, "source", None), "format", None) != "yaml":
        return []
    root = document.root_node()
    if root is None:
        return []
    lines = document.source.lines
    found: list[tuple[tuple[int, int], ImplicitScalar]] = []
    seen: set[int] = set()
    stack: list[tuple[str, Any]] = [("", root)]
    while stack:
        pointer, node = stack.pop()
        if node.id == "scalar":
            tag = node.tag[len(_YAML_TAG) :] if node.tag.startswith(_YAML_TAG) else ""
            if tag in _IMPLICIT_TAGS and not node.style and not _explicitly_tagged(node, lines):
                found.append(((node.start_mark.line, node.start_mark.column), ImplicitScalar(pointer, node.value, tag)))
            continue
        if id(node) in seen:  # an alias of a collection already walked
            continue
        seen.add(id(node))
        if node.id == "mapping":
            effective: dict[str, Any] = {}
            for key, value in node.value:
                if key.id == "scalar" and key.tag == _YAML_TAG + "str":
                    effective[key.value] = value
            stack.extend((jp.join(pointer, k), v) for k, v in effective.items())
        elif node.id == "sequence":
            stack.extend((jp.join(pointer, i), item) for i, item in enumerate(node.value))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def _explicitly_tagged(node: Any, lines: Any) -> bool:
    """`!!bool yes` says what it means: the node starts at its tag."""
    text = lines.line_text(node.start_mark.line + 1)
    return text[node.start_mark.column : node.start_mark.column + 1] == "!"


def _reading(token: str, tag: str, value: Any) -> tuple[str, str]:
    """(which YAML, what it reads the token as) for a message."""
    if tag == "bool":
        spec = "YAML" if token.lower() in ("true", "false") else "YAML 1.1"
        return spec, "true" if value else "false"
    if tag == "null":
        return "YAML", "null"
    if tag == "timestamp":
        return "YAML 1.1", "a date" if len(token) <= 10 else "a date and time"
    number = messages.value(value) if isinstance(value, (int, float)) else str(value)
    digits = token.lstrip("+-")
    if tag == "int" and ":" in token:
        return "YAML 1.1", f"the number {number} (base 60)"
    if tag == "int" and digits.startswith("0x"):
        return "YAML", f"the number {number} (hexadecimal)"
    if tag == "int" and (digits.startswith("0o") or (digits.startswith("0") and len(digits) > 1 and "_" not in digits)):
        return "YAML 1.1", f"the number {number} (octal)"
    if "_" in token:
        return "YAML 1.1", f"the number {number}"
    return "YAML", f"the number {number}"


@check(params={})
def yaml_implicit_typing(ctx: Context, params: dict) -> Iterator[Hit]:
    """An unquoted YAML scalar typed as a bool, null, number or date where the schema wants a string.

    Needs the YAML nodes: runs only when the pipeline passes the source document
    (`engine.run(..., source=document)`); JSON documents have no implicit typing.
    """
    if ctx.source is None or ctx.source.source.format != "yaml" or is_valid(ctx.kind, ctx.document):
        return  # not YAML (no implicit typing), or valid: every typed value is where the schema admits it
    for scalar in implicit_scalars(ctx.source):
        if not scalar.token:
            continue
        value = jp.resolve(ctx.document, scalar.pointer, MISSING)
        if value is MISSING:
            continue
        alternatives = schema_alternatives(ctx.kind, ctx.document, scalar.pointer)
        if any(admits(ctx.kind, alt, value) for alt in alternatives):
            continue  # the typed value is fine here (a number field, a nullable field, free-form)
        if not any(admits(ctx.kind, alt, scalar.token) for alt in alternatives):
            continue  # quoting would not help either: the schema's own finding says more
        where = scalar.pointer
        spec, reading = _reading(scalar.token, scalar.tag, value)
        token = messages.value(scalar.token, scalar.pointer)
        if token == "<redacted>":  # a secret-looking field: neither the token nor what it became is shown
            token, reading = "the value", _GENERIC_READING[scalar.tag]
            advice = "write the value in quotes"
        elif scalar.tag == "null":
            advice = f"leave the key out for no value, or write {token} in quotes for the text"
        else:
            advice = f"write {token} in quotes"
        yield Hit(
            where,
            "value",
            {
                "field": messages.field_name(where, 1, headers=True),
                "token": token.strip("'"),
                "advice": advice,
                "spec": spec,
                "reading": reading,
                "unquoted": "the unquoted value" if token == "the value" else "unquoted " + token.strip("'"),
            },
            fix=None if scalar.tag == "null" else {},  # quote it (a null may mean "no value": a choice)
            explains=tuple((where, keyword) for keyword in _SCHEMA_KEYWORDS),
            absolute=True,
        )


_GENERIC_READING = {"bool": "a boolean", "null": "null", "int": "a number", "float": "a number", "timestamp": "a date"}


# --- the document's own shape --------------------------------------------------------------


@check(params={})
def document_shape(ctx: Context, params: dict) -> Iterator[Hit]:
    """The persona body is not a JSON object."""
    body = ctx.get("")
    if isinstance(body, dict) or body is MISSING:
        return  # MISSING: a session-token body without personaConfig, which is an object (AN307 says more)
    where = "the document" if not ctx.root else jp.split(ctx.root)[-1]
    got = f"{messages.article(messages.type_name(body))} {messages.type_name(body)}"
    hint = ""
    if isinstance(body, list):
        if body and all(isinstance(op, dict) and {"op", "path"} & op.keys() for op in body):
            hint = "; a list of JSON Patch operations is a tavus-patch body"
        elif len(body) == 1 and isinstance(body[0], dict):
            hint = "; remove the list around the one object"
    if isinstance(body, str) and len(body) <= 40:
        got += f" ({messages.value(body, ctx.root)})"
    body_name = where if ctx.root else f"{kinds.KIND[ctx.kind].article} {ctx.kind} body"
    yield Hit(
        "",
        "value",
        {"where": where, "got": got, "expected": "a JSON object of persona fields", "hint": hint, "body": body_name},
        explains=(("", "type"),),
    )


# --- a GET reply instead of a request ------------------------------------------------------

# Response-only fields, by vendor (anam-facts.md "Response-only fields"; tavus-openapi.yaml GET /v2/personas/{id}).
_ANAM_REPLY_FIELDS = (
    "id",
    "personaPreset",
    "avatar",
    "voice",
    "voiceSpeed",
    "brain",
    "tools",
    "knowledge",
    "shareLinks",
    "primaryShareLink",
    "enableAudioPassthrough",
    "createdAt",
    "updatedAt",
)
_TAVUS_REPLY_FIELDS = ("persona_id", "created_at", "updated_at")
_TAVUS_PERSONA_KEYS = frozenset(
    {
        "persona_id",
        "persona_name",
        "system_prompt",
        "layers",
        "default_replica_id",
        "pipeline_mode",
        "created_at",
        "updated_at",
    }
)


def _anam_evidence(body: dict) -> int:
    """How many fields only a reply has: ones no request shape, old or new, ever sent."""
    strong = sum(
        1
        for k in ("id", "createdAt", "updatedAt", "shareLinks", "primaryShareLink", "knowledge", "voiceSpeed")
        if k in body
    )
    strong += sum(1 for k in ("avatar", "voice") if isinstance(body.get(k), dict))
    return strong


def _request_field(ctx: Context, name: str) -> bool:
    """Whether the kind's schema documents `name` as a request field of the persona body."""
    pointer = jp.join(ctx.root, name)
    return any(alt != [True] for alt in schema_alternatives(ctx.kind, ctx.document, pointer))


@check(params={})
def response_fields(ctx: Context, params: dict) -> Iterator[Hit]:
    """A persona as the API returns it (GET reply), sent back as a request body.

    Needs strong evidence: at least two fields that only replies have (id with createdAt, avatar
    and voice objects, ...) or Tavus's {data: [persona]} wrapper. The old request shapes with
    personaPreset or brain alone are not replies.
    """
    body = ctx.get("")
    if not isinstance(body, dict):
        return
    if ctx.kind.startswith("tavus"):
        data = body.get("data")
        if (
            isinstance(data, list)
            and data
            and all(isinstance(i, dict) and _TAVUS_PERSONA_KEYS & i.keys() for i in data)
        ):
            inner = [k for k in _TAVUS_REPLY_FIELDS if k in data[0]]
            fields = "the {data: [persona]} wrapper: send the persona inside it" + (
                f", without {messages.and_join(inner)}" if inner else ""
            )
            yield Hit(
                "/data",
                "key",
                {"fields": fields, "count": len(data)},
                explains=tuple(("/data", k) for k in _UNKNOWN_KEY_KEYWORDS),
            )
            return
        present = [k for k in body if k in _TAVUS_REPLY_FIELDS]
        if len(present) < 2:
            return
    else:
        if _anam_evidence(body) < 2:
            return
        present = [k for k in body if k in _ANAM_REPLY_FIELDS and not _request_field(ctx, k)]
        if not present:
            return
    noun = "field" if len(present) == 1 else "fields"
    yield Hit(
        jp.join("", present[0]),
        "key",
        {"fields": f"the response-only {noun} {messages.and_join(present)}", "count": len(present)},
        explains=tuple((jp.join("", k), keyword) for k in present for keyword in _UNKNOWN_KEY_KEYWORDS),
    )


# --- a boolean written as text where nothing types it -------------------------------------

_BOOLEAN_NAME = re.compile(
    r"^(?:enable|disable|is)_|_(?:enabled|disabled)$|^(?:enable|disable|is)[A-Z]|[a-z](?:Enabled|Disabled)$"
)
_TYPING = frozenset({"type", "enum", "const"})


_LONGEST = max(map(len, STRING_BOOLEANS))


def _too_long(value: str) -> bool:
    """Longer than any of STRING_BOOLEANS however it is stripped and lowered, told without copying it
    (a prompt of 20 KB): strip() removes only the isspace() characters at either end, and lower()
    never shortens a string."""
    return len(value) > _LONGEST and not value[0].isspace() and not value[-1].isspace()


def _named_like_booleans(ctx: Context) -> Iterator[tuple[str, str]]:
    """(pointer, text) of every string of the persona fields that reads as a boolean under a key named
    like one, in jp.walk's order (parents first, then the keys in order); a list's strings are under no
    key. From the one walk of the document's strings that the string-scanning rules share."""
    for pointer, text, name, _, _, _, _ in strings.within(ctx.document, ctx.root):
        if name is not None and _named_like_a_boolean(name) and _boolean_text(text) is not None:
            yield pointer, text


# Asked of every key that holds a string, and the same few hundred names come back in every
# document: a pure function of the name, its answers kept (one C call for most strings).
@lru_cache(maxsize=4096)
def _named_like_a_boolean(name: str) -> bool:
    return _BOOLEAN_NAME.search(name) is not None


def _boolean_text(value: str) -> str | None:
    """`value` stripped and lowered if that is one of STRING_BOOLEANS, else None. A long value is told
    without lowering it: a prompt that ends in a line break is stripped (a copy), but lowering 20 KB of
    text (50 ms over 2,000 files of 1-20 KB prompts) is not needed to see it is longer than any of them."""
    if _too_long(value):
        return None
    text = value.strip()
    if len(text) > _LONGEST:
        return None
    text = text.lower()
    return text if text in STRING_BOOLEANS else None


@check(params={})
def boolean_as_string(ctx: Context, params: dict) -> Iterator[Hit]:
    """A key named like a boolean (enable_*, *_enabled, is_*) holding "true"/"false"/"on"/"off"/"yes"/"no"
    as text, where the schema gives it no type (an unknown or legacy key, a free-form object)."""
    for here, value in _named_like_booleans(ctx):
        alternatives = schema_alternatives(ctx.kind, ctx.document, here)
        if any(isinstance(s, dict) and _TYPING & s.keys() for alt in alternatives for s in alt):
            continue  # a documented type applies: the schema's own finding (or none) is right
        literal = "true" if STRING_BOOLEANS[value.strip().lower()] else "false"
        fields = {"field": messages.field_name(here, 2), "value": messages.value(value, here), "literal": literal}
        yield Hit(here, "value", fields, absolute=True)
