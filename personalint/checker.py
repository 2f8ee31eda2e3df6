"""The pipeline: files -> documents -> kind -> schema + rules -> findings.

    check_paths
      └ check_file      read bytes (or stdin), load JSON/YAML with positions
          └ check_document   kind, JSON Schema, rule engine; problems -> positioned findings

Settings are resolved before anything runs; a disabled rule never runs.
"""

from __future__ import annotations

import os
import sys
import traceback
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Iterable

from personalint import engine, files, kinds, patch, schema
from personalint.finding import Finding, Level, Problem, Span
from personalint.rules import Registry, Rule, registry
from personalint.source import DEFAULT_MAX_FILE_SIZE, DUPLICATE_KEY, FILE_TOO_LARGE, Document, SourceFile, load

if TYPE_CHECKING:  # pragma: no cover
    from personalint.config import Project

UNKNOWN_KIND = "PF004"
MAX_FINDINGS_PER_RULE = 100  # per file: a generated file with a million repeats must not flood the output
INTERNAL_ERROR = "PI001"


@dataclass(frozen=True)
class Settings:
    enabled: frozenset[str]
    fail_on: Level = Level.ERROR
    kind: str | None = None
    stdin_filename: str | None = None
    debug: bool = False
    severity: dict[str, Level] = field(default_factory=dict)  # per-rule level overrides (config `severity`)
    project: "Project | None" = None  # what depends on a file's path (personalint.config)
    path_kind: str | None = None  # the kind a config glob gives this file; a modeline or --kind wins
    inventory: Any = None  # the organisation's resources (personalint.inventory.Inventory), when given
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes; a larger file is not read (PF080)

    @classmethod
    def default(cls, **overrides: object) -> "Settings":
        return cls(enabled=registry().select(), **overrides)  # type: ignore[arg-type]


@dataclass
class FileResult:
    path: str
    documents: list[dict] = field(default_factory=list)  # {"index", "kind"}
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # the file could not be read at all
    lines: dict[int, str] = field(default_factory=dict)  # the source lines findings point at, for snippets
    suppressed: list[Finding] = field(default_factory=list)  # silenced by `# personalint: disable=...`
    inventory_skipped: bool = False  # a rule needing an inventory had something to check, and none was given


@dataclass
class Report:
    files: list[FileResult]
    settings: Settings

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]

    @property
    def suppressed(self) -> int:
        return sum(len(r.suppressed) for r in self.files)

    @property
    def errors(self) -> list[str]:
        return [f"{r.path}: {r.error}" for r in self.files if r.error]

    def exit_code(self) -> int:
        if any(r.error for r in self.files):
            return 2
        return 1 if any(f.level >= self.settings.fail_on for f in self.findings) else 0


def check_paths(paths: Iterable[str], settings: Settings) -> Report:
    paths = list(paths)
    chosen: Iterable[str] = files.expand(paths)
    if settings.project is not None:
        chosen = settings.project.included(chosen, named=paths)
    return Report([check_file(path, settings) for path in chosen], settings)


def _display_path(path: str) -> str:
    relative = os.path.relpath(path) if os.path.isabs(path) else os.path.normpath(path)
    return relative if not relative.startswith("..") else path


def check_file(path: str, settings: Settings) -> FileResult:
    shown = _printable((settings.stdin_filename or "<stdin>") if path == "-" else _display_path(path))
    try:
        data = files.read(path, settings.max_file_size)
    except files.Unreadable as exc:
        return FileResult(shown, error=str(exc))
    except files.TooLarge as exc:
        return _too_large(shown, exc, settings)
    try:
        return check_bytes(shown, data, settings)
    except Exception as exc:  # a bug must not stop the run: report it against this file and go on
        result = FileResult(shown)
        problem = _internal_error(exc, "the pipeline", settings)
        result.findings.append(Finding(INTERNAL_ERROR, Level.ERROR, problem.message, shown, None, "", Span(1, 1, 1, 1)))
        return result


def _too_large(shown: str, exc: files.TooLarge, settings: Settings) -> FileResult:
    if settings.project is not None:
        settings = settings.project.for_file(shown, settings)
    size = f" ({exc.size:,} bytes)" if exc.size is not None else ""
    message = (f"the file{size} is over the size limit of {exc.limit:,} bytes: it was not read "
               "(--max-file-size raises the limit)")
    result = FileResult(shown)
    _add(result, registry(), settings, Problem(FILE_TOO_LARGE, message), None, Span(1, 1, 1, 1))
    return result


