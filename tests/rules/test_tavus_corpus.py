"""The Tavus rules on the wild corpus (../shared/corpus/wild/tavus-*.json): each file's TV findings.

Each file's expected findings follow the mistakes SOURCES.md lists for it, and nothing else is
reported by the TV rules. Files skip cleanly when ../shared is not beside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from personalint.config import Settings
from personalint.pipeline import check_paths

EXPECTED: dict[str, set[tuple[str, str]]] = {
    # legacy context and vqa layer, a placeholder model name, a localhost base_url Tavus cannot reach
    "tavus-001-life-coach-custom-llm.json": {
        ("TV016", "/layers/llm/model"),
        ("TV111", "/context"),
        ("TV111", "/layers/vqa"),
        ("TV236", "/layers/llm/base_url"),
    },
    # context, the removed tavus-llama, a camelCase tool name
    "tavus-002-interactive-assistant-tools.json": {
        ("TV103", "/layers/llm/model"),
        ("TV111", "/context"),
        ("TV250", "/layers/llm/tools/0/function/name"),
    },
    # context, the deprecated tavus-gpt-4o (the invented perception fields are PS005)
    "tavus-003-web-assistant-override.json": {
        ("TV102", "/layers/llm/model"),
        ("TV111", "/context"),
    },
    # empty strings, playht_user_id, old stt turn-taking fields, tavus-llama, tavus-advanced
    "tavus-004-personal-doctor.json": {
        ("TV017", "/layers/llm/api_key"),
        ("TV017", "/layers/llm/base_url"),
        ("TV017", "/layers/stt/hotwords"),
        ("TV017", "/layers/tts/api_key"),
        ("TV017", "/layers/tts/external_voice_id"),
        ("TV017", "/layers/tts/tts_model_name"),
        ("TV102", "/layers/stt/stt_engine"),
        ("TV103", "/layers/llm/model"),
        ("TV111", "/context"),
        ("TV111", "/layers/stt/participant_interrupt_sensitivity"),
        ("TV111", "/layers/stt/participant_pause_sensitivity"),
        ("TV111", "/layers/stt/smart_turn_detection"),
        ("TV111", "/layers/tts/playht_user_id"),
        ("TV264", "/layers/tts/tts_emotion_control"),
    },
    # context, raven-0, old stt turn-taking fields, tavus-advanced
    "tavus-005-dnd-game-master.json": {
        ("TV101", "/layers/perception/perception_model"),
        ("TV102", "/layers/stt/stt_engine"),
        ("TV111", "/context"),
        ("TV111", "/layers/stt/participant_interrupt_sensitivity"),
        ("TV111", "/layers/stt/participant_pause_sensitivity"),
        ("TV111", "/layers/stt/smart_turn_detection"),
        ("TV264", "/layers/tts/tts_emotion_control"),
    },
    # a 29k-character prompt, misnamed layer and field, Cartesia emotions outside the documented names
    "tavus-006-roofing-coach-pro.json": {
        ("TV004", "/system_prompt"),
        ("TV111", "/context"),
        ("TV113", "/layers/conversational"),
        ("TV113", "/layers/perception/ambient_awareness"),
        ("TV261", "/layers/tts/voice_settings/emotion/0"),
        ("TV261", "/layers/tts/voice_settings/emotion/1"),
        ("TV261", "/layers/tts/voice_settings/emotion/2"),
        ("TV264", "/layers/tts/tts_emotion_control"),
    },
    # tavus-llama-3-8b-instruct is a custom model without base_url; raven-0; context
    "tavus-007-mira-document-tutor.json": {
        ("TV101", "/layers/perception/perception_model"),
        ("TV111", "/context"),
        ("TV230", "/layers/llm/model"),
    },
    # legacy guardrails_id, tavus-advanced, tavus-gpt-4.1
    "tavus-008-kiosk-dental-jenny.json": {
        ("TV102", "/layers/llm/model"),
        ("TV102", "/layers/stt/stt_engine"),
        ("TV110", "/guardrails_id"),
        ("TV264", "/layers/tts/tts_emotion_control"),
    },
    # a careful raven-1 config: only context and the guide-only perception_analysis_queries
    "tavus-009-poker-opponent-raven1.json": {
        ("TV111", "/context"),
        ("TV112", "/layers/perception/perception_analysis_queries"),
    },
    # a placeholder replica id (replica_id and transport are PS005)
    "tavus-010-livekit-echo-appointment.json": {
        ("TV016", "/replica_id"),
    },
    # mojibake in the prompt, a wake phrase that starts with hey, context
    "tavus-011-teamwise-facilitator.json": {
        ("TV007", "/system_prompt"),
        ("TV111", "/context"),
        ("TV221", "/layers/conversational_flow/wake_phrase"),
    },
    # a trailing-slash ngrok base_url, old stt fields, tavus-advanced (the committed key is SE001)
    "tavus-012-iss-tracker-byo-llm.json": {
        ("TV102", "/layers/stt/stt_engine"),
        ("TV111", "/layers/stt/participant_interrupt_sensitivity"),
        ("TV111", "/layers/stt/participant_pause_sensitivity"),
        ("TV111", "/layers/stt/smart_turn_detection"),
        ("TV239", "/layers/llm/base_url"),
        ("TV264", "/layers/tts/tts_emotion_control"),
    },
    # context, tavus-gpt-4o
    "tavus-013-dental-reception-maya.json": {
        ("TV102", "/layers/llm/model"),
        ("TV111", "/context"),
    },
    # nothing for the Tavus rules (its literal keys are SE001, voice_id is PS005)
    "tavus-014-erewhon-cashier-groq.json": set(),
    # a /v2/pals body, reported once
    "tavus-015-fluent-me-pal.json": {
        ("TV015", "/pal_name"),
        ("TV112", "/layers/perception/perception_analysis_queries"),
    },
    # the clean control
    "tavus-016-harold-minimal.json": set(),
    # guardrails_id, the vqa layer (meta_tts, meta_llm, context_type are PS005)
    "tavus-017-domo-legacy-layers.json": {
        ("TV110", "/guardrails_id"),
        ("TV111", "/layers/vqa"),
    },
    # perception_model at the top level, guardrails_id, context, an empty layers object
    "tavus-018-domo-recreate-raven.json": {
        ("TV110", "/guardrails_id"),
        ("TV111", "/context"),
        ("TV113", "/perception_model"),
        ("TV270", "/layers"),  # layers: {} configures nothing (wild-audit: the one mistake no rule reported)
    },
    # context, raven-0, ambient_awareness_queries
    "tavus-019-f1-visa-officer.json": {
        ("TV101", "/layers/perception/perception_model"),
        ("TV111", "/context"),
        ("TV111", "/layers/perception/ambient_awareness_queries"),
    },
    # the old docs example: context, raven-0, the perception_* names
    "tavus-020-fashion-advisor-docs-copy.json": {
        ("TV101", "/layers/perception/perception_model"),
        ("TV111", "/context"),
        ("TV111", "/layers/perception/ambient_awareness_queries"),
        ("TV111", "/layers/perception/perception_tool_prompt"),
        ("TV111", "/layers/perception/perception_tools"),
        ("TV112", "/layers/perception/perception_analysis_queries"),
    },
    # a PATCH that sets raven-0 and replaces the old perception_* paths
    "tavus-021-morgan-perception-patch.json": {
        ("TV101", "/0/value"),
        ("TV111", "/1/path"),
        ("TV111", "/2/path"),
        ("TV111", "/3/path"),
    },
}


def _findings(shared: Path, name: str) -> list[tuple[str, str]]:
    report = check_paths([str(shared / "corpus" / "wild" / name)], Settings.default())
    assert report.errors == []
    return [(f.rule, f.pointer) for f in report.findings]


def test_every_tavus_corpus_file_is_covered(shared: Path) -> None:
    assert sorted(p.name for p in (shared / "corpus" / "wild").glob("tavus-*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_tavus_rules_on_the_wild_corpus(shared: Path, name: str) -> None:
    found = _findings(shared, name)
    assert {f for f in found if f[0].startswith("TV")} == EXPECTED[name]
    assert len([f for f in found if f[0].startswith("TV")]) == len(EXPECTED[name])  # each reported once
    assert "PI001" not in {rule for rule, _ in found}


def test_the_clean_control_has_no_findings_at_all(shared: Path) -> None:
    assert _findings(shared, "tavus-016-harold-minimal.json") == []


def test_explained_fields_are_not_also_unknown_keys(shared: Path) -> None:
    # the PAL body: one TV015, no PS005 for its PAL fields
    found = _findings(shared, "tavus-015-fluent-me-pal.json")
    assert [rule for rule, _ in found if rule.startswith(("TV", "PS"))] == ["TV015", "TV112"]
    # a misplaced or removed field gets its rule's finding instead of PS005
    for name, pointer in (
        ("tavus-006-roofing-coach-pro.json", "/layers/conversational"),
        ("tavus-018-domo-recreate-raven.json", "/perception_model"),
        ("tavus-020-fashion-advisor-docs-copy.json", "/layers/perception/perception_tools"),
    ):
        assert ("PS005", pointer) not in _findings(shared, name)


def test_patch_operations_on_old_paths_are_named_once(shared: Path) -> None:
    found = _findings(shared, "tavus-021-morgan-perception-patch.json")
    # the legacy-field finding replaces "unknown path" on the path; PT001 says on the op that a replace fails there
    assert not [f for f in found if f[0] == "PT001" and not f[1].endswith("/op")]
