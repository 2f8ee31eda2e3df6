"""The pipeline: files -> source -> kind -> schema + rules -> findings -> suppressions -> report.

    check_paths            files.expand (+ the configuration's excludes)
      └ check_file         files.read within the size limit (or stdin)
          └ check_bytes    source.load: documents with values and positions
              └ check_document   kinds.detect, then engine.document.check (schema + rules)
            findings: levels, per-rule caps, suppress.apply, secrets redacted
    then report.render: group.grouped (one fix, several locations: one finding with related ones)

Settings are resolved before anything runs (config.resolve); a disabled rule never runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from personalint import files, ids, kinds
from personalint.config import Settings
from personalint.engine.registry import Registry, Rule, registry
from personalint.finding import Finding, Level, Problem, Span
from personalint.kinds import detect
from personalint.messages import printable
from personalint.result import DocumentInfo, FileResult, Report
from personalint.skip import NO_PERSONA_CONFIG, no_persona_config
from personalint.source import Document, SourceFile, load

if TYPE_CHECKING:
    from personalint.cache import Cache

PARALLEL_FROM = 300  # files: from here a run uses worker processes (parallel.py; measured in bench/README.md)
MAX_FINDINGS_PER_RULE = 100  # per file: a generated file with a million repeats must not flood the output
_START = Span(1, 1, 1, 1)


# what a run does with each file's result before it is reported (personalint/fix/run.py applies fixes):
# (the path as given, its bytes, its result) -> the result to report
AfterCheck = Callable[[str, bytes, FileResult], FileResult]


def check_paths(
    paths: Iterable[str], settings: Settings, after: AfterCheck | None = None, cache: Cache | None = None
) -> Report:
    """Every file of `paths` checked; the files a walk found holding no persona config are only listed.
    With a `cache` (personalint/cache.py), a file whose bytes and settings are unchanged is not checked."""
    paths = list(paths)
    include = settings.project.walk_include() if settings.project is not None else None
    chosen: Iterable[str] = files.expand(paths, include)
    if settings.project is not None:
        chosen = settings.project.included(chosen, named=paths)
    # the files named (a walk that finds one of them too does not make it walked); with none, as when
    # only folders are named, no walked path needs normalising
    named = {os.path.normpath(p) for p in paths if p != "-" and not os.path.isdir(p)}
    checked: list[FileResult] = []
    skipped: list[tuple[str, str]] = []
    items = [(path, path != "-" and not (named and os.path.normpath(path) in named)) for path in chosen]
    for result in _results(items, settings, after, cache):
        if result.skipped:
            skipped.append((result.path, result.skipped))
        else:
            checked.append(result)
    return Report(checked, settings, skipped)


def _results(
    items: list[tuple[str, bool]], settings: Settings, after: AfterCheck | None, cache: Cache | None
) -> Iterable[FileResult]:
    """Each file's result, in order: in worker processes on a large run (personalint/parallel.py),
    those still to check after the cache's hits (a run of hits forks nothing)."""
    jobs = settings.jobs
    if jobs != 1 and after is None and len(items) >= PARALLEL_FROM and all(p != "-" for p, _ in items):
        here = os.path.join(os.getcwd(), "")
        known = {  # the cached results of the files whose stamps are unchanged (check_file's first step)
            i: hit
            for i, (p, walked) in enumerate(items)
            if cache is not None and (hit := _lookup(p, printable(files.shown(p, here)), walked, settings, cache)[0])
        }
        todo = [item for i, item in enumerate(items) if i not in known]
        if len(todo) >= PARALLEL_FROM:  # (a run of cache hits does not even load multiprocessing)
            from personalint import parallel

            jobs = parallel.jobs_for(jobs)
            if jobs > 1 and parallel.available():
                steps = parallel.Steps(check_file, screen_file)
                checked = iter(parallel.check_files(todo, settings, cache, jobs, steps))
                return (known[i] if i in known else next(checked) for i in range(len(items)))
        return (
            known[i] if i in known else check_file(path, settings, walked=walked, cache=cache)
            for i, (path, walked) in enumerate(items)
        )
    return (check_file(path, settings, walked=walked, after=after, cache=cache) for path, walked in items)


