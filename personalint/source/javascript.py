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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from personalint.finding import Problem
from personalint.ids import NESTED_TOO_DEEPLY, PARSE_ERROR
from personalint.kinds import VENDOR_KEYS
from personalint.kinds.detect import persona_shape
from personalint.source.code import Found, add_documents
from personalint.source.document import SourceFile
from personalint.source.javascript_eval import Evaluator, TooDeep, TsNode, unwrap
from personalint.source.javascript_requests import in_console, inside, persona_config, request, shaped, text_of
from personalint.source.limits import MAX_DEPTH, too_deep
from personalint.source.positions import duplicate_problems, json_duplicates, problem_at

_UNREAD = "a syntax error inside a persona object: the part that could not be read is not checked"
_SENDERS = ("fetch", "axios", "ky", "got", "ofetch", "$fetch")
_VERBS = ("post", "put", "patch", "request", "fetch")
_PERSONA_KEYS = sorted(set().union(*VENDOR_KEYS.values()))
_SCOPES = frozenset(
    {"program", "statement_block", "class_body", "switch_body", "function_declaration", "arrow_function"}
)
_QUERIES = {
    "calls": f"""
        (call_expression function: (identifier) @fn arguments: (arguments) @args
            (#any-of? @fn {" ".join(f'"{s}"' for s in _SENDERS)}))
        (call_expression function: (member_expression object: (_) @on property: (property_identifier) @fn)
            arguments: (arguments) @args (#any-of? @fn {" ".join(f'"{v}"' for v in _VERBS)}))
    """,
    "bindings": "(variable_declarator name: (identifier) @name value: (_) @value)",
    "keys": f"""
        (pair key: (property_identifier) @key (#any-of? @key "personaConfig" {" ".join(f'"{k}"' for k in _PERSONA_KEYS)}))
        (pair key: (string (string_fragment) @key) (#any-of? @key "personaConfig" {" ".join(f'"{k}"' for k in _PERSONA_KEYS)}))
        (object (shorthand_property_identifier) @key (#eq? @key "personaConfig"))
    """,
}


def load_typescript(source: SourceFile, check_duplicates: bool) -> None:
    _load(source, "tsx" if source.path.lower().endswith(".tsx") else "typescript", check_duplicates)


def load_javascript(source: SourceFile, check_duplicates: bool) -> None:
    _load(source, "javascript", check_duplicates)


@cache
def _language(grammar: str) -> Any:
    import tree_sitter

    if grammar == "javascript":
        import tree_sitter_javascript

        return tree_sitter.Language(tree_sitter_javascript.language())
    import tree_sitter_typescript

    make = tree_sitter_typescript.language_tsx if grammar == "tsx" else tree_sitter_typescript.language_typescript
    return tree_sitter.Language(make())


@cache
def _query(grammar: str, name: str) -> Any:
    import tree_sitter

    return tree_sitter.Query(_language(grammar), _QUERIES[name])


def _captures(grammar: str, name: str, root: TsNode) -> list[dict[str, list[TsNode]]]:
    import tree_sitter

    return [captures for _, captures in tree_sitter.QueryCursor(_query(grammar, name)).matches(root)]


def _range(node: TsNode) -> tuple[int, int]:
    return node.start_byte, node.end_byte


@dataclass
class _File:
    """What one file's search knows: its tree, its constants, what was found and what is excluded."""

    source: SourceFile
    grammar: str
    root: TsNode
    evaluator: Evaluator = field(init=False)
    found: list[Found] = field(default_factory=list)
    excluded: set[tuple[int, int]] = field(default_factory=set)  # bodies of other vendor requests
    _bindings: dict[str, list[tuple[tuple[int, int], TsNode]]] | None = None

    def __post_init__(self) -> None:
        self.evaluator = Evaluator(self.source.text, self.source.lines, self.resolve)

    def bindings(self) -> dict[str, list[tuple[tuple[int, int], TsNode]]]:
        """Each name's declarations: the byte range of the scope it is declared in, its value."""
        if self._bindings is None:
            self._bindings = {}
            for captures in _captures(self.grammar, "bindings", self.root):
                name, value = captures["name"][0], captures["value"][0]
                scope = name.parent
                for _ in range(MAX_DEPTH):
                    if scope is None or scope.type in _SCOPES:
                        break
                    scope = scope.parent
                span = _range(scope) if scope is not None else _range(self.root)
                self._bindings.setdefault(text_of(name), []).append((span, value))
        return self._bindings

    def resolve(self, identifier: TsNode) -> TsNode | None:
        """The value of the innermost same-file declaration of `identifier` whose scope holds it."""
        at = identifier.start_byte
        best: tuple[int, TsNode] | None = None
        for (start, end), value in self.bindings().get(text_of(identifier), ()):
            if start <= at < end and value.start_byte != at and (best is None or start > best[0]):
                best = (start, value)
        return best[1] if best is not None else None

    def literal(self, node: TsNode | None) -> list[TsNode]:
        """The object or array literals an expression stands for: itself, its constant, both
        branches of a ternary."""
        out: list[TsNode] = []
        stack, steps = ([node] if node is not None else []), 0
        while stack and steps < 16:
            steps += 1
            current = unwrap(stack.pop())
            if current.type in ("object", "array"):
                out.append(current)
            elif current.type in ("identifier", "shorthand_property_identifier"):
                target = self.resolve(current)
                stack.extend([target] if target is not None else [])
            elif current.type == "ternary_expression":
                stack.extend(current.child_by_field_name(f) for f in ("alternative", "consequence"))
        return out

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


def _load(source: SourceFile, grammar: str, check_duplicates: bool) -> None:
    import tree_sitter

    data = source.text.encode("utf-8", "surrogatepass")
    tree = tree_sitter.Parser(_language(grammar)).parse(data)
    file = _File(source, grammar, tree.root_node)
    for captures in _captures(grammar, "calls", file.root):
        request(file, captures)
    keys = _captures(grammar, "keys", file.root)
    for captures in keys:  # the personaConfig of a session body or an SDK call
        key = captures["key"][0]
        if text_of(key) == "personaConfig":
            persona_config(file, key)
    file.by_shape(shaped(keys))
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
