"""Tavus persona-level rules (rules/tavus.yaml): echo and perception, prompt length, mojibake,
repeated ids and tags, /v2/pals bodies, placeholders, empty strings."""

from __future__ import annotations

import json

from helpers import lint, rules_of, where

from personalint.mojibake import mojibake


def test_echo_with_perception() -> None:
    result = lint("pipeline_mode: echo\nlayers:\n  perception:\n    perception_model: raven-1\n")
    assert [(f.rule, str(f.level)) for f in result.findings] == [("TV003", "error")]
    assert where(result, "TV003") == [(4, 23, 4, 30)]
    assert result.findings[0].message == (
        "pipeline_mode echo is incompatible with perception, but perception_model "
        "is 'raven-1': set it to 'off' or use pipeline_mode full"
    )
    default = lint("pipeline_mode: echo\nlayers:\n  perception:\n    visual_awareness_queries: [Is anyone there?]\n")
    assert where(default, "TV003") == [(3, 3, 3, 13)]
    assert "raven-1 (the default" in default.findings[0].message
    assert lint("pipeline_mode: echo\nlayers:\n  perception:\n    perception_model: 'off'\n").findings == []
    assert (
        lint("pipeline_mode: full\nsystem_prompt: x\nlayers:\n  perception:\n    perception_model: raven-1\n").findings
        == []
    )


PROSE = "You coach sales reps on handling objections, one question at a time. "


