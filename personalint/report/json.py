"""`--format json`: the machine interface (its shape is documented in the README).

A grouped finding (personalint/group.py) has `related`: its other locations, each
`{pointer, line, column, endLine, endColumn, message}`; `summary.findings` counts grouped
findings and `summary.locations` every location.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

from personalint.finding import Finding, Fix, Span
from personalint.result import DocumentInfo, Report
from personalint.version import __version__

if TYPE_CHECKING:
    from personalint.engine.registry import Registry


def as_dict(report: Report, registry: Registry) -> dict:
    findings = sorted(report.findings, key=lambda f: f.sort_key)
    levels = Counter(str(f.level) for f in findings)
    show = report.settings.show_skipped
    return {
        "version": __version__,
        "files": [
            {
                "path": r.path,
                "documents": [_document(d) for d in r.documents],
                **({"error": r.error} if r.error else {}),
            }
            for r in report.files
        ],
        **({"skipped": [{"path": path, "reason": why} for path, why in report.skipped]} if show else {}),
        "findings": [_finding(f, registry) for f in findings],
        "summary": {
            "files": len(report.files),
            "documents": sum(len(r.documents) for r in report.files),
            "findings": len(findings),  # grouped findings: a group is one, however many locations it has
            "locations": sum(1 + len(f.related) for f in findings),
            "errors": levels.get("error", 0),
            "warnings": levels.get("warning", 0),
            "notes": levels.get("note", 0),
            "suppressed": report.suppressed,
            "skipped": len(report.skipped),
            "unreadable": len(report.errors),
            "failOn": str(report.settings.fail_on),
            "exitCode": report.exit_code(),
        },
    }


def _finding(f: Finding, registry: Registry) -> dict:
    """A finding; `related` (only when it has some) lists its group's other locations (group.py)."""
    related = [{"pointer": r.pointer, **_span(r.span), "message": r.message} for r in f.related]
    return {
        "rule": f.rule,
        "name": registry.by_id[f.rule].name,
        "level": str(f.level),
        "message": f.message,
        "path": f.path,
        "document": f.document,
        "pointer": f.pointer,
        **_span(f.span),
        **({"related": related} if related else {}),
        **({"fix": _fix(f.fix)} if f.fix else {}),
    }


def _fix(fix: Fix) -> dict:
    """As ruff writes it: how safe, what it does, and its edits (the text between start and end becomes content)."""
    return {
        "applicability": fix.applicability,
        "message": fix.message,
        "edits": [
            {
                "content": edit.content,
                "start": {"line": edit.span.line, "column": edit.span.column},
                "end": {"line": edit.span.end_line, "column": edit.span.end_column},
            }
            for edit in fix.edits
        ],
    }


def _span(span: Span) -> dict:
    return {"line": span.line, "column": span.column, "endLine": span.end_line, "endColumn": span.end_column}


def render(report: Report, registry: Registry, **_: object) -> str:
    return json.dumps(as_dict(report, registry), indent=2, ensure_ascii=False) + "\n"


def _document(document: DocumentInfo) -> dict:
    where = {} if document.span is None else _span(document.span)
    told = (
        {} if document.kind_source is None else {"kindSource": document.kind_source, "kindReason": document.kind_reason}
    )
    return {"index": document.index, "kind": document.kind, **told, **where}
