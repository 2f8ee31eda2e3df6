"""Suppression comments in each format's comment syntax, and the unused ones (PF090, like ruff's RUF100).

    key: value  # personalint: disable=AN020            that node (the line, and what is under its key)
    # personalint: disable=TV020,PS005                   on its own line: the node on the next line
    # personalint: disable-file=AN010                    anywhere: the whole file

The comment is the format's: `#` in YAML, Python and shell; `//` and `/* */` in TypeScript and
JavaScript; `<!-- -->` in Markdown and HTML, and there `#` or `//` inside the code block of a
persona object too. A marker inside a string of a persona object (its node tree says where
they are) does not start a comment. Rules are named by id or name. JSON has no comments:
there, `per-file-ignores` serves. `apply` is a pure function: findings in, (kept,
suppressed) out, so reports can count what was silenced. A suppression that silences
nothing is reported as PF090 at its rule code, and so is one that names an unknown rule, a
rule that is not enabled, or that cannot be read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from personalint import pointer as jp
from personalint.engine.registry import Registry
from personalint.finding import Edit, Finding, Problem, Span
from personalint.ids import UNUSED_SUPPRESSION
from personalint.source import LineIndex, SourceFile

# makes a problem of this file a finding (its level, its document), or None when its rule is not enabled
ToFinding = Callable[[Problem, "int | None"], "Finding | None"]
_HASH = r"(?:^|(?<=\s))#"  # YAML's and the shell's: a `#` that starts a word
_SLASHES = r"//|/\*"


@dataclass(frozen=True)
class Syntax:
    """How a format writes comments: where one may start, and the directive's marker."""

    start: re.Pattern  # a comment's start, wherever it may be on a line
    directive: re.Pattern  # the marker and `personalint:`
    inside_documents: frozenset[str] = frozenset()  # markers that only count within a persona object's lines
    comment_lines: tuple[str, ...] = ("#",)  # what a line holding only a comment starts with


_YAML = Syntax(re.compile(_HASH), re.compile(r"#\s*personalint\s*:"))
_PYTHON = Syntax(re.compile("#"), re.compile(r"#\s*personalint\s*:"))
_SCRIPT = Syntax(re.compile(_SLASHES), re.compile(r"(?://|/\*)\s*personalint\s*:"), comment_lines=("//", "/*", "*"))
_PROSE = Syntax(
    re.compile(rf"<!--|{_HASH}|//"),
    re.compile(r"(?:<!--|#|//)\s*personalint\s*:"),
    frozenset({"#", "//"}),
    ("<!--", "#", "//", "/*", "*"),
)
SYNTAX = {
    "yaml": _YAML,
    "python": _PYTHON,
    "shell": _YAML,
    "typescript": _SCRIPT,
    "javascript": _SCRIPT,
    "markdown": _PROSE,
    "html": _PROSE,
}
_BODY = re.compile(r"\s*(?P<verb>disable-file|disable)\s*=\s*(?P<codes>[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)")
_CODE = re.compile(r"[A-Za-z0-9_-]+")


@dataclass
class Directive:
    line: int  # where the comment is (1-based)
    target: int | None  # the line of the node it covers; None for disable-file
    codes: list[tuple[str, int]]  # each rule as written, and its 1-based column
    rules: dict[str, str] = field(default_factory=dict)  # rule id -> the code that named it
    used: set[str] = field(default_factory=set)
    comment: tuple[int, int] = (0, 0)  # the comment's 0-based columns (marker to its end), for the fix

    @property
    def file_wide(self) -> bool:
        return self.target is None


@dataclass
class Malformed:
    line: int
    column: int
    end_column: int
    marker: str = "#"  # how this format writes a directive, for the message
    end: str = ""


def apply(
    source: SourceFile, findings: list[Finding], enabled: frozenset[str], rules: Registry, to_finding: ToFinding
) -> tuple[list[Finding], list[Finding]]:
    """(kept, suppressed): `findings` without those a directive of `source` silences, plus the
    unused suppressions (PF090) made findings by `to_finding`."""
    directives, malformed = _directives(source)
    if not directives and not malformed:
        return findings, []
    for directive in directives:
        for code, _ in directive.codes:
            rule = rules.get(code)
            if rule is not None:
                directive.rules.setdefault(rule.id, code)
    nodes = _nodes_by_line(source, {d.target for d in directives if d.target is not None})
    kept, suppressed = _suppress(findings, directives, nodes, lambda rule: rule != UNUSED_SUPPRESSION)
    if UNUSED_SUPPRESSION not in enabled:
        return kept, suppressed
    problems = list(_unused(directives, enabled, rules, source.lines, skip=UNUSED_SUPPRESSION))
    problems += [
        Problem(
            UNUSED_SUPPRESSION,
            "unused suppression: not a directive personalint reads; write "
            f"`{m.marker} personalint: disable=RULE[,RULE]{m.end}` or "
            f"`{m.marker} personalint: disable-file=RULE[,RULE]{m.end}`",
            span=Span(m.line, m.column, m.line, m.end_column),
        )
        for m in malformed
    ]
    kept += _findings(source, problems, to_finding)
    # a PF090 can itself be suppressed, by a suppression of PF090 (on its line, or for the file)
    kept, more = _suppress(kept, directives, {}, lambda rule: rule == UNUSED_SUPPRESSION)
    kept += _findings(source, _unused(directives, enabled, rules, source.lines, only=UNUSED_SUPPRESSION), to_finding)
    return kept, suppressed + more


