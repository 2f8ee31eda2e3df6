"""Every rule: its documented bad example fires, its good example does not, and the packs are sound."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import REPO, lint, where

from personalint.config import Settings
from personalint.engine.registry import registry
from personalint.pipeline import check_bytes

RULES = registry().rules
AVATAR = "071b0286-4cce-4808-bee2-e642f1062de3"  # the ids of the documents' own examples
VOICE = "de23e340-1416-4dd8-977d-065a7ca11697"
EXAMPLES = [(rule, example) for rule in RULES for example in rule.examples]
WITHOUT_EXAMPLES = {
    "PI001",
    "PF080",
}  # no example input: an internal error (see test_internal_error_*), a file over 5 MiB (tests/test_robustness.py)


def _run(rule_id: str, example: dict, which: str):
    text = example[which].replace("{long}", "x" * 2001)
    name = "example." + example.get("format", "yaml")
    settings = Settings(enabled=registry().select([rule_id]), kind=example.get("kind"), **_inventory(example))
    return check_bytes(name, text.encode(), settings)


def _inventory(example: dict) -> dict:
    """An example's `inventory:` (a path under the repository) loaded, for the rules that need one."""
    if "inventory" not in example:
        return {}
    from personalint import inventory

    return {"inventory": inventory.load(str(REPO / example["inventory"]))}


@pytest.mark.parametrize(
    ("rule", "example"), EXAMPLES, ids=[f"{r.id}-{r.name}-{e.get('kind', 'detected')}" for r, e in EXAMPLES]
)
def test_bad_example_fires_and_good_one_does_not(rule, example) -> None:
    if "bad" in example:
        found = _run(rule.id, example, "bad").findings
        assert rule.id in [f.rule for f in found], f"{rule.id} did not fire on its bad example"
        at = [f"{f.span.line}:{f.span.column}" for f in found if f.rule == rule.id]
        assert at == example.get("at"), f"{rule.id}'s bad example: findings at {at}, its `at:` says {example.get('at')}"
    if "good" in example:
        result = _run(rule.id, example, "good")
        assert [f.rule for f in result.findings] == [], f"{rule.id}'s good example has findings: {result.findings}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_is_documented_with_examples_and_a_source(rule) -> None:
    assert rule.summary and rule.explanation and rule.sources
    if rule.id not in WITHOUT_EXAMPLES:
        assert any("bad" in e for e in rule.examples) and any("good" in e for e in rule.examples)
    for source in rule.sources:
        if "file" in source:
            assert source["file"].startswith("shared/"), source
            assert source["section"].strip()


def test_cited_files_exist(shared: Path) -> None:
    for rule in RULES:
        for source in rule.sources:
            if "file" in source:
                assert (shared.parent / source["file"]).is_file(), f"{rule.id} cites a missing file {source['file']}"


def test_ids_and_names_are_unique_and_well_formed() -> None:
    ids = [r.id for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(ids)) == len(ids) and len(set(names)) == len(names)
    assert registry().get("unknown-avatar-model").id == "AN001"
    assert registry().get("an001").name == "unknown-avatar-model"


def test_every_schema_keyword_has_a_rule() -> None:
    assertion_keywords = {
        "type",
        "enum",
        "const",
        "required",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "additionalProperties",
        "unevaluatedProperties",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "uniqueItems",
        "pattern",
        "anyOf",
        "oneOf",
        "not",
        "dependentRequired",
        "minProperties",
        "maxProperties",
        "contains",
        "propertyNames",
        "multipleOf",
        "dependentSchemas",
    }
    used: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            used.update(k for k in node if k in assertion_keywords)
            for key, value in node.items():
                if key not in ("properties", "examples", "default", "$defs"):
                    walk(value)
                elif key in ("properties", "$defs"):
                    for sub in value.values():
                        walk(sub)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in (REPO / "schemas").glob("*.schema.json"):
        walk(json.loads(path.read_text()))
    keyword_rules = registry().keyword_rules  # the `keywords:` of rules/schema.yaml
    assert used <= set(keyword_rules), used - set(keyword_rules)
    for rule_id in set(keyword_rules.values()):
        assert registry().get(rule_id) is not None


