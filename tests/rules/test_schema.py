"""rules/schema.yaml (PS001-PS011): each JSON Schema keyword reported under its rule, and the schemas'
enums held to the lifecycle tables that describe the same values."""

from __future__ import annotations

import pytest

from personalint import kinds
from personalint import pointer as jp
from personalint.engine.registry import registry
from personalint.schema.keywords import EXPLAINERS
from personalint.schema.store import deref, load_schema

# The statuses of values the API accepts (so a schema's enum lists them): current, legacy
# (still accepted, superseded), deprecated (accepted until removed) and invite-only (accepted
# for organisations with access). Not: removed (rejected), guide-only (in a guide, never in the
# API reference) and misplaced (a value of another field).
ACCEPTED = frozenset({"current", "legacy", "deprecated", "invite-only"})


def test_every_schema_rule_keyword_is_mapped_once_and_explained() -> None:
    keyword_rules = registry().keyword_rules
    schema_rules = [r for r in registry().rules if r.pack == "schema"]
    listed = [k for r in schema_rules for k in r.check.get("keywords", ())]
    assert len(listed) == len(set(listed)) == len(keyword_rules)  # no keyword under two rules
    assert set(keyword_rules.values()) == {r.id for r in schema_rules}
    assert set(EXPLAINERS) <= set(keyword_rules)
    # `format` is an annotation in draft 2020-12: mapped for the day it asserts, never explained yet
    assert set(keyword_rules) - set(EXPLAINERS) == {"format"}


def _enums_at(kind: str, path: str) -> list[list]:
    """The enums the kind's schema gives the field at `path` (relative to the persona fields)."""
    root = load_schema(kind)
    nodes = [root]
    for token in jp.split(path):
        below = []
        for node in nodes:
            for shape in _shapes(root, node):
                if token == "*" or token.isdigit():
                    below += [shape["items"]] if "items" in shape else []
                elif token in shape.get("properties", {}):
                    below.append(shape["properties"][token])
        nodes = below
    return [shape["enum"] for node in nodes for shape in _shapes(root, node) if "enum" in shape]


def _shapes(root: dict, node: object) -> list[dict]:
    node = deref(root, node)
    if not isinstance(node, dict):
        return []
    alternatives = [deref(root, a) for key in ("anyOf", "oneOf", "allOf") for a in node.get(key, ())]
    return [node, *(a for a in alternatives if isinstance(a, dict))]


def _described_enums() -> list[tuple[str, str, str, str]]:
    """(rule, kind, path, table) for each field a lifecycle rule judges where the schema has an enum."""
    pairs = []
    for rule in registry().rules:
        check = rule.check
        fields = {check["path"]: check["table"]} if check.get("function") == "lifecycle" else {}
        fields = check["fields"] if check.get("function") == "lifecycles" else fields
        for path, table in fields.items():
            for kind in rule.kinds:
                if not kinds.KIND[kind].edits and _enums_at(kind, path):
                    pairs.append((rule.id, kind, path, table))
    return pairs


DESCRIBED = _described_enums()


def test_the_lifecycle_rules_describe_schema_enums() -> None:
    assert {(kind, path) for _, kind, path, _ in DESCRIBED} >= {
        ("anam-create", "/avatarModel"),
        ("tavus-create", "/pipeline_mode"),
        ("tavus-create", "/layers/perception/perception_model"),
        ("tavus-create", "/layers/stt/stt_engine"),
        ("tavus-create", "/layers/tts/tts_engine"),
        ("tavus-create", "/layers/conversational_flow/turn_detection_model"),
    }


@pytest.mark.parametrize(("rule", "kind", "path", "table"), DESCRIBED, ids=[f"{r}-{k}-{p}" for r, k, p, _ in DESCRIBED])
def test_a_schema_enum_is_the_values_its_lifecycle_table_says_the_api_accepts(rule, kind, path, table) -> None:
    """The schema's enum (without null, which says the field is nullable) equals the table's values
    whose status is one the API accepts: current, legacy, deprecated and invite-only (see ACCEPTED)."""
    entries = registry().tables[table]
    accepted = {value for value, entry in entries.items() if entry["status"] in ACCEPTED}
    for enum in _enums_at(kind, path):
        assert {v for v in enum if v is not None} == accepted, f"{rule}: {kind} {path} vs table {table}"


# --- PS001: a boolean or a number spelled as a string names the typing fix ----------------------


def _ps001(text: str, name: str, kind: str) -> list[tuple[int, int, str]]:
    from helpers import lint

    result = lint(text, name=name, kind=kind)
    return [(f.span.line, f.span.column, f.message) for f in result.findings if f.rule == "PS001"]


@pytest.mark.parametrize(
    ("written", "literal"),
    [('"false"', "false"), ('"true"', "true"), ('"off"', "false"), ('"on"', "true"), ('"No"', "false")]
    + [('"yes"', "true")],
)
def test_boolean_spelled_as_a_string_names_the_fix(written: str, literal: str) -> None:
    text = (
        '{"system_prompt": "x",\n "layers": {"llm": {"model": "tavus-gpt-oss", "speculative_inference": '
        + written
        + "}}}\n"
    )
    [(line, column, message)] = _ps001(text, "p.json", "tavus-create")
    assert (line, column) == (2, 72)
    assert message.endswith(
        f"expected boolean; got string {written[0:1].replace(chr(34), chr(39))}{written[1:-1]}'"
        f"; write {literal} without quotes (the boolean, not the text)"
    )


def test_boolean_spelled_as_a_string_in_yaml() -> None:
    text = "avatarId: 071b0286-4cce-4808-bee2-e642f1062de3\nskipGreeting: 'no'\n"
    assert _ps001(text, "p.yaml", "anam-create") == [
        (
            2,
            15,
            "skipGreeting: expected boolean; got string 'no'; write false without quotes (the boolean, not the text)",
        )
    ]


def test_number_spelled_as_a_string_names_the_fix() -> None:
    text = (
        '{"personaConfig": {"avatarId": "071b0286-4cce-4808-bee2-e642f1062de3",\n "maxSessionLengthSeconds": "600"}}\n'
    )
    [(line, column, message)] = _ps001(text, "s.json", "anam-session")
    assert (line, column) == (2, 29)
    assert message.endswith("got string '600'; write 600 without quotes (the number, not the text)")


@pytest.mark.parametrize("written", ['"maybe"', '"1"', '"0"', '"disabled"'])
def test_other_strings_get_no_typing_fix(written: str) -> None:
    text = (
        '{"system_prompt": "x", "layers": {"llm": {"model": "tavus-gpt-oss", "speculative_inference": '
        + written
        + "}}}\n"
    )
    [(_, _, message)] = _ps001(text, "p.json", "tavus-create")
    assert "without quotes" not in message
