"""A file's result with its secrets masked: messages, pointers, snippets, and the fixes that would write one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from personalint.secrets.redaction import in_keys, in_raw_text, redact, redact_spans, secret_values

if TYPE_CHECKING:
    from personalint.result import FileResult
    from personalint.source import SourceFile


def redact_result(result: FileResult, source: SourceFile) -> None:
    """No output shows a secret: mask every literal secret of the file in messages and snippets."""
    values: set[str] = set()
    for document in source.documents:
        values |= secret_values(document.value) | in_keys(document.value)
    # the lines shown are judged as text too: a file that did not parse, and the code around a
    # persona object (`const TAVUS_API_KEY = "..."`, a header) that no document holds
    for text in result.lines.values():
        values |= in_raw_text(text)
    if values:
        result.findings = [
            f._replace(
                message=redact(f.message, values),
                pointer=redact(f.pointer, values),
                # a fix that would write a secret's text elsewhere is not offered: its edits are output too
                fix=None if f.fix and any(redact(e.content, values) != e.content for e in f.fix.edits) else f.fix,
            )
            for f in result.findings
        ]
        for line, text in result.lines.items():
            result.lines[line], shifts = redact_spans(text, values)
            if shifts:
                result.masked[line] = tuple(shifts)
