"""Related findings as one: when one fix mends several locations, they are one finding.

Where it runs: on each file's findings once the pipeline has made, suppressed and redacted
them, just before a format renders them (`report.render` calls `grouped`). So

- a `# personalint: disable=...` comment silences a location, never a group: a suppressed
  location is neither a finding nor a related location of one, and PF090 (unused
  suppression) judges each location exactly as before;
- related pointers and messages are already redacted;
- every format shows the same groups, and the counts ("Found N problems", `summary.findings`),
  the exit code and `--fail-on` count grouped findings. A group has one level, so it is at or
  above `--fail-on` exactly when each of its locations is: the exit code does not change.

The pipeline's results (`check_paths`, `check_file`, `check_bytes`) and `check_config` (the
API) are not grouped: one finding per location there, as the rule examples' `at:` and every
caller that looks findings up by pointer expect. Grouping is how the reports say it.

The rule. Two findings are one when they are of one file, one document (never file-level
findings), one rule and one level, and either

1. **same mapping, one move**: the rule's message template has a `{since}` field (the reason
   a lifecycle table gives for a field's leaving: TV111, AN006), both are keys of the same
   mapping (the same parent pointer), and they give the same `since`, which names that
   mapping (its last two names, `layers.stt`): the table says the mapping's fields left
   together. The three old turn-taking fields of one `layers.stt` ("turn-taking moved from
   layers.stt to layers.conversational_flow") each name their own replacement, but one change,
   moving turn-taking to `layers.conversational_flow`, mends them all. A shared reason that
   names no mapping ("the 2026 documents only return it", AN006 personaPreset and brain; "the
   old name, in older create-persona pages", the perception renames) is not one move; or
2. **the same message**, only the pointer differing (AN224 `awaitResponse` on three tools).

Rule 1 is tried first; what it leaves alone may still join by rule 2. Nothing else groups:
not two PS005 typos of one mapping (each its own fix), not two TV017 empty strings (their
messages name their keys), not the same rule in two documents, mappings or levels.

The group's finding is its first location by position; its message says how many more
there are, and each other location becomes a `Related` (pointer, span, its own message, and
for rule 1 the replacement it names). Every location stays listed, in every format.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from personalint import pointer as jp
from personalint.finding import Finding, Fix, Related
from personalint.messages import field_name
from personalint.patterns import lazy
from personalint.result import Report

if TYPE_CHECKING:
    from personalint.engine.registry import Registry

_FIELD = lazy(r"\{([A-Za-z_]\w*)\}")


def grouped(report: Report, rules: Registry) -> Report:
    """`report` with each file's findings grouped (a copy: the pipeline's results are not changed;
    a file with fewer than two findings has nothing to group and is kept as it is)."""
    files = [
        result._replace(findings=related(result.findings, rules)) if len(result.findings) > 1 else result
        for result in report.files
    ]
    return report._replace(files=files)


def related(findings: list[Finding], rules: Registry) -> list[Finding]:
    """`findings` (of one file, in order) with each group as its first finding carrying the others."""
    groups: dict[tuple, list[int]] = {}
    for i, finding in enumerate(findings):
        key = _migration(finding, rules)
        if key is not None:
            groups.setdefault(key, []).append(i)
    grouped = {i for members in groups.values() if len(members) > 1 for i in members}
    for i, finding in enumerate(findings):
        if i not in grouped and finding.document is not None:
            groups.setdefault(
                ("message", finding.path, finding.document, finding.rule, finding.level, finding.message), []
            ).append(i)
    first: dict[int, tuple[tuple, list[int]]] = {}
    for key, members in groups.items():
        if len(members) > 1:
            first[members[0]] = (key, members)
    inside = {i for _, members in first.values() for i in members[1:]}
    out = []
    for i, finding in enumerate(findings):
        if i in first:
            key, members = first[i]
            out.append(_group(finding, [findings[j] for j in members[1:]], key, rules))
        elif i not in inside:
            out.append(finding)
    return out


def _migration(finding: Finding, rules: Registry) -> tuple | None:
    """Rule 1's key: (file, document, rule, level, parent mapping, since), or None."""
    rule = rules.by_id.get(finding.rule)
    if rule is None or finding.document is None or not finding.pointer or "{since}" not in rule.message:
        return None
    since = _fields(rule.message, finding.message).get("since")
    parent = jp.parent(finding.pointer)
    if not since or not parent or not re.search(rf"(?<![\w.]){re.escape(field_name(parent, 2))}(?![\w])", since):
        return None  # a reason that does not name the mapping ("only older pages list it") is no one move
    return ("mapping", finding.path, finding.document, finding.rule, finding.level, parent, since)


def _group(head: Finding, others: list[Finding], key: tuple, rules: Registry) -> Finding:
    if key[0] == "mapping":
        where = f"in {field_name(key[5], None)}"
        template = rules.by_id[head.rule].message
        notes = [_fields(template, other.message).get("replacement") or other.message for other in others]
    else:
        where, notes = "in this document", ["" for _ in others]
    return head._replace(
        message=f"{head.message} (and {len(others)} more {where})",
        fix=_joined(head, others),
        related=tuple(
            Related(other.pointer, other.span, other.message, note) for other, note in zip(others, notes, strict=True)
        ),
    )


def _joined(head: Finding, others: list[Finding]) -> Fix | None:
    """One fix of the group: every member's edits, when every member has a fix and none overlap."""
    fixes = [f.fix for f in (head, *others)]
    if any(fix is None for fix in fixes):
        return None
    edits = sorted((edit for fix in fixes if fix for edit in fix.edits), key=lambda e: (e.start, e.end))
    if any(a.end > b.start for a, b in zip(edits, edits[1:], strict=False)):
        return None
    safe = all(fix.safe for fix in fixes if fix)
    assert head.fix is not None
    message = head.fix.message if len(others) == 0 else f"{head.fix.message} (and {len(others)} more)"
    return Fix("safe" if safe else "unsafe", message, tuple(edits))


def _fields(template: str, message: str) -> dict[str, str]:
    """The values a message was made with from its template, {} when it does not match it."""
    match = _pattern(template).fullmatch(message)
    return {} if match is None else {name: value for name, value in match.groupdict().items() if value is not None}


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts, seen = [], set()
    for index, piece in enumerate(_FIELD.split(template)):
        if index % 2 == 0:
            parts.append(re.escape(piece))
        elif piece in seen:
            parts.append(f"(?P={piece})")
        else:
            seen.add(piece)
            parts.append(f"(?P<{piece}>.*?)")
    return re.compile("".join(parts), re.DOTALL)