def _lookup(
    path: str, shown: str, walked: bool, settings: Settings, cache: Cache
) -> tuple[FileResult | None, str, str]:
    """(the cached result when the file's size, mtime and inode are unchanged, else None; its cache
    key; its stamp, "" for what is not a regular file)."""
    effective = settings.project.for_file(shown, settings) if settings.project is not None else settings
    key, stamp = cache.key(shown, walked, effective), files.stamp(path)
    return (cache.unchanged(key, stamp) if stamp else None), key, stamp


def check_file(
    path: str, settings: Settings, walked: bool = False, after: AfterCheck | None = None, cache: Cache | None = None
) -> FileResult:
    """One file's findings. `walked`: found by walking a folder, so a file that holds no persona
    config is skipped (FileResult.skipped), and a code file is only parsed when its bytes have a hint."""
    result = _check_file(path, settings, walked, after, cache, parse=True)
    assert result is not None
    return result


def screen_file(path: str, settings: Settings, walked: bool = False, cache: Cache | None = None) -> FileResult | None:
    """check_file's result when it needs no parser, else None: the file cannot be read or is over the
    size limit, the prefilter skips it (a walked code file without a hint), or the cache has it. A
    parallel run screens a walk's code files so before it parses any (parallel.py)."""
    return _check_file(path, settings, walked, None, cache, parse=False)


def _check_file(
    path: str, settings: Settings, walked: bool, after: AfterCheck | None, cache: Cache | None, parse: bool
) -> FileResult | None:
    shown = printable((settings.stdin_filename or "<stdin>") if path == "-" else files.shown(path))
    key = stamp = ""
    if cache is not None and path != "-":
        known, key, stamp = _lookup(path, shown, walked, settings, cache)
        if known is not None:
            return known
    try:
        data = files.read(path, settings.max_file_size)
    except files.Unreadable as exc:
        return FileResult(shown, error=str(exc))
    except files.TooLarge as exc:
        if files.prefiltered(path, walked):  # a generated bundle or a data dump: not where persona configs are
            return FileResult(shown, skipped=f"{NO_PERSONA_CONFIG}: over the size limit, not read")
        return too_large(shown, exc, settings)
    unparsed = files.prefiltered(path, walked) and not files.hinted(data)  # the prefilter skips it
    if cache is None or not key:
        return _checked(path, shown, data, settings, walked, after, unparsed) if parse or unparsed else None
    from personalint.cache import digest

    data_digest = digest(data)
    result = cache.get(key, data_digest, stamp)
    if result is None:
        if not (parse or unparsed):
            return None
        result = _checked(path, shown, data, settings, walked, after, unparsed)
        if not any(f.rule == ids.INTERNAL_ERROR for f in result.findings):  # a bug's finding is not kept
            cache.put(key, data_digest, result, stamp)
    return result


def _checked(
    path: str, shown: str, data: bytes, settings: Settings, walked: bool, after: AfterCheck | None, unparsed: bool
) -> FileResult:
    if unparsed:
        return FileResult(shown, skipped=f"{NO_PERSONA_CONFIG}: no vendor word in it")
    try:
        result = check_bytes(shown, data, settings)
    except ModuleNotFoundError as exc:
        if not files.is_code(shown) or not (exc.name or "").startswith("personalint.source."):
            raise
        return FileResult(shown, skipped=f"{NO_PERSONA_CONFIG}: no reader for this format yet")
    except Exception as exc:  # a bug must not stop the run: report it against this file and go on
        problem = _internal_error(exc, "the pipeline", settings)
        return FileResult(
            shown, findings=[Finding(ids.INTERNAL_ERROR, Level.ERROR, problem.message, shown, None, "", _START)]
        )
    if result.skipped and not walked and not files.is_code(shown):
        result.skipped = None  # named (or stdin): a JSON or YAML file says why it is not a persona config
    return after(path, data, result) if after is not None and not result.skipped else result


