"""Loading JSON and YAML: values, exact positions, duplicates, parse errors."""

from __future__ import annotations

from helpers import lint, rules_of, where

from personalint.finding import Span
from personalint.result import DocumentInfo
from personalint.source import load

JSON_TEXT = b"""{
  "persona_name": "Coach",
  "layers": {"tts": {"tts_engine": "cartesia"}},
  "document_ids": ["d1", {"x": null}]
}
"""

YAML_TEXT = b"""persona_name: Coach
layers:
  tts:
    tts_engine: cartesia
    voice_settings:
      speed: 1
  llm: {model: tavus-gpt-oss}
system_prompt: |
  You coach.
  Kindly.

document_ids: [d1, d2]
"""


def test_json_value_positions() -> None:
    document = load("p.json", JSON_TEXT).documents[0]
    assert document.span("/persona_name") == Span(2, 19, 2, 26)
    assert document.span("/persona_name", "key") == Span(2, 3, 2, 17)
    assert document.span("/layers/tts/tts_engine") == Span(3, 36, 3, 46)
    assert document.span("/document_ids/1/x") == Span(4, 32, 4, 36)
    assert document.span("") == Span(1, 1, 5, 2)


def test_json_positions_are_only_computed_on_demand() -> None:
    document = load("p.json", JSON_TEXT).documents[0]
    assert document.node is None
    document.span("/persona_name")
    assert document.node is not None


def test_yaml_value_positions() -> None:
    document = load("p.yaml", YAML_TEXT).documents[0]
    assert document.span("/persona_name") == Span(1, 15, 1, 20)
    assert document.span("/layers/tts/voice_settings/speed") == Span(6, 14, 6, 15)
    assert document.span("/layers/llm/model") == Span(7, 16, 7, 29)
    assert document.span("/document_ids/1") == Span(12, 20, 12, 22)
    # a block scalar ends on its last line of text, not at the next key
    assert document.span("/system_prompt") == Span(8, 16, 10, 10)
    # a block mapping ends at its last value
    assert document.span("/layers/tts") == Span(4, 5, 6, 15)


def test_missing_key_is_reported_at_its_parent() -> None:
    document = load("p.yaml", YAML_TEXT).documents[0]
    assert document.span("/layers/tts", "container") == Span(3, 3, 3, 6)
    assert document.span("", "container") == Span(1, 1, 1, 2)
    json_document = load("p.json", JSON_TEXT).documents[0]
    assert json_document.span("", "container") == Span(1, 1, 1, 2)


def test_crlf_and_lone_cr_positions() -> None:
    for newline in (b"\r\n", b"\r"):
        text = YAML_TEXT.replace(b"\n", newline)
        assert load("p.yaml", text).documents[0].span("/layers/llm/model") == Span(7, 16, 7, 29)
        text = JSON_TEXT.replace(b"\n", newline)
        assert load("p.json", text).documents[0].span("/layers/tts/tts_engine") == Span(3, 36, 3, 46)


def test_multi_document_stream_positions_and_indexes() -> None:
    result = lint(
        """\
        persona_name: One
        system_prompt: You help.
        ---
        persona_name: Two
        pipeline_mode: half
        """
    )
    assert result.documents == [DocumentInfo(0, "tavus-create"), DocumentInfo(1, "tavus-create")]
    (finding,) = [f for f in result.findings if f.rule == "PS002"]
    assert finding.document == 1
    assert (finding.span.line, finding.span.column) == (5, 16)
    missing = [f for f in result.findings if f.rule == "TV001"]
    assert [(f.document, f.span.line) for f in missing] == [(1, 4)]


def test_duplicate_keys_in_json_and_yaml() -> None:
    json_result = lint('{"system_prompt": "a",\n "persona_name": "x",\n "system_prompt": "b"}', name="p.json")
    assert where(json_result, "PF002") == [(3, 2, 3, 17)]
    assert "first at line 1" in json_result.findings[0].message
    yaml_result = lint("layers:\n  llm:\n    model: a\n    model: b\nsystem_prompt: x\n")
    assert where(yaml_result, "PF002") == [(4, 5, 4, 10)]
    assert yaml_result.findings[0].pointer == "/layers/llm/model"


def test_merge_keys_are_not_duplicates() -> None:
    result = lint(
        """\
        base: &base {model: tavus-gpt-oss}
        """,
    )
    assert "PF002" not in rules_of(result)
    merged = lint("layers:\n  llm:\n    <<: {model: a}\n    model: b\nsystem_prompt: x\n")
    assert "PF002" not in rules_of(merged)


def test_parse_errors_have_positions() -> None:
    assert where(lint('{"a": 1,}', name="p.json"), "PF001") == [(1, 9, 1, 10)]
    assert where(lint("a: [1\nb: 2\n"), "PF001")[0][:2] == (2, 2)
    bad_utf8 = load("p.json", b'{"a": "\xff"}')
    assert bad_utf8.problems[0].rule == "PF001" and "UTF-8" in bad_utf8.problems[0].message


def test_bom_and_utf16_are_decoded() -> None:
    assert load("p.json", b'\xef\xbb\xbf{"a": 1}').documents[0].value == {"a": 1}
    assert load("p.json", '{"a": 1}'.encode("utf-16")).documents[0].value == {"a": 1}


def test_yaml_never_constructs_python_objects() -> None:
    result = lint("!!python/object/apply:os.system ['echo hacked']\n")
    assert rules_of(result) == ["PF001"]


def test_empty_file_and_empty_document() -> None:
    assert rules_of(lint("")) == ["PF003"]
    assert rules_of(lint("", name="p.json")) == ["PF003"]
    assert rules_of(lint("# just a comment\n")) == ["PF003"]
    stream = lint("system_prompt: x\n---\n---\nsystem_prompt: y\n")
    assert [(f.rule, f.document) for f in stream.findings] == [("PF003", 1)]


def test_json_rejects_nan() -> None:
    assert rules_of(lint('{"a": NaN}', name="p.json")) == ["PF001"]
