"""Tavus PATCH bodies: each operation's path and value checked against the persona fields."""

from __future__ import annotations

import json

from helpers import lint, where


def patch(*operations: dict):
    return lint(json.dumps(list(operations), indent=1), name="patch.json")


def test_unknown_path_gets_a_suggestion_at_the_path() -> None:
    result = patch({"op": "replace", "path": "/layers/llm/modle", "value": "tavus-gpt-oss"})
    assert [(f.rule, f.pointer, f.message) for f in result.findings] == [
        (
            "PT001",
            "/0/path",
            "path /layers/llm/modle is not a documented persona field; did you mean /layers/llm/model?",
        )
    ]
    assert where(result, "PT001") == [(4, 11, 4, 30)]


def test_paths_into_open_objects_and_list_items_are_fine() -> None:
    result = patch(
        {"op": "add", "path": "/layers/llm/headers/X-Trace", "value": "1"},
        {"op": "add", "path": "/guardrail_ids/-", "value": "g1"},
        {"op": "remove", "path": "/layers/stt/hotwords"},
        {"op": "move", "from": "/persona_name", "path": "/system_prompt"},
    )
    assert result.findings == []


def test_values_are_checked_against_the_field_they_target() -> None:
    result = patch(
        {"op": "replace", "path": "/pipeline_mode", "value": "half"},
        {"op": "replace", "path": "/layers/tts", "value": {"tts_engine": "elevenlabs", "voice_settings": {"speed": 3}}},
        {"op": "add", "path": "/layers/llm", "value": {"model": "tavus-gpt-oss", "temperature": 1}},
    )
    assert [(f.rule, f.pointer) for f in result.findings] == [
        ("PS002", "/0/value"),
        ("TV020", "/1/value/voice_settings/speed"),
        ("PS005", "/2/value/temperature"),
    ]


def test_rules_that_need_the_rest_of_the_persona_do_not_apply() -> None:
    # a patch does not need a system_prompt, and voice_settings alone say nothing about the engine
    result = patch(
        {"op": "replace", "path": "/layers/tts/voice_settings", "value": {"speed": 3}},
        {"op": "replace", "path": "/persona_name", "value": "Coach"},
    )
    assert result.findings == []


def test_remove_needs_no_value_but_add_does() -> None:
    result = patch({"op": "remove", "path": "/layers/stt/hotwords"}, {"op": "add", "path": "/layers/stt/hotwords"})
    assert [f.rule for f in result.findings] == ["PS003"]
