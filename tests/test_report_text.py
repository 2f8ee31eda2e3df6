"""The text report's snippets: bounded windows, carets under what is shown, masks followed, counts."""

from __future__ import annotations

import re

from helpers import lint

from personalint.config import Settings
from personalint.finding import Finding, Level, Span
from personalint.report.text import WIDTH, _snippet, render
from personalint.result import FileResult, Report


def finding(line: int, column: int, end_line: int, end_column: int, level: Level = Level.ERROR) -> Finding:
    return Finding("TV001", level, "message", "p.yaml", 0, "/x", Span(line, column, end_line, end_column))


def caret_under(lines: list[str]) -> str:
    """What the caret underlines in a snippet: the text above the carets."""
    text, caret = lines[1].split(" | ", 1)[1], lines[2].split(" | ", 1)[1]
    start = caret.index("^")
    return text[start : start + caret.count("^")]


def test_a_short_line_is_shown_whole_with_the_caret_under_the_span() -> None:
    lines = _snippet(finding(3, 16, 3, 20), "pipeline_mode: half", color=False)
    assert lines == ["  |", "3 | pipeline_mode: half", "  |                ^^^^"]


def test_a_long_line_is_a_window_around_the_span_with_ellipses() -> None:
    prompt = "x" * 20_000 + "TARGET" + "y" * 20_000
    line = f'  "system_prompt": "{prompt}",'
    column = line.index("TARGET") + 1
    lines = _snippet(finding(7, column, 7, column + 6), line, color=False)
    shown = lines[1].split(" | ", 1)[1]
    assert shown.startswith("…") and shown.endswith("…") and len(shown) <= WIDTH + 2
    assert caret_under(lines) == "TARGET"


def test_a_long_value_gets_carets_only_as_far_as_it_is_shown() -> None:
    line = '"system_prompt": "' + "a" * 1328 + '"'
    lines = _snippet(finding(1, 18, 1, 18 + 1330), line, color=False)
    assert all(len(part) <= WIDTH + 10 for part in lines)
    assert 1 <= lines[2].count("^") <= WIDTH
    assert lines[1].split(" | ", 1)[1].endswith("…")


def test_the_start_and_the_end_of_a_long_line_are_cut_only_where_needed() -> None:
    line = "k: " + "v" * 300
    start = _snippet(finding(1, 1, 1, 2), line, color=False)
    assert not start[1].split(" | ", 1)[1].startswith("…") and start[1].endswith("…")
    end = _snippet(finding(1, 303, 1, 304), line, color=False)
    assert end[1].split(" | ", 1)[1].startswith("…") and not end[1].endswith("…")
    assert caret_under(end) == "v"


def test_a_span_over_many_lines_says_how_many_more() -> None:
    lines = _snippet(finding(2, 3, 14, 4), "  layers:", color=False)
    assert lines[2] == "  |   ^^^^^^^ and 12 more lines"
    assert _snippet(finding(2, 3, 3, 4), "  layers:", color=False)[2].endswith("and 1 more line")


def test_a_caret_past_the_end_of_the_line_stays_visible() -> None:
    assert _snippet(finding(1, 9, 1, 9), "persona:", color=False)[2] == "  |         ^"
    assert _snippet(finding(1, 1, 1, 1), "", color=False)[2] == "  | ^"


def test_the_caret_follows_a_masked_secret() -> None:
    """tavus-012: a 56-character Groq key, masked: the caret covers `<redacted>`, and a span after
    it on the same line moves with it."""
    key = "gsk_" + "A1b2C3d4" * 7
    text = f'llm:\n  api_key: "{key}"\n  model: x\n'
    result = lint(text, name="p.yaml", kind="tavus-create")
    (secret,) = [f for f in result.findings if f.rule == "SE001"]
    out = render(Report([result], Settings.default()), None)  # type: ignore[arg-type]
    assert key not in out
    block = out.split("\n")
    at = next(i for i, line in enumerate(block) if line.startswith("p.yaml:2:") and "SE001" in line)
    assert caret_under(block[at + 1 : at + 4]) in ('"<redacted>"', "<redacted>")
    assert secret.span.end_column - secret.span.column >= len(key)  # the finding keeps the file's own span
    line = f'{{"api_key": "{key}", "model": "mixtral-8x7b"}}'
    column = line.index('"mixtral') + 1
    masked = ((line.index(key), line.index(key) + len(key), len("<redacted>")),)
    redacted = line.replace(key, "<redacted>")
    lines = _snippet(finding(1, column, 1, column + 14), redacted, color=False, masked=masked)
    assert caret_under(lines) == '"mixtral-8x7b"'


def test_summary_counts_the_files_with_problems() -> None:
    clean = lint("persona_name: A\nsystem_prompt: B\n", name="a.yaml")
    bad = lint("persona_name: A\npipeline_mode: half\n", name="b.yaml")
    out = render(Report([clean, bad, clean], Settings.default()), None)  # type: ignore[arg-type]
    assert re.search(r"Found 2 problems \(2 errors\) in 1 of 3 files\.", out)
    out = render(Report([bad], Settings.default()), None)  # type: ignore[arg-type]
    assert "in 1 file." in out


def test_the_wild_text_report_stays_a_few_screens(shared) -> None:
    """The 29,000-character prompt of tavus-006 and the long values of the wild corpus: no line of
    the report is longer than the window plus its message."""
    from click.testing import CliRunner

    from personalint.cli import cli

    out = CliRunner().invoke(cli, ["check", str(shared / "corpus" / "wild")]).output
    snippets = [line for line in out.splitlines() if re.match(r"^\d+ \| |^ +\| ", line)]
    assert snippets and max(len(line) for line in snippets) <= WIDTH + 12
    assert len(out) < 60_000


def test_file_result_masks_default_empty() -> None:
    assert FileResult("x").masked == {}