def test_internal_error_in_one_rule_is_reported_and_the_run_goes_on(monkeypatch) -> None:
    from personalint.engine.run import FUNCTIONS

    def broken(ctx, params):
        raise RuntimeError("boom")
        yield  # pragma: no cover

    monkeypatch.setitem(FUNCTIONS, "lifecycle", FUNCTIONS["lifecycle"]._replace(run=broken))
    result = lint("avatarId: a\navatarModel: cara-9\nllmId: CUSTOMER_CLIENT_V1\nsystemPrompt: hi\n")
    rules = [f.rule for f in result.findings]
    assert "PI001" in rules and "AN020" in rules
    assert any("AN001" in f.message and "RuntimeError: boom" in f.message for f in result.findings)


# --- the headline rules, with positions --------------------------------------------------


def test_avatar_model_lifecycle() -> None:
    result = lint(f"avatarId: {AVATAR}\nvoiceId: {VOICE}\navatarModel: cara-5\n")
    assert [f.rule for f in result.findings] == ["AN001"]
    assert where(result, "AN001") == [(3, 14, 3, 20)]
    assert "cara-3, cara-4" in result.findings[0].message
    assert [f.rule for f in lint(f"avatarId: {AVATAR}\nvoiceId: {VOICE}\navatarModel: cara-4-latest\n").findings] == [
        "AN002"
    ]
    removed = lint(f"avatarId: {AVATAR}\nvoiceId: {VOICE}\navatarModel: cara-2\n")
    assert [(f.rule, str(f.level)) for f in removed.findings] == [("AN003", "warning")]
    assert lint(f"avatarId: {AVATAR}\nvoiceId: {VOICE}\navatarModel: cara-4\n").findings == []
    # the same rules reach the personaConfig of a session-token body
    session = lint(
        '{"personaConfig": {"avatarId": "071b0286-4cce-4808-bee2-e642f1062de3", "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697", "avatarModel": "cara-9"}}',
        name="s.json",
    )
    assert [(f.rule, f.pointer) for f in session.findings] == [("AN001", "/personaConfig/avatarModel")]


def test_zero_data_retention_note() -> None:
    result = lint(
        '{"avatarId": "071b0286-4cce-4808-bee2-e642f1062de3", "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697", "zeroDataRetention": true}',
        name="p.json",
    )
    assert [(f.rule, str(f.level)) for f in result.findings] == [("AN010", "note")]
    assert where(result, "AN010") == [(1, 105, 1, 124)]
    assert (
        lint(
            '{"avatarId": "071b0286-4cce-4808-bee2-e642f1062de3", "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697", "zeroDataRetention": false}',
            name="p.json",
        ).findings
        == []
    )


def test_system_prompt_beside_customer_client_llm() -> None:
    result = lint(f"avatarId: {AVATAR}\nvoiceId: {VOICE}\nllmId: CUSTOMER_CLIENT_V1\nsystemPrompt: Be nice.\n")
    assert where(result, "AN020") == [(4, 1, 4, 13)]
    assert (
        lint(
            f"avatarId: {AVATAR}\nvoiceId: {VOICE}\nllmId: a7cf662c-2ace-4de1-a21e-ef0fbf144bb7\nsystemPrompt: Be nice.\n"
        ).findings
        == []
    )