def _prompt(chars: int, model: str | None = None) -> str:
    body: dict = {"system_prompt": (PROSE * (chars // len(PROSE) + 1))[:chars]}
    if model:
        body["layers"] = {
            "llm": {"model": model, "base_url": "https://llm.example.com/v1", "api_key": "${KEY}"}
            if not model.startswith("tavus-")
            else {"model": model}
        }
    return json.dumps(body)


def test_system_prompt_length_bands() -> None:
    assert lint(_prompt(20_000), name="p.json").findings == []  # 5,000 tokens exactly
    note = lint(_prompt(20_004), name="p.json")
    assert [(f.rule, str(f.level)) for f in note.findings] == [("TV004", "note")]
    assert where(note, "TV004") == [(1, 2, 1, 17)]
    assert note.findings[0].message == (
        "system_prompt is 20,004 characters, about 5,001 tokens: Tavus-hosted models work best at or under 5,000 tokens"
    )
    warning = lint(_prompt(60_004), name="p.json")
    assert [(f.rule, str(f.level)) for f in warning.findings] == [("TV005", "warning")]
    assert where(warning, "TV005") == [(1, 2, 1, 17)]
    error = lint(_prompt(128_004, "tavus-gpt-oss"), name="p.json")
    assert [(f.rule, str(f.level)) for f in error.findings] == [("TV006", "error")]
    assert where(error, "TV006") == [(1, 2, 1, 17)]
    assert "more than the 32,000 tokens" in error.findings[0].message
    custom = lint(_prompt(128_004, "my-own-model"), name="p.json")
    assert rules_of(custom) == ["TV005"]  # a custom LLM's own context window decides
    echo = lint(json.dumps({"pipeline_mode": "echo", "system_prompt": PROSE * 500}), name="p.json")
    assert rules_of(echo) == ["TV002"]


def _mojibake(result) -> list[tuple]:
    """(line, column, end line, end column, what the message quotes as written) of each TV007 finding."""
    return [
        (*span, f.message.split(" should read ")[0].split("mojibake: ", 1)[1])
        for f, span in zip([f for f in result.findings if f.rule == "TV007"], where(result, "TV007"), strict=True)
    ]


def test_mojibake_in_text() -> None:
    result = lint('{"system_prompt": "Keep calm \\u00e2\\u20ac\\u201d and note 21\\u00c2\\u00b0C."}', name="p.json")
    assert [(f.rule, str(f.level)) for f in result.findings] == [("TV007", "warning")]
    assert where(result, "TV007") == [(1, 30, 1, 48)]  # the escaped run, as the file writes it
    assert result.findings[0].message == (
        "system_prompt contains mojibake: '\\u00e2\\u20ac\\u201d' should read '—' (UTF-8 read as "
        "Windows-1252; 2 such sequence(s) in this text)"
    )
    assert mojibake("Ã©tÃ©") == ("Ã©", "é")
    for clean in ("Café déjà vu — “quoted” 21°C", "Müller Straße", "€50", "SÃO PAULO"):
        assert mojibake(clean) is None, clean


# As tavus-011-teamwise-facilitator.json (../shared/corpus/wild) has it: a byte-copied prompt whose
# em dashes and degree sign were read as Windows-1252, the file escaping them as \u sequences.
TEAMWISE = r"""{
  "persona_name": "Condition A Facilitator",
  "system_prompt": "You are TeamWise. Remain available for procedural support only \u00e2\u20ac\u201d never steer.",
  "layers": {"perception": {"visual_awareness_queries": ["Is the room at 21Â°C?", "Does anyone look lost \u00e2\u20ac\u201d or bored?"]}}
}
"""


def test_mojibake_points_at_the_run_as_written_in_json() -> None:
    result = lint(TEAMWISE, name="teamwise.json")
    assert [(f.rule, f.pointer) for f in result.findings] == [
        ("TV007", "/system_prompt"),
        ("TV007", "/layers/perception/visual_awareness_queries/0"),
        ("TV007", "/layers/perception/visual_awareness_queries/1"),
    ]
    assert _mojibake(result) == [
        (3, 84, 3, 102, "'\\u00e2\\u20ac\\u201d'"),  # escaped: quoted with its escapes, to search the file for
        (4, 76, 4, 78, "'Â°'"),  # written raw: quoted raw
        (4, 106, 4, 124, "'\\u00e2\\u20ac\\u201d'"),
    ]
    mixed = lint(r'{"system_prompt": "Hot: 21\u00c2°C, then Ã©t\u00c3\u00a9."}', name="m.json")
    assert _mojibake(mixed) == [(1, 27, 1, 34, "'\\u00c2°'")]  # half escaped, half raw: still one run


def test_mojibake_points_at_the_run_in_yaml_and_code() -> None:
    plain = lint("persona_name: Coach\nsystem_prompt: |\n  Be calm.\n  Keep it at 21Â°C â€” always.\n")
    assert _mojibake(plain) == [(4, 16, 4, 18, "'Â°'")]
    quoted = lint('system_prompt: "Keep it at 21\\xc2\\xb0C \\u00e2\\u20ac\\u201d always."\n')
    assert _mojibake(quoted) == [(1, 30, 1, 38, "'\\xc2\\xb0'")]
    code = lint(
        """\
        const persona = {
          system_prompt: "Keep it at 21\\u00C2\\u00B0C, always.",
          layers: { llm: { model: "tavus-gpt-oss" } },
        };
        await fetch("https://tavusapi.com/v2/personas", { method: "POST", body: JSON.stringify(persona) });
        """,
        name="x.ts",
    )
    assert _mojibake(code) == [(2, 32, 2, 44, "'\\u00C2\\u00B0'")]  # upper-case hex, as written


def test_mojibake_in_a_markdown_code_block_points_into_the_file() -> None:
    markdown = '# Persona\n\n```json\n{"persona_name": "x",\n "system_prompt": "At 21\\u00c2\\u00b0C."}\n```\n'
    assert _mojibake(lint(markdown, name="README.md", kind="tavus-create")) == [(5, 25, 5, 37, "'\\u00c2\\u00b0'")]


def test_mojibake_without_the_text_at_hand_is_reported_at_the_key() -> None:
    """A PATCH value is judged in a body of its own: no text to point into, so the key and the decoded run."""
    patch = '[{"op": "replace", "path": "/system_prompt", "value": "Keep calm \\u00e2\\u20ac\\u201d now."}]'
    result = lint(patch, name="p.json", kind="tavus-patch")
    assert [(f.rule, f.pointer) for f in result.findings] == [("TV007", "/0/path")]
    assert "'â€”' should read '—'" in result.findings[0].message


def test_duplicate_ids_and_tags() -> None:
    result = lint("system_prompt: x\nguardrail_tags: [compliance, healthcare, compliance]\ndocument_ids: [d1, d1]\n")
    assert [(f.rule, f.pointer) for f in result.findings] == [
        ("TV012", "/guardrail_tags/2"),
        ("TV012", "/document_ids/1"),
    ]
    assert where(result, "TV012") == [(2, 42, 2, 52), (3, 20, 3, 22)]
    assert (
        result.findings[0].message == "'compliance' is listed twice in this list (first at index 0); remove the repeat"
    )


def test_a_pal_body_is_reported_once_with_the_persona_names() -> None:
    result = lint("""\
        pal_name: Coach
        system_prompt: You coach.
        default_face_id: r987f6e6f73c
        disclosure_type: always
        layers:
          perception: {perception_model: raven-1, emotion_recognition: limited}
          conversational_flow: {pal_interruptibility: high}
        """)
    assert rules_of(result) == ["TV015"]  # and no PS005 for any PAL field
    assert where(result, "TV015") == [(1, 1, 1, 9)]
    assert result.findings[0].message == (
        "this is a body for Tavus's /v2/pals API (pal_name, default_face_id, disclosure_type, emotion_recognition, "
        "pal_interruptibility): send it to /v2/pals, or for /v2/personas rename pal_name → persona_name, "
        "default_face_id → default_replica_id, pal_interruptibility → replica_interruptibility and drop "
        "disclosure_type, emotion_recognition (no /v2/personas equivalent)"
    )
    # emotion_recognition alone is an unknown key, not a PAL body
    assert rules_of(lint("system_prompt: x\nlayers:\n  perception: {emotion_recognition: limited}\n")) == ["PS005"]


def test_placeholders() -> None:
    result = lint("""\
        system_prompt: x
        default_replica_id: YOUR_REPLICA_ID
        document_ids: [<document id>]
        layers:
          llm: {model: your-model-name, base_url: "https://llm.example.com", api_key: your-api-key}
        """)
    assert [(f.rule, f.pointer) for f in result.findings] == [
        ("TV016", "/default_replica_id"),
        ("TV016", "/document_ids/0"),
        ("TV016", "/layers/llm/model"),
        ("SE004", "/layers/llm/api_key"),  # a placeholder credential is the secrets pack's
    ]
    assert where(result, "TV016") == [(2, 21, 2, 36), (3, 16, 3, 29), (5, 16, 5, 31)]
    assert result.findings[0].message == (
        "default_replica_id is still a placeholder ('YOUR_REPLICA_ID'): fill in the "
        "real value before sending the request"
    )
    # deploy-time substitutions are how values should be kept out of files
    assert (
        lint("system_prompt: x\ndefault_replica_id: ${REPLICA_ID}\nobjectives_id: '{{ objectives }}'\n").findings == []
    )


def test_empty_strings() -> None:
    result = lint(
        '{"system_prompt": "x", "default_replica_id": "", "layers": {"stt": {"hotwords": " "}, '
        '"tts": {"tts_engine": "cartesia", "api_key": ""}}}',
        name="p.json",
    )
    assert [(f.rule, f.pointer) for f in result.findings] == [
        ("TV017", "/default_replica_id"),
        ("TV017", "/layers/stt/hotwords"),
        ("TV017", "/layers/tts/api_key"),
    ]
    assert where(result, "TV017") == [(1, 46, 1, 48), (1, 81, 1, 84), (1, 132, 1, 134)]
    assert [f.message.split(":")[0] for f in result.findings] == [
        "default_replica_id is an empty string",
        "layers.stt.hotwords is an empty string",
        "layers.tts.api_key is an empty string",
    ]
    empty_prompt = lint('{"system_prompt": ""}', name="p.json")
    assert rules_of(empty_prompt) == ["TV001"]  # an empty system_prompt is TV001's alone