def too_large(shown: str, exc: files.TooLarge, settings: Settings) -> FileResult:
    if settings.project is not None:
        settings = settings.project.for_file(shown, settings)
    size = f" ({exc.size:,} bytes)" if exc.size is not None else ""
    message = (
        f"the file{size} is over the size limit of {exc.limit:,} bytes: it was not read "
        "(--max-file-size raises the limit)"
    )
    finding = _finding(registry(), settings, shown, Problem(ids.FILE_TOO_LARGE, message), None, _START)
    return FileResult(shown, findings=[finding] if finding else [])


def check_bytes(path: str, data: bytes, settings: Settings) -> FileResult:
    """The findings of a file's bytes. `skipped` says when it holds no persona config: a walk skips it
    (a code file is skipped wherever it comes from: check_file)."""
    if settings.project is not None:  # per-file ignores are rules that do not run for this file
        settings = settings.project.for_file(path, settings)
    rules = registry()
    source = load(path, data, check_duplicates=ids.DUPLICATE_KEY in settings.enabled)
    result = FileResult(path)
    findings: list[Finding] = []

    editors: dict = {}  # fix/edits.Editor of each document, made when a fix is first built

    def finding(problem: Problem, document: int | None, span: Span, made: Document | None = None) -> Finding | None:
        return _with_fix(
            _finding(rules, settings, path, problem, document, span), problem, made, rules, settings, editors
        )

    def add(problem: Problem, document: int | None, span: Span, made: Document | None = None) -> None:
        if (found := finding(problem, document, span, made)) is not None:
            findings.append(found)

    for problem in source.problems:
        add(problem, None, problem.span or _START)
    hidden: dict[str, int] = {}  # findings over a rule's cap, by rule
    untold = _check_documents(source, settings, rules, result, add, hidden)
    findings += _caps(findings, hidden)
    result.skipped = no_persona_config(source, result, findings, untold, data)
    if source.format != "json" and "personalint:" in source.text:
        from personalint import suppress

        findings, result.suppressed = suppress.apply(
            source,
            findings,
            settings.enabled,
            rules,
            lambda problem, index: finding(problem, index, problem.span or _START),
        )
    result.findings = sorted(findings, key=lambda f: f.sort_key)
    result.lines = {f.span.line: source.lines.line_text(f.span.line) for f in result.findings}
    if result.findings:
        from personalint.secrets.results import redact_result

        redact_result(result, source)
    return result


def _check_documents(
    source: SourceFile,
    settings: Settings,
    rules: Registry,
    result: FileResult,
    add: Callable[[Problem, int | None, Span, Document | None], None],
    hidden: dict[str, int],
) -> int:
    """Each document checked, its findings given to `add`; how many could not be told a kind (PF004)."""
    modeline = detect.from_modeline(source.text)
    forced = modeline or settings.path_kind
    shown: dict[str, int] = {}
    untold = 0
    for document in source.documents:
        decision = None
        try:
            # --kind wins, then the request a code reader found the document sent with, then the file's,
            # then the keys (told here once: _kind_source gives their reason)
            given = settings.kind or document.kind or forced
            if not given:
                decision = detect.detect(document.value)
                given = decision.kind
            kind, problems = check_document(document, given, rules, settings)
        except Exception as exc:  # a bug must not stop the run: report it and go on
            kind, problems = None, [_internal_error(exc, "the pipeline", settings)]
        told, why = _kind_source(document, settings, modeline, decision) if kind else (None, "")
        result.documents.append(DocumentInfo(document.index, kind, _extent(document, source), told, why))
        untold += any(problem.rule == ids.UNKNOWN_KIND for problem in problems)
        if kind and settings.inventory is None and not result.inventory_skipped:
            spec = kinds.KIND[kind]
            result.inventory_skipped = rules.would_need_inventory(
                settings.enabled, document.value, kind, spec.edits or kind, spec.persona_root(document.value)
            )
        for problem in problems:
            if shown.get(problem.rule, 0) >= MAX_FINDINGS_PER_RULE:
                hidden[problem.rule] = hidden.get(problem.rule, 0) + 1
                continue
            shown[problem.rule] = shown.get(problem.rule, 0) + 1
            try:
                span = problem.span or document.span(problem.pointer, problem.at)
            except Exception:  # pragma: no cover - positions must never cost a finding
                span = _START
            add(problem, document.index, span, document)
    return untold


