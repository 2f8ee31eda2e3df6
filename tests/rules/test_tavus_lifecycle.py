"""Tavus values and field names through time (rules/tavus-lifecycle.yaml): TV100-TV113."""

from __future__ import annotations

import json
import textwrap

from helpers import lint, rules_of, where

from personalint.config import Settings
from personalint.engine.registry import registry
from personalint.pipeline import check_bytes


def only(text: str, *selectors: str, name: str = "p.yaml"):
    """Check `text` with the named rules (and the schema rules, to see what they replace)."""
    settings = Settings(enabled=registry().select([*selectors, "PS"]))
    return check_bytes(name, textwrap.dedent(text).encode(), settings)


def test_unknown_values_list_the_current_ones_and_replace_the_enum_finding() -> None:
    result = lint("""\
        system_prompt: You coach.
        layers:
          perception:
            perception_model: raven-2
          stt:
            stt_engine: tavus-nova
          conversational_flow:
            turn_detection_model: sparrow-2
          tts:
            tts_engine: tavus-auto
        """)
    assert rules_of(result) == ["TV100"] * 4  # no PS002 beside them
    assert where(result, "TV100") == [(4, 23, 4, 30), (6, 17, 6, 27), (8, 27, 8, 36), (10, 17, 10, 27)]
    messages = [f.message for f in result.findings]
    assert messages[0] == "perception_model 'raven-2' is not a documented value; use one of raven-1, off"
    assert messages[1] == (
        "stt_engine 'tavus-nova' is not a documented value; use one of tavus-auto, "
        "tavus-parakeet, tavus-soniox, tavus-whisper, tavus-deepgram-medical"
    )
    assert messages[3] == "tts_engine 'tavus-auto' is not a documented value; use one of cartesia, elevenlabs"


def test_an_unknown_llm_model_is_a_custom_model_and_pipeline_mode_stays_with_the_schema() -> None:
    assert "TV100" not in rules_of(
        lint(
            "system_prompt: x\nlayers:\n  llm:\n    model: my-model\n    base_url: https://x.example.com\n    api_key: k\n"
        )
    )
    result = lint("system_prompt: x\npipeline_mode: half\n")
    assert rules_of(result) == ["PS002"]


def test_yaml_boolean_off_is_left_to_the_schema_with_its_quoting_hint() -> None:
    result = lint("system_prompt: x\nlayers:\n  perception:\n    perception_model: off\n")
    assert "TV100" not in rules_of(result)
    assert any(f.rule in ("PS002", "PF005") and "quote" in f.message for f in result.findings)


def test_legacy_values_are_notes() -> None:
    result = lint("""\
        system_prompt: x
        layers:
          perception:
            perception_model: raven-0
          conversational_flow:
            turn_detection_model: sparrow-0
        """)
    assert [(f.rule, str(f.level)) for f in result.findings] == [("TV101", "note"), ("TV101", "note")]
    assert where(result, "TV101") == [(4, 23, 4, 30), (6, 27, 6, 36)]
    assert (
        result.findings[1].message
        == "turn_detection_model 'sparrow-0' is legacy (standard turn detection); sparrow-1 is recommended"
    )


def test_deprecated_values_name_the_replacement() -> None:
    result = lint(
        '{"system_prompt": "x", "layers": {"llm": {"model": "tavus-gpt-4o-mini"}, "stt": {"stt_engine": "tavus-advanced"}}}',
        name="p.json",
    )
    assert [(f.rule, str(f.level)) for f in result.findings] == [("TV102", "warning"), ("TV102", "warning")]
    assert where(result, "TV102") == [(1, 52, 1, 71), (1, 96, 1, 112)]
    assert result.findings[0].message == (
        "model 'tavus-gpt-4o-mini' is deprecated; use tavus-gpt-oss (recommended) or another current Tavus-hosted model"
    )
    assert (
        result.findings[1].message
        == "stt_engine 'tavus-advanced' is deprecated; use tavus-auto (the recommended default)"
    )


