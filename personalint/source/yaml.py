"""YAML streams: every document read, within the limits; after a syntax error, on at the next `---`.

The documents are composed from the parser's events (`yaml_compose`), so the limits are
personalint's own and hold whatever the parser: libyaml (PyYAML's C parser) when PyYAML has
it, else PyYAML's Python parser, which gives the same events. A text that cannot reach a limit
(no anchor, and fewer characters that can start a collection than MAX_DEPTH: most files) is
composed by the parser's own composer instead (in C for libyaml: a yaml-2000 file reads in 69
us instead of 93, bench/README.md); at any error it is read again by events, which say what and
where. PyYAML 6.0.4's libyaml has a
nesting limit of its own (1,000 levels) that its scanner reaches while looking ahead through
flow brackets, before the composer sees level MAX_DEPTH + 1. That document is read again
(`_Segment._read_again`): on libyaml with the text cut where it refused, else on the Python
parser (no such limit), so PF081 is reported where level 101 starts, as with any other PyYAML.
Only that document, and only up to its first problem: the Python parser words other errors
differently and takes quadratic time over deep flow nesting, so an error further on in that
document (which is not checked anyway) is not reported, as it is by a parser without a limit.

Positions are the file's: each segment after the first is the rest of the file with blank
lines in place of what was read already, and marks are re-counted (`remapper`) when the text
holds line breaks that YAML 1.1 counts and editors do not (NEL, LS, PS).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from personalint.patterns import deferred

# PyYAML's pure-Python reader's class of printable characters, which only a read again on the
# Python parser (_Segment(pure=True)) asks: compiled then (patterns.deferred)
_PYYAML_NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
with deferred(_PYYAML_NON_PRINTABLE):
    import yaml
from yaml.events import StreamEndEvent

from personalint.finding import Problem, Span
from personalint.ids import EMPTY_DOCUMENT, PARSE_ERROR
from personalint.source.document import Document, SourceFile
from personalint.source.limits import MAX_BAD_DOCUMENTS, MAX_DEPTH
from personalint.source.positions import Mark, duplicate_problems
from personalint.source.text import LineIndex
from personalint.source.yaml_compose import ComposeError, Composer, Refused
from personalint.source.yaml_loader import loader_class, reset, tag_name

_UNUSUAL_BREAKS = re.compile("[\x85\u2028\u2029]")  # line breaks to YAML 1.1, not to editors (or LineIndex)
_UNKNOWN_TAG = re.compile(r"could not determine a constructor for the tag '([^']*)'")


def load_yaml(source: SourceFile, check_duplicates: bool) -> None:
    """Every document of a YAML stream; after a syntax error, go on at the next `---` line."""
    stream = _Stream(source, check_duplicates, unusual_breaks(source.text))
    index, start_line, bad = 0, 0, 0
    while True:
        outcome = _Segment(stream, start_line, index).read()
        index = outcome.index
        if outcome.failed_at is None:
            if outcome.resume_at is None:
                break
            start_line = outcome.resume_at
            continue
        bad += 1
        resume = _next_document_marker(source.lines, max(outcome.failed_at, outcome.document_line + 1, start_line + 1))
        if resume is None:
            break
        if bad >= MAX_BAD_DOCUMENTS:
            line_number = resume + 1
            source.problems.append(
                Problem(
                    PARSE_ERROR,
                    f"invalid YAML: {bad} documents of this stream do not parse; the rest of it is not checked",
                    span=Span(line_number, 1, line_number, 4),
                )
            )
            break
        start_line = resume
    if not source.documents and not source.problems:
        source.problems.append(Problem(EMPTY_DOCUMENT, "the file holds no document", span=Span(1, 1, 1, 1)))


class _Stream:
    """What the segments of one stream share."""

    __slots__ = ("source", "check_duplicates", "unusual", "reported")

    def __init__(self, source: SourceFile, check_duplicates: bool, unusual: bool) -> None:
        self.source = source
        self.check_duplicates = check_duplicates
        self.unusual = unusual  # the text has line breaks YAML 1.1 counts and editors do not: marks are re-counted
        self.reported: set[tuple] = set()  # (rule, message, line, column): each once

    def problem(self, rule: str, message: str, mark: Any) -> None:
        line, column = _inside(self.source.lines, mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        key = (rule, message, line, column)
        if key not in self.reported:
            self.reported.add(key)
            self.source.problems.append(Problem(rule, message, span=Span(line, column, line, column + 1)))


class _Outcome(NamedTuple):
    """How reading a segment ended."""

    index: int  # type: ignore[assignment]  # the index the next document gets (a field may shadow tuple.index)
    failed_at: int | None  # the 0-based line where a syntax error stopped the stream, or None
    document_line: int  # where the document being read then started
    resume_at: int | None = None  # no syntax error, but only part of the file read: go on at this line
    stopped: bool = False  # a document read again stopped at a limit (or a composing error) of its own


class _Segment:
    """Reading the documents of a stream, from one line on, into its SourceFile.

    With `end` (a character offset), it reads one document again, the one libyaml refused to nest
    (`_read_again`): only the text before `end`, on PyYAML's Python parser if `pure`, stopping at
    that document's first problem; the stream goes on at line `resume_at`.
    """

    def __init__(
        self,
        stream: _Stream,
        start_line: int,
        index: int,
        end: int | None = None,
        pure: bool = False,
        resume_at: int | None = None,
    ) -> None:
        self.stream, self.start_line, self.index = stream, start_line, index
        self.once, self.pure, self.resume_at, self.stopped = end is not None, pure, resume_at, False
        text = stream.source.text
        offset = stream.source.lines.starts[start_line] if start_line else 0
        self.delta = offset - start_line  # a mark's index + delta: its offset in the file
        # blank lines in place of what was read already, so marks keep the file's line numbers
        self.text = "\n" * start_line + text[offset:end] if start_line or end is not None else text
        self.remap = remapper(stream.source, self.delta) if stream.unusual else None
        self.document_line = 0  # where the document being read starts (0-based line)
        self.reread = (start_line, index)  # where the document being read could be read again from

    def read(self) -> _Outcome:
        if not (self.start_line or self.once or self.pure or self.remap) and _within_the_limits(self.text):
            composed = self._read_composed()
            if composed is not None:
                return composed
        problem = self.stream.problem
        try:
            loader = loader_class(self.pure)(self.text)
        except yaml.YAMLError as exc:  # the Python parser checks every character first
            problem(PARSE_ERROR, f"invalid YAML: {exc}", None)
            return _Outcome(self.index, self.start_line, self.start_line)
        composer = Composer(loader, self.remap)
        try:
            loader.get_event()  # StreamStartEvent
            while not isinstance(event := loader.get_event(), StreamEndEvent):
                start = composer.mark(event.start_mark)
                self.document_line = start.line
                self._document(loader, composer, start)
                if self.once:
                    break
            return _Outcome(self.index, None, self.document_line, self.resume_at, self.stopped)
        except yaml.MarkedYAMLError as exc:
            if not self.once and "nesting" in str(exc.problem or ""):
                return self._read_again(exc, composer)
            mark = exc.problem_mark or exc.context_mark
            mark = composer.mark(mark) if mark is not None else None
            problem(PARSE_ERROR, yaml_message(exc), mark)
            return _Outcome(self.index, mark.line if mark is not None else self.document_line, self.document_line)
        except yaml.YAMLError as exc:
            problem(PARSE_ERROR, f"invalid YAML: {exc}", None)
            return _Outcome(self.index, self.document_line, self.document_line)
        finally:
            loader.dispose()

    def _read_composed(self) -> _Outcome | None:
        """The whole stream composed by the parser itself (libyaml's composer, in C), for a text that
        cannot reach a limit (`_within_the_limits`); None, with nothing kept, when anything goes
        wrong on the way: the stream is then read by events, which says what and where."""
        documents = self.stream.source.documents
        kept, index = len(documents), self.index
        try:
            loader = loader_class(False)(self.text)
        except Exception:  # pragma: no cover - libyaml reads on demand
            return None
        try:
            while loader.check_node():
                self._keep(loader, loader.get_node(), index)
                index += 1
        except Exception:  # a syntax error, an undefined alias, a value that cannot be made, ...
            del documents[kept:]
            return None
        finally:
            loader.dispose()
        self.index = index
        return _Outcome(index, None, self.document_line)

    def _document(self, loader: Any, composer: Composer, start: Any) -> None:
        """The document whose DocumentStartEvent was just read: composed, constructed, kept."""
        this, problem = self.index, self.stream.problem
        self.index += 1
        self.reread = (start.line, this)
        try:
            node = composer.compose()
        except (Refused, ComposeError) as exc:
            rule = exc.rule if isinstance(exc, Refused) else PARSE_ERROR
            problem(rule, exc.message if isinstance(exc, Refused) else f"invalid YAML: {exc.message}", exc.mark)
            if self.once:  # the rest is the nesting refused: not read again (the Python parser is slow on it)
                self.stopped = True
                return
            composer.skip_document()
            self._ended(composer)
            return
        self._ended(composer)
        try:
            self._keep(loader, node, this)
        except yaml.MarkedYAMLError as exc:
            reset(loader)
            problem(PARSE_ERROR, yaml_message(exc), exc.problem_mark or exc.context_mark or start)  # node marks
        except (RecursionError, MemoryError, yaml.YAMLError) as exc:  # pragma: no cover - limits come first
            reset(loader)
            problem(PARSE_ERROR, f"invalid YAML: {type(exc).__name__}: {exc}", start)

    def _keep(self, loader: Any, node: Any, index: int) -> None:
        """The document of `node` constructed and kept as the stream's document `index`, with the
        keys it repeats; what the constructor refuses is raised."""
        source = self.stream.source
        loader.duplicates = []
        document = Document(index, loader.construct_document(node), source.content, node)
        if self.stream.check_duplicates and loader.duplicates:
            document.problems.extend(duplicate_problems(node, loader.duplicates, source.lines))
        source.documents.append(document)

    def _ended(self, composer: Composer) -> None:
        """After a document: the next one starts where it ended, or on the line after its `...`."""
        end = composer.document_end
        self.reread = (composer.mark(end.end_mark).line + (1 if end.explicit else 0), self.index)

    def _read_again(self, exc: Any, composer: Composer) -> _Outcome:
        """libyaml refused to nest any deeper (its own limit): the document it was reading, again.

        First on libyaml again, with the text cut where it refused: all before nests within its
        limit, so it reads on to where the composer refuses level MAX_DEPTH + 1, as a parser
        without a limit would (the cut changes no token before: a simple key never reaches across
        1,024 characters). If the document does not stop before the cut that way, on PyYAML's
        Python parser (no limit of its own; far slower, and some errors are worded differently),
        up to the next `---` line, which ends any document.
        """
        stream, source = self.stream, self.stream.source
        line, index = self.reread
        line = min(line, source.lines.line_count() - 1)  # a `...` on the last line
        mark = exc.problem_mark or exc.context_mark
        cut = min(mark.index + self.delta, len(source.text)) if mark is not None else len(source.text)
        resume = _next_document_marker(source.lines, max(source.lines.position(cut)[0] - 1, line) + 1)
        kept = (len(source.problems), len(source.documents), set(stream.reported))
        outcome = _Segment(stream, line, index, end=cut, resume_at=resume).read()
        if outcome.stopped:
            return outcome
        del source.problems[kept[0] :], source.documents[kept[1] :]
        stream.reported = kept[2]
        end = source.lines.starts[resume] if resume is not None else len(source.text)
        return _Segment(stream, line, index, end=end, pure=True, resume_at=resume).read()


# Every collection of a YAML text starts at one of these characters: a flow collection's bracket,
# a block sequence's `-`, a block mapping's first `:` or `?`.
_COLLECTION_STARTS = ("[", "{", "-", ":", "?")


def _within_the_limits(text: str) -> bool:
    """Whether the text cannot reach a limit of yaml_compose's, so that the parser's own composer
    (which has none) may compose it: no anchor, so no alias to expand; and fewer characters that
    can start a collection than MAX_DEPTH, so no deeper nesting. Told by a few counts in C."""
    if "&" in text:
        return False
    count = 0
    for start in _COLLECTION_STARTS:
        count += text.count(start)
        if count > MAX_DEPTH:
            return False
    return True


def remapper(source: SourceFile, delta: int) -> Any:
    """Marks re-counted from their character offset, as LineIndex (and editors) count lines."""
    lines = source.lines

    def remap(mark: Any) -> Any:
        offset = min(max(mark.index + delta, 0), len(source.text))
        line, column = lines.position(offset)
        return Mark(offset, line - 1, column - 1)

    return remap


def unusual_breaks(text: str) -> bool:
    """Whether the text has line breaks YAML 1.1 counts and editors do not. Most YAML is ASCII,
    which has none: isascii() reads a flag, where the search reads every character."""
    return not text.isascii() and _UNUSUAL_BREAKS.search(text) is not None


def _next_document_marker(lines: LineIndex, first: int) -> int | None:
    """The 0-based line of the first `---` document marker at or after 0-based line `first`."""
    for line in range(first, lines.line_count()):
        text = lines.line_text(line + 1)
        if text.startswith("---") and (len(text) == 3 or text[3] in " \t"):
            return line
    return None


def _inside(lines: LineIndex, line: int, column: int) -> tuple[int, int]:
    """A position inside the text: libyaml puts the end of a stream after a last line break
    the file may not have."""
    if line > lines.line_count():
        line = lines.line_count()
        column = len(lines.line_text(line)) + 1
    return line, min(column, len(lines.line_text(line)) + 1)


def yaml_message(exc: Any) -> str:
    problem = str(exc.problem or "")
    tag = _UNKNOWN_TAG.match(problem)
    if tag:
        return (
            f"invalid YAML: unknown tag '{tag_name(tag.group(1))}': personalint reads plain data "
            "and never constructs objects from tags"
        )
    return "invalid YAML: " + " ".join(str(part) for part in (exc.context, exc.problem) if part)
