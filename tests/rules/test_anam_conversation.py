"""rules/anam-conversation.yaml: greeting, language and tool rules (AN200-AN226): findings and positions."""

from __future__ import annotations

import json

import pytest
from helpers import lint, where

from personalint.engine.packs.anam_conversation import judge_language, languages

AVATAR = "071b0286-4cce-4808-bee2-e642f1062de3"
VOICE = "de23e340-1416-4dd8-977d-065a7ca11697"
BASE = f"avatarId: {AVATAR}\nvoiceId: {VOICE}\n"


def rules(result) -> list[str]:
    return [f.rule for f in result.findings]


# --- greeting -------------------------------------------------------------------------------


def test_skipped_greeting_contradictions() -> None:
    text = BASE + "skipGreeting: true\nuninterruptibleGreeting: true\ninitialMessage: Hi, I'm Sam.\n"
    result = lint(text)
    assert [(f.rule, str(f.level)) for f in result.findings] == [("AN200", "warning"), ("AN201", "warning")]
    assert where(result, "AN200") == [(4, 1, 4, 24)]
    assert where(result, "AN201") == [(5, 1, 5, 15)]
    assert lint(BASE + "skipGreeting: false\nuninterruptibleGreeting: true\ninitialMessage: Hi.\n").findings == []
    assert lint(BASE + "skipGreeting: true\nuninterruptibleGreeting: false\ninitialMessage: ''\n").findings == []


# --- languageCode -----------------------------------------------------------------------------


def test_language_lists() -> None:
    tables = languages()
    assert len(tables.iso_639_1) == 183
    assert tables.anam <= set(tables.iso_639_1) and len(tables.anam) == 57


@pytest.mark.parametrize(
    ("value", "verdict", "suggestion"),
    [
        ("en", None, None),
        ("cy", None, None),
        ("nb", "undocumented", None),
        ("yo", "undocumented", None),
        ("en-US", "tag", "'en'"),
        ("pt_BR", "tag", "'pt'"),
        ("zh-Hant-TW", "tag", "'zh'"),
        ("EN", "tag", "'en'"),
        ("iw", "tag", "'he'"),
        ("sh", "tag", "'hr', 'bs' or 'sr'"),
        ("English", "invalid", "'en'"),
        ("eng", "invalid", "'en'"),
        ("Farsi", "invalid", "'fa'"),
        ("xx", "invalid", None),
        ("", "invalid", None),
    ],
)
def test_judge_language(value: str, verdict: str | None, suggestion: str | None) -> None:
    got, fields = judge_language(value)
    assert got == verdict
    if suggestion:
        assert suggestion in (fields.get("suggestion") or fields.get("hint"))


def test_language_code_rules_and_levels() -> None:
    tag = lint(BASE + "languageCode: en-US\n")
    assert [(f.rule, str(f.level)) for f in tag.findings] == [("AN211", "warning")]
    assert where(tag, "AN211") == [(3, 15, 3, 20)]
    assert tag.findings[0].message == (
        "languageCode 'en-US' is a BCP 47 language tag, not an ISO 639-1 code; Anam takes ISO 639-1: use 'en'"
    )
    name = lint(f'{{"avatarId": "{AVATAR}", "voiceId": "{VOICE}", "languageCode": "English"}}', name="p.json")
    assert [(f.rule, str(f.level)) for f in name.findings] == [("AN210", "error")]
    assert where(name, "AN210") == [(1, 121, 1, 130)]
    assert name.findings[0].message.endswith("did you mean 'en'?")
    note = lint(BASE + "languageCode: nb\n")
    assert [(f.rule, str(f.level)) for f in note.findings] == [("AN212", "note")]
    assert where(note, "AN212") == [(3, 15, 3, 17)]
    assert "Norwegian Bokmål" in note.findings[0].message
    # unquoted `no` is YAML's false: the YAML typing finding, not a language finding
    assert rules(lint(BASE + "languageCode: no\n")) == ["PF005"]
    assert lint(BASE + "languageCode: 'no'\n").findings == []


# --- toolIds and inline tools ---------------------------------------------------------------------


def test_duplicate_tool_ids() -> None:
    result = lint(
        "toolIds:\n  - 527a112e-9d4d-4501-bab8-a0c02fb67f47\n  - 527a112e-9d4d-4501-bab8-a0c02fb67f47\n",
        kind="anam-update",
    )
    assert rules(result) == ["AN312", "AN220"]  # AN312: an update's toolIds replace all tools
    assert where(result, "AN220") == [(3, 5, 3, 41)]
    assert "first at index 0" in result.findings[1].message