def _findings(source: SourceFile, problems: Iterable[Problem], to_finding: ToFinding) -> list[Finding]:
    made = (to_finding(p, _document_at(source, p.span.line if p.span else 1)) for p in problems)
    return [finding for finding in made if finding is not None]


def _suppress(
    findings: list[Finding],
    directives: list[Directive],
    nodes: dict[int, list[tuple[int, str]]],
    which: Callable[[str], bool],
) -> tuple[list[Finding], list[Finding]]:
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in findings:
        covering = (
            []
            if not which(finding.rule)
            else [
                d
                for d in directives
                if finding.rule in d.rules and _covers(d, finding.span.line, finding.document, finding.pointer, nodes)
            ]
        )
        for directive in covering:
            directive.used.add(finding.rule)
        (suppressed if covering else kept).append(finding)
    return kept, suppressed


def _unused(
    directives: list[Directive],
    enabled: frozenset[str],
    rules: Registry,
    lines: LineIndex,
    skip: str = "",
    only: str = "",
) -> Iterator[Problem]:
    for directive in directives:
        for code, column in directive.codes:
            rule = rules.get(code)
            if rule is not None and (rule.id == skip or (only and rule.id != only)):
                continue
            if rule is None and only:
                continue
            span = Span(directive.line, column, directive.line, column + len(code))
            if rule is None:
                message = f"unused suppression: there is no rule {code!r} (see `personalint rules`)"
            elif directive.rules.get(rule.id) != code:
                message = f"unused suppression: {rule.id} is named twice"
            elif rule.id not in enabled:
                message = f"unused suppression: {rule.id} ({rule.name}) is not enabled"
            elif rule.id not in directive.used:
                where = "in this file" if directive.file_wide else "here"
                message = f"unused suppression: {rule.id} ({rule.name}) reports nothing {where}"
            else:
                continue
            yield Problem(UNUSED_SUPPRESSION, message, span=span, fix=_removal(directive, code, column, lines))


def _removal(directive: Directive, code: str, column: int, lines: LineIndex) -> tuple[Edit, ...]:
    """The fix of an unused code: the code and its comma, or the whole comment when it names only this code."""
    text = lines.line_text(directive.line)
    base = lines.starts[directive.line - 1]
    if len(directive.codes) > 1:
        start, end = column - 1, column - 1 + len(code)
        after = text[end:]
        if after.lstrip().startswith(","):
            end += len(after) - len(after.lstrip()) + 1
            end += len(text[end:]) - len(text[end:].lstrip(" "))
        else:  # the last code: take the comma before it
            before = text[:start].rstrip()
            if before.endswith(","):
                start = len(before) - 1
    else:
        start, end = directive.comment
        rest = text[end:]
        start = len(text[:start].rstrip())
        if not text[:start].strip() and not rest.strip():  # the comment was the line: remove the line
            start, end = 0, len(text) + _break_length(lines, directive.line)
    return (_edit(lines, base + start, base + end),)


def _break_length(lines: LineIndex, line: int) -> int:
    if line >= len(lines.starts):
        return 0
    return lines.starts[line] - lines.starts[line - 1] - len(lines.line_text(line))


def _edit(lines: LineIndex, start: int, end: int) -> Edit:
    (line, column), (end_line, end_column) = lines.position(start), lines.position(end)
    return Edit(start, end, "", Span(line, column, end_line, end_column))


def _covers(
    directive: Directive, line: int, document: int | None, pointer: str, nodes: dict[int, list[tuple[int, str]]]
) -> bool:
    if directive.file_wide or line == directive.target:
        return True
    return document is not None and any(
        doc == document and (pointer == start or pointer.startswith(start + "/"))
        for doc, start in nodes.get(directive.target or 0, ())
    )


# --- reading the comments -------------------------------------------------------------