def check_bytes(path: str, data: bytes, settings: Settings) -> FileResult:
    if settings.project is not None:  # per-file ignores are rules that do not run for this file
        settings = settings.project.for_file(path, settings)
    rules = registry()
    source = load(path, data, check_duplicates=DUPLICATE_KEY in settings.enabled)
    result = FileResult(path)
    for problem in source.problems:
        _add(result, rules, settings, problem, None, problem.span or Span(1, 1, 1, 1))
    forced = settings.kind or kinds.from_modeline(source.text) or settings.path_kind
    shown: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for document in source.documents:
        try:
            kind, problems = check_document(document, forced, rules, settings)
        except Exception as exc:  # a bug must not stop the run: report it and go on
            kind, problems = None, [_internal_error(exc, "the pipeline", settings)]
        result.documents.append({"index": document.index, "kind": kind})
        if kind and settings.inventory is None and not result.inventory_skipped:
            from personalint.inventory import would_apply

            result.inventory_skipped = would_apply(rules, settings.enabled, document.value, kind)
        for problem in problems:
            if shown.get(problem.rule, 0) >= MAX_FINDINGS_PER_RULE:
                hidden[problem.rule] = hidden.get(problem.rule, 0) + 1
                continue
            shown[problem.rule] = shown.get(problem.rule, 0) + 1
            try:
                span = problem.span or document.span(problem.pointer, problem.at)
            except Exception:  # pragma: no cover - positions must never cost a finding
                span = Span(1, 1, 1, 1)
            _add(result, rules, settings, problem, document.index, span)
    for rule_id, count in hidden.items():  # say so once, where the last one shown was
        last = max((f for f in result.findings if f.rule == rule_id), key=lambda f: f.sort_key, default=None)
        if last is not None:
            result.findings.append(replace(last, message=f"{count:,} more {rule_id} findings in this file are not "
                                           f"shown (at most {MAX_FINDINGS_PER_RULE} of one rule per file)"))
    if source.format == "yaml" and "personalint:" in source.text:
        from personalint.suppress import apply_suppressions

        apply_suppressions(source, result, settings.enabled,
                           lambda problem, index: _add(result, rules, settings, problem, index, problem.span or Span(1, 1, 1, 1)))
    result.findings.sort(key=lambda f: f.sort_key)
    result.lines = {f.span.line: source.lines.line_text(f.span.line) for f in result.findings}
    if result.findings:
        _redact(result, source)
    return result


def _redact(result: FileResult, source: SourceFile) -> None:
    """No output shows a secret: mask every literal secret of the file in messages and snippets."""
    from personalint.secrets import in_keys, in_raw_text, redact, secret_values

    values: set[str] = set()
    for document in source.documents:
        values |= secret_values(document.value) | in_keys(document.value)
    if not source.documents:  # a file that did not parse: judge the lines shown as text
        for text in result.lines.values():
            values |= in_raw_text(text)
    if values:
        result.findings = [replace(f, message=redact(f.message, values), pointer=redact(f.pointer, values))
                           for f in result.findings]
        result.lines = {line: redact(text, values) for line, text in result.lines.items()}


def check_document(document: Document, forced_kind: str | None, rules: Registry, settings: Settings) -> tuple[str | None, list[Problem]]:
    problems = list(document.problems)
    value = document.value
    if value is None:
        return None, problems + [Problem("PF003", "the document is empty", span=document.start_span())]
    if forced_kind:
        kind = forced_kind
    else:
        decision = kinds.detect(value)
        if decision.kind is None:
            from personalint.inventory import looks_like_reply

            if looks_like_reply(value):  # a vendor list reply (an inventory file), not a persona config
                return None, problems
            kind_list = ", ".join(kinds.KINDS)
            return None, problems + [Problem(
                UNKNOWN_KIND,
                f"cannot tell which persona config this is ({decision.reason}); "
                f"pass --kind with one of {kind_list}",
            )]
        kind = decision.kind
    enabled_rules = _rules_for(rules, settings.enabled, kind)
    root = kinds.persona_root(kind, value)
    rule_problems: list[Problem] = []
    covered: set[tuple[str, str]] = set()
    if root is not None:
        def failed(rule: Rule, exc: Exception) -> None:  # a bug in one rule: report it, run the others
            rule_problems.append(_internal_error(exc, f"rule {rule.id} ({rule.name})", settings))

        found, covered = engine.run(enabled_rules, rules, value, kind, root, inventory=settings.inventory,
                                    source=document, on_error=failed)
        rule_problems.extend(found)
    if kind == "tavus-patch":
        rule_problems += patch.check(value, rules, _rules_for(rules, settings.enabled, patch.TARGET_KIND),
                                     check_paths=patch.UNKNOWN_PATH in settings.enabled, inventory=settings.inventory)
    if any(rule_id.startswith("PS") for rule_id in settings.enabled):
        for problem in schema.check(kind, value, yaml=document.source.format == "yaml"):
            if (problem.pointer, problem.keyword) not in covered:
                problems.append(problem)
    return kind, problems + rule_problems


_RULES_FOR: dict[tuple[int, frozenset[str], str], list] = {}


def _rules_for(rules: Registry, enabled: frozenset[str], kind: str) -> list:
    """The engine's rules for one kind, worked out once per run rather than per document."""
    key = (id(rules), enabled, kind)
    if key not in _RULES_FOR:
        _RULES_FOR[key] = [r for r in rules.rules if r.id in enabled and not r.builtin and kind in r.kinds]
    return _RULES_FOR[key]


def _internal_error(exc: Exception, where: str, settings: Settings) -> Problem:
    if settings.debug:
        traceback.print_exception(exc, file=sys.stderr)
    return Problem(INTERNAL_ERROR, f"internal error in {where}: {type(exc).__name__}: {exc} "
                   "(please report it; --debug shows the traceback)")


def _add(result: FileResult, rules: Registry, settings: Settings, problem: Problem, document: int | None, span: Span) -> None:
    if problem.rule not in settings.enabled and problem.rule != INTERNAL_ERROR:
        return
    level = settings.severity.get(problem.rule) or rules.by_id[problem.rule].level
    result.findings.append(Finding(problem.rule, level, _printable(problem.message), result.path, document,
                                   _printable(problem.pointer), span))


def _printable(text: str) -> str:
    """Text every output can encode: a lone surrogate (a JSON escape such as "\\ud800") is shown escaped."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text
