"""The default text output: `file:line:col: level RULE message`, the source line, a caret.

A grouped finding (personalint/group.py) lists its other locations under its snippet, one line
each (`  = also at 48:7 /layers/stt/smart_turn_detection: ...`); `concise` keeps one line per
finding and ends it with their positions (`[also at 48:7, 49:7]`).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from personalint.finding import Finding, Level
from personalint.result import FileResult, Report

if TYPE_CHECKING:
    from personalint.engine.registry import Registry

_COLORS = {Level.ERROR: "\x1b[1;31m", Level.WARNING: "\x1b[1;33m", Level.NOTE: "\x1b[1;36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


WIDTH = 120  # the most columns of a source line a snippet shows (ruff and rustc cut long lines too)
_CONTEXT = 40  # columns shown before the span when the line is cut


def _snippet(finding: Finding, line_text: str, color: bool, masked: tuple = ()) -> list[str]:
    """The source line and a caret under the span: a window of at most WIDTH columns around the
    span's start (`…` where the line is cut), the caret under what is shown, and for a span over
    several lines, how many more it covers. On a line where a secret was masked, the caret
    follows the mask (`masked`: the redaction's shifts)."""
    span = finding.span
    gutter, pad = str(span.line), " " * len(str(span.line))
    shown = line_text.expandtabs(1)
    start = span.column - 1
    end = span.end_column - 1 if span.end_line == span.line else len(shown)
    if masked:
        from personalint.secrets.redaction import moved

        start, end = moved(start, masked), moved(end, masked, end=True)
    start = min(start, len(shown))
    end = max(start + 1, min(end, len(shown)))
    first = max(0, min(start - _CONTEXT, len(shown) - WIDTH)) if len(shown) > WIDTH else 0
    last = min(len(shown), first + WIDTH)
    before, after = ("…" if first else ""), ("…" if last < len(shown) else "")
    text = before + shown[first:last] + after
    left = len(before) + start - first
    width = max(1, len(before) + min(end, last) - first - left)
    caret = " " * left + _paint("^" * width, _COLORS[finding.level], color)
    more = span.end_line - span.line
    if more > 0:
        caret += _paint(f" and {_pluralise(more, 'more line')}", _DIM, color)
    return [f"{pad} |", f"{gutter} | {text}", f"{pad} | {caret}"]


def _related(finding: Finding, color: bool) -> list[str]:
    """Under the snippet of a grouped finding, one line per other location: where, which key, and
    what is particular to it (`= also at 48:7 /layers/stt/smart_turn_detection: set ...`)."""
    pad = " " * len(str(finding.span.line))
    return [
        f"{pad} {_paint('=', _DIM, color)} also at {r.span.line}:{r.span.column} {r.pointer or '(the document)'}"
        + (f": {r.note}" if r.note else "")
        for r in finding.related
    ]


def _kinds_guessed(result: FileResult) -> list[str]:
    """Once per file, for its documents with findings whose kind was told from keys that another
    kind has too: which kind they were checked as, and how to say otherwise."""
    if not result.findings:
        return []
    reported = {finding.document for finding in result.findings}
    notes = []
    for document in result.documents:
        other = document.guessed
        if other and document.index in reported:
            which = f" (document {document.index + 1})" if len(result.documents) > 1 else ""
            notes.append(
                f"{result.path}{which}: checked as {document.kind}, told from its keys ({document.kind_reason}); "
                f"an inline {other} personaConfig has the same keys: if it is one, set `kinds` in the "
                f"configuration or pass --kind {other}"
            )
    return notes + ([""] if notes else [])


def _pluralise(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def render(report: Report, registry: Registry, *, color: bool = False, concise: bool = False, **_: object) -> str:
    """The text format (`concise`: without the source line and caret); the registry is not needed."""
    lines: list[str] = []
    for result in report.files:
        if result.error:
            lines.append(
                f"{_paint(result.path, _BOLD, color)}: {_paint('error', _COLORS[Level.ERROR], color)} {result.error}"
            )
        for finding in result.findings:
            span = finding.span
            where = _paint(f"{finding.path}:{span.line}:{span.column}:", _BOLD, color)
            level = _paint(str(finding.level), _COLORS[finding.level], color)
            also = f" [also at {', '.join(f'{r.span.line}:{r.span.column}' for r in finding.related)}]"
            message = finding.message + (also if concise and finding.related else "")
            mark = "[*] " if finding.fix and (finding.fix.safe or report.settings.unsafe_fixes) else ""
            lines.append(f"{where} {level} {_paint(finding.rule, _BOLD, color)} {mark}{message}")
            if not concise:
                lines.extend(
                    _snippet(finding, result.lines.get(span.line, ""), color, result.masked.get(span.line, ()))
                )
                lines.extend(_related(finding, color))
                lines.append("")
        if not concise:
            lines.extend(_paint(line, _DIM, color) if line else line for line in _kinds_guessed(result))
    if report.settings.show_skipped:
        lines.extend(f"{_paint(path, _DIM, color)}: skipped, {why}" for path, why in report.skipped)
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def _summary(report: Report) -> str:
    text = _counts(report)
    if any(result.inventory_skipped for result in report.files):
        text += " Reference checks skipped: no inventory given (--inventory PATH)."
    if report.fixed:
        text += f" Fixed {_pluralise(report.fixed, 'problem')}."
    if report.fix_declined:
        text += f" {_pluralise(report.fix_declined, 'fix', 'fixes')} not applied: each would add a finding."
    if report.fix_failed:
        text += f" {_pluralise(report.fix_failed, 'fix', 'fixes')} left out: the file made did not check (please report it)."
    applicable, hidden = report.fixable()
    if applicable:  # on a line of its own, as ruff says it
        flags = "--fix --unsafe-fixes" if report.settings.unsafe_fixes else "--fix"
        text += f"\n[*] {applicable} fixable with {flags}" + (
            f" ({hidden} more with --unsafe-fixes)." if hidden else "."
        )
    elif hidden:
        text += f"\n{hidden} fixable with --fix --unsafe-fixes."
    return text


def _counts(report: Report) -> str:
    findings = report.findings
    checked = _pluralise(len(report.files), "file")
    suppressed = f"{report.suppressed} suppressed" if report.suppressed else ""
    skipped = f"; skipped {_pluralise(len(report.skipped), 'file')} with no persona config" if report.skipped else ""
    if not findings and not report.errors:
        return f"All good: {checked} checked, no problems" + (f" ({suppressed})" if suppressed else "") + skipped + "."
    counts = Counter(f.level for f in findings)
    parts = [
        _pluralise(counts[level], str(level)) for level in (Level.ERROR, Level.WARNING, Level.NOTE) if counts[level]
    ]
    text = f"Found {_pluralise(len(findings), 'problem')}" + (f" ({', '.join(parts)})" if parts else "")
    with_findings = len({f.path for f in findings})
    text += f" in {with_findings} of {checked}" if 0 < with_findings < len(report.files) else f" in {checked}"
    if report.errors:
        text += f"; {_pluralise(len(report.errors), 'file')} could not be read"
    if suppressed:
        text += f"; {suppressed}"
    return text + skipped + "."
