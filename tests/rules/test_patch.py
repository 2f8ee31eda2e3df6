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
            "path /layers/llm/modle is not a documented persona field, and a replace on a path the current "
            "persona shape does not have fails at the API; did you mean /layers/llm/model?",
        )
    ]
    assert where(result, "PT001") == [(4, 11, 4, 30)]
    added = patch({"op": "add", "path": "/layers/llm/modle", "value": "tavus-gpt-oss"})
    assert [f.message for f in added.findings] == [
        "path /layers/llm/modle is not a documented persona field; did you mean /layers/llm/model?"
    ]  # an add does not need the path to exist


def test_replace_of_a_legacy_path_fails_and_names_its_replacement(shared) -> None:
    """wild tavus-021: replace on three legacy perception paths; TV111 names each path, PT001 the op."""
    path = shared / "corpus" / "wild" / "tavus-021-morgan-perception-patch.json"
    result = lint(path.read_text(), name=path.name)
    found = [(f.rule, f.pointer, f.span.line, f.span.column) for f in result.findings if f.rule in ("PT001", "TV111")]
    assert found == [
        ("PT001", "/1/op", 8, 11),
        ("TV111", "/1/path", 9, 13),
        ("PT001", "/2/op", 13, 11),
        ("TV111", "/2/path", 14, 13),
        ("PT001", "/3/op", 24, 11),
        ("TV111", "/3/path", 25, 13),
    ]
    assert [f.message for f in result.findings if f.rule == "PT001"][0] == (
        "replace of /layers/perception/perception_tool_prompt fails at the API: the path must be in the current "
        "persona shape, which has no perception_tool_prompt (the old name, in older create-persona pages); its "
        "current name is visual_tool_prompt (in layers.perception): write that with add (add needs no existing "
        "value, replace does)"
    )


def test_remove_of_a_legacy_path_is_at_its_path() -> None:
    result = patch(
        {"op": "remove", "path": "/layers/perception/perception_tools"},
        {"op": "remove", "path": "/layers/sts"},
        {"op": "move", "from": "/layers/vqa/prompt", "path": "/layers/perception/visual_tool_prompt"},
    )
    assert [(f.rule, f.pointer) for f in result.findings] == [
        ("PT001", "/0/path"),
        ("PT001", "/1/path"),
        ("PT001", "/2/op"),
    ]
    assert where(result, "PT001")[0][:2] == (4, 11)
    messages = [f.message for f in result.findings]
    assert messages[0].endswith("; its current name is visual_tools (in layers.perception)")
    assert messages[1].endswith("; drop this operation; pipeline_mode is full or echo")
    assert messages[2].startswith("move of /layers/vqa/prompt fails at the API: the from must be in the current")


def test_replace_of_a_documented_path_is_never_judged() -> None:
    """Whether the persona has the field set cannot be known from the file."""
    result = patch(
        {"op": "replace", "path": "/layers/perception/visual_tool_prompt", "value": "Describe the screen."},
        {"op": "remove", "path": "/layers/perception/visual_tools"},
        {"op": "add", "path": "/layers/perception/ambient_awareness_queries", "value": ["Is the user here?"]},
    )
    assert "PT001" not in [f.rule for f in result.findings]  # the add of a legacy path is TV111's alone


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
