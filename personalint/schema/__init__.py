"""JSON Schema validation of a document, its errors turned into problems with rule ids.

A fast validity check (jsonschema-rs) runs first; only a document that fails it pays
for the detailed, pure-Python `jsonschema` pass that explains every error. Each schema
keyword maps to one rule of rules/schema.yaml (as cfn-lint maps keywords to ids), so
structural errors can be selected, ignored and explained like any other rule.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from personalint import messages
from personalint import pointer as jp
from personalint.finding import Problem
from personalint.resources import data_dir

# keyword -> rule id; the ids are documented in rules/schema.yaml
KEYWORD_RULES = {
    "type": "PS001",
    "enum": "PS002",
    "const": "PS002",
    "required": "PS003",
    "minimum": "PS004",
    "maximum": "PS004",
    "exclusiveMinimum": "PS004",
    "exclusiveMaximum": "PS004",
    "additionalProperties": "PS005",
    "unevaluatedProperties": "PS005",
    "minLength": "PS006",
    "maxLength": "PS006",
    "minItems": "PS007",
    "maxItems": "PS007",
    "uniqueItems": "PS007",
    "pattern": "PS008",
    "format": "PS008",
    "anyOf": "PS009",
    "oneOf": "PS009",
    "not": "PS010",
    "dependentRequired": "PS011",
}
_UNKNOWN_KEYWORDS = ("additionalProperties", "unevaluatedProperties")


@cache
def load_schema(kind: str) -> dict:
    with open(os.path.join(data_dir("schemas"), f"{kind}.schema.json"), encoding="utf-8") as handle:
        return json.load(handle)


@cache
def _fast_validator(kind: str) -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema(kind))


@cache
def _detailed_validator(kind: str) -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(load_schema(kind))


def check(kind: str, value: Any, yaml: bool = False) -> list[Problem]:
    """Every schema error in `value`, as problems; an empty list when the document is valid.

    `yaml` adds the quoting hint where YAML 1.1 turned a word into a boolean.
    """
    try:
        if _fast_validator(kind).is_valid(value):
            return []
    except (ValueError, TypeError, OverflowError):
        pass  # values JSON cannot hold (YAML dates, huge numbers): let the detailed pass explain
    errors = _detailed_validator(kind).iter_errors(value)
    problems = list(_problems(errors, "", load_schema(kind), yaml))
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    """Problems without repeats; a type error where the allowed values are listed anyway is dropped."""
    listed = {p.pointer for p in problems if p.keyword in ("enum", "const")}
    seen, result = set(), []
    for problem in problems:
        if problem.keyword == "type" and problem.pointer in listed:
            continue
        key = (problem.rule, problem.pointer, problem.at, problem.message)
        if key not in seen:
            seen.add(key)
            result.append(problem)
    return result


def _pointer(error: Any) -> str:
    return jp.join("", *error.absolute_path)


def _field(pointer: str) -> str:
    """A short name for the field at `pointer`, for messages: `tts_engine`, `tools[2]`, `/2`."""
    tokens = jp.split(pointer)
    names = list(tokens)
    while names and names[-1].isdigit():
        names.pop()
    if not names:
        return "the document" if not pointer else f"the item at {pointer}"
    indexes = tokens[len(names) :]
    return names[-1] + "".join(f"[{i}]" for i in indexes)


_JSON_POINTER_PATTERN = "^(/([^~/]|~[01])*)*$"
_YAML_BOOLEAN_HINT = "; YAML 1.1 reads unquoted yes/no/on/off as booleans"


def _problems(errors: Iterable[Any], prefix: str, root: dict, yaml: bool) -> Iterator[Problem]:
    for error in errors:
        yield from _explain(error, prefix, root, yaml)


def _explain(error: Any, prefix: str, root: dict, yaml: bool) -> Iterator[Problem]:
    keyword = error.validator
    pointer = _pointer(error)
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    rule = KEYWORD_RULES.get(keyword, "PI001")  # every keyword our schemas use is mapped (tested)
    field = _field(pointer)

    def problem(message: str, at_pointer: str = pointer, at: str = "value") -> Problem:
        return Problem(rule, prefix + message, at_pointer, at, keyword=keyword)

    if keyword == "required":
        for name in error.validator_value:
            if isinstance(instance, dict) and name not in instance:
                where = f"in {field}" if pointer else "at the top level"
                yield problem(f"missing required key '{name}' {where}", pointer, "container")
    elif keyword in _UNKNOWN_KEYWORDS:
        known = sorted(schema.get("properties", {}))
        for name in _extra_keys(instance, schema):
            yield problem(_unknown_key_message(name, pointer, known), jp.join(pointer, name), "key")
    elif keyword == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        hint = (
            _YAML_BOOLEAN_HINT + ": quote the value"
            if yaml and isinstance(instance, bool) and "string" in expected
            else ""
        )
        got = messages.type_name(instance)
        if isinstance(instance, (str, int, float)) and not isinstance(instance, bool):
            got += f" {messages.value(instance, pointer)}"
        elif isinstance(instance, bool):
            got += f" {messages.value(instance)}"
        yield problem(f"{field}: expected {expected}; got {got}{hint}")
    elif keyword == "enum":
        allowed = error.validator_value
        hint = f"{_YAML_BOOLEAN_HINT}: quote the value" if yaml and isinstance(instance, bool) else ""
        yield problem(
            f"{field}: expected one of {messages.choices(allowed)}; got {messages.value(instance, pointer)}{hint}"
        )
    elif keyword == "const":
        yield problem(
            f"{field}: expected {messages.value(error.validator_value)}; got {messages.value(instance, pointer)}"
        )
    elif keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        yield problem(f"{field}: {_range_text(schema)}; got {messages.value(instance, pointer)}")
    elif keyword in ("minLength", "maxLength"):
        yield problem(
            f"{field}: {_bounds_text(schema, 'minLength', 'maxLength', 'characters')}; got {len(instance):,} characters"
        )
    elif keyword in ("minItems", "maxItems"):
        yield problem(f"{field}: {_bounds_text(schema, 'minItems', 'maxItems', 'items')}; got {len(instance):,}")
    elif keyword == "uniqueItems":
        yield problem(f"{field}: items must be unique")
    elif keyword == "pattern":
        if error.validator_value == _JSON_POINTER_PATTERN:
            expected = "a JSON Pointer that starts with '/', such as /layers/llm/model"
        else:
            expected = f"a string matching {error.validator_value}"
        yield problem(f"{field}: expected {expected}; got {messages.value(instance, pointer)}")
    elif keyword in ("anyOf", "oneOf"):
        yield from _explain_alternatives(error, pointer, field, prefix, root, yaml)
    elif keyword == "not":
        together = (error.validator_value or {}).get("required") if isinstance(error.validator_value, dict) else None
        if together:
            yield problem(
                f"{field}: {' and '.join(together)} cannot be used together", jp.join(pointer, together[-1]), "key"
            )
        else:
            yield problem(f"{field}: {error.message}")
    elif keyword == "dependentRequired":
        for name, needs in error.validator_value.items():
            missing = [n for n in needs if isinstance(instance, dict) and name in instance and n not in instance]
            if missing:
                yield problem(
                    f"{field}: {name} requires {', '.join(missing)} (both or neither)", jp.join(pointer, name), "key"
                )
    else:
        yield problem(f"{field}: unmapped JSON Schema keyword {keyword!r}: {error.message}")


def _extra_keys(instance: Any, schema: dict) -> list[str]:
    import re

    if not isinstance(instance, dict):
        return []
    properties = schema.get("properties", {})
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    return [k for k in instance if k not in properties and not any(p.search(k) for p in patterns)]


def _unknown_key_message(name: str, pointer: str, known: list[str]) -> str:
    where = f"in {_field(pointer)}" if pointer else "at the top level"
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if not close:
        lowered = {k.lower().replace("_", ""): k for k in known}
        match = lowered.get(name.lower().replace("_", "").replace("-", ""))
        close = [match] if match else []
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown key '{name}' {where}{hint}"


def _range_text(schema: dict) -> str:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if low is not None and high is not None:
        return f"must be between {low} and {high}"
    if low is not None:
        return f"must be {'greater than' if 'exclusiveMinimum' in schema else 'at least'} {low}"
    return f"must be {'less than' if 'exclusiveMaximum' in schema else 'at most'} {high}"


def _bounds_text(schema: dict, low_key: str, high_key: str, unit: str) -> str:
    low, high = schema.get(low_key), schema.get(high_key)
    if low is not None and high is not None:
        return f"must have {low} to {high:,} {unit}"
    if high is not None:
        return f"must have at most {high:,} {unit}"
    return f"must have at least {low:,} {unit}"


def _explain_alternatives(
    error: Any, pointer: str, field: str, prefix: str, root: dict, yaml: bool
) -> Iterator[Problem]:
    """anyOf/oneOf: explain the alternative the value was most likely meant to be."""
    branches = error.validator_value
    by_branch: dict[int, list[Any]] = {i: [] for i in range(len(branches))}
    for sub in error.context or ():
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)

    def title(i: int) -> str:
        return _resolve(root, branches[i]).get("title", f"alternative {i + 1}")

    def unknown_count(subs: list[Any]) -> int:
        return sum(1 for s in subs if s.validator in _UNKNOWN_KEYWORDS or s.validator == "type" and not s.relative_path)

    if not error.context:  # oneOf matched several alternatives
        yield Problem(
            "PS009",
            f"{prefix}{field}: matches more than one of {', '.join(title(i) for i in by_branch)}",
            pointer,
            keyword=error.validator,
        )
        return
    best = min(by_branch, key=lambda i: (unknown_count(by_branch[i]), len(by_branch[i])))
    if unknown_count(by_branch[best]) == 0:
        yield from _problems(by_branch[best], f"{prefix}{title(best)}: " if len(branches) > 1 else prefix, root, yaml)
        return
    instance = error.instance
    if isinstance(instance, dict):
        shapes = {i: set(_resolve(root, branches[i]).get("properties", {})) for i in by_branch}
        known = set().union(*shapes.values())
        unknown = [k for k in instance if k not in known]
        for name in unknown:
            yield Problem(
                "PS005",
                prefix + _unknown_key_message(name, pointer, sorted(known)),
                jp.join(pointer, name),
                "key",
                keyword="additionalProperties",
            )
        if not unknown:
            owners = {k: [title(i) for i in shapes if k in shapes[i]] for k in instance}
            detail = "; ".join(f"{k} ({' / '.join(v)})" for k, v in owners.items())
            yield Problem(
                "PS009",
                f"{prefix}{field}: mixes fields of different shapes, and no single one of "
                f"{', '.join(title(i) for i in by_branch)} has them all: {detail}",
                pointer,
                keyword=error.validator,
            )
        return
    names = ", ".join(title(i) for i in by_branch)
    yield Problem(
        "PS009",
        f"{prefix}{field}: expected {names}; got {messages.type_name(instance)}",
        pointer,
        keyword=error.validator,
    )


def _resolve(root: dict, subschema: Any) -> dict:
    """Follow a local $ref so alternatives can be named by their titles."""
    if isinstance(subschema, dict) and subschema.get("$ref", "").startswith("#/"):
        target: Any = root
        for token in jp.split(subschema["$ref"][1:]):
            target = target.get(token, {}) if isinstance(target, dict) else {}
        return target if isinstance(target, dict) else {}
    return subschema if isinstance(subschema, dict) else {}