SESSION_TOOLS = f"""\
    personaConfig:
      avatarId: {AVATAR}
      voiceId: {VOICE}
      tools:
        - type: server
          name: search docs
          documentFolderIds: [b1c2d3e4-5f60-4a7b-8c9d-0e1f2a3b4c5d]
        - type: server
          subtype: webhook
          name: list_events
          method: POST
          awaitResponse: true
        - type: client
          name: list_events
          awaitResult: true
          queryParameters: {{type: object}}
    """


def test_inline_tool_rules() -> None:
    result = lint(SESSION_TOOLS)
    assert rules(result) == ["AN223", "AN222", "AN225", "AN224", "AN221", "AN224"]
    assert where(result, "AN223") == [(5, 7, 5, 8)]  # no subtype: at the tool's mapping, as AN225
    assert where(result, "AN222") == [(6, 13, 6, 24)]  # name with a space
    assert where(result, "AN225") == [(8, 7, 8, 8)]  # the webhook tool (its mapping) without url
    assert where(result, "AN224") == [(12, 7, 12, 20), (16, 7, 16, 22)]
    assert where(result, "AN221") == [(14, 13, 14, 24)]
    messages = {f.rule + f.pointer: f.message for f in result.findings}
    assert messages["AN225/personaConfig/tools/1"] == "this webhook tool has no url"
    assert messages["AN224/personaConfig/tools/1/awaitResponse"] == (
        "awaitResponse is not a documented field of webhook tools; remove it ('awaitResult', which it resembles,"
        " is documented for client tools only)"
    )
    assert messages["AN224/personaConfig/tools/2/queryParameters"] == (
        "queryParameters is not a documented field of client tools; it is documented for webhook tools only"
    )
    assert messages["AN223/personaConfig/tools/0"] == (
        "the server tool 'search docs' has no subtype: set subtype to knowledge or webhook"
    )


def test_server_tool_without_subtype_is_reported_at_the_tool() -> None:
    """subtype is missing: the finding sits at the tool's mapping (its `{` in JSON), not at its type."""
    tool = {"type": "server", "name": "search_docs", "documentFolderIds": ["b1c2d3e4-5f60-4a7b-8c9d-0e1f2a3b4c5d"]}
    body = {"avatarId": AVATAR, "voiceId": VOICE, "tools": [tool]}
    result = lint(json.dumps(body), name="s.json")
    assert [(f.rule, f.pointer, *where(result, f.rule)[0]) for f in result.findings] == [
        ("AN223", "/tools/0", 1, 115, 1, 116)
    ]
    tool["subtype"] = "knowledge"
    assert lint(json.dumps(body), name="s.json").findings == []


def test_documented_inline_tools_are_clean() -> None:
    tools = [
        {
            "type": "client",
            "name": "open_calendar",
            "description": "Open it.",
            "parameters": {"type": "object"},
            "awaitResult": True,
            "toolTimeoutSeconds": 30,
            "disableInterruptions": False,
        },
        {
            "type": "server",
            "subtype": "knowledge",
            "name": "search_docs",
            "documentFolderIds": ["b1c2d3e4-5f60-4a7b-8c9d-0e1f2a3b4c5d"],
        },
        {
            "type": "server",
            "subtype": "webhook",
            "name": "block_time",
            "url": "https://example.com/hook",
            "method": "POST",
            "headers": {"Content-Type": "application/json"},
            "parameters": {"type": "object"},
            "queryParameters": {"type": "object"},
            "bodyTemplate": "{}",
        },
        {"type": "system", "name": "end_call"},
    ]
    body = {"avatarId": AVATAR, "voiceId": VOICE, "tools": tools}
    assert lint(json.dumps(body, indent=2), name="s.json").findings == []


def test_tool_parameters_over_10000_bytes() -> None:
    big = {"type": "object", "properties": {f"p{i}": {"type": "string", "description": "é" * 100} for i in range(50)}}
    body = {"avatarId": AVATAR, "voiceId": VOICE, "tools": [{"type": "client", "name": "pick", "parameters": big}]}
    result = lint(json.dumps(body, indent=2), name="s.json")
    assert rules(result) == ["AN226"]
    assert where(result, "AN226") == [(8, 7, 8, 19)]
    size = len(json.dumps(big, separators=(",", ":"), ensure_ascii=False).encode())
    assert size > 10_000
    assert result.findings[0].message.startswith(f"parameters serialises to {size:,} bytes of JSON")
    small = {
        "avatarId": AVATAR,
        "voiceId": VOICE,
        "tools": [{"type": "client", "name": "pick", "parameters": {"type": "object"}}],
    }
    assert lint(json.dumps(small), name="s.json").findings == []