def test_tavus_system_prompt_required_unless_echo() -> None:
    missing = lint("persona_name: Coach\npipeline_mode: full\n")
    assert where(missing, "TV001") == [(1, 1, 1, 2)]
    empty = lint("persona_name: Coach\nsystem_prompt: '  '\n")
    assert where(empty, "TV001") == [(2, 16, 2, 20)] and "empty" in empty.findings[0].message
    assert lint("pipeline_mode: echo\npersona_name: Echo\n").findings == []
    echo = lint("pipeline_mode: echo\nsystem_prompt: You help.\n")
    assert [(f.rule, str(f.level)) for f in echo.findings] == [("TV002", "warning")]
    assert where(echo, "TV002") == [(2, 1, 2, 14)]


def test_guardrail_limits() -> None:
    ids = [f"g{i:02}" for i in range(51)]
    over = lint(json.dumps({"system_prompt": "x", "guardrail_ids": ids}), name="p.json")
    assert [f.rule for f in over.findings] == ["TV010"]  # replaces the schema's maxItems finding
    assert "51 entries" in over.findings[0].message
    at_limit = lint(
        json.dumps({"system_prompt": "x", "guardrail_ids": ids[:50], "guardrail_tags": ["pii"]}), name="p.json"
    )
    assert [f.rule for f in at_limit.findings] == ["TV011"]
    under = lint(
        json.dumps({"system_prompt": "x", "guardrail_ids": ids[:49], "guardrail_tags": ["pii"]}), name="p.json"
    )
    assert under.findings == []


def test_elevenlabs_ranges_both_vendors() -> None:
    tavus = lint(
        """\
        system_prompt: You coach.
        layers:
          tts:
            tts_engine: elevenlabs
            voice_settings: {speed: 2.0, stability: 1.5, similarity_boost: 0.5}
        """
    )
    assert [(f.rule, f.message) for f in tavus.findings] == [
        ("TV020", "ElevenLabs speed must be between 0.7 and 1.2; got 2.0"),
        ("TV020", "ElevenLabs stability must be between 0 and 1; got 1.5"),
    ]
    assert where(tavus, "TV020")[0] == (5, 29, 5, 32)
    cartesia = lint("system_prompt: x\nlayers:\n  tts:\n    tts_engine: cartesia\n    voice_settings: {speed: 2.0}\n")
    assert cartesia.findings == []
    anam = lint(
        '{"avatarId": "071b0286-4cce-4808-bee2-e642f1062de3", "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697", "voiceGenerationOptions": {"stability": 0.5, "speed": 2.0}}',
        name="p.json",
    )
    assert [(f.rule, f.message) for f in anam.findings] == [
        ("AN030", "ElevenLabs speed must be between 0.7 and 1.2; got 2.0")
    ]
    fish = lint(
        '{"avatarId": "071b0286-4cce-4808-bee2-e642f1062de3", "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697", "voiceGenerationOptions": {"volume": 1.0, "speed": 1.9}}',
        name="p.json",
    )
    assert fish.findings == []  # Fish Audio takes speed up to 2.0
    cartesia_anam = lint(
        '{"avatarId": "071b0286-4cce-4808-bee2-e642f1062de3", "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697", "voiceGenerationOptions": {"emotion": "calm", "speed": 1.9}}',
        name="p.json",
    )
    assert [f.message for f in cartesia_anam.findings] == [
        "Cartesia Sonic-3: speed: must be between 0.6 and 1.5; got 1.9"
    ]


def test_disabled_rules_do_not_run(monkeypatch) -> None:
    from personalint.engine.run import FUNCTIONS

    calls = []
    original = FUNCTIONS["present"].run
    monkeypatch.setitem(
        FUNCTIONS,
        "present",
        FUNCTIONS["present"]._replace(run=lambda ctx, params: calls.append(1) or original(ctx, params)),
    )
    settings = Settings(enabled=registry().select(["ALL"], ["AN020", "AN010", "TV002"]))
    check_bytes(
        "p.yaml",
        f"avatarId: {AVATAR}\nvoiceId: {VOICE}\nllmId: CUSTOMER_CLIENT_V1\nsystemPrompt: hi\n".encode(),
        settings,
    )
    assert calls == []


