"""JSON Schema errors explained: one small explainer per keyword (cfn-lint's one method per keyword).

Which rule an error belongs to is data, not code: each rule of rules/schema.yaml lists the
keywords it reports (`keywords:`), and the registry turns that into the mapping
keyword -> rule id (`Registry.keyword_rules`) that the schema stage is handed. A keyword
with no rule is reported under the internal-error rule, so a schema that starts using a
new keyword cannot go unnoticed (a test holds the schemas' keywords, this table and the
mapping together).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from personalint import messages
from personalint import pointer as jp
from personalint.finding import Problem
from personalint.ids import INTERNAL_ERROR
from personalint.patterns import lazy
from personalint.schema.store import deref

UNKNOWN_KEYWORDS = ("additionalProperties", "unevaluatedProperties")
_JSON_POINTER_PATTERN = "^(/([^~/]|~[01])*)*$"
_YAML_BOOLEAN_HINT = "; YAML 1.1 reads unquoted yes/no/on/off as booleans"


class Explaining(NamedTuple):
    """One error being explained, and what its explanation needs."""

    error: Any  # a jsonschema.ValidationError
    prefix: str  # put before each message (the title of the alternative the error is in)
    root: dict  # the whole schema, for $refs
    yaml: bool  # the document is YAML: booleans get the quoting hint
    rules: Mapping[str, str]  # keyword -> rule id

    @property
    def pointer(self) -> str:
        return jp.join("", *self.error.absolute_path)

    @property
    def field(self) -> str:
        return messages.field_name(self.pointer)

    @property
    def schema(self) -> dict:
        return self.error.schema if isinstance(self.error.schema, dict) else {}

    def problem(
        self,
        message: str,
        pointer: str | None = None,
        at: str = "value",
        keyword: str | None = None,
        fix: dict | None = None,
    ) -> Problem:
        """A problem of the rule that reports `keyword` (default: the error's own); `fix`: its operands."""
        keyword = keyword or self.error.validator
        rule = self.rules.get(keyword, INTERNAL_ERROR)
        return Problem(
            rule, self.prefix + message, self.pointer if pointer is None else pointer, at, keyword=keyword, fix=fix
        )


Explainer = Callable[[Explaining], Iterator[Problem]]


def problems(errors: Iterable[Any], prefix: str, root: dict, yaml: bool, rules: Mapping[str, str]) -> Iterator[Problem]:
    """Every error explained, as problems, in the order of the errors."""
    for error in errors:
        explaining = Explaining(error, prefix, root, yaml, rules)
        yield from EXPLAINERS.get(error.validator, _unmapped)(explaining)


def _required(e: Explaining) -> Iterator[Problem]:
    instance = e.error.instance
    for name in e.error.validator_value:
        if isinstance(instance, dict) and name not in instance:
            where = f"in {e.field}" if e.pointer else "at the top level"
            yield e.problem(f"missing required key '{name}' {where}", e.pointer, "container")


def _unknown(e: Explaining) -> Iterator[Problem]:
    known = sorted(e.schema.get("properties", {}))
    for name in _extra_keys(e.error.instance, e.schema):
        yield e.problem(
            unknown_key_message(name, e.pointer, known), jp.join(e.pointer, name), "key", fix=_rename(name, known)
        )


def _type(e: Explaining) -> Iterator[Problem]:
    instance = e.error.instance
    expected = e.error.validator_value
    expected = " or ".join(expected) if isinstance(expected, list) else expected
    quote = e.yaml and isinstance(instance, bool) and "string" in expected
    hint = _YAML_BOOLEAN_HINT + ": quote the value" if quote else _spelled_as_string(instance, expected)
    fix = {"value": _unquoted(instance)} if hint and not quote else None
    got = messages.type_name(instance)
    if isinstance(instance, (str, int, float)) and not isinstance(instance, bool):
        got += f" {messages.value(instance, e.pointer)}"
    elif isinstance(instance, bool):
        got += f" {messages.value(instance)}"
    yield e.problem(f"{e.field}: expected {expected}; got {got}{hint}", fix=fix)


# a boolean spelled as a string, and the boolean it stands for
STRING_BOOLEANS = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}
_JSON_NUMBER = lazy(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def _spelled_as_string(instance: Any, expected: str) -> str:
    """The typing fix for a boolean or number written as a string (`"false"`, `"0.7"`): the value
    without quotes (in YAML too: a quoted scalar is always a string)."""
    if not isinstance(instance, str):
        return ""
    text = instance.strip()
    types = set(expected.split(" or "))
    if "boolean" in types and text.lower() in STRING_BOOLEANS:
        literal = "true" if STRING_BOOLEANS[text.lower()] else "false"
        return f"; write {literal} without quotes (the boolean, not the text)"
    wants_number = "number" in types or ("integer" in types and text.lstrip("-").isdigit())
    if wants_number and _JSON_NUMBER.fullmatch(text):
        return f"; write {text} without quotes (the number, not the text)"
    return ""


def _unquoted(text: str) -> bool | int | float:
    """The boolean or number a string spells (`_spelled_as_string` said it does)."""
    text = text.strip()
    if text.lower() in STRING_BOOLEANS:
        return STRING_BOOLEANS[text.lower()]
    number = float(text)
    return (
        int(text)
        if _JSON_NUMBER.fullmatch(text) and number.is_integer() and "." not in text and "e" not in text.lower()
        else number
    )


def _enum(e: Explaining) -> Iterator[Problem]:
    instance = e.error.instance
    hint = f"{_YAML_BOOLEAN_HINT}: quote the value" if e.yaml and isinstance(instance, bool) else ""
    allowed = messages.choices(e.error.validator_value)
    yield e.problem(f"{e.field}: expected one of {allowed}; got {messages.value(instance, e.pointer)}{hint}")


def _const(e: Explaining) -> Iterator[Problem]:
    wanted, got = messages.value(e.error.validator_value), messages.value(e.error.instance, e.pointer)
    yield e.problem(f"{e.field}: expected {wanted}; got {got}")


def _range(e: Explaining) -> Iterator[Problem]:
    schema = e.schema
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if low is not None and high is not None:
        text = f"must be between {low} and {high}"
    elif low is not None:
        text = f"must be {'greater than' if 'exclusiveMinimum' in schema else 'at least'} {low}"
    else:
        text = f"must be {'less than' if 'exclusiveMaximum' in schema else 'at most'} {high}"
    yield e.problem(f"{e.field}: {text}; got {messages.value(e.error.instance, e.pointer)}")


def _length(e: Explaining) -> Iterator[Problem]:
    bounds = _bounds_text(e.schema, "minLength", "maxLength", "characters")
    yield e.problem(f"{e.field}: {bounds}; got {len(e.error.instance):,} characters")


def _items(e: Explaining) -> Iterator[Problem]:
    yield e.problem(
        f"{e.field}: {_bounds_text(e.schema, 'minItems', 'maxItems', 'items')}; got {len(e.error.instance):,}"
    )


def _unique_items(e: Explaining) -> Iterator[Problem]:
    yield e.problem(f"{e.field}: items must be unique")


def _pattern(e: Explaining) -> Iterator[Problem]:
    if e.error.validator_value == _JSON_POINTER_PATTERN:
        expected = "a JSON Pointer that starts with '/', such as /layers/llm/model"
    else:
        expected = f"a string matching {e.error.validator_value}"
    yield e.problem(f"{e.field}: expected {expected}; got {messages.value(e.error.instance, e.pointer)}")


def _not(e: Explaining) -> Iterator[Problem]:
    value = e.error.validator_value
    together = (value or {}).get("required") if isinstance(value, dict) else None
    if together:
        where = jp.join(e.pointer, together[-1])
        yield e.problem(f"{e.field}: {' and '.join(together)} cannot be used together", where, "key")
    else:
        yield e.problem(f"{e.field}: {e.error.message}")


def _dependent_required(e: Explaining) -> Iterator[Problem]:
    instance = e.error.instance
    for name, needs in e.error.validator_value.items():
        missing = [n for n in needs if isinstance(instance, dict) and name in instance and n not in instance]
        if missing:
            message = f"{e.field}: {name} requires {', '.join(missing)} (both or neither)"
            yield e.problem(message, jp.join(e.pointer, name), "key")


def _unmapped(e: Explaining) -> Iterator[Problem]:
    yield e.problem(f"{e.field}: unmapped JSON Schema keyword {e.error.validator!r}: {e.error.message}")


def _alternatives(e: Explaining) -> Iterator[Problem]:
    """anyOf/oneOf: explain the alternative the value was most likely meant to be."""
    branches = e.error.validator_value
    by_branch: dict[int, list[Any]] = {i: [] for i in range(len(branches))}
    for sub in e.error.context or ():
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)

    def title(i: int) -> str:
        return _titled(e.root, branches[i]).get("title", f"alternative {i + 1}")

    def unknown_count(subs: list[Any]) -> int:
        return sum(1 for s in subs if s.validator in UNKNOWN_KEYWORDS or s.validator == "type" and not s.relative_path)

    titles = ", ".join(title(i) for i in by_branch)
    if not e.error.context:  # oneOf matched several alternatives
        yield e.problem(f"{e.field}: matches more than one of {titles}")
        return
    best = min(by_branch, key=lambda i: (unknown_count(by_branch[i]), len(by_branch[i])))
    if unknown_count(by_branch[best]) == 0:
        prefix = f"{e.prefix}{title(best)}: " if len(branches) > 1 else e.prefix
        yield from problems(by_branch[best], prefix, e.root, e.yaml, e.rules)
        return
    instance = e.error.instance
    if not isinstance(instance, dict):
        yield e.problem(f"{e.field}: expected {titles}; got {messages.type_name(instance)}")
        return
    shapes = {i: set(_titled(e.root, branches[i]).get("properties", {})) for i in by_branch}
    known = set().union(*shapes.values())
    unknown = [k for k in instance if k not in known]
    for name in unknown:
        message = unknown_key_message(name, e.pointer, sorted(known))
        fix = _rename(name, sorted(known))
        yield e.problem(message, jp.join(e.pointer, name), "key", keyword="additionalProperties", fix=fix)
    if not unknown:
        owners = {k: [title(i) for i in shapes if k in shapes[i]] for k in instance}
        detail = "; ".join(f"{k} ({' / '.join(v)})" for k, v in owners.items())
        yield e.problem(
            f"{e.field}: mixes fields of different shapes, and no single one of {titles} has them all: {detail}"
        )


