"""File-level rules: YAML implicit typing (PF005), a body that is not an object (PF006), a GET
reply kept as a request (PF007), boolean text where no type applies (PF008)."""

from __future__ import annotations

import contextvars
import json
from pathlib import Path

import pytest
from helpers import lint, rules_of, where

from personalint import pipeline as checker
from personalint.config import Settings
from personalint.engine import document as engine
from personalint.engine.packs.file import ImplicitScalar, implicit_scalars
from personalint.pipeline import check_paths
from personalint.schema.introspect import schema_alternatives
from personalint.source import load

# --- the pipeline passes the YAML nodes to the checks ----------------------------------------

_DOCUMENT: contextvars.ContextVar = contextvars.ContextVar("document", default=None)


@pytest.fixture
def nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make sure engine.run gets `source=document`, as the pipeline is meant to pass it.

    Does nothing when pipeline.check_document already passes it.
    """
    check_document, run = checker.check_document, engine.run

    def remembering(document, *args, **kwargs):
        token = _DOCUMENT.set(document)
        try:
            return check_document(document, *args, **kwargs)
        finally:
            _DOCUMENT.reset(token)

    def passing(*args, **kwargs):
        if kwargs.get("source") is None:
            kwargs["source"] = _DOCUMENT.get()
        return run(*args, **kwargs)

    monkeypatch.setattr(checker, "check_document", remembering)
    monkeypatch.setattr(engine, "run", passing)


def _document(text: str, name: str = "p.yaml"):
    return load(name, text.encode()).documents[0]


# --- implicit_scalars ------------------------------------------------------------------------


def test_implicit_scalars_lists_plain_typed_scalars_in_document_order() -> None:
    document = _document(
        "a: off\n"
        "b: 'off'\n"
        "c: !!bool yes\n"
        "d: 1.10\n"
        "e: [0755, 12:30, 2024-01-01, ~, y]\n"
        'f: {g: null, h: "no", i: text}\n'
    )
    assert implicit_scalars(document) == [
        ImplicitScalar("/a", "off", "bool"),
        ImplicitScalar("/d", "1.10", "float"),
        ImplicitScalar("/e/0", "0755", "int"),
        ImplicitScalar("/e/1", "12:30", "int"),
        ImplicitScalar("/e/2", "2024-01-01", "timestamp"),
        ImplicitScalar("/e/3", "~", "null"),
        ImplicitScalar("/f/g", "null", "null"),
    ]


def test_implicit_scalars_follow_what_takes_effect() -> None:
    merged = _document("base: &b {x: on, y: keep}\nover:\n  <<: *b\n  x: 'on'\nrepeat: yes\nrepeat: 'yes'\n")
    pointers = [s.pointer for s in implicit_scalars(merged)]
    assert pointers == ["/base/x"]  # over.x and the last `repeat` are quoted
    assert implicit_scalars(_document('{"a": false}', "p.json")) == []


def test_schema_alternatives_says_what_a_pointer_takes() -> None:
    value = {"layers": {"perception": {"perception_model": False}, "llm": {"extra_body": {"x": False}}}}
    assert schema_alternatives("tavus-create", value, "/layers/llm/extra_body/x") == [[True]]
    assert schema_alternatives("tavus-create", value, "/nope") == []
    enum = schema_alternatives("tavus-create", value, "/layers/perception/perception_model")
    assert any("off" in s.get("enum", ()) for alt in enum for s in alt if isinstance(s, dict))
    session = {"personaConfig": {"languageCode": False}}
    assert any(
        s.get("type") == "string"
        for alt in schema_alternatives("anam-session", session, "/personaConfig/languageCode")
        for s in alt
        if isinstance(s, dict)
    )


# --- PF005 yaml-implicit-typing --------------------------------------------------------------


def test_unquoted_off_where_an_enum_wants_the_string(nodes) -> None:
    result = lint("system_prompt: x\nlayers:\n  perception:\n    perception_model: off\n")
    assert [(f.rule, f.message) for f in result.findings] == [
        ("PF005", "perception_model: write 'off' in quotes: YAML 1.1 reads unquoted off as false")
    ]  # the schema's PS002 for the same value is replaced
    assert where(result, "PF005") == [(4, 23, 4, 26)]


def test_unquoted_no_as_a_language_code(nodes) -> None:
    result = lint(
        "avatarId: 071b0286-4cce-4808-bee2-e642f1062de3\nvoiceId: de23e340-1416-4dd8-977d-065a7ca11697\nlanguageCode: no\n"
    )
    assert rules_of(result) == ["PF005"]
    assert where(result, "PF005") == [(3, 15, 3, 17)]
    assert result.findings[0].message == "languageCode: write 'no' in quotes: YAML 1.1 reads unquoted no as false"


def test_numbers_dates_and_nulls_where_strings_are_meant(nodes) -> None:
    result = lint(
        """\
        persona_name: 1.10
        system_prompt: x
        layers:
          stt:
            hotwords: 12:30
          llm:
            model: ~
        document_tags: [2024-01-01, 0755]
        """
    )
    assert [(f.span.line, f.span.column, f.message) for f in result.findings if f.rule == "PF005"] == [
        (1, 15, "persona_name: write '1.10' in quotes: YAML reads unquoted 1.10 as the number 1.1"),
        (5, 15, "hotwords: write '12:30' in quotes: YAML 1.1 reads unquoted 12:30 as the number 750 (base 60)"),
        (
            7,
            12,
            "model: leave the key out for no value, or write '~' in quotes for the text: YAML reads unquoted ~ as null",
        ),
        (8, 17, "document_tags[0]: write '2024-01-01' in quotes: YAML 1.1 reads unquoted 2024-01-01 as a date"),
        (8, 29, "document_tags[1]: write '0755' in quotes: YAML 1.1 reads unquoted 0755 as the number 493 (octal)"),
    ]
    assert not [f for f in result.findings if f.rule.startswith("PS")]


def test_not_reported_where_the_typed_value_is_fine_or_quoting_would_not_help(nodes) -> None:
    fine = lint(
        """\
        personaConfig:
          avatarId: x
          maxSessionLengthSeconds: 600
          skipGreeting: yes
          avatarModel: null
          initialMessage: ~
        """
    )
    assert [f.rule for f in fine.findings if f.rule == "PF005"] == []
    free_form = lint("system_prompt: x\nlayers:\n  llm:\n    extra_body: {enabled: off}\n")
    assert free_form.findings == []
    # 'Off' quoted is not a voice_isolation value either: the schema's finding stays
    wrong_case = lint("system_prompt: x\nlayers:\n  conversational_flow:\n    voice_isolation: Off\n")
    assert rules_of(wrong_case) == ["PS002"]
    explicit = lint("system_prompt: x\ndefault_replica_id: !!bool yes\n")
    assert rules_of(explicit) == ["PS001"]
    assert (
        lint('{"system_prompt": "x", "layers": {"perception": {"perception_model": false}}}', name="p.json")
        .findings[0]
        .rule
        == "PS002"
    )


def test_session_wrapper_and_secret_fields(nodes) -> None:
    result = lint(
        "personaConfig:\n  avatarId: 071b0286-4cce-4808-bee2-e642f1062de3\n  voiceId: de23e340-1416-4dd8-977d-065a7ca11697\n  languageCode: on\nclientLabel: 2024-01-01\n"
    )
    assert [(f.rule, f.pointer) for f in result.findings] == [
        ("PF005", "/personaConfig/languageCode"),
        ("PF005", "/clientLabel"),
    ]
    secret = lint("system_prompt: x\nlayers:\n  llm:\n    model: m\n    api_key: 0755\n")
    [finding] = [f for f in secret.findings if f.rule == "PF005"]
    assert finding.message == "api_key: write the value in quotes: YAML 1.1 reads the unquoted value as a number"
    assert "0755" not in finding.message and "493" not in finding.message


def test_without_the_nodes_the_check_stays_silent(monkeypatch) -> None:
    from personalint.engine.context import Context
    from personalint.engine.packs.file import yaml_implicit_typing

    ctx = Context({"languageCode": False}, "anam-create", "", {})
    assert list(yaml_implicit_typing(ctx, {})) == []


# --- PF006 document-not-object ---------------------------------------------------------------


def test_a_list_checked_as_a_create_body() -> None:
    result = lint("- persona_name: Coach\n  system_prompt: You coach.\n", kind="tavus-create")
    assert [(f.rule, f.message) for f in result.findings] == [
        (
            "PF006",
            "the document is an array, but a tavus-create body must be a JSON object of persona fields; "
            "remove the list around the one object",
        )
    ]  # the schema's "expected object" is replaced
    assert where(result, "PF006") == [(1, 1, 2, 28)]


def test_other_shapes_that_are_not_objects() -> None:
    patch = lint('[{"op": "replace", "path": "/system_prompt", "value": "x"}]', name="p.json", kind="anam-update")
    assert [f.message for f in patch.findings] == [
        "the document is an array, but an anam-update body must be a JSON object of persona fields; "
        "a list of JSON Patch operations is a tavus-patch body"
    ]
    text = lint("hello\n", kind="anam-create")
    assert [f.message for f in text.findings] == [
        "the document is a string ('hello'), but an anam-create body must be a JSON object of persona fields"
    ]
    config = lint('{"personaConfig": ["x"]}', name="p.json")
    assert [(f.rule, f.pointer, f.message) for f in config.findings] == [
        (
            "PF006",
            "/personaConfig",
            "personaConfig is an array, but personaConfig must be a JSON object of persona fields",
        )
    ]
    assert where(config, "PF006") == [(1, 19, 1, 24)]
    # without --kind the kind cannot be told: unknown-kind says so
    assert rules_of(lint("- a\n- b\n")) == ["PF004"]


# --- PF007 response-not-request --------------------------------------------------------------

ANAM_REPLY = {
    "id": "00000000-0000-0000-0000-000000000000",
    "name": "Cara",
    "description": "A helpful assistant",
    "personaPreset": "",
    "avatar": {"id": "071b0286-4cce-4808-bee2-e642f1062de3", "displayName": "Liv"},
    "avatarModel": "cara-3",
    "voice": {"id": "de23e340-1416-4dd8-977d-065a7ca11697", "provider": "ELEVENLABS"},
    "voiceSpeed": 1,
    "llmId": "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7",
    "brain": {"personality": None, "systemPrompt": "You are a helpful assistant."},
    "tools": [],
    "knowledge": [],
    "shareLinks": None,
    "primaryShareLink": None,
    "enableAudioPassthrough": False,
    "skipGreeting": False,
    "zeroDataRetention": False,
    "createdAt": "2026-04-20T10:00:00.000Z",
    "updatedAt": "2026-04-20T10:00:00.000Z",
}


def test_an_anam_get_reply_is_one_warning_naming_the_fields() -> None:
    result = lint(json.dumps(ANAM_REPLY, indent=2), name="p.json", kind="anam-update")
    [finding] = [f for f in result.findings if f.rule == "PF007"]
    assert finding.message == (
        "this looks like a GET reply, not a request body; remove the response-only fields id, personaPreset, "
        "avatar, voice, voiceSpeed, brain, tools, knowledge, shareLinks, primaryShareLink, enableAudioPassthrough, "
        "createdAt and updatedAt"
    )
    assert str(finding.level) == "warning"
    assert where(result, "PF007") == [(2, 3, 2, 7)]
    assert not [f for f in result.findings if f.rule == "PS005"]  # those keys get no unknown-key findings


def test_a_session_reply_keeps_its_request_fields() -> None:
    reply = {k: ANAM_REPLY[k] for k in ("id", "name", "avatar", "voice", "tools", "createdAt")}
    result = lint(json.dumps({"personaConfig": reply}), name="p.json")
    [finding] = [f for f in result.findings if f.rule == "PF007"]
    assert finding.pointer == "/personaConfig/id"
    assert "tools" not in finding.message  # inline tools are a session-token field


def test_old_request_shapes_are_not_replies() -> None:
    old = {"name": "Leo", "personaPreset": "leo_desk", "brain": {"systemPrompt": "Hi"}}
    assert "PF007" not in rules_of(lint(json.dumps(old), name="p.json", kind="anam-create"))
    one = {"avatarId": "x", "id": "00000000-0000-0000-0000-000000000000", "enableAudioPassthrough": True}
    assert "PF007" not in rules_of(lint(json.dumps(one), name="p.json", kind="anam-session"))


def test_tavus_replies() -> None:
    single = lint(
        "persona_id: pcb7a34da5fe\npersona_name: Coach\nsystem_prompt: x\ncreated_at: '2026-04-29T12:00:00Z'\n"
    )
    assert [(f.rule, f.message) for f in single.findings] == [
        (
            "PF007",
            "this looks like a GET reply, not a request body; remove the response-only fields "
            "persona_id and created_at",
        )
    ]
    assert where(single, "PF007") == [(1, 1, 1, 11)]
    wrapped = lint(
        json.dumps(
            {
                "data": [
                    {
                        "persona_id": "p1",
                        "persona_name": "Coach",
                        "system_prompt": "x",
                        "created_at": "",
                        "updated_at": "",
                    }
                ]
            }
        ),
        name="p.json",
        kind="tavus-create",
    )
    [finding] = [f for f in wrapped.findings if f.rule == "PF007"]
    assert finding.message == (
        "this looks like a GET reply, not a request body; remove the {data: [persona]} wrapper: "
        "send the persona inside it, without persona_id, created_at and updated_at"
    )
    assert (finding.pointer, finding.span.line, finding.span.column) == ("/data", 1, 2)
    assert "PS005" not in rules_of(wrapped)
    assert "PF007" not in rules_of(lint("persona_name: Coach\nsystem_prompt: x\npersona_id: p1\n"))


# --- the wild corpus --------------------------------------------------------------------------


def test_wild_corpus_file_level_findings(shared: Path) -> None:
    report = check_paths([str(shared / "corpus" / "wild")], Settings.default())
    mine = [(Path(f.path).name, f.rule) for f in report.findings if f.rule in ("PF005", "PF006", "PF007")]
    # All JSON (no YAML typing), all objects, and none a GET reply: the old shapes with
    # personaPreset/brain (anam-001, -006, -007, -015) and enableAudioPassthrough (anam-012, -019, -031)
    # are requests.
    assert mine == []


# --- PF008 boolean-as-string -------------------------------------------------------------------


def _pf008(text: str, name: str = "p.json", kind: str | None = None) -> list[tuple[int, int, str]]:
    result = lint(text, name=name, kind=kind)
    return [(f.span.line, f.span.column, f.message) for f in result.findings if f.rule == "PF008"]


def test_wild_tavus_001_legacy_vqa_enable_vision(shared: Path) -> None:
    path = shared / "corpus" / "wild" / "tavus-001-life-coach-custom-llm.json"
    report = check_paths([str(path)], Settings.default())
    found = [
        (f.rule, str(f.level), f.span.line, f.span.column, f.message) for f in report.findings if f.rule == "PF008"
    ]
    assert found == [
        (
            "PF008",
            "note",
            13,
            24,
            "vqa.enable_vision is the text 'false', not the boolean false (no documented type applies to it here); "
            "if a boolean is meant, write false without quotes",
        )
    ]


def test_boolean_text_in_a_free_form_object_and_camel_case_names() -> None:
    text = (
        '{"system_prompt": "x", "layers": {"llm": {"model": "m", "base_url": "https://x.example.com/v1",\n'
        ' "extra_body": {"enable_thinking": "off", "isStreaming": "Yes", "tools_enabled": "no"}}}}\n'
    )
    assert [(line, column, message.split(" (")[0]) for line, column, message in _pf008(text)] == [
        (2, 36, "extra_body.enable_thinking is the text 'off', not the boolean false"),
        (2, 58, "extra_body.isStreaming is the text 'Yes', not the boolean true"),
        (2, 82, "extra_body.tools_enabled is the text 'no', not the boolean false"),
    ]


def test_yaml_quoted_boolean_text_in_a_legacy_layer() -> None:
    text = "system_prompt: x\nlayers:\n  vqa:\n    enable_vision: 'true'\n"
    assert [(line, column) for line, column, _ in _pf008(text, "p.yaml")] == [(4, 20)]


@pytest.mark.parametrize(
    "text",
    [
        # typed as a boolean by the schema: PS001 says it (with the fix), not PF008
        '{"system_prompt": "x", "layers": {"llm": {"model": "tavus-gpt-oss", "speculative_inference": "false"}}}',
        # a real boolean, a name that says nothing of booleans, a text that is not a boolean word
        '{"system_prompt": "x", "layers": {"vqa": {"enable_vision": false, "prompt": "false"}}}',
        '{"system_prompt": "x", "layers": {"vqa": {"enable_vision": "sometimes", "mode": "on"}}}',
    ],
)
def test_no_boolean_as_string(text: str) -> None:
    assert _pf008(text) == []


def test_string_typed_field_named_like_a_boolean_is_not_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """No schema field named like a boolean is typed as a string today; one that were is never judged."""
    from personalint.engine.packs import file

    text = '{"system_prompt": "x", "layers": {"vqa": {"enable_vision": "false"}}}'
    assert len(_pf008(text)) == 1
    monkeypatch.setattr(file, "schema_alternatives", lambda kind, document, pointer: [[{"type": "string"}]])
    assert _pf008(text) == []