def test_removed_values_say_when_and_what_replaced_them() -> None:
    result = lint("""\
        system_prompt: x
        pipeline_mode: speech-to-speech
        layers:
          perception: {perception_model: basic}
          stt: {stt_engine: tavus-turbo}
          llm: {model: tavus-llama-4}
          tts: {tts_engine: playht}
        """)
    assert rules_of(result) == ["TV103"] * 5  # each replaces the schema's enum finding where there is one
    assert where(result, "TV103")[0] == (2, 16, 2, 32)
    assert where(result, "TV103")[1] == (4, 34, 4, 39)
    assert result.findings[0].message == (
        "pipeline_mode 'speech-to-speech' is no longer documented (only older "
        "create-persona pages have it, with the sts layer); use full"
    )
    assert result.findings[4].message == (
        "tts_engine 'playht' is no longer documented (only older create-persona "
        "pages list it); use cartesia or elevenlabs"
    )


def test_guide_only_values() -> None:
    azure = lint("system_prompt: x\nlayers:\n  tts:\n    tts_engine: azure\n")
    assert [(f.rule, str(f.level)) for f in azure.findings] == [("TV104", "note")]
    assert where(azure, "TV104") == [(4, 17, 4, 22)]
    assert "not in the API document's tts_engine enum" in azure.findings[0].message
    timebased = lint("system_prompt: x\nlayers:\n  conversational_flow:\n    turn_detection_model: timebased\n")
    assert [(f.rule, str(f.level)) for f in timebased.findings] == [("TV105", "warning")]
    assert where(timebased, "TV105") == [(4, 27, 4, 36)]
    assert timebased.findings[0].message.endswith(
        "as API-only and unsupported, and is not in the API document's enum (sparrow-1, sparrow-0); use sparrow-1"
    )


def test_legacy_guardrails_id_is_a_note() -> None:
    result = lint("system_prompt: x\nguardrails_id: g12345\n")
    assert [(f.rule, str(f.level)) for f in result.findings] == [("TV110", "note")]
    assert where(result, "TV110") == [(2, 1, 2, 14)]
    assert result.findings[0].message == (
        "guardrails_id is legacy (it attaches one legacy guardrail set); new "
        "integrations should use guardrail_ids or guardrail_tags"
    )


def test_removed_fields_replace_the_unknown_key_finding_and_say_where_their_successor_lives() -> None:
    result = lint("""\
        system_prompt: x
        context: You help.
        layers:
          vqa: {enable_vision: "false"}
          stt:
            participant_pause_sensitivity: high
            smart_turn_detection: true
          perception:
            perception_tool_prompt: Use `notify`.
          conversational_flow:
            turn_commitment: medium
          tts:
            playht_user_id: u1
        """)
    # and no PS005; PF008 says vqa's enable_vision is the text "false", not the boolean
    assert [r for r in rules_of(result) if r != "PF008"] == ["TV111"] * 7
    assert where(result, "PF008") == [(4, 24, 4, 31)]
    assert where(result, "TV111") == [
        (2, 1, 2, 8),
        (4, 3, 4, 6),
        (6, 5, 6, 34),
        (7, 5, 7, 25),
        (9, 5, 9, 27),
        (11, 5, 11, 20),
        (13, 5, 13, 19),
    ]
    messages = {f.pointer: f.message for f in result.findings}
    assert messages["/layers/stt/participant_pause_sensitivity"] == (
        "participant_pause_sensitivity is not in the current persona API (turn-taking moved from layers.stt to "
        "layers.conversational_flow); set turn_taking_patience in layers.conversational_flow instead"
    )
    assert messages["/layers/perception/perception_tool_prompt"].endswith(
        "its current name is visual_tool_prompt (in layers.perception)"
    )
    assert "move its text into system_prompt" in messages["/context"]