EXPLAINERS: dict[str, Explainer] = {
    "required": _required,
    "additionalProperties": _unknown,
    "unevaluatedProperties": _unknown,
    "type": _type,
    "enum": _enum,
    "const": _const,
    "minimum": _range,
    "maximum": _range,
    "exclusiveMinimum": _range,
    "exclusiveMaximum": _range,
    "minLength": _length,
    "maxLength": _length,
    "minItems": _items,
    "maxItems": _items,
    "uniqueItems": _unique_items,
    "pattern": _pattern,
    "anyOf": _alternatives,
    "oneOf": _alternatives,
    "not": _not,
    "dependentRequired": _dependent_required,
}


def _titled(root: dict, subschema: Any) -> dict:
    """An alternative with its local $ref followed, so it can be named by its title."""
    target = deref(root, subschema)
    return target if isinstance(target, dict) else {}


def _extra_keys(instance: Any, schema: dict) -> list[str]:
    if not isinstance(instance, dict):
        return []
    properties = schema.get("properties", {})
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    return [k for k in instance if k not in properties and not any(p.search(k) for p in patterns)]


def unknown_key_message(name: str, pointer: str, known: list[str]) -> str:
    """`unknown key 'X' in Y`, with the known key it most likely misspells."""
    where = f"in {messages.field_name(pointer)}" if pointer else "at the top level"
    close = _closest(name, known)
    hint = f"; did you mean '{close}'?" if close else ""
    return f"unknown key '{name}' {where}{hint}"


def _closest(name: str, known: list[str]) -> str | None:
    import difflib  # only when a name is wrong

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return close[0]
    lowered = {k.lower().replace("_", ""): k for k in known}
    return lowered.get(name.lower().replace("_", "").replace("-", ""))


def _rename(name: str, known: list[str]) -> dict | None:
    """The did-you-mean fix (unsafe: the key may be a different field): rename to the closest known key."""
    close = _closest(name, known)
    return {"key": close} if close else None


def _bounds_text(schema: dict, low_key: str, high_key: str, unit: str) -> str:
    low, high = schema.get(low_key), schema.get(high_key)
    if low is not None and high is not None:
        return f"must have {low} to {high:,} {unit}"
    if high is not None:
        return f"must have at most {high:,} {unit}"
    return f"must have at least {low:,} {unit}"
