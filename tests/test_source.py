"""Loading JSON and YAML: values, exact positions, duplicates, parse errors."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import lint, rules_of, where
from yaml.error import Mark
from yaml.scanner import ScannerError

from personalint.finding import Span
from personalint.source import FORMATS, SourceFile, detect_format, load
from personalint.source import yaml as source_yaml

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
    assert [(d.index, d.kind) for d in result.documents] == [(0, "tavus-create"), (1, "tavus-create")]
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


# --- the format registry --------------------------------------------------------------------


def test_formats_are_detected_by_suffix_then_content() -> None:
    assert [detect_format(name, "a: 1") for name in ("p.json", "P.YML", "p.yaml")] == ["json", "yaml", "yaml"]
    assert detect_format("persona", '  {"a": 1}') == "json"
    assert detect_format("persona", "[1]") == "json"
    assert detect_format("persona", "a: 1") == "yaml"
    assert set(FORMATS) == {"json", "yaml", "typescript", "javascript", "python", "markdown", "html", "shell"}
    assert [detect_format(name, "") for name in ("a.tsx", "b.mjs", "c.py", "d.mdx", "e.sh")] == [
        "typescript",
        "javascript",
        "python",
        "markdown",
        "shell",
    ]
    assert load("persona", b"a: [1]", format="yaml").documents[0].value == {"a": [1]}


def test_an_unknown_format_name_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown source format 'toml'"):
        load("p.toml", b"a = 1", format="toml")


def test_json_and_its_positions_never_import_pyyaml() -> None:
    code = (
        "import sys\n"
        "from personalint.source import load\n"
        'document = load("p.json", b\'{"a": [1, {"b": 2}], "a": 3}\').documents[0]\n'
        'print(document.span("/a"), document.problems[0].rule, "yaml" in sys.modules)\n'
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split()[-2:] == ["PF002", "False"]


def test_json_positions_share_the_files_line_index() -> None:
    source = load("p.json", JSON_TEXT.replace(b"\n", b"\r\n"))
    lines = source.lines
    assert source.documents[0].span("/document_ids/1/x") == Span(4, 32, 4, 36)
    assert source.lines is lines and lines.position(lines.starts[3]) == (4, 1)


# --- the depth limit is personalint's, whatever the parser's own ----------------------------
#
# PyYAML 6.0.4's libyaml refuses flow nesting past 1,000 levels while its scanner looks ahead for
# a simple key (up to 1,024 characters on a line), before the composer sees level 101. This
# loader does the same at a limit the test picks, so the tests hold with any PyYAML.


def _refusing(monkeypatch: pytest.MonkeyPatch, limit: int, ahead: bool = True) -> None:
    """Make libyaml's loader refuse nesting deeper than `limit`, as PyYAML 6.0.4's does at 1,000:
    with `ahead`, as soon as the next event is on that line (its scanner looking ahead), else only
    when the parser gets there (after the composer has refused level 101)."""
    real = source_yaml.loader_class

    def loader_class(pure: bool = False) -> type:
        base = real(pure)
        if pure:
            return base

        class Refusing(base):  # type: ignore[misc, valid-type]
            def __init__(self, text: str) -> None:
                super().__init__(text)
                depth, self.refuse_at = 0, None
                for offset, char in enumerate(text):
                    depth += (char in "[{") - (char in "]}")
                    if depth > limit:
                        self.refuse_at = offset
                        self.mark = Mark("<unicode string>", offset, text.count("\n", 0, offset), 0, None, None)
                        break

            def get_event(self) -> object:
                if self.refuse_at is not None and self.check_event():
                    start = self.peek_event().start_mark
                    near = start.line == self.mark.line if ahead else start.index >= self.refuse_at
                    if near:
                        raise ScannerError(
                            "while increasing flow level", self.mark, "exceeded maximum nesting depth", self.mark
                        )
                return super().get_event()

        return Refusing

    monkeypatch.setattr(source_yaml, "loader_class", loader_class)


def _problems(source: SourceFile) -> list[tuple[str, int, int, str]]:
    return [(p.rule, p.span.line, p.span.column, p.message) for p in source.problems]


DEEP = b"a: " + b"[" * 150 + b"]" * 150 + b"\n"
TOO_DEEP = ("PF081", 1, 103, "nested more than 100 levels deep: the document is not checked")


@pytest.mark.parametrize("ahead", [True, False], ids=["while-looking-ahead", "after-level-101"])
def test_a_parser_that_refuses_nesting_gives_pf081_where_level_101_starts(monkeypatch, ahead: bool) -> None:
    assert _problems(load("d.yaml", DEEP)) == [TOO_DEEP]
    _refusing(monkeypatch, 120, ahead)
    source = load("d.yaml", DEEP)
    assert _problems(source) == [TOO_DEEP]
    assert source.documents == []


def test_a_parser_limit_below_personalints_falls_back_to_the_python_parser(monkeypatch) -> None:
    _refusing(monkeypatch, 50)
    assert _problems(load("d.yaml", DEEP)) == [TOO_DEEP]
    assert _problems(load("d.yaml", b"b: 1\n" + DEEP)) == [("PF081", 2, 103, TOO_DEEP[3])]


def test_only_the_refused_document_is_read_again(monkeypatch) -> None:
    """The other documents are read as ever: their indexes, values and libyaml's wording of errors."""
    rest = b"---\npersona_name: Three\n--- {a: b\n---\nc: 4\n"
    text = b"persona_name: One\n---\r\n" + DEEP + rest
    shallow = load("d.yaml", b"persona_name: One\n---\r\na: [[1]]\n" + rest)
    _refusing(monkeypatch, 120)
    source = load("d.yaml", text)
    assert _problems(source) == [("PF081", 3, 103, TOO_DEEP[3]), *_problems(shallow)]
    assert [(d.index, d.value) for d in source.documents] == [
        (0, {"persona_name": "One"}),
        (2, {"persona_name": "Three"}),
        (4, {"c": 4}),
    ]
    assert source.documents[1].span("/persona_name") == Span(5, 15, 5, 20)
