"""Persona objects in TypeScript, TSX and JavaScript files, read with tree-sitter (source/code.py).

An object literal is a persona body found by its **context** first:

- the body of a request to a vendor endpoint: `fetch(url, {method, body: JSON.stringify(x)})`,
  `axios.post/put/patch(url, x)`, `axios({url, method, data})`, `ky`/`got` `json:` options; the
  URL a literal, a template literal's static parts, or a same-file constant; its kind from
  `kinds.endpoints.request_kind` (another vendor endpoint: never a persona);
- the `personaConfig` of an object (an Anam session-token body or SDK call): kind anam-session;

and by its **shape** second (`kinds.detect.persona_shape`), when no request is in sight. Never:
type declarations (not object literals), the bodies of other vendor requests, `console.*`
arguments, replies. An object inside a found one is not found again.

A body is followed within the file (javascript_follow.py): names to their constants, with the
scopes of javascript_scope.py (a parameter or an inner binding shadows a module constant);
`OBJ.key`; what a same-file function returns; a parameter to the arguments of the same-file calls;
each branch of a ternary, the default of `x || DEFAULTS`. What the code sets in an object after
its literal is applied (javascript_mutate.py). Never followed: imports, other files, `this`.

A syntax error inside an object is a PF001 note and leaves the object open; one that hides every
persona object of a file that plainly holds one is a PF001 for the file (javascript_unread.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from personalint.finding import Problem, Span
from personalint.ids import INTERNAL_ERROR, NESTED_TOO_DEEPLY, PARSE_ERROR
from personalint.kinds import VENDOR_KEYS
from personalint.kinds.detect import persona_shape
from personalint.source.code import Found, add_documents, worth_parsing
from personalint.source.document import SourceFile
from personalint.source.javascript_eval import Evaluator, TooDeep
from personalint.source.javascript_follow import RETURNS, Follower
from personalint.source.javascript_requests import in_console, inside, persona_config, request, shaped
from personalint.source.javascript_scope import BINDINGS, Scopes
from personalint.source.javascript_tree import TsNode, captures_each, joined_query, language, text_of
from personalint.source.javascript_unread import unread
from personalint.source.limits import too_deep
from personalint.source.positions import duplicate_problems, json_duplicates, problem_at

_UNREAD = "a syntax error inside a persona object: the part that could not be read is not checked"
_SENDERS = ("fetch", "axios", "ky", "got", "ofetch", "$fetch")
_VERBS = ("post", "put", "patch", "request", "fetch")
_PERSONA_KEYS = sorted(set().union(*VENDOR_KEYS.values()))
_CALLS = f"""
    (call_expression function: (identifier) @fn arguments: (arguments) @args
        (#any-of? @fn {" ".join(f'"{s}"' for s in _SENDERS)}))
    (call_expression function: (member_expression object: (_) @on property: (property_identifier) @fn)
        arguments: (arguments) @args (#any-of? @fn {" ".join(f'"{v}"' for v in _VERBS)}))
"""
_KEYS = f"""
    (pair key: (property_identifier) @key (#any-of? @key "personaConfig" {" ".join(f'"{k}"' for k in _PERSONA_KEYS)}))
    (pair key: (string (string_fragment) @key) (#any-of? @key "personaConfig" {" ".join(f'"{k}"' for k in _PERSONA_KEYS)}))
    (object (shorthand_property_identifier) @key (#eq? @key "personaConfig"))
"""


def load_typescript(source: SourceFile, check_duplicates: bool) -> None:
    _guarded(source, "tsx" if source.path.lower().endswith(".tsx") else "typescript", check_duplicates)


def load_javascript(source: SourceFile, check_duplicates: bool) -> None:
    _guarded(source, "javascript", check_duplicates)


_QUERIES = (_CALLS, _KEYS, BINDINGS, RETURNS)  # one query of them all: one pass over a file's tree


def prepare_typescript() -> None:
    """The TypeScript and TSX grammars loaded and their query compiled (source.prepare)."""
    for grammar in ("typescript", "tsx"):
        joined_query(grammar, _QUERIES)


def prepare_javascript() -> None:
    joined_query("javascript", _QUERIES)


def _range(node: TsNode) -> tuple[int, int]:
    return node.start_byte, node.end_byte


@dataclass
class _File:
    """What one file's search knows: its tree, its constants, what was found and what is excluded."""

    source: SourceFile
    grammar: str
    data: bytes
    root: TsNode
    calls: list[dict[str, list[TsNode]]] = field(init=False)
    keys: list[dict[str, list[TsNode]]] = field(init=False)
    scopes: Scopes = field(init=False)
    follower: Follower = field(init=False)
    evaluator: Evaluator = field(init=False)
    found: list[Found] = field(default_factory=list)
    excluded: set[tuple[int, int]] = field(default_factory=set)  # bodies of other vendor requests

    def __post_init__(self) -> None:
        # one pass of one query over the tree finds the requests, the persona keys, the bindings of
        # names and the return statements: each pass walks the whole tree, whatever its patterns
        self.calls, self.keys, bindings, statements = captures_each(self.grammar, _QUERIES, self.root)
        self.scopes = Scopes(self.grammar, self.data, self.root, bindings)
        self.follower = Follower(self.grammar, self.data, self.root, self.scopes, statements)
        self.evaluator = Evaluator(self.source.text, self.source.lines, self.follower)

    def resolve(self, identifier: TsNode) -> TsNode | None:
        """The value of the innermost same-file binding of `identifier` whose scope holds it."""
        return self.scopes.resolve(identifier)

    def literal(self, node: TsNode | None) -> list[TsNode]:
        """The object or array literals an expression may stand for (javascript_follow.py)."""
        return self.follower.alternatives(node)

    def taken(self, node: TsNode) -> bool:
        """Already part of a persona object found, or of another request's body."""
        return _range(node) in self.evaluator.consumed or _range(node) in self.excluded

    def read(self, literal: TsNode) -> tuple[Found, set[tuple[int, int]], list[TsNode]] | None:
        """`literal` evaluated: the Found (kind not yet set), the literals it took in, its syntax errors."""
        before = self.evaluator.consumed
        self.evaluator.consumed = set()
        try:
            value, node = self.evaluator.evaluate(literal)
        except TooDeep:
            offset = self.evaluator.offsets.char(literal.start_byte)
            self.source.problems.append(problem_at(self.source.lines, offset, NESTED_TOO_DEEPLY, too_deep()))
            return None
        finally:
            taken, self.evaluator.consumed = self.evaluator.consumed, before
        found = Found(value, node, open=set(self.evaluator.open))
        return found, taken, list(self.evaluator.errors)

    def keep(self, found: Found, taken: set[tuple[int, int]], errors: list[TsNode]) -> None:
        self.evaluator.consumed |= taken
        for error in errors[:1]:  # one note per object: the first place that could not be read
            offset = self.evaluator.offsets.char(error.start_byte)
            self.source.problems.append(problem_at(self.source.lines, offset, PARSE_ERROR, _UNREAD))
        self.found.append(found)

    def add(self, literal: TsNode, kind: str | None, reason: str) -> None:
        """`literal` is a persona body of `kind`, by the request that sends it."""
        if self.taken(literal):
            return
        read = self.read(literal)
        if read is not None:
            read[0].kind, read[0].reason = kind, reason
            self.keep(*read)

    def by_shape(self, literals: list[TsNode]) -> None:
        """The objects whose keys say they are personas, unless one is part of another (spread, nested)."""
        candidates = []
        for literal in literals:
            if inside(self, literal) or in_console(literal):
                continue
            read = self.read(literal)
            decision = persona_shape(read[0].value) if read is not None else None
            if read is not None and decision is not None and decision.kind is not None:
                read[0].kind, read[0].reason = decision.kind, f"its keys: {decision.reason}"
                candidates.append((literal, read))
        taken_by: dict[tuple[int, int], int] = {}
        for _, (_, taken, _) in candidates:
            for span in taken:
                taken_by[span] = taken_by.get(span, 0) + 1
        for literal, read in candidates:
            if taken_by.get(_range(literal), 0) < 2:  # only its own
                self.keep(*read)


def _guarded(source: SourceFile, grammar: str, check_duplicates: bool) -> None:
    try:
        _load(source, grammar, check_duplicates)
    except Exception as exc:  # RecursionError, MemoryError, or a bug: never a traceback
        message = f"the TypeScript/JavaScript reader failed ({type(exc).__name__}: {exc})"
        source.problems.append(Problem(INTERNAL_ERROR, message, span=Span(1, 1, 1, 2)))


def _load(source: SourceFile, grammar: str, check_duplicates: bool) -> None:
    if not worth_parsing(source.text):
        return
    import tree_sitter

    data = source.text.encode("utf-8", "surrogatepass")
    tree = tree_sitter.Parser(language(grammar)).parse(data)
    file = _File(source, grammar, data, tree.root_node)
    for found in file.calls:
        request(file, found)
    for found in file.keys:  # the personaConfig of a session body or an SDK call
        key = found["key"][0]
        if text_of(key) == "personaConfig":
            persona_config(file, key)
    file.by_shape(shaped(file.keys))
    if not file.found and file.root.has_error:  # a syntax error may have hidden the persona
        problem = unread(source, file.evaluator.offsets.char, grammar, file.root, file.keys)
        source.problems.extend([problem] if problem is not None else [])
    first = len(source.documents)
    add_documents(source, file.found)
    if check_duplicates:
        for document in source.documents[first:]:
            document.problems.extend(_duplicates(document.node, source))


def _duplicates(root: Any, source: SourceFile) -> list[Problem]:
    """Keys written twice in one object literal (a spread's keys may be overridden: no duplicate)."""
    repeated = [
        (mapping, key, first)
        for mapping, key, first in json_duplicates(root)
        if not getattr(key, "spread", False) and not getattr(first, "spread", False)
    ]
    return duplicate_problems(root, repeated, source.lines) if repeated else []
