"""What must hold for ANY input, checked by the property tests and the atheris fuzz target.

`check_everything(name, data)` runs the whole pipeline (load, kind, schema, rules) and every
reporter on one file's bytes, and fails (AssertionError, or the exception itself) when:

- an exception escapes the pipeline or a reporter;
- a finding's position is outside the file (lines and columns as the loader counts them);
- the JSON or SARIF output does not parse;
- the same bytes, checked again, give other findings or another JSON output.
"""

from __future__ import annotations

import json
import os

from personalint.config import Settings
from personalint.engine.registry import registry
from personalint.kinds import KINDS
from personalint.pipeline import check_bytes
from personalint.report import FORMATS, render
from personalint.result import FileResult, Report
from personalint.source import LineIndex, text_of

NAMES = ("persona.json", "persona.yaml", "persona.yml", "persona")
_SETTINGS: dict[str | None, Settings] = {}


def settings_for(kind: str | None = None) -> Settings:
    if kind not in _SETTINGS:
        _SETTINGS[kind] = Settings.default(kind=kind)
    return _SETTINGS[kind]


def check_everything(name: str, data: bytes, kind: str | None = None) -> FileResult:
    settings = settings_for(kind)
    result = check_bytes(name, data, settings)
    assert result.error is None, result.error
    lines = LineIndex(text_of(data))
    for finding in result.findings:
        span = finding.span
        where = f"{finding.rule} {finding.message!r} at {span}"
        assert 1 <= span.line <= lines.line_count(), where
        assert 1 <= span.column <= len(lines.line_text(span.line)) + 1, where
        assert 1 <= span.end_line <= lines.line_count(), where
        assert (span.end_line, span.end_column) >= (span.line, span.column), where
        assert span.end_column <= max(len(lines.line_text(span.end_line)) + 1, span.column + 1), where
        assert finding.rule != "PI001", where  # an internal error is a bug
    report = Report([result], settings)
    outputs = {}
    for output_format in FORMATS:
        outputs[output_format] = render(output_format, report, registry(), root=os.getcwd())
        assert isinstance(outputs[output_format], str)
    json.loads(outputs["json"])
    json.loads(outputs["sarif"])
    again = check_bytes(name, data, settings)
    assert again.findings == result.findings, "the same bytes gave other findings"
    assert render("json", Report([again], settings), registry(), root=os.getcwd()) == outputs["json"]
    return result


def decode_input(data: bytes) -> tuple[str, bytes, str | None]:
    """A fuzz input: the first byte picks the file name and a forced kind, the rest is the file."""
    if not data:
        return NAMES[1], b"", None
    choice = data[0]
    kinds = (None, None, *KINDS)
    return NAMES[choice % len(NAMES)], data[1:], kinds[(choice // len(NAMES)) % len(kinds)]
