"""Which files hold no persona config: what a walk skips silently (counted, listed with --show-skipped)."""

from __future__ import annotations

from personalint import files, ids
from personalint.finding import Finding
from personalint.result import FileResult
from personalint.source import FORMATS, LineIndex, SourceFile

NO_PERSONA_CONFIG = "no persona config"  # why a file is skipped, as --show-skipped says it
# the findings a JSON or YAML file that is not a persona config at all gets (its kind cannot be
# told, it is empty, it does not parse...): a walk skips such a file instead of reporting them
_NOT_A_PERSONA = frozenset(
    {ids.PARSE_ERROR, ids.DUPLICATE_KEY, ids.EMPTY_DOCUMENT, ids.UNKNOWN_KIND, ids.NESTED_TOO_DEEPLY, ids.ALIAS_LIMIT}
)


def no_persona_config(
    source: SourceFile, result: FileResult, findings: list[Finding], untold: int, data: bytes
) -> str | None:
    """Why the file would be skipped by a walk, or None when it is reported.

    A code file in which no persona object was found (a code reader's note about a candidate
    it could not read is reported). A JSON or YAML file in which nothing is a persona config:
    no document has a kind, some could not be told one (PF004), and its other findings are
    about the file (empty, duplicate keys, too deep); or a JSON file with comments or a
    trailing comma (JSONC: tsconfig.json, jsconfig.json) whose bytes show no persona hint.
    """
    if FORMATS[source.format].code:
        return NO_PERSONA_CONFIG if not source.documents and not findings else None
    if any(info.kind for info in result.documents) or not all(f.rule in _NOT_A_PERSONA for f in findings):
        return None
    if untold:
        return NO_PERSONA_CONFIG
    if source.format == "json" and findings and all(_jsonc(source.lines, f) for f in findings):
        return None if files.hinted(data) else f"{NO_PERSONA_CONFIG}: JSON with comments"
    return None


def _jsonc(lines: LineIndex, finding: Finding) -> bool:
    """Whether a parse error is at a comment or after a trailing comma: JSON with comments, not a mistake."""
    if finding.rule != ids.PARSE_ERROR or finding.document is not None:
        return False
    line, column = finding.span.line, finding.span.column
    here = lines.line_text(line)[column - 1 : column + 1]
    if here in ("//", "/*"):
        return True
    if here[:1] not in ("}", "]"):
        return False
    before = lines.line_text(line)[: column - 1].rstrip()
    while not before and line > 1:  # the closing bracket starts its line: look at the lines above
        line -= 1
        before = lines.line_text(line).rstrip()
    return before.endswith(",")
