"""A document's text checked as `personalint check` checks its file, and its findings as LSP diagnostics.

`findings_of` is the one place the server runs the pipeline: `pipeline.check_bytes` on the
text's UTF-8 bytes, the file's own settings, then the findings grouped as every report groups
them (group.py). A file a folder walk would skip (no persona config in it: a package.json, code
that never talks to a vendor) gets no diagnostics, so a server attached to every JSON file stays
quiet about those; a file over the size limit gets PF080, as `check` gives it.

`diagnostic` makes one finding a Diagnostic: its range in the client's position units, the
severity of its level, `code` the rule id with `codeDescription` the rule's documentation,
`relatedInformation` the other locations of a group, tag Deprecated for lifecycle findings and
Unnecessary for an unused suppression.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

from lsprotocol import types

from personalint import ids
from personalint.config import Settings
from personalint.engine.registry import Registry, registry
from personalint.finding import Finding, Level, Span
from personalint.group import related
from personalint.lsp.text import OpenDocument
from personalint.result import FileResult

SOURCE = "personalint"
SEVERITY = {
    Level.ERROR: types.DiagnosticSeverity.Error,
    Level.WARNING: types.DiagnosticSeverity.Warning,
    Level.NOTE: types.DiagnosticSeverity.Information,
}
_LIFECYCLE_CHECKS = ("lifecycle", "lifecycles", "key_lifecycle")
_LEAVING = frozenset({"legacy", "deprecated", "removed"})  # the statuses of a value or key on its way out


def findings_of(path: str, text: str, settings: Settings) -> list[Finding]:
    """The findings `personalint check PATH` reports for `text` as the file's content, grouped."""
    from personalint.pipeline import check_bytes

    data = text.encode("utf-8", "surrogatepass")
    if len(data) > settings.max_file_size:
        return _too_large(path, len(data), settings).findings
    result = check_bytes(path, data, settings)
    if result.skipped:
        return []
    return related(result.findings, registry())


def _too_large(path: str, size: int, settings: Settings) -> FileResult:
    from personalint.files import TooLarge
    from personalint.pipeline import too_large

    return too_large(path, TooLarge(size, settings.max_file_size), settings)


def internal_error(path: str, exc: Exception) -> Finding:
    """What a failed check says at the top of the document, as `check` says it for a file."""
    message = f"internal error in the language server: {type(exc).__name__}: {exc} (please report it)"
    return Finding(ids.INTERNAL_ERROR, Level.ERROR, message, path, None, "", Span(1, 1, 1, 2))


def to_range(document: OpenDocument, span: Span, encoding: str) -> types.Range:
    start = document.at(span.line, span.column, encoding)
    end = document.at(span.end_line, span.end_column, encoding)
    return types.Range(types.Position(*start), types.Position(*end))


def diagnostic(finding: Finding, document: OpenDocument, encoding: str) -> types.Diagnostic:
    rules = registry()
    rule = rules.by_id.get(finding.rule)
    tags = []
    if rule is not None and _leaving(rule):
        tags.append(types.DiagnosticTag.Deprecated)
    if finding.rule == ids.UNUSED_SUPPRESSION:
        tags.append(types.DiagnosticTag.Unnecessary)
    related_information = [
        types.DiagnosticRelatedInformation(
            types.Location(document.uri, to_range(document, other.span, encoding)),
            other.note or other.message,
        )
        for other in finding.related
    ]
    return types.Diagnostic(
        range=to_range(document, finding.span, encoding),
        message=finding.message,
        severity=SEVERITY[finding.level],
        code=finding.rule,
        code_description=types.CodeDescription(href=rule_page(finding.rule)) if rule is not None else None,
        source=SOURCE,
        tags=tags or None,
        related_information=related_information or None,
        data={"rule": finding.rule, "pointer": finding.pointer, "fixable": finding.fix is not None},
    )


def _leaving(rule: object) -> bool:
    """A lifecycle rule that reports values or keys on their way out (legacy, deprecated, removed)."""
    check = getattr(rule, "check", {})
    return check.get("function") in _LIFECYCLE_CHECKS and bool(_LEAVING & set(check.get("report", ())))


@cache
def rule_page(rule_id: str) -> str:
    """A `file:` URI of the rule's documentation (the `explain` text), written once per server under the
    user's cache folder: rules have no page of their own on the web, and this one matches the installed version."""
    from personalint.docs import rule_markdown
    from personalint.version import __version__

    rule = registry().by_id[rule_id]
    folder = _cache_folder() / __version__
    target = folder / f"{rule.id}.md"
    text = rule_markdown(rule)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != text:  # the packs may change, not the version
            temporary = target.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(target)
    except OSError:
        pass  # a read-only home: the URI still names the rule
    return target.as_uri()


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        base = tempfile.gettempdir()
    return Path(base) / "personalint" / "rules"


def rule_of(diagnostic: types.Diagnostic, rules: Registry | None = None) -> str | None:
    """The rule id of one of our diagnostics (a client hands them back in code-action requests)."""
    if diagnostic.source not in (None, SOURCE):
        return None
    code = diagnostic.code
    return code if isinstance(code, str) and code in (rules or registry()).by_id else None
