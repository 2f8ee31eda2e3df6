"""Property tests (hypothesis): whatever the input, the whole pipeline and every reporter hold up.

Inputs: documents built from each kind's JSON Schema (valid ones, and ones mutated: values
replaced, keys dropped or misspelt), written as JSON or YAML in varied styles, then maybe
damaged as text (a character inserted or deleted, a line repeated, other line breaks, a BOM,
UTF-16); YAML-looking and JSON-looking character soups; and plain random bytes.

For each: no exception escapes, every finding lies inside the file, the JSON and SARIF
outputs parse, and the same bytes give the same findings (tests/pipeline_invariants.py).
The example budget is fixed (and derandomized in CI) so the file runs in well under 30 s;
the generated tests are marked slow, outside the `-m "not slow"` inner loop. Hypothesis keeps
no example database: nothing is written into the checkout (.hypothesis/).
"""

from __future__ import annotations

import json
import os
import string
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from pipeline_invariants import NAMES, check_everything

from personalint.kinds import KINDS
from personalint.schema import load_schema

# Even without a database, hypothesis caches its Unicode tables in .hypothesis/ under the current
# directory (the checkout): keep them in the user's cache, unless a folder is chosen already.
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    _CACHE = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    set_hypothesis_home_dir(os.path.join(_CACHE, "personalint-tests", "hypothesis"))

BUDGET = settings(
    max_examples=int(os.environ.get("PERSONALINT_PROPERTY_EXAMPLES", "200")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=list(HealthCheck),
    database=None,
)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(
        [
            "off",
            "on",
            "yes",
            "no",
            "null",
            "~",
            "1e3",
            "0x1F",
            "2001-01-01",
            "${API_KEY}",
            "sk-" + "a1" * 12,
            "",
            " ",
            "- x",
            "a: b",
            "&a",
            "*a",
        ]
    ),
)
ANY_JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12,
)


def _resolve(root: dict, schema: Any) -> dict:
    while isinstance(schema, dict) and schema.get("$ref", "").startswith("#/"):
        target: Any = root
        for token in schema["$ref"][2:].split("/"):
            target = target.get(token, {})
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema if isinstance(schema, dict) else {}


@st.composite
def from_schema(draw: st.DrawFn, schema: Any, root: dict, depth: int = 0) -> Any:
    """A value the schema describes (roughly: enough to reach deep into the rules), or junk."""
    schema = _resolve(root, schema)
    if depth > 6 or draw(st.integers(0, 30)) == 0:
        return draw(ANY_JSON)  # a mutation: anything at all
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return draw(st.sampled_from(schema["enum"]))
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return draw(from_schema(draw(st.sampled_from(schema[key])), root, depth + 1))
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = draw(st.sampled_from(kind))
    if kind is None and "properties" in schema:
        kind = "object"
    if kind == "object":
        return _object(draw, schema, root, depth)
    if kind == "array":
        return draw(st.lists(from_schema(schema.get("items", {}), root, depth + 1), max_size=3))
    return _scalar(draw, kind, schema)


def _object(draw: st.DrawFn, schema: dict, root: dict, depth: int) -> dict:
    properties = schema.get("properties", {})
    required = [k for k in schema.get("required", []) if k in properties]
    chosen = draw(st.lists(st.sampled_from(sorted(properties)), unique=True, max_size=6)) if properties else []
    value = {}
    for name in dict.fromkeys(required + chosen):
        if draw(st.integers(0, 15)) == 0:
            continue  # a required key dropped
        key = name if draw(st.integers(0, 20)) else name[:-1] + "x"  # now and then, misspelt
        value[key] = draw(from_schema(properties[name], root, depth + 1))
    if schema.get("additionalProperties") not in (False, None) and draw(st.booleans()):
        value[draw(st.text(max_size=10))] = draw(SCALARS)
    return value


