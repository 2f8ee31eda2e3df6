"""The Anam configs of the wild corpus (../shared/corpus/wild/anam-*.json): every mistake SOURCES.md
lists that a linter can see is found by an AN rule, and the AN rules report nothing else.

Each entry: the kind personalint detects, and the (rule, pointer) of every AN finding. Files that
SOURCES.md lists as session configs but that carry no session-only key are detected as anam-create
(the two shapes are the same); `test_session_configs_read_as_sessions` checks them as sessions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from personalint.config import Settings
from personalint.pipeline import check_paths

EXPECTED: dict[str, tuple[str, list[tuple[str, str]]]] = {
    # old persona shape: personaPreset + brain{...}, no avatarId/voiceId (A-POST)
    "anam-001-legacy-create-brain.json": (
        "anam-create",
        [("AN110", ""), ("AN006", "/personaPreset"), ("AN006", "/brain")],
    ),
    # A-SESSION read as create: personaPreset, deprecated brainType, no avatarId/voiceId
    "anam-002-interviewer-session-preset.json": (
        "anam-create",
        [("AN110", ""), ("AN006", "/personaPreset"), ("AN005", "/brainType")],
    ),
    # brainType CUSTOMER_CLIENT_V1 (deprecated field), and a systemPrompt the disabled LLM never reads
    "anam-003-custom-llm-braintype.json": ("anam-create", [("AN005", "/brainType"), ("AN020", "/systemPrompt")]),
    # brainType; the prompt keeps its template's indentation
    "anam-004-cara-basic-braintype.json": ("anam-create", [("AN005", "/brainType"), ("AN021", "/systemPrompt")]),
    "anam-005-sales-coach-jordan.json": ("anam-create", [("AN005", "/brainType")]),
    "anam-006-facetime-leo-create.json": (
        "anam-create",
        [("AN110", ""), ("AN006", "/personaPreset"), ("AN006", "/brain")],
    ),
    "anam-007-teaching-leo-create.json": (
        "anam-create",
        [("AN110", ""), ("AN006", "/personaPreset"), ("AN006", "/brain")],
    ),
    "anam-008-cookbook-basic.json": ("anam-create", []),
    "anam-009-cookbook-client-tools.json": ("anam-session", []),
    "anam-010-cookbook-custom-llm.json": ("anam-create", []),
    # webhook tools with the undocumented awaitResponse
    "anam-011-cookbook-webhook-tools.json": (
        "anam-session",
        [("AN224", "/tools/0/awaitResponse"), ("AN224", "/tools/1/awaitResponse"), ("AN224", "/tools/2/awaitResponse")],
    ),
    # enableAudioPassthrough: accepted, but not in the personaConfig schema (a note, not "unknown key")
    "anam-012-cookbook-passthrough-nowrapper.json": ("anam-session", [("AN305", "/enableAudioPassthrough")]),
    # placeholders your-avatar-id / your-voice-id
    "anam-013-cookbook-rag-knowledge.json": ("anam-session", [("AN100", "/avatarId"), ("AN101", "/voiceId")]),
    # personaId mixed with an inline config, <... HERE> placeholders, directorNotes without cara-4
    "anam-014-jssdk-director-notes.json": (
        "anam-session",
        [("AN300", "/personaId"), ("AN104", "/personaId"), ("AN102", "/llmId"), ("AN302", "/directorNotes")],
    ),
    # brainType and brain.systemPrompt instead of llmId / systemPrompt
    "anam-015-osce-leo-create.json": ("anam-create", [("AN005", "/brainType"), ("AN006", "/brain")]),
    # an update: systemPrompt with llmId CUSTOMER_CLIENT_V1
    "anam-016-pooja-put-update.json": ("anam-update", [("AN020", "/systemPrompt")]),
    "anam-017-echo-clone-customer-client.json": (
        "anam-create",
        [("AN020", "/systemPrompt"), ("AN021", "/systemPrompt")],
    ),
    "anam-018-loan-advisor-rakesh.json": ("anam-session", []),
    # invented avatar slug; passthrough (undocumented in personaConfig) beside a voice, an LLM and a prompt
    "anam-019-nova-passthrough.json": (
        "anam-session",
        [("AN100", "/avatarId"), ("AN305", "/enableAudioPassthrough"), ("AN306", "/enableAudioPassthrough")],
    ),
    "anam-020-spotify-cara-braintype.json": ("anam-create", [("AN005", "/brainType")]),
    # an ephemeral config with no avatarId or voiceId
    "anam-021-anna-ru-no-avatar.json": ("anam-create", [("AN110", "")]),
    # voiceId is a display name, llmId an invented slug
    "anam-022-survey-researcher.json": ("anam-create", [("AN101", "/voiceId"), ("AN102", "/llmId")]),
    # personaId mixed with inline fields, all three ids the literal "placeholder"
    "anam-023-krishna-placeholders.json": (
        "anam-session",
        [("AN300", "/personaId"), ("AN104", "/personaId"), ("AN100", "/avatarId"), ("AN101", "/voiceId")],
    ),
    # a legacy brainType value as llmId: still accepted (a note)
    "anam-024-sage-mentor.json": ("anam-create", [("AN004", "/llmId")]),
    # personaId "" beside a full inline config
    "anam-025-maram-barista-tools.json": ("anam-session", [("AN301", "/personaId")]),
    "anam-026-ai-judge.json": ("anam-create", []),
    "anam-027-muhaimin-cara4.json": ("anam-create", []),
    # avatarModel cara-4 is current in the July 2026 document: not a mistake
    "anam-028-hakim-create-toolids.json": ("anam-create", []),
    "anam-029-hakim-create-customer-client.json": ("anam-create", [("AN020", "/systemPrompt")]),
    "anam-030-council-cara-personaid-mix.json": ("anam-session", [("AN300", "/personaId")]),
    # passthrough with only an avatar: needs no voiceId or llmId
    "anam-031-moderator-passthrough.json": ("anam-session", [("AN305", "/enableAudioPassthrough")]),
}


def _check(shared: Path, name: str, kind: str | None = None):
    report = check_paths([str(shared / "corpus" / "wild" / name)], Settings.default(kind=kind))
    return report.files[0]


def test_every_anam_corpus_file_is_listed(shared: Path) -> None:
    assert sorted(p.name for p in (shared / "corpus" / "wild").glob("anam-*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_anam_corpus_findings(shared: Path, name: str) -> None:
    kind, expected = EXPECTED[name]
    result = _check(shared, name)
    assert [d.kind for d in result.documents] == [kind]
    found = [(f.rule, f.pointer) for f in result.findings if f.rule.startswith("AN")]
    assert found == expected
    # the AN rules replace the schema's "unknown key" for the old and session-only fields they explain
    assert not [f for f in result.findings if f.rule == "PS005"], [f.message for f in result.findings]
    assert all(f.span.line >= 1 and f.span.column >= 1 for f in result.findings)


SESSIONS_READ_AS_CREATE = {
    "anam-002-interviewer-session-preset.json": [
        ("AN111", ""),
        ("PS005", "/description"),
        ("AN006", "/personaPreset"),
        ("AN005", "/brainType"),
    ],
    "anam-003-custom-llm-braintype.json": [("AN005", "/brainType"), ("AN020", "/systemPrompt")],
    "anam-021-anna-ru-no-avatar.json": [("AN111", "")],
    "anam-022-survey-researcher.json": [("AN101", "/voiceId"), ("AN102", "/llmId")],
    "anam-024-sage-mentor.json": [("AN004", "/llmId")],
    "anam-026-ai-judge.json": [],
}


@pytest.mark.parametrize("name", sorted(SESSIONS_READ_AS_CREATE))
def test_session_configs_read_as_sessions(shared: Path, name: str) -> None:
    result = _check(shared, name, kind="anam-session")
    found = [(f.rule, f.pointer) for f in result.findings if f.rule[:2] in ("AN", "PS")]
    assert found == SESSIONS_READ_AS_CREATE[name]