def _kind_source(
    document: Document, settings: Settings, modeline: str | None, decision: detect.KindDecision | None = None
) -> tuple[str, str]:
    """How a document's kind was told (result.KIND_SOURCES), in the order check_document weighs them
    (`decision`: the keys', when they told it)."""
    if settings.kind:
        return "option", "--kind"
    if document.kind:
        if document.kind_reason.startswith("its keys"):
            return "keys", document.kind_reason.removeprefix("its keys").lstrip(" :(").rstrip(")")
        return "endpoint", document.kind_reason
    if modeline:
        return "modeline", "the yaml-language-server $schema line"
    if settings.path_kind:
        return "glob", "the kinds setting"
    return "keys", (decision or detect.detect(document.value)).reason


def _extent(document: Document, source: SourceFile) -> Span | None:
    try:
        return document.extent(whole_file=document.source is source.content)
    except Exception:  # pragma: no cover - a position must never stop a check
        return None


def _caps(findings: list[Finding], hidden: dict[str, int]) -> list[Finding]:
    """One finding per capped rule, where the last one shown was, saying how many more there are."""
    more = []
    for rule_id, count in hidden.items():
        last = max((f for f in findings if f.rule == rule_id), key=lambda f: f.sort_key, default=None)
        if last is not None:
            more.append(
                last._replace(
                    message=f"{count:,} more {rule_id} findings in this file are not "
                    f"shown (at most {MAX_FINDINGS_PER_RULE} of one rule per file)",
                )
            )
    return more


def check_document(
    document: Document, forced_kind: str | None, rules: Registry, settings: Settings
) -> tuple[str | None, list[Problem]]:
    # a run of cache hits never loads the rule engine (a module's own name: no package fromlist per call)
    from personalint.engine.document import check as run_engine

    problems = list(document.problems)
    value = document.value
    if value is None:
        return None, problems + [Problem(ids.EMPTY_DOCUMENT, "the document is empty", span=document.start_span())]
    kind = forced_kind
    if not kind:
        decision = detect.detect(value)
        if decision.kind is None:
            from personalint.inventory import looks_like_reply

            if looks_like_reply(value):  # a vendor list reply (an inventory file), not a persona config
                return None, problems
            return None, problems + [
                Problem(
                    ids.UNKNOWN_KIND,
                    f"cannot tell which persona config this is ({decision.reason}); "
                    f"pass --kind with one of {', '.join(kinds.KINDS)}",
                )
            ]
        kind = decision.kind

    def failed(rule: Rule, exc: Exception) -> None:  # a bug in one rule: report it, run the others
        problems.append(_internal_error(exc, f"rule {rule.id} ({rule.name})", settings))

    found = run_engine(
        value,
        kind,
        rules,
        settings.enabled,
        inventory=settings.inventory,
        source=document,
        yaml=document.source.format == "yaml",
        on_error=failed,
    )
    return kind, problems + found


def _internal_error(exc: Exception, where: str, settings: Settings) -> Problem:
    if settings.debug:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    return Problem(
        ids.INTERNAL_ERROR,
        f"internal error in {where}: {type(exc).__name__}: {exc} (please report it; --debug shows the traceback)",
    )


def _finding(
    rules: Registry, settings: Settings, path: str, problem: Problem, document: int | None, span: Span
) -> Finding | None:
    """A problem of the file at `path` as a finding at its level, or None when its rule is not enabled."""
    if problem.rule not in settings.enabled and problem.rule != ids.INTERNAL_ERROR:
        return None
    level = settings.severity.get(problem.rule) or rules.by_id[problem.rule].level
    if problem.assumed:  # about a value the code may never send: said, never failed on
        level = min(level, Level.NOTE)
    return Finding(problem.rule, level, printable(problem.message), path, document, printable(problem.pointer), span)


def _with_fix(
    finding: Finding | None,
    problem: Problem,
    document: Document | None,
    rules: Registry,
    settings: Settings,
    editors: dict,
) -> Finding | None:
    """The finding with its fix (fix/intent.with_fix, imported only for a problem that has one)."""
    if finding is None or problem.fix is None:
        return finding
    from personalint.fix.intent import with_fix

    return with_fix(finding, problem, document, rules, settings, editors)