def test_guide_only_field_is_a_note_instead_of_an_unknown_key() -> None:
    result = lint(
        "system_prompt: x\nlayers:\n  perception:\n    perception_analysis_queries: [Was anyone else there?]\n"
    )
    assert [(f.rule, str(f.level)) for f in result.findings] == [("TV112", "note")]
    assert where(result, "TV112") == [(4, 5, 4, 32)]


def test_misplaced_fields_say_where_they_belong() -> None:
    result = lint("""\
        system_prompt: x
        perception_model: raven-1
        layers:
          document_ids: [d1234567890]
          conversational:
            turn_taking_patience: high
          stt:
            turn_taking_patience: high
          tts:
            stability: 0.5
        """)
    assert rules_of(result) == ["TV113"] * 5  # no PS005 beside them
    assert where(result, "TV113") == [(2, 1, 2, 17), (4, 3, 4, 15), (5, 3, 5, 17), (8, 5, 8, 25), (10, 5, 10, 14)]
    messages = [f.message for f in result.findings]
    assert messages == [
        "perception_model is not a field here: it belongs at layers.perception.perception_model",
        "document_ids is not a field here: it belongs at the top level of the body (/document_ids), beside layers",
        "conversational is not a field here: it belongs at layers.conversational_flow (the layer is named conversational_flow)",
        "turn_taking_patience is not a field here: it belongs at layers.conversational_flow.turn_taking_patience",
        "stability is not a field here: it belongs at layers.tts.voice_settings.stability",
    ]
    # a field in its right place is not reported
    assert lint("system_prompt: x\nlayers:\n  perception: {perception_model: raven-1}\n").findings == []


def test_lifecycle_rules_judge_patch_values_and_paths() -> None:
    patch = [
        {"op": "replace", "path": "/layers/perception/perception_model", "value": "raven-0"},
        {"op": "replace", "path": "/layers/perception/ambient_awareness_queries", "value": ["Is the user smiling?"]},
        {"op": "replace", "path": "/layers/llm/model", "value": "tavus-llama-4"},
        {"op": "add", "path": "/perception_model", "value": "raven-1"},
    ]
    result = lint(json.dumps(patch, indent=1), name="patch.json")
    assert [(f.rule, f.pointer) for f in result.findings] == [
        ("TV101", "/0/value"),
        ("PT001", "/1/op"),  # a replace of a legacy path fails: write its successor with add
        ("TV111", "/1/path"),
        ("TV103", "/2/value"),
        ("TV113", "/3/path"),
    ]
    assert where(result, "TV111") == [(9, 11, 9, 57)]


def test_only_the_selected_lifecycle_rule_runs() -> None:
    result = only(
        "system_prompt: x\nlayers:\n  llm: {model: tavus-gpt-4o}\n  stt: {stt_engine: tavus-turbo}\n", "TV102"
    )
    assert rules_of(result) == ["TV102", "PS002"]


def test_the_lifecycles_check_runs_lifecycle_per_field_on_strings_only() -> None:
    from personalint.engine.context import Context
    from personalint.engine.run import FUNCTIONS

    tables = {
        "a": {"x": {"status": "current"}, "old": {"status": "removed", "replacement": "x"}},
        "b": {"y": {"status": "current"}},
    }
    document = {"f": "old", "g": "zzz", "h": False}
    ctx = Context(document, "tavus-create", "", tables)
    fields = {"/f": "a", "/g": "b", "/h": "b", "/missing": "a"}
    removed = list(FUNCTIONS["lifecycles"].run(ctx, {"fields": fields, "report": ["removed"]}))
    assert [(h.pointer, h.fields["replacement"]) for h in removed] == [("/f", "x")]
    unknown = list(FUNCTIONS["lifecycles"].run(ctx, {"fields": fields, "report": ["unknown"]}))
    assert [(h.pointer, h.fields["current"]) for h in unknown] == [("/g", "y")]  # false is the schema's
    assert FUNCTIONS["lifecycles"].supersedes == frozenset({"enum", "const"})