def _scalar(draw: st.DrawFn, kind: Any, schema: dict) -> Any:
    if kind == "string":
        return draw(st.text(max_size=40) | st.sampled_from(["full", "echo", "cartesia", "gpt-4o", "0" * 36]))
    if kind in ("number", "integer"):
        low, high = schema.get("minimum", -5), schema.get("maximum", 5)
        return draw(st.integers(int(low) - 2, int(high) + 2) | st.floats(low - 1, high + 1))
    if kind == "boolean":
        return draw(st.booleans())
    if kind == "null":
        return None
    return draw(ANY_JSON)


@st.composite
def documents(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(KINDS))
    root = load_schema(kind)
    return draw(from_schema(root, root))


def _yaml_text(value: Any, draw: st.DrawFn) -> str:
    return yaml.safe_dump(
        value,
        default_flow_style=draw(st.sampled_from([False, True, None])),
        allow_unicode=draw(st.booleans()),
        sort_keys=draw(st.booleans()),
        indent=draw(st.sampled_from([2, 4])),
        explicit_start=draw(st.booleans()),
    )


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file written from a schema document, as JSON or YAML, maybe damaged."""
    value = draw(documents())
    as_json = draw(st.booleans())
    if as_json:
        text = json.dumps(value, indent=draw(st.sampled_from([None, 2, "\t"])), ensure_ascii=draw(st.booleans()))
    else:
        text = _yaml_text(value, draw)
        if draw(st.integers(0, 4)) == 0:  # a stream of two documents
            text += "---\n" + _yaml_text(draw(documents()), draw)
    for _ in range(draw(st.integers(0, 3))):
        damage = draw(st.sampled_from(["insert", "delete", "repeat-line"]))
        at = draw(st.integers(0, len(text)))
        if damage == "insert":
            text = (
                text[:at]
                + draw(st.sampled_from(list("{}[]:,-&*!|>\"'#\t\n ") + ["\r", "\x00", "\ufeff", "é"]))
                + text[at:]
            )
        elif damage == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 5)) :]
        else:
            lines = text.splitlines(keepends=True)
            if lines:
                index = draw(st.integers(0, len(lines) - 1))
                lines.insert(index, lines[index])
                text = "".join(lines)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = text.replace("\n", newline)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-8"]))
    name = draw(st.sampled_from(NAMES[:3])) if draw(st.integers(0, 5)) == 0 else ("p.json" if as_json else "p.yaml")
    return name, text.encode(encoding, "surrogatepass")


SOUP = st.lists(
    st.sampled_from(
        list("{}[]:,-?&*!|>\"'#%@`\\ \t\n\r")
        + list("abyn01.")
        + ["---", "...", "<<", "\u2028", "\x85", "&a ", "*a", "!!int ", "! ", "key: "]
    ),
    max_size=60,
).map("".join)


@pytest.mark.slow
@BUDGET
@given(files())
def test_documents_from_the_schemas_valid_or_mutated(file: tuple[str, bytes]) -> None:
    check_everything(*file)


@pytest.mark.slow
@BUDGET
@given(files(), st.sampled_from(KINDS))
def test_any_document_checked_as_any_kind(file: tuple[str, bytes], kind: str) -> None:
    check_everything(file[0], file[1], kind)


@pytest.mark.slow
@BUDGET
@given(SOUP, st.sampled_from(NAMES))
def test_structure_soup(text: str, name: str) -> None:
    check_everything(name, text.encode("utf-8", "surrogatepass"))


@pytest.mark.slow
@BUDGET
@given(st.binary(max_size=200), st.sampled_from(NAMES))
def test_random_bytes(data: bytes, name: str) -> None:
    check_everything(name, data)


@pytest.mark.slow
@BUDGET
@given(st.text(alphabet=string.printable + "é\u2028", max_size=120), st.sampled_from(NAMES))
def test_random_text(text: str, name: str) -> None:
    check_everything(name, text.encode())


@pytest.mark.parametrize(
    "example",
    sorted(
        p
        for p in os.listdir(os.path.join(os.path.dirname(__file__), "..", "examples", "tavus"))
        if p.endswith((".yaml", ".json"))
    ),
)
def test_shipped_examples_hold_the_invariants(example: str) -> None:
    path = os.path.join(os.path.dirname(__file__), "..", "examples", "tavus", example)
    with open(path, "rb") as handle:
        check_everything(example, handle.read())