def test_every_pack_is_valid_against_the_pack_schema() -> None:
    import jsonschema

    from personalint.engine.registry import load_pack, pack_paths

    pack_schema = json.loads((REPO / "rules" / "pack.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(pack_schema)
    paths = pack_paths()
    assert len(paths) >= 4
    for path in paths:
        errors = list(jsonschema.Draft202012Validator(pack_schema).iter_errors(load_pack(path)))
        assert errors == [], f"{path}: {errors[0].message}"


def test_a_value_outside_an_enum_is_reported_once() -> None:
    # an unquoted `off` is explained once, by the YAML typing rule, not also as a wrong type and value
    result = lint("system_prompt: x\nlayers:\n  conversational_flow:\n    idle_engagement: off\n")
    assert [(f.rule, f.message) for f in result.findings] == [
        ("PF005", "idle_engagement: write 'off' in quotes: YAML 1.1 reads unquoted off as false")
    ]
    # a boolean that quoting would not fix gets the schema's list of values and a hint
    unfixable = lint("system_prompt: x\nlayers:\n  conversational_flow:\n    idle_engagement: no\n")
    assert [(f.rule, f.message) for f in unfixable.findings] == [
        (
            "PS002",
            "idle_engagement: expected one of off, patient, eager; got false; "
            "YAML 1.1 reads unquoted yes/no/on/off as booleans: quote the value",
        )
    ]
    as_json = lint(
        '{"system_prompt": "x", "layers": {"conversational_flow": {"idle_engagement": false}}}', name="p.json"
    )
    assert [f.message for f in as_json.findings] == ["idle_engagement: expected one of off, patient, eager; got false"]


def test_empty_yaml_documents_are_reported_at_their_separator() -> None:
    result = lint("---\n# nothing\n---\nsystem_prompt: x\n---\n")
    assert [(f.rule, f.document, f.span.line) for f in result.findings] == [("PF003", 0, 1), ("PF003", 2, 5)]


def test_patch_messages_name_the_operation_and_the_pointer_rule() -> None:
    result = lint("- op: replace\n  path: layers/x\n  value: 1\n- {op: add, path: /persona_name}\n")
    assert [f.message for f in result.findings] == [
        "path: expected a JSON Pointer that starts with '/', such as /layers/llm/model; got 'layers/x'",
        "missing required key 'value' in the item at /1",
    ]


def test_the_pack_schema_is_generated_from_the_check_functions() -> None:
    from personalint.engine import packschema

    on_disk = (REPO / "rules" / "pack.schema.json").read_text()
    assert on_disk == packschema.text(), "run: python -m personalint.engine.packschema > rules/pack.schema.json"


def test_the_builtin_ids_are_the_packs_builtin_rules() -> None:
    """personalint.ids lists every rule the pipeline itself reports, other than the schema's PS rules
    (rules/schema.yaml maps those to JSON Schema keywords instead)."""
    from personalint import ids

    assert ids.BUILTIN == {r.id for r in RULES if r.builtin and r.pack != "schema"}


def test_a_misspelt_check_parameter_fails_naming_the_pack_the_rule_and_the_key() -> None:
    from personalint.engine import packschema
    from personalint.engine.registry import load_pack

    pack_schema = json.loads((REPO / "rules" / "pack.schema.json").read_text())
    pack = load_pack(str(REPO / "rules" / "tavus.yaml"))
    rule = next(r for r in pack["rules"] if r["check"].get("function") == "required")
    rule["check"]["pth"] = rule["check"].pop("path")
    errors = packschema.pack_errors(pack, pack_schema)
    assert errors, "a misspelt parameter passed the pack schema"
    assert any(
        e.startswith(f"rules/tavus.yaml: {rule['id']}: check: ") and "'pth' was unexpected" in e for e in errors
    ), errors
    assert packschema.pack_errors(load_pack(str(REPO / "rules" / "tavus.yaml")), pack_schema) == []
