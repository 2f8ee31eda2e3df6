"""Persona objects in Python code (issue 10), read with the standard library's `ast`.

An object is found by its **context** first: the dict (or list, for a Tavus PATCH) sent as the
body of a request to a vendor endpoint (source/python_requests.py):

    requests.post(url, json=body)          httpx.put(...), client.patch(...), session.post(...)
    requests.request("POST", url, json=)   data=json.dumps(body), content=json.dumps(body)
    urllib.request.Request(url, data=json.dumps(body).encode(), method="PATCH")

The body inline, or what it stands for within the module (source/python_follow.py): a name bound
to it, each branch of `a if c else b` and each literal of `param or DEFAULTS`, `NAME["key"]` of a
module dict, the dict a module function returns (`json=build_persona()`), and for a parameter
(`def create(persona): requests.post(url, json=persona)`) what each call of the function in the
module passes. The URL may be a literal, an f-string or a concatenation (its static parts:
`f"{BASE}/v2/personas"` counts), a module constant, or a parameter of a request helper
(`_request("POST", "/pals", payload)`, read per call); its method and path give the kind
(kinds/endpoints.py). A body sent to another vendor endpoint (conversations, tools, ...) is never
a persona. A session-token body whose `personaConfig` is not inline: each dict it stands for is a
persona object (anam-session), and none is found again by its shape.

By its **shape** second, when no call is in sight (module constants, dicts a function returns):
`kinds.detect.persona_shape`. Never: the arguments of print and logging calls, `TypedDict(...)`
and `NamedTuple(...)` definitions, a JSON Schema's `properties`, replies (persona_shape refuses
them). An object inside one found is not found again.

A file `ast` cannot parse has no document. When it plainly holds a persona object (a vendor
endpoint, or two keys of one vendor written as dict keys: `"system_prompt": ...`), PF001 says where
the syntax error is and that nothing in the file was checked (`ast`, unlike tree-sitter, reads all
or nothing); otherwise (Python 2, a template, a word in a comment) it says nothing.
"""

from __future__ import annotations

import ast
import re
import warnings
from bisect import bisect_right, insort
from typing import Any

from personalint.finding import Problem, Span
from personalint.ids import INTERNAL_ERROR, NESTED_TOO_DEEPLY, PARSE_ERROR
from personalint.kinds import VENDOR_KEYS
from personalint.kinds.detect import persona_shape
from personalint.kinds.endpoints import NOT_PERSONA, request_kind
from personalint.source.code import Found, Node, add_documents, plainly_holds_persona, worth_parsing
from personalint.source.document import SourceFile
from personalint.source.limits import too_deep
from personalint.source.positions import duplicate_problems
from personalint.source.python_eval import Evaluation, Evaluator
from personalint.source.python_follow import Literal, is_dict_call, is_literal, unwrap
from personalint.source.python_requests import Requests
from personalint.source.python_scan import Module, Scope, scan

_DICT_KEY = re.compile(r"""["']([A-Za-z_]+)["']\s*:""")  # a key of a dict display, in text that does not parse


def load_python(source: SourceFile, check_duplicates: bool) -> None:
    """Append a document for each persona object of a Python file."""
    if not worth_parsing(source.text):
        return
    tree = parse(source.text)
    if not isinstance(tree, ast.Module):
        if plainly_holds_persona(source.text, {match.group(1) for match in _DICT_KEY.finditer(source.text)}):
            source.problems.append(_unreadable(source, tree))
        return
    try:
        reader = _Reader(scan(source.text, source.lines, tree))
        reader.by_context()
        reader.by_shape()
    except Exception as exc:  # RecursionError, MemoryError, or a bug: never a traceback
        source.problems.append(
            Problem(INTERNAL_ERROR, f"the Python reader failed ({type(exc).__name__}: {exc})", span=Span(1, 1, 1, 2))
        )
        return
    source.problems.extend(reader.problems)
    add_documents(source, reader.found)
    if check_duplicates and reader.duplicates:
        for document in source.documents:
            repeated = reader.duplicates.get(id(document.node))
            if repeated:
                document.problems.extend(duplicate_problems(document.node, repeated, source.lines))


