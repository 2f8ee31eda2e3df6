"""`--format github`: GitHub Actions workflow commands, one annotation per finding location.

    ::error file=configs/coach.yaml,line=14,col=16,endLine=14,endColumn=20,title=PS002 (invalid-value)::pipeline_mode: ...

Paths are relative to the top of the git checkout (GitHub's workspace). Values are escaped
as the Actions runner expects: `%`, CR and LF everywhere, and `:` and `,` in properties too.
Columns (one past the end for `endColumn`, as everywhere in personalint) are given only when
a finding starts and ends on the same line, which is all GitHub accepts.

A grouped finding (personalint/group.py) is one annotation per location: GitHub shows an
annotation only at its own lines (on the diff of a pull request), so a related location that
had none would be hidden there. Each related annotation has its own message and names the
line of the group's finding; the summary still counts the group once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from personalint.finding import Level, Span
from personalint.report.paths import relative_to_root, source_root
from personalint.result import Report

if TYPE_CHECKING:
    from personalint.engine.registry import Registry

COMMANDS = {Level.ERROR: "error", Level.WARNING: "warning", Level.NOTE: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def render(report: Report, registry: Registry, *, root: str | None = None, **_: object) -> str:
    root = root or source_root()
    lines: list[str] = []
    for result in report.files:
        shown = relative_to_root(result.path, root) or result.path
        if result.error:
            lines.append(
                command("error", f"{result.path}: {result.error}", file=shown, title="personalint: cannot read")
            )
        for finding in result.findings:
            rule = registry.by_id.get(finding.rule)
            title = f"{finding.rule} ({rule.name})" if rule else finding.rule
            lines.append(_annotation(finding.level, finding.message, shown, finding.span, title))
            for related in finding.related:  # annotated too: GitHub shows an annotation only at its own lines
                message = f"{related.message} (related to the {finding.rule} finding at line {finding.span.line})"
                lines.append(_annotation(finding.level, message, shown, related.span, title))
    return "".join(line + "\n" for line in lines)


def _annotation(level: Level, message: str, file: str, span: Span, title: str) -> str:
    same_line = span.end_line == span.line  # GitHub takes columns only within one line
    return command(
        COMMANDS[level],
        message,
        file=file,
        line=span.line,
        col=span.column if same_line else None,
        endLine=span.end_line,
        endColumn=span.end_column if same_line else None,
        title=title,
    )
