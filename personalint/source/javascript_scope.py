"""Where each name of a TypeScript/JavaScript file is bound, and which binding a use of it sees.

A binding is a `const`/`let`/`var` declarator with a value (the value is what the name stands
for), a function declaration (the function), or one that stands for nothing known: a
declarator without a value, a destructuring pattern (`const { a } = body`), a parameter, a
`catch` parameter, a `for (const x of xs)` variable. Each binding holds in its scope (the block
of a `let`/`const`, the function of a `var` or a parameter, the program); a use sees the
innermost binding whose scope holds it, so a parameter or a block's `const` shadows a module
constant of the same name. A plain parameter (`function f(config)`, `(config = {}) =>`) keeps its
function and position: the arguments of the same-file calls of that function are what it holds
(javascript_follow.py). Not read: `this.x`, class fields, imports (a name imported stands for
nothing, but no module-level constant of the same name can exist beside it either).
"""

from __future__ import annotations

from typing import NamedTuple

from personalint.source.javascript_tree import (
    FUNCTIONS,
    Span,
    TsNode,
    arguments_of,
    occurrences,
    span_of,
    text_of,
)
from personalint.source.limits import MAX_DEPTH

_BLOCKS = frozenset({"program", "statement_block", "class_body", "switch_body", "for_statement", "for_in_statement"})
_SCOPES = _BLOCKS | FUNCTIONS | {"catch_clause"}
# the bindings of names, matched in the file's one query pass (javascript.py)
BINDINGS = """
    (variable_declarator name: (identifier) @name value: (_) @value)
    (variable_declarator name: (identifier) @bare !value)
    (variable_declarator name: [(object_pattern) (array_pattern)] @pattern)
    (formal_parameters) @parameters
    (arrow_function parameter: (identifier) @parameter)
    (catch_clause parameter: (_) @pattern)
    (for_in_statement left: (_) @pattern)
    (function_declaration name: (identifier) @function)
    (generator_function_declaration name: (identifier) @function)
"""
MAX_CALLS = 16  # the call sites of one function followed


class Binding(NamedTuple):  # immutable: a NamedTuple costs a fifth of a frozen dataclass to define
    """One binding of a name: the scope it holds in, the name's node, what it stands for."""

    scope: Span
    at: int  # the start byte of the name where it is bound
    value: TsNode | None = None  # the declarator's value, the function declared; None: not known
    function: TsNode | None = None  # a parameter's function
    index: int = -1  # type: ignore[assignment]  # a plain parameter's position (-1: destructured, rest, or no parameter)


class Scopes:
    """The bindings of one file's names (read once, when a name is first looked up)."""

    def __init__(self, grammar: str, data: bytes, root: TsNode, bindings: list[dict[str, list[TsNode]]]) -> None:
        self.grammar, self.data, self.root = grammar, data, root
        self._bindings = bindings  # the matches of BINDINGS in the file
        self._table: dict[str, list[Binding]] | None = None

    def table(self) -> dict[str, list[Binding]]:
        if self._table is None:
            self._table = {}
            for found in self._bindings:
                self._read(found)
        return self._table

    def _bind(self, name: TsNode, binding: Binding) -> None:
        self.table().setdefault(text_of(name), []).append(binding)

    def _read(self, found: dict[str, list[TsNode]]) -> None:
        if "name" in found:
            name, value = found["name"][0], found["value"][0]
            self._bind(name, Binding(_scope(name.parent, _is_var(name.parent)), name.start_byte, value))
        elif "bare" in found:
            name = found["bare"][0]
            self._bind(name, Binding(_scope(name.parent, _is_var(name.parent)), name.start_byte))
        elif "pattern" in found:
            holder = found["pattern"][0].parent
            if holder.type in _SCOPES:  # a catch clause, a for-in/of loop
                span = span_of(holder)
            else:  # a declarator
                span = _scope(holder, _is_var(holder))
            for name in pattern_names(found["pattern"][0]):
                self._bind(name, Binding(span, name.start_byte))
        elif "parameter" in found:
            name = found["parameter"][0]
            function = name.parent
            self._bind(name, Binding(span_of(function), name.start_byte, None, function, 0))
        elif "parameters" in found:
            self._parameters(found["parameters"][0])
        elif "function" in found:
            name = found["function"][0]
            declaration = name.parent
            self._bind(name, Binding(_scope(declaration, False), name.start_byte, declaration))

    def _parameters(self, parameters: TsNode) -> None:
        function = parameters.parent
        if function is None:
            return
        for index, parameter in enumerate(arguments_of(parameters)):
            plain = _plain(parameter)
            for name in pattern_names(parameter):
                position = index if plain is not None and name == plain else -1
                self._bind(name, Binding(span_of(function), name.start_byte, None, function, position))

    def binding(self, identifier: TsNode) -> Binding | None:
        """The innermost binding of `identifier`'s name whose scope holds it."""
        at = identifier.start_byte
        best: Binding | None = None
        for binding in self.table().get(text_of(identifier), ()):
            start, end = binding.scope
            if not start <= at < end or binding.at == at:
                continue
            if binding.value is not None and binding.value.start_byte == at:
                continue  # `const x = x`
            if best is None or start > best.scope[0]:
                best = binding
        return best

    def resolve(self, identifier: TsNode) -> TsNode | None:
        """What a name stands for where it is used: its binding's value, if one is known."""
        binding = self.binding(identifier)
        return binding.value if binding is not None else None

    def calls_of(self, function: TsNode) -> list[list[TsNode]]:
        """The argument lists of the same-file calls `name(...)` of `function` (at most MAX_CALLS)."""
        name = _function_name(function)
        out: list[list[TsNode]] = []
        for callee in occurrences(self.data, self.root, text_of(name)) if name is not None else ():
            call = callee.parent
            called = (
                call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
            )
            if called is None or span_of(called) != span_of(callee):
                continue
            binding = self.binding(callee)
            arguments = call.child_by_field_name("arguments")
            if binding is None or binding.value is None or span_of(binding.value) != span_of(function):
                continue
            out.append(arguments_of(arguments) if arguments is not None else [])
            if len(out) >= MAX_CALLS:
                break
        return out


