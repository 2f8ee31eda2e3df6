"""What a kind's JSON Schema allows at a pointer of a document: the schema stage's introspection.

For checks that need to know more than "valid or not": whether quoting a YAML value would
satisfy the schema (PF005), whether a field is a documented request field (PF007). The
schema is expanded along the document: `$ref` and `allOf` join, `anyOf`/`oneOf` split into
alternatives, `if`/`then`/`else` picks its branch by validating the instance.

Public: `schema_alternatives(kind, value, pointer)` and `admits(kind, alternative, value)`.
"""

from __future__ import annotations

import re
from typing import Any

from personalint import pointer as jp
from personalint.schema.store import deref, detailed_validator, load_schema

_COMBINATORS = ("$ref", "allOf", "anyOf", "oneOf", "if", "then", "else")


def _valid(kind: str, subschema: Any, instance: Any) -> bool:
    """Whether `instance` satisfies `subschema` (a part of the kind's schema; its $refs resolve)."""
    try:
        return detailed_validator(kind).evolve(schema=subschema).is_valid(instance)
    except Exception:  # a value JSON cannot hold (a YAML date): it satisfies no typed schema
        return False


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
        alternatives = both(_expand(kind, root, deref(root, schema), instance, depth + 1))
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


def admits(kind: str, alternative: list[Any], value: Any) -> bool:
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
