"""Python checks of the common rule packs (see `personalint.custom`): file-level (PF) and secrets (SE).

Public helpers beside the checks:

- `implicit_scalars(document)`: the plain YAML scalars that YAML 1.1 typed as booleans, nulls,
  numbers or dates, with their original token (what `yaml_implicit_typing` reports where the
  kind's schema wants a string);
- `schema_alternatives(kind, value, pointer)`: what the kind's JSON Schema allows at a pointer.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

from personalint import messages, secrets
from personalint import pointer as jp
from personalint.engine.context import MISSING, Context, Hit, check

_SCHEMA_KEYWORDS = ("type", "enum", "const")
_UNKNOWN_KEY_KEYWORDS = ("additionalProperties", "unevaluatedProperties")

# --- what a kind's JSON Schema allows at a pointer -----------------------------------------

_COMBINATORS = ("$ref", "allOf", "anyOf", "oneOf", "if", "then", "else")


@cache
def _validator(kind: str) -> Any:
    import jsonschema

    from personalint.schema import load_schema

    return jsonschema.Draft202012Validator(load_schema(kind))


def _valid(kind: str, subschema: Any, instance: Any) -> bool:
    """Whether `instance` satisfies `subschema` (a part of the kind's schema; its $refs resolve)."""
    try:
        return _validator(kind).evolve(schema=subschema).is_valid(instance)
    except Exception:  # a value JSON cannot hold (a YAML date): it satisfies no typed schema
        return False


def _deref(root: dict, ref: str) -> Any:
    if not ref.startswith("#"):
        return {}
    target: Any = root
    for token in jp.split(ref[1:]):
        target = target.get(token, {}) if isinstance(target, dict) else {}
    return target


def _expand(kind: str, root: dict, schema: Any, instance: Any, depth: int = 0) -> list[list[Any]]:
    """The alternatives a schema allows for `instance`: each a list of schemas that must all hold.

    $ref and allOf join a list; anyOf/oneOf split it into alternatives; if/then/else picks its
    branch by validating the instance.
    """
    if not isinstance(schema, dict) or depth > 20:
        return [[schema]]
    alternatives: list[list[Any]] = [[{k: v for k, v in schema.items() if k not in _COMBINATORS}]]

    def both(more: list[list[Any]]) -> list[list[Any]]:
        return [a + b for a in alternatives for b in more]

    if "$ref" in schema:
        alternatives = both(_expand(kind, root, _deref(root, schema["$ref"]), instance, depth + 1))
    for sub in schema.get("allOf", ()):
        alternatives = both(_expand(kind, root, sub, instance, depth + 1))
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            alternatives = both(
                [alt for sub in schema[keyword] for alt in _expand(kind, root, sub, instance, depth + 1)]
            )
    if "if" in schema:
        branch = schema.get("then") if _valid(kind, schema["if"], instance) else schema.get("else")
        if branch is not None:
            alternatives = both(_expand(kind, root, branch, instance, depth + 1))
    return alternatives


def _child(schema: Any, token: str, instance: Any) -> Any:
    """The schema for `instance[token]` under one (expanded) schema; True when it says nothing."""
    import re

    if schema is False:
        return False
    if not isinstance(schema, dict):
        return True
    types = schema.get("type")
    types = [types] if isinstance(types, str) else types
    if isinstance(instance, dict):
        if types and "object" not in types:
            return False
        if token in schema.get("properties", {}):
            return schema["properties"][token]
        for pattern, sub in schema.get("patternProperties", {}).items():
            if re.search(pattern, token):
                return sub
        return schema.get("additionalProperties", schema.get("unevaluatedProperties", True))
    if isinstance(instance, list):
        if types and "array" not in types:
            return False
        index = int(token) if token.isdigit() else -1
        prefix = schema.get("prefixItems", [])
        if 0 <= index < len(prefix):
            return prefix[index]
        return schema.get("items", True)
    return True


def schema_alternatives(kind: str, value: Any, pointer: str) -> list[list[Any]]:
    """What the kind's JSON Schema allows at `pointer` of the document `value`.

    A list of alternatives, each a list of subschemas that must all hold. `[[True]]` means the
    schema says nothing there (a free-form object); `[]` means no alternative admits the key at all.
    """
    from personalint.schema import load_schema

    root = load_schema(kind)
    return _alternatives(kind, root, root, value, jp.split(pointer))


def _alternatives(kind: str, root: dict, schema: Any, instance: Any, tokens: list[str]) -> list[list[Any]]:
    alternatives = _expand(kind, root, schema, instance)
    if not tokens:
        return alternatives
    token, rest = tokens[0], tokens[1:]
    if isinstance(instance, dict):
        child_instance = instance.get(token)
    elif isinstance(instance, list) and token.isdigit() and int(token) < len(instance):
        child_instance = instance[int(token)]
    else:
        child_instance = None
    result: list[list[Any]] = []
    for alternative in alternatives:
        children = [_child(s, token, instance) for s in alternative]
        if any(c is False for c in children):
            continue  # this alternative rejects the key (or the container's type)
        below: list[list[Any]] = [[]]
        for child in children:
            if child is True:
                continue
            below = [a + b for a in below for b in _alternatives(kind, root, child, child_instance, rest)]
        result.extend(alt or [True] for alt in below)
    return result


def _admits(kind: str, alternative: list[Any], value: Any) -> bool:
    return all(s is True or (s is not False and _scalar_valid(kind, s, value)) for s in alternative)


_TYPES = {
    "string": (str,),
    "number": (int, float),
    "integer": (int,),
    "boolean": (bool,),
    "null": (type(None),),
    "object": (dict,),
    "array": (list,),
}
# keywords that only apply to objects and arrays, or only annotate: a scalar passes them all
_NOT_FOR_SCALARS = frozenset(
    {
        "properties",
        "patternProperties",
        "additionalProperties",
        "unevaluatedProperties",
        "required",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "dependentSchemas",
        "propertyNames",
        "items",
        "prefixItems",
        "contains",
        "minItems",
        "maxItems",
        "uniqueItems",
        "unevaluatedItems",
        "title",
        "description",
        "examples",
        "default",
        "$comment",
        "deprecated",
        "readOnly",
        "writeOnly",
        "format",
        "$id",
        "$schema",
        "$defs",
        "$anchor",
    }
)


def _scalar_valid(kind: str, schema: dict, value: Any) -> bool:
    """`_valid` for a scalar, without jsonschema for the common keywords (type, enum, const, pattern, lengths)."""
    import re

    if isinstance(value, (dict, list)) or not set(schema) <= _NOT_FOR_SCALARS | {
        "type",
        "enum",
        "const",
        "pattern",
        "minLength",
        "maxLength",
    }:
        return _valid(kind, schema, value)
    if "type" in schema:
        types = [schema["type"]] if isinstance(schema["type"], str) else schema["type"]
        if not any(
            isinstance(value, _TYPES.get(t, ())) and not (isinstance(value, bool) and t in ("number", "integer"))
            for t in types
        ):
            if not ("integer" in types and isinstance(value, float) and value.is_integer()):
                return False
    if "enum" in schema and not any(_same(value, v) for v in schema["enum"]):
        return False
    if "const" in schema and not _same(value, schema["const"]):
        return False
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return False
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
            return False
    return True


def _same(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1."""
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


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


def _schema_valid(kind: str, document: Any) -> bool:
    """The kind's fast validity check (jsonschema-rs), as the schema stage runs it."""
    from personalint.schema import _fast_validator

    try:
        return bool(_fast_validator(kind).is_valid(document))
    except (ValueError, TypeError, OverflowError):
        return False


@check()
def yaml_implicit_typing(ctx: Context, params: dict) -> Iterator[Hit]:
    """An unquoted YAML scalar typed as a bool, null, number or date where the schema wants a string.

    Needs the YAML nodes: runs only when the pipeline passes the source document
    (`engine.run(..., source=document)`); JSON documents have no implicit typing.
    """
    if ctx.source is None or _schema_valid(ctx.kind, ctx.document):
        return  # a document the schema accepts has every typed value where the schema admits it
    for scalar in implicit_scalars(ctx.source):
        if not scalar.token:
            continue
        value = jp.resolve(ctx.document, scalar.pointer, MISSING)
        if value is MISSING:
            continue
        alternatives = schema_alternatives(ctx.kind, ctx.document, scalar.pointer)
        if any(_admits(ctx.kind, alt, value) for alt in alternatives):
            continue  # the typed value is fine here (a number field, a nullable field, free-form)
        if not any(_admits(ctx.kind, alt, scalar.token) for alt in alternatives):
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
                "field": _field_name(where, 1),
                "token": token.strip("'"),
                "advice": advice,
                "spec": spec,
                "reading": reading,
                "unquoted": "the unquoted value" if token == "the value" else "unquoted " + token.strip("'"),
            },
            explains=tuple((where, keyword) for keyword in _SCHEMA_KEYWORDS),
            absolute=True,
        )


