"""The kinds' JSON Schemas (schemas/<kind>.schema.json), each loaded once, and what reads them.

One copy of each: the loaded schema, the fast validator (jsonschema-rs), the detailed
validator (pure-Python `jsonschema`, which says why a document fails), and the resolver of
the local `$ref`s our schemas use (`#/$defs/...`). The schema stage (schema/), the schema
introspection of checks (schema/introspect.py) and the Tavus PATCH adapter (engine/patch.py)
all use these.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from personalint import pointer as jp
from personalint.resources import data_dir


@cache
def load_schema(kind: str) -> dict:
    with open(os.path.join(data_dir("schemas"), f"{kind}.schema.json"), encoding="utf-8") as handle:
        return json.load(handle)


@cache
def fast_validator(kind: str) -> Any:
    import jsonschema_rs  # imported on first use: a run that checks no document never pays for it

    return jsonschema_rs.validator_for(load_schema(kind))


@cache
def detailed_validator(kind: str) -> Any:
    """The kind's `jsonschema.Draft202012Validator` (its errors explain; `evolve` checks a part of the schema)."""
    import jsonschema

    return jsonschema.Draft202012Validator(load_schema(kind))


def is_valid(kind: str, value: Any) -> bool:
    """Whether `value` satisfies the kind's schema, by the fast validator.

    False as well for a value JSON cannot hold (a YAML date, a huge number): the fast validator
    cannot judge it, and the detailed pass is the one that says what is wrong with it.
    """
    try:
        return bool(fast_validator(kind).is_valid(value))
    except (ValueError, TypeError, OverflowError):
        return False


def deref(root: dict, schema: Any) -> Any:
    """`schema`, or what its local `$ref` (`#/$defs/...`) points at in `root`, followed to the end.

    A reference that leaves the document, or leads nowhere, gives `{}` (a schema that says nothing).
    """
    while isinstance(schema, dict) and "$ref" in schema:
        ref = schema["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#"):
            return {}
        schema = jp.resolve(root, ref[1:], {})
    return schema
