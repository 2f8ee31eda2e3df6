"""rules/anam-ids.yaml: Anam references (AN100-AN105) and the avatar/voice an inline persona needs (AN110, AN111)."""

from __future__ import annotations

import pytest
from helpers import lint, where

from personalint.engine import run as engine
from personalint.engine.packs.anam_ids import classify_id
from personalint.engine.registry import registry

AVATAR = "071b0286-4cce-4808-bee2-e642f1062de3"
VOICE = "de23e340-1416-4dd8-977d-065a7ca11697"
LLM = "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7"


def rules(result) -> list[str]:
    return [f.rule for f in result.findings]


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("your-avatar-id", "placeholder"),
        ("placeholder", "placeholder"),
        ("<PERSONA ID HERE>", "placeholder"),
        ("ANAM_AVATAR_ID", "placeholder"),
        ("00000000-0000-0000-0000-000000000000", "nil"),
        ("071b0286-4cce-4808-bee2-e642f1062de", "malformed"),
        ("Arabella", "name"),
        ("Lucy - Fresh & Casual", "name"),
        ("anna-generic-1", "slug"),
        ("anam-gpt-5-chat", "slug"),
        ("professional_female_01", "slug"),
        ("GPT_4O_MINI", "constant"),
        ("", "empty"),
        (AVATAR, None),
        (AVATAR.upper(), None),
        ("x", "other"),
    ],
)
def test_classify_id(value: str, kind: str | None) -> None:
    assert classify_id(value) == kind


def test_placeholder_ids_are_errors_at_their_values() -> None:
    text = """\
        name: Support Agent
        avatarId: your-avatar-id
        voiceId: Arabella
        llmId: anam-gpt-5-chat
        toolIds: [tool-id-1, 5e8f1a2b-3c4d-4e6f-8a9b-0c1d2e3f4a5b]
        """
    result = lint(text, kind="anam-create")
    assert rules(result) == ["AN100", "AN101", "AN102", "AN105"]
    assert where(result, "AN100") == [(2, 11, 2, 25)]
    assert where(result, "AN101") == [(3, 10, 3, 18)]
    assert where(result, "AN102") == [(4, 8, 4, 23)]
    assert where(result, "AN105") == [(5, 11, 5, 20)]
    assert [f.message for f in result.findings][:2] == [
        "avatarId 'your-avatar-id' is not an avatar id (it is a placeholder): use the UUID of one of your avatars "
        "(GET /v1/avatars)",
        "voiceId 'Arabella' is not a voice id (it looks like a display name): use the UUID of a voice "
        "(GET /v1/voices), not its display name",
    ]


def test_real_ids_and_llm_sentinels_are_fine() -> None:
    for llm in (LLM, "CUSTOMER_CLIENT_V1", "ANAM_GPT_4O_MINI_V1", "ANAM_LLAMA_v3_3_70B_V1"):
        result = lint(f"avatarId: {AVATAR}\nvoiceId: {VOICE.upper()}\nllmId: {llm}\n")
        assert [r for r in rules(result) if r.startswith("AN1")] == [], llm


def test_any_non_uuid_is_reported_even_a_one_word_stub() -> None:
    result = lint(f"avatarId: x\nvoiceId: {VOICE}\n")
    assert [(f.rule, f.message) for f in result.findings] == [
        (
            "AN100",
            "avatarId 'x' is not an avatar id (it is not a UUID): use the UUID of one of your avatars (GET /v1/avatars)",
        )
    ]
    assert registry().get("AN100").check.get("strict") is True


def test_miscased_llm_sentinel_gets_a_suggestion() -> None:
    result = lint(f'{{"avatarId": "{AVATAR}", "voiceId": "{VOICE}", "llmId": "customer_client_v1"}}', name="p.json")
    assert rules(result) == ["AN103"]  # and not AN102 as well
    assert where(result, "AN103") == [(1, 114, 1, 134)]
    assert result.findings[0].message.endswith("did you mean 'CUSTOMER_CLIENT_V1'?")


def test_persona_id_placeholder_in_a_session_body() -> None:
    result = lint('{"personaConfig": {"personaId": "<PERSONA ID HERE>"}}', name="s.json")
    assert [(f.rule, f.pointer) for f in result.findings] == [("AN104", "/personaConfig/personaId")]
    assert where(result, "AN104") == [(1, 33, 1, 52)]
    assert (
        lint('{"personaConfig": {"personaId": "229b7c75-f394-4637-a90f-7fa874d14342"}}', name="s.json").findings == []
    )


def test_with_an_inventory_the_inventory_rule_checks_references() -> None:
    reg = registry()
    chosen = [reg.get(r) for r in ("AN100", "AN101", "AN102", "AN105")]
    body = {"avatarId": "your-avatar-id", "voiceId": "Arabella", "llmId": "gpt-4o", "toolIds": ["tool-id-1"]}
    without, _ = engine.run(chosen, reg, body, "anam-create", "")
    assert [p.rule for p in without] == ["AN100", "AN101", "AN102", "AN105"]
    with_inventory, _ = engine.run(chosen, reg, body, "anam-create", "", inventory=object())
    assert with_inventory == []


def test_create_without_avatar_lists_what_is_missing() -> None:
    result = lint("name: Leo\nsystemPrompt: You are Leo.\n")
    assert [(f.rule, str(f.level)) for f in result.findings] == [("AN110", "error")]
    assert where(result, "AN110") == [(1, 1, 1, 2)]
    assert result.findings[0].message.startswith("a new persona needs avatarId and voiceId")
    blank = lint(f'{{"name": "Leo", "avatarId": "", "voiceId": "{VOICE}"}}', name="p.json", kind="anam-create")
    assert "a new persona needs avatarId:" in [f.message for f in blank.findings if f.rule == "AN110"][0]
    assert "AN110" not in rules(lint(f"name: Leo\navatarId: {AVATAR}\nvoiceId: {VOICE}\n"))


def test_inline_session_without_avatar() -> None:
    text = """\
        clientLabel: website-user
        personaConfig:
          name: Анна
          systemPrompt: Ты Анна.
          languageCode: ru
        """
    result = lint(text)
    assert rules(result) == ["AN111"]
    assert where(result, "AN111") == [(2, 1, 2, 14)]  # at the personaConfig that should hold them
    assert "needs avatarId and voiceId" in result.findings[0].message
    # a saved persona needs neither; audio passthrough needs no voice
    assert (
        lint('{"personaConfig": {"personaId": "229b7c75-f394-4637-a90f-7fa874d14342"}}', name="s.json").findings == []
    )
    passthrough = lint('{"name": "Ava", "enableAudioPassthrough": true}', name="s.json")
    assert [f.message for f in passthrough.findings if f.rule == "AN111"] == [
        "an inline personaConfig (no personaId) needs avatarId, or the personaId of a saved persona instead"
    ]
    assert "AN111" not in rules(lint(f'{{"avatarId": "{AVATAR}", "enableAudioPassthrough": true}}', name="s.json"))