_GENERIC_READING = {"bool": "a boolean", "null": "null", "int": "a number", "float": "a number", "timestamp": "a date"}


# --- the document's own shape --------------------------------------------------------------

_ARTICLE = {"anam-create": "an", "anam-update": "an", "anam-session": "an", "tavus-create": "a", "tavus-patch": "a"}


@check()
def document_shape(ctx: Context, params: dict) -> Iterator[Hit]:
    """The persona body is not a JSON object (or a tavus-patch body not a list of operations)."""
    body = ctx.get("")
    where = "the document" if not ctx.root else jp.split(ctx.root)[-1]
    got = f"{_article(messages.type_name(body))} {messages.type_name(body)}"
    if ctx.kind == "tavus-patch":
        if isinstance(body, list):
            return
        expected = "a JSON array of operations such as {op: replace, path: /system_prompt, value: ...}"
        hint = "; wrap the operation in a list" if isinstance(body, dict) and {"op", "path"} & body.keys() else ""
    else:
        if isinstance(body, dict):
            return
        expected = "a JSON object of persona fields"
        hint = ""
        if isinstance(body, list):
            if body and all(isinstance(op, dict) and {"op", "path"} & op.keys() for op in body):
                hint = "; a list of JSON Patch operations is a tavus-patch body"
            elif len(body) == 1 and isinstance(body[0], dict):
                hint = "; remove the list around the one object"
    if isinstance(body, str) and len(body) <= 40:
        got += f" ({messages.value(body, ctx.root)})"
    body_name = where if ctx.root else f"{_ARTICLE.get(ctx.kind, 'a')} {ctx.kind} body"
    yield Hit(
        "",
        "value",
        {"where": where, "got": got, "expected": expected, "hint": hint, "body": body_name},
        explains=(("", "type"),),
    )


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


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


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@check()
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
                f", without {_names(inner)}" if inner else ""
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
        {"fields": f"the response-only {noun} {_names(present)}", "count": len(present)},
        explains=tuple((jp.join("", k), keyword) for k in present for keyword in _UNKNOWN_KEY_KEYWORDS),
    )


