"""rules/anam-session.yaml: session-token rules (AN300-AN307): findings and positions."""

from __future__ import annotations

from helpers import lint, where

AVATAR = "071b0286-4cce-4808-bee2-e642f1062de3"
VOICE = "de23e340-1416-4dd8-977d-065a7ca11697"
LLM = "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7"
PERSONA = "229b7c75-f394-4637-a90f-7fa874d14342"


def rules(result) -> list[str]:
    return [f.rule for f in result.findings]


# --- personaId or an inline config ----------------------------------------------------------


def test_persona_id_with_inline_fields() -> None:
    text = f"""\
        personaConfig:
          name: Cara
          personaId: {PERSONA}
          llmId: {LLM}
          systemPrompt: You are Cara.
          maxSessionLengthSeconds: 600
        """
    result = lint(text)
    assert [(f.rule, str(f.level)) for f in result.findings] == [("AN300", "warning")]
    assert where(result, "AN300") == [(3, 3, 3, 12)]
    assert result.findings[0].message == (
        f"personaId '{PERSONA}' is set together with inline persona fields (name, llmId, systemPrompt); "
        "the documents make them alternatives: keep one"
    )
    # session settings beside a saved persona are fine
    assert lint(f"personaConfig:\n  personaId: {PERSONA}\n  maxSessionLengthSeconds: 600\n").findings == []


def test_empty_persona_id_beside_an_inline_config() -> None:
    result = lint(f'{{"personaId": "", "avatarId": "{AVATAR}", "voiceId": "{VOICE}"}}', name="s.json")
    assert rules(result) == ["AN301"]  # not AN300, AN104 or AN111
    assert where(result, "AN301") == [(1, 2, 1, 13)]
    assert (
        result.findings[0].message == "personaId is empty beside an inline config (avatarId, voiceId): remove the key"
    )


# --- directorNotes ----------------------------------------------------------------------------


def test_director_notes_need_a_cara_4_model() -> None:
    text = f"avatarId: {AVATAR}\nvoiceId: {VOICE}\navatarModel: cara-3\ndirectorNotes:\n  presetStyle: warm\n"
    result = lint(text, kind="anam-session")
    assert rules(result) == ["AN302"]
    assert where(result, "AN302") == [(4, 1, 4, 14)]
    assert "avatarModel is 'cara-3', where Anam strips them silently" in result.findings[0].message
    unset = lint(f"avatarId: {AVATAR}\nvoiceId: {VOICE}\ndirectorNotes: {{presetStyle: warm}}\n")
    assert rules(unset) == ["AN302"] and "does not set avatarModel" in unset.findings[0].message
    for model in ("cara-4", "cara-4-latest"):
        ok = lint(f"avatarId: {AVATAR}\nvoiceId: {VOICE}\navatarModel: {model}\ndirectorNotes: {{presetStyle: warm}}\n")
        assert "AN302" not in rules(ok)
    unknown = lint(f"avatarId: {AVATAR}\nvoiceId: {VOICE}\navatarModel: cara-9\ndirectorNotes: {{presetStyle: warm}}\n")
    assert rules(unknown) == ["AN001"]  # the model is wrong; AN302 says nothing


# --- sessionOptions ---------------------------------------------------------------------------


def test_video_size_per_model() -> None:
    text = f"""\
        personaConfig:
          avatarId: {AVATAR}
          avatarModel: cara-3
          voiceId: {VOICE}
        sessionOptions:
          videoQuality: high
          videoWidth: 1152
          videoHeight: 768
        """
    result = lint(text)
    assert [(f.rule, f.pointer) for f in result.findings] == [("AN303", "/sessionOptions/videoWidth")]
    assert where(result, "AN303") == [(7, 3, 7, 13)]
    assert result.findings[0].message == (
        "video size 1152x768 is not supported: avatarModel cara-3 takes 720x480; unsupported sizes are rejected"
    )
    saved = lint(
        f'{{"personaConfig": {{"personaId": "{PERSONA}"}},\n'
        f' "sessionOptions": {{"videoWidth": 1280, "videoHeight": 720}}}}',
        name="s.json",
    )
    assert rules(saved) == ["AN303"] and "cara-3 720x480 and cara-4 1152x768" in saved.findings[0].message
    assert where(saved, "AN303") == [(2, 21, 2, 33)]
    fine = lint(
        f'{{"personaConfig": {{"personaId": "{PERSONA}"}}, "sessionOptions": {{"videoWidth": 720, "videoHeight": 480}}}}',
        name="s.json",
    )
    assert fine.findings == []
    lone = lint(
        f'{{"personaConfig": {{"personaId": "{PERSONA}"}}, "sessionOptions": {{"videoWidth": 1000}}}}', name="s.json"
    )
    assert rules(lone) == ["PS011"]  # a lone dimension is the schema's


def test_egress_needs_audio_passthrough() -> None:
    egress = "sessionOptions:\n  egress:\n    mode: daily\n    daily: {roomUrl: 'https://your-domain.daily.co/avatar-room'}\n"
    result = lint(f"personaConfig:\n  avatarId: {AVATAR}\n  voiceId: {VOICE}\n" + egress)
    assert rules(result) == ["AN304"]
    assert where(result, "AN304") == [(1, 1, 1, 14)]  # the personaConfig that should hold it
    assert result.findings[0].message.endswith("and it is not set")
    false = lint(
        f"personaConfig:\n  avatarId: {AVATAR}\n  voiceId: {VOICE}\n  enableAudioPassthrough: false\n" + egress
    )
    assert rules(false) == ["AN305", "AN304"]
    assert where(false, "AN304") == [(4, 27, 4, 32)]
    assert false.findings[1].message.endswith("and it is false")
    ok = lint(f"personaConfig:\n  avatarId: {AVATAR}\n  enableAudioPassthrough: true\n" + egress)
    assert rules(ok) == ["AN305"]


