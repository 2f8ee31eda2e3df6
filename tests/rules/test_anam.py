"""rules/anam.yaml: value and field lifecycle (AN004-AN008), the prompt rules (AN020, AN021), voice ranges (AN031):
findings and positions."""

from __future__ import annotations

from helpers import lint, where

AVATAR = "071b0286-4cce-4808-bee2-e642f1062de3"
VOICE = "de23e340-1416-4dd8-977d-065a7ca11697"
LLM = "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7"
BASE = f"avatarId: {AVATAR}\nvoiceId: {VOICE}\n"


def rules(result) -> list[str]:
    return [f.rule for f in result.findings]


def test_legacy_llm_id_is_a_note_naming_the_replacement() -> None:
    result = lint(BASE + "llmId: ANAM_LLAMA_v3_3_70B_V1\n")
    assert [(f.rule, str(f.level)) for f in result.findings] == [("AN004", "note")]
    assert where(result, "AN004") == [(3, 8, 3, 30)]
    assert "GET /v1/llms" in result.findings[0].message
    assert lint(BASE + "llmId: CUSTOMER_CLIENT_V1\n").findings == []
    assert lint(BASE + f"llmId: {LLM}\n").findings == []


def test_brain_type_is_deprecated_and_replaces_the_unknown_key_finding() -> None:
    result = lint(
        f'{{"avatarId": "{AVATAR}", "voiceId": "{VOICE}",\n "brainType": "ANAM_GPT_4O_MINI_V1"}}', name="p.json"
    )
    assert rules(result) == ["AN005"]  # not PS005 as well
    assert where(result, "AN005") == [(2, 2, 2, 13)]
    # not "write llmId: 'ANAM_GPT_4O_MINI_V1'", which AN004 would then call legacy (tests/test_suggestions.py)
    assert result.findings[0].message.startswith(
        "brainType 'ANAM_GPT_4O_MINI_V1' is deprecated: choose the LLM with llmId instead, by the UUID of an LLM"
    )
    # inside a session-token body, at /personaConfig/brainType
    session = lint(
        f'{{"personaConfig": {{"avatarId": "{AVATAR}", "voiceId": "{VOICE}", "brainType": "X"}}}}', name="s.json"
    )
    assert [(f.rule, f.pointer) for f in session.findings] == [("AN005", "/personaConfig/brainType")]


def test_brain_type_customer_client_also_makes_the_system_prompt_useless() -> None:
    result = lint(BASE + "brainType: CUSTOMER_CLIENT_V1\nsystemPrompt: You are Cara.\n", kind="anam-session")
    assert rules(result) == ["AN005", "AN020"]
    assert where(result, "AN020") == [(4, 1, 4, 13)]
    assert "CUSTOMER_CLIENT_V1 disables Anam's LLM" in result.findings[1].message
    # either field set to an LLM: the prompt is used
    assert rules(lint(BASE + f"llmId: {LLM}\nsystemPrompt: You are Cara.\n")) == []


def test_removed_persona_fields_name_their_replacement() -> None:
    text = f"""\
        name: Leo
        avatarId: {AVATAR}
        voiceId: {VOICE}
        personaPreset: leo_desk
        voiceSpeed: 1.1
        brain:
          systemPrompt: You are Leo.
          fillerPhrases: [umm]
        """
    result = lint(text)
    assert rules(result) == ["AN006", "AN006", "AN006"]
    assert where(result, "AN006") == [(4, 1, 4, 14), (5, 1, 5, 11), (6, 1, 6, 6)]
    messages = [f.message for f in result.findings]
    assert "replaced by avatarId, voiceId, llmId and systemPrompt" in messages[0]
    assert "replaced by voiceGenerationOptions.speed" in messages[1]
    assert "move brain.systemPrompt" in messages[2] and "fillerPhrases has no replacement" in messages[2]


def test_a_get_reply_is_left_to_pf007() -> None:
    # with reply-only fields (id, createdAt) the old fields are PF007's, not AN006's
    result = lint(
        f'{{"id": "{AVATAR}", "createdAt": "2026-04-20T10:00:00.000Z", "avatarId": "{AVATAR}",'
        f' "voiceId": "{VOICE}", "brain": {{"systemPrompt": "x"}}}}',
        name="p.json",
        kind="anam-create",
    )
    assert "AN006" not in rules(result)


def test_session_only_fields_in_a_persona_body() -> None:
    text = BASE + "maxSessionLengthSeconds: 600\ntools:\n  - {type: client, name: open_calendar}\n"
    result = lint(text, kind="anam-create")
    assert rules(result) == ["AN007", "AN007"]  # and no PS005
    assert where(result, "AN007") == [(3, 1, 3, 24), (4, 1, 4, 6)]
    assert "toolIds" in result.findings[1].message
    update = lint("enableAudioPassthrough: true\n", kind="anam-update")
    assert rules(update) == ["AN007"] and "only return it" in update.findings[0].message


def test_widget_config_only_on_update() -> None:
    text = BASE + "widgetConfig:\n  layout: floating\n"
    result = lint(text, kind="anam-create")
    assert rules(result) == ["AN008"]  # replaces "unknown key 'widgetConfig'"
    assert where(result, "AN008") == [(3, 1, 3, 13)]
    session = lint(
        f'{{"personaConfig": {{"avatarId": "{AVATAR}", "voiceId": "{VOICE}", "widgetConfig": {{}}}}}}', name="s.json"
    )
    assert [(f.rule, f.pointer) for f in session.findings] == [("AN008", "/personaConfig/widgetConfig")]
    assert lint("name: Cara\nwidgetConfig:\n  layout: floating\n").findings == []  # an update


def test_system_prompt_surrounding_whitespace() -> None:
    result = lint(
        f'{{"avatarId": "{AVATAR}", "voiceId": "{VOICE}",\n "systemPrompt": "\\n    You are Cara.\\n  "}}',
        name="p.json",
    )
    assert [(f.rule, str(f.level)) for f in result.findings] == [("AN021", "note")]
    assert where(result, "AN021") == [(2, 18, 2, 43)]
    # a YAML literal block ends with one line break: not reported
    assert lint(BASE + "systemPrompt: |\n  You are Cara.\n  Be brief.\n").findings == []
    assert lint(BASE + "systemPrompt: 'You are Cara. \n\n  Be brief.'\n").findings == []


def test_voice_options_outside_every_providers_range() -> None:
    result = lint(
        '{"avatarId": "071b0286-4cce-4808-bee2-e642f1062de3", "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697",\n "voiceGenerationOptions": {"volume": 1.0, "speed": 2.5}}',
        name="p.json",
    )
    assert [(f.rule, f.pointer) for f in result.findings] == [("AN031", "/voiceGenerationOptions/speed")]  # no PS004
    assert where(result, "AN031") == [(2, 53, 2, 56)]
    assert result.findings[0].message.startswith("speed must be between 0.5 and 2.0 whatever the voice's provider")
    # inside the widest range: may be right for a Fish Audio voice
    assert (
        lint(
            '{"avatarId": "071b0286-4cce-4808-bee2-e642f1062de3", "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697", "voiceGenerationOptions": {"volume": 1.0, "speed": 1.8}}',
            name="p.json",
        ).findings
        == []
    )
    # with a provider-specific field, that provider's range (AN030, or the schema for Cartesia)
    eleven = lint(
        '{"avatarId": "071b0286-4cce-4808-bee2-e642f1062de3", "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697", "voiceGenerationOptions": {"stability": 0.5, "speed": 2.5}}',
        name="p.json",
    )
    assert [f.rule for f in eleven.findings] == ["AN030"]