def _directives(source: SourceFile) -> tuple[list[Directive], list[Malformed]]:
    syntax = SYNTAX.get(source.format)
    lines = source.lines
    count = lines.line_count()
    candidates = [n for n in range(1, count + 1) if "personalint" in lines.line_text(n)] if syntax else []
    if syntax is None or not candidates:
        return [], []
    scalars = scalar_ranges(source)
    spans = _document_lines(source) if syntax.inside_documents else []
    directives: list[Directive] = []
    malformed: list[Malformed] = []
    for number in candidates:
        text = lines.line_text(number)
        comment = _comment_start(syntax, text, number, scalars)
        if comment is None:
            continue
        found = syntax.directive.search(text, comment)
        if found is None:
            continue
        target = number if text[:comment].strip() else _next_content_line(lines, number, count, syntax)
        if found.group().startswith(tuple(syntax.inside_documents)) and not _inside(spans, number, target):
            continue  # a `#` or `//` in Markdown: a directive only inside a persona object's code block
        body = _BODY.match(text, found.end())
        if body is None:
            marker = found.group().partition("personalint")[0].strip()
            end = {"/*": " */", "<!--": " -->"}.get(marker, "")
            malformed.append(Malformed(number, found.start() + 1, len(text.rstrip()) + 1, marker, end))
            continue
        codes = [(m.group(), m.start() + 1) for m in _CODE.finditer(text, body.start("codes"), body.end("codes"))]
        opener = found.group().partition("personalint")[0].strip()
        closer = {"/*": "*/", "<!--": "-->"}.get(opener)
        ends = text.find(closer, body.end()) + len(closer) if closer and closer in text[body.end() :] else len(text)
        directive = Directive(number, None if body.group("verb") == "disable-file" else target, codes)
        directive.comment = (found.start(), ends)
        directives.append(directive)
    return directives, malformed


def _comment_start(
    syntax: Syntax, text: str, line: int, scalars: list[tuple[tuple[int, int], tuple[int, int]]]
) -> int | None:
    """The column (0-based) where the line's comment starts: a marker that is not inside a scalar."""
    for match in syntax.start.finditer(text):
        position = (line - 1, match.start())
        if not any(start <= position < end for start, end in scalars):
            return match.start()
    return None


def _next_content_line(lines: LineIndex, after: int, count: int, syntax: Syntax) -> int | None:
    for number in range(after + 1, count + 1):
        stripped = lines.line_text(number).strip()
        if stripped and not stripped.startswith(syntax.comment_lines):
            return number
    return None


def _document_lines(source: SourceFile) -> list[tuple[int, int]]:
    """The first and last line (1-based) of each document's keys and values (a YAML mapping's own end
    mark may lie far below its last value)."""
    spans: dict[int, tuple[int, int]] = {}
    for document, _, node, key in _walk(source):
        for scalar in (node, key):
            if scalar is not None and scalar.id == "scalar":  # type: ignore[attr-defined]
                first, last = scalar.start_mark.line + 1, scalar.end_mark.line + 1  # type: ignore[attr-defined]
                known = spans.get(document, (first, last))
                spans[document] = (min(known[0], first), max(known[1], last))
    return list(spans.values())


def _inside(spans: list[tuple[int, int]], line: int, target: int | None) -> bool:
    return any(first <= at <= last for first, last in spans for at in (line, target) if at is not None)


def _walk(source: SourceFile) -> Iterator[tuple[int, str, object, object | None]]:
    """Every node of every document: (document, pointer, node, the key node holding it)."""
    for document in source.documents:
        root = document.node
        if root is None:
            continue
        seen: set[int] = set()
        stack: list[tuple[str, object, object | None]] = [("", root, None)]
        while stack:
            here, node, key = stack.pop()
            yield document.index, here, node, key
            if id(node) in seen:
                continue
            seen.add(id(node))
            if node.id == "mapping":  # type: ignore[attr-defined]
                for k, v in node.value:  # type: ignore[attr-defined]
                    name = k.value if k.id == "scalar" else "?"
                    stack.append((jp.join(here, name), v, k))
            elif node.id == "sequence":  # type: ignore[attr-defined]
                stack.extend((jp.join(here, i), item, None) for i, item in enumerate(node.value))  # type: ignore[attr-defined]


def scalar_ranges(source: SourceFile) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where every scalar (keys included) starts and ends, as 0-based (line, column) pairs."""
    ranges = []
    for _, _, node, key in _walk(source):
        for scalar in (node, key):
            if scalar is not None and scalar.id == "scalar":  # type: ignore[attr-defined]
                start, end = scalar.start_mark, scalar.end_mark  # type: ignore[attr-defined]
                ranges.append(((start.line, start.column), (end.line, end.column)))
    return ranges


def _nodes_by_line(source: SourceFile, targets: set[int]) -> dict[int, list[tuple[int, str]]]:
    """For each target line, the (document, pointer) of the entries (key/value pairs, list items) starting there."""
    found: dict[int, list[tuple[int, str]]] = {}
    if not targets:
        return found
    for document, here, node, key in _walk(source):
        if here == "":
            continue
        line = (key if key is not None else node).start_mark.line + 1  # type: ignore[attr-defined]
        if line in targets:
            found.setdefault(line, []).append((document, here))
    return found


def _document_at(source: SourceFile, line: int) -> int | None:
    for document in source.documents:
        node = document.node
        if node is not None and node.start_mark.line + 1 <= line <= node.end_mark.line + 1:
            return document.index
    return None