def pattern_names(node: TsNode) -> list[TsNode]:
    """The names a binding pattern binds: `a`, `{ a, b: c, d = 1 }`, `[e, ...f]`, `g: T = x`."""
    out: list[TsNode] = []
    stack = [node]
    while stack:
        current = stack.pop()
        kind = current.type
        if kind in ("identifier", "shorthand_property_identifier_pattern"):
            out.append(current)
        elif kind in ("required_parameter", "optional_parameter"):
            stack.extend(_field(current, "pattern"))
        elif kind in ("assignment_pattern", "object_assignment_pattern"):
            stack.extend(_field(current, "left"))
        elif kind == "pair_pattern":
            stack.extend(_field(current, "value"))
        elif kind in ("object_pattern", "array_pattern", "rest_pattern"):
            stack.extend(current.named_children)
    return out


def _field(node: TsNode, name: str) -> list[TsNode]:
    child = node.child_by_field_name(name)
    return [child] if child is not None else []


def _plain(parameter: TsNode) -> TsNode | None:
    """The name of a parameter that takes its argument whole: `x`, `x: T`, `x = {}`, `x?: T`."""
    for _ in range(3):
        if parameter.type == "identifier":
            return parameter
        if parameter.type in ("required_parameter", "optional_parameter"):
            parameter = parameter.child_by_field_name("pattern")
        elif parameter.type == "assignment_pattern":
            parameter = parameter.child_by_field_name("left")
        else:
            return None
        if parameter is None:
            return None
    return None


def _is_var(declarator: TsNode) -> bool:
    return declarator.parent is not None and declarator.parent.type == "variable_declaration"


def _scope(declaration: TsNode, var: bool) -> Span:
    """The byte range a declaration holds in: its block (a `var`: its function), else the program."""
    kinds = FUNCTIONS | {"program"} if var else _SCOPES
    scope = declaration.parent
    top = declaration
    for _ in range(MAX_DEPTH * 4):
        if scope is None:
            break
        if scope.type in kinds:
            return span_of(scope)
        top, scope = scope, scope.parent
    return span_of(top)


def _function_name(function: TsNode) -> TsNode | None:
    """The name a function is called by: its declaration's, or the declarator's it is the value of."""
    if function.type in ("function_declaration", "generator_function_declaration"):
        return function.child_by_field_name("name")
    holder = function.parent
    for _ in range(4):
        if holder is None or holder.type not in ("parenthesized_expression", "as_expression", "satisfies_expression"):
            break
        holder = holder.parent
    if holder is not None and holder.type == "variable_declarator":
        name = holder.child_by_field_name("name")
        return name if name is not None and name.type == "identifier" else None
    return None