# --- secrets -------------------------------------------------------------------------------


def _field_name(pointer: str, depth: int = 2) -> str:
    """How a message names a field: `llm.api_key`, `the Authorization header`, `tools[2].url`."""
    tokens = jp.split(pointer)
    if not tokens:
        return "the document"
    if len(tokens) >= 2 and tokens[-2].lower() == "headers":
        return f"the {tokens[-1]} header"
    groups: list[str] = []  # each a name with the indexes that follow it: "tools[2]"
    for token in tokens:
        if token.isdigit() and groups:
            groups[-1] += f"[{token}]"
        else:
            groups.append(token if not token.isdigit() else f"[{token}]")
    if groups[0].startswith("[") and len(groups) == 1:
        return f"the item at {pointer}"
    return ".".join(groups[-depth:])


@check()
def literal_credential(ctx: Context, params: dict) -> Iterator[Hit]:
    """A credential field or header that holds a literal secret rather than a placeholder (anywhere in the document)."""
    for found in secrets.scan(ctx.document):
        if found.where == "field":
            yield Hit(found.pointer, "value", {"field": _field_name(found.pointer), "what": found.label}, absolute=True)


@check()
def key_in_text(ctx: Context, params: dict) -> Iterator[Hit]:
    """A string outside the credential fields that contains something shaped like a known key."""
    for found in secrets.scan(ctx.document):
        if found.where == "text":
            yield Hit(found.pointer, "value", {"field": _field_name(found.pointer), "what": found.label}, absolute=True)


@check()
def credential_over_http(ctx: Context, params: dict) -> Iterator[Hit]:
    """A plain http:// URL to a public host with a credential beside it (or in it)."""
    for pointer, carried in secrets.cleartext_credentials(ctx.document):
        yield Hit(pointer, "value", {"field": _field_name(pointer), "credential": carried}, absolute=True)