# --- audio passthrough ------------------------------------------------------------------------


def test_audio_passthrough_note_replaces_the_unknown_key_warning() -> None:
    result = lint(f'{{"avatarId": "{AVATAR}",\n "enableAudioPassthrough": true}}', name="s.json")
    assert [(f.rule, str(f.level)) for f in result.findings] == [("AN305", "note")]
    assert where(result, "AN305") == [(2, 2, 2, 26)]


def test_audio_passthrough_makes_voice_and_llm_unused() -> None:
    text = f"name: Nova\navatarId: {AVATAR}\nvoiceId: {VOICE}\nllmId: {LLM}\nsystemPrompt: You are Nova.\nenableAudioPassthrough: true\n"
    result = lint(text)
    assert rules(result) == ["AN305", "AN306"]
    assert where(result, "AN306") == [(6, 1, 6, 23)]
    assert result.findings[1].message == (
        "with enableAudioPassthrough true your client supplies the speech, "
        "so voiceId, llmId and systemPrompt are probably unused"
    )


# --- AN307 persona fields outside personaConfig ------------------------------------------------


def _an307(result) -> list[tuple[int, int, str]]:
    return [(f.span.line, f.span.column, f.message) for f in result.findings if f.rule == "AN307"]


def test_persona_fields_beside_session_options_without_person_config() -> None:
    text = f"""\
        {{"avatarId": "{AVATAR}", "enableAudioPassthrough": true,
         "sessionOptions": {{"sessionReplay": {{"enableSessionReplay": false}}}}}}
        """
    result = lint(text, name="session.json")
    assert _an307(result) == [
        (
            1,
            2,
            "avatarId and enableAudioPassthrough sit at the top level of a session-token request body "
            "(sessionOptions is beside them), where Anam does not read persona fields: move them into personaConfig",
        )
    ]
    assert str(result.findings[0].level) == "warning"
    assert "PS005" not in rules(result)  # the unknown-key findings of the fields it names are replaced
    assert "PF006" not in rules(result)  # a body without personaConfig is still an object
    # nor does AN305 ("undocumented but accepted") contradict it on the same key: `replaces: [AN305]`
    assert "AN305" not in rules(result)
    bare = lint(
        f'{{"avatarId": "{AVATAR}", "enableAudioPassthrough": true}}\n', name="session.json", kind="anam-session"
    )
    assert [(f.rule, f.pointer) for f in bare.findings] == [("AN305", "/enableAudioPassthrough")]  # the SDK form


def test_persona_fields_beside_client_label_in_yaml() -> None:
    text = f"""\
        clientLabel: kiosk
        avatarId: {AVATAR}
        voiceId: {VOICE}
        systemPrompt: You greet visitors.
        """
    found = _an307(lint(text, name="session.yaml"))
    assert [(line, column) for line, column, _ in found] == [(2, 1)]
    assert found[0][2].startswith("avatarId, voiceId and systemPrompt sit at the top level")
    assert "(clientLabel is beside them)" in found[0][2]


def test_persona_fields_in_a_session_token_request_in_code() -> None:
    text = f"""\
        const res = await fetch("https://api.anam.ai/v1/auth/session-token", {{
          method: "POST",
          body: JSON.stringify({{
            avatarId: "{AVATAR}",
            voiceId: "{VOICE}",
          }}),
        }});
        """
    found = _an307(lint(text, name="session.ts"))
    assert [(line, column) for line, column, _ in found] == [(4, 5)]
    assert "(the code sends it as the body of POST https://api.anam.ai/v1/auth/session-token)" in found[0][2]


def test_python_session_token_request() -> None:
    text = f"""\
        import requests

        requests.post(
            "https://api.anam.ai/v1/auth/session-token",
            json={{"avatarId": "{AVATAR}", "voiceId": "{VOICE}"}},
        )
        """
    assert [(line, column) for line, column, _ in _an307(lint(text, name="session.py"))] == [(5, 11)]


def test_a_bare_persona_config_is_never_reported(shared) -> None:
    """The SDK form: persona fields at the top level of a file, with nothing saying it is a request body."""
    path = shared / "corpus" / "wild" / "anam-012-cookbook-passthrough-nowrapper.json"
    assert _an307(lint(path.read_text(), name=path.name, kind="anam-session")) == []
    assert _an307(lint(f"avatarId: {AVATAR}\nvoiceId: {VOICE}\n", kind="anam-session")) == []


def test_a_wrapped_body_and_other_requests_are_not_reported() -> None:
    wrapped = f'{{"personaConfig": {{"avatarId": "{AVATAR}"}}, "sessionOptions": {{}}}}'
    assert _an307(lint(wrapped, name="session.json")) == []
    create = f"""\
        await fetch("https://api.anam.ai/v1/personas", {{
          method: "POST",
          body: JSON.stringify({{ avatarId: "{AVATAR}", voiceId: "{VOICE}" }}),
        }});
        """
    assert _an307(lint(create, name="create.ts")) == []
    sdk = f'const client = createClient(token, {{ avatarId: "{AVATAR}", voiceId: "{VOICE}" }});\n'
    assert _an307(lint(sdk, name="sdk.ts")) == []