def parse(text: str) -> ast.Module | Exception:
    """The module's ast, or why it cannot be parsed: a syntax error, or nesting or length past the
    parser's limits (RecursionError, MemoryError). No warning is printed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # `"\d"` is a SyntaxWarning, printed to stderr otherwise
        try:
            return ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError) as exc:
            return exc


def _unreadable(source: SourceFile, error: Exception) -> Problem:
    if not isinstance(error, SyntaxError):  # past the parser's limits: said at the first line
        why = "nested too deeply for Python's parser" if isinstance(error, RecursionError) else type(error).__name__
        message = f"Python's parser cannot read this file ({why}): no persona object in it is checked"
        return Problem(PARSE_ERROR, message, span=Span(1, 1, 1, 2))
    line = min(max(error.lineno or 1, 1), source.lines.line_count())
    column = min(max(error.offset or 1, 1), len(source.lines.line_text(line)) + 1)
    message = f"Python syntax error ({error.msg}): no persona object in this file is checked"
    return Problem(PARSE_ERROR, message, span=Span(line, column, line, column + 1))


class _Reader:
    def __init__(self, module: Module) -> None:
        self.module = module
        self.columns = module.columns
        self.evaluator = Evaluator(module)
        self.requests = Requests(self.evaluator.follower)
        self.found: list[Found] = []
        self.problems: list[Problem] = []
        self.duplicates: dict[int, list[tuple[Node, Node, Node]]] = {}
        self.taken: set[int] = set()  # ids of the literals already part of an object
        self.covered: list[tuple[int, int]] = []  # (start, end) offsets of the objects found, sorted
        self.repeated: set[int] = set()  # offsets of the repeated keys reported

    # by context

    def by_context(self) -> None:
        for call, scope in self.module.calls:
            for method, url, literals in self.requests.sent(call, scope):
                kind = request_kind(url, method)
                if kind is None:
                    continue
                for literal in literals:
                    if id(literal[0]) in self.taken:
                        continue
                    if kind == NOT_PERSONA:
                        self.take(literal[0], self.evaluator.evaluate(literal[0], literal[1]))
                    else:
                        self.add(literal, kind, f"{method} {url}")

    def literals(self, expr: ast.expr, scope: Scope) -> list[Literal]:
        """The dict and list literals `expr` may send (source/python_follow.py)."""
        return self.evaluator.follower.literals(expr, scope)

    def session_targets(self, expr: ast.expr, scope: Scope) -> list[Literal]:
        """The dicts a session-token body's `personaConfig` stands for, when it is not inline: a
        name, each branch of `A if c else B`, each literal of `param or DEFAULTS`, ..."""
        if not isinstance(expr, ast.Dict):
            return []
        config = [v for k, v in zip(expr.keys, expr.values, strict=True) if _constant(k) == "personaConfig"]
        if not config or is_literal(unwrap(config[-1])):
            return []
        return [t for t in self.literals(config[-1], scope) if not isinstance(t[0], ast.List | ast.Tuple)]

    def add(self, literal: Literal, kind: str | None, reason: str, evaluation: Evaluation | None = None) -> None:
        expr, scope, _ = literal
        if kind == "anam-session":
            targets = [t for t in self.session_targets(expr, scope) if id(t[0]) not in self.taken]
            if targets:
                self.take(expr, evaluation or self.evaluator.evaluate(expr, scope))
                for target in targets:
                    self.add_one(target, kind, f"the personaConfig of {reason}", None)
                return
        self.add_one(literal, kind, reason, evaluation)

    def add_one(self, literal: Literal, kind: str | None, reason: str, evaluation: Evaluation | None) -> None:
        expr, scope, vias = literal
        if evaluation is None or vias:
            evaluation = self.evaluator.evaluate(expr, scope)
            # what the code changes in the dict a name holds; when it may replace it, it is not this literal
            replaced = [self.evaluator.mutate(evaluation.value, v.name, v.scope, "", v.prefix) for v in vias]
            if any(replaced):
                self.take(expr, evaluation)
                return
        self.take(expr, evaluation)
        if evaluation.too_deep is not None:
            start = self.columns.start(evaluation.too_deep)
            span = Span(start.line + 1, start.column + 1, start.line + 1, start.column + 2)
            self.problems.append(Problem(NESTED_TOO_DEEPLY, too_deep(), span=span))
            return
        assert evaluation.node is not None
        self.found.append(Found(evaluation.value, evaluation.node, kind, reason, evaluation.open))
        # a key repeated in a constant two objects share is said once
        duplicates = [d for d in evaluation.duplicates if d[1].start_mark.index not in self.repeated]
        self.repeated.update(d[1].start_mark.index for d in duplicates)
        if duplicates:
            self.duplicates[id(evaluation.node)] = duplicates

    def take(self, expr: ast.expr, evaluation: Evaluation) -> None:
        """The literal and everything it is made of belong to one object (or to no persona)."""
        self.taken |= evaluation.consumed
        self.taken.add(id(expr))
        insort(self.covered, (self.columns.start(expr).index, self.columns.end(expr).index))

    # by shape

    def by_shape(self) -> None:
        candidates = sorted(self.module.candidates, key=lambda c: (c[0].lineno, c[0].col_offset))
        shaped = []
        for expr, scope in candidates:
            if id(expr) in self.taken or not _may_be_persona(expr) or self.is_covered(expr):
                continue
            evaluation = self.evaluator.evaluate(expr, scope)
            decision = persona_shape(evaluation.value)
            if decision is not None:
                shaped.append((expr, scope, evaluation, decision))
        # a constant spread into (or named in) another persona object is part of it, wherever it is
        inside = {part for expr, _, evaluation, _ in shaped for part in evaluation.consumed if part != id(expr)}
        for expr, scope, evaluation, decision in shaped:
            if id(expr) in inside or id(expr) in self.taken or self.is_covered(expr):
                continue
            if decision.kind == "anam-session":
                self.add((expr, scope, ()), decision.kind, "a session-token body", evaluation)
            else:  # the pipeline tells the kind from the keys, unless a glob or modeline says
                self.add((expr, scope, ()), None, f"its keys ({decision.reason})", evaluation)

    def is_covered(self, expr: ast.expr) -> bool:
        start, end = self.columns.start(expr).index, self.columns.end(expr).index
        at = bisect_right(self.covered, (start, 1 << 62)) - 1
        return at >= 0 and self.covered[at][1] >= end


def _constant(node: ast.AST | None) -> Any:
    return node.value if isinstance(node, ast.Constant) else None


def _may_be_persona(expr: ast.expr) -> bool:
    """A cheap look at a candidate's literal keys before it is evaluated."""
    if isinstance(expr, ast.Dict):
        keys = {k.value for k in expr.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
        dynamic = len(keys) < len(expr.keys)
    elif is_dict_call(expr) and isinstance(expr, ast.Call):
        keys = {k.arg for k in expr.keywords if k.arg is not None}
        dynamic = bool(expr.args) or len(keys) < len(expr.keywords)
    else:
        return False
    return dynamic or "personaConfig" in keys or max(len(keys & vendor) for vendor in VENDOR_KEYS.values()) >= 2
