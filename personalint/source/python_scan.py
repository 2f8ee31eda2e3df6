"""Python source: one iterative walk over a module's `ast` that collects what the Python reader
(source/python.py) needs: the calls, the candidate dict literals, every name's bindings per scope,
the functions (`def`, not methods) and the scopes of their bodies, the mutations of dicts held by
names, and a map from ast positions to the file's characters.

`ast` counts columns in UTF-8 bytes; a finding's column counts characters. `Columns` converts,
with a table per non-ASCII line built on first use (bisect, so a 5 MB line costs one pass).
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from personalint.source.positions import Mark
from personalint.source.text import LineIndex

_NON_ASCII = re.compile(r"[^\x00-\x7f]")

Position = tuple[int, int]  # (lineno, byte column) as ast has them


class Columns:
    """ast's (lineno, UTF-8 byte column) → the file's character offset and Mark."""

    def __init__(self, text: str, lines: LineIndex) -> None:
        self.text = text
        self.lines = lines
        self._tables: dict[int, tuple[list[int], list[int]] | None] = {}

    def _table(self, lineno: int) -> tuple[list[int], list[int]] | None:
        if lineno not in self._tables:
            line = self.lines.line_text(lineno)
            if line.isascii():
                self._tables[lineno] = None
            else:
                starts: list[int] = []  # byte offset of each non-ASCII character
                extra = [0]  # bytes beyond one per character, before the k-th non-ASCII character
                for match in _NON_ASCII.finditer(line):
                    starts.append(match.start() + extra[-1])
                    extra.append(extra[-1] + len(match.group().encode("utf-8", "surrogatepass")) - 1)
                self._tables[lineno] = (starts, extra)
        return self._tables[lineno]

    def offset(self, lineno: int, byte_column: int) -> int:
        lineno = min(max(lineno, 1), len(self.lines.starts))
        table = self._table(lineno)
        column = byte_column if table is None else byte_column - table[1][bisect_left(table[0], byte_column)]
        return min(self.lines.starts[lineno - 1] + max(column, 0), len(self.text))

    def mark(self, lineno: int, byte_column: int) -> Mark:
        lineno = min(max(lineno, 1), len(self.lines.starts))
        offset = self.offset(lineno, byte_column)
        return Mark(offset, lineno - 1, offset - self.lines.starts[lineno - 1])

    def start(self, node: ast.AST) -> Mark:
        return self.mark(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> Mark:
        end_line = getattr(node, "end_lineno", None) or node.lineno  # type: ignore[attr-defined]
        end_column = getattr(node, "end_col_offset", None)
        return self.mark(end_line, node.col_offset if end_column is None else end_column)  # type: ignore[attr-defined]

    def source(self, node: ast.AST, limit: int = 80) -> str:
        """The expression as written (at most `limit` characters)."""
        start = self.start(node).index
        return self.text[start : min(self.end(node).index, start + limit)]


@dataclass(eq=False)
class Mutation:
    """`name[...][key] = v`, `del name[...]`, `name.update(...)`: the dict held by `name` changes at
    run time. `path` is the container's keys (None: not literal), `key` the key set (None: any)."""

    scope: Scope
    name: str
    path: tuple[str, ...] | None
    key: str | None


@dataclass(eq=False)
class Scope:
    """A module, function, lambda, class body or comprehension: the bindings of its names, in order.

    A binding's value is the expression assigned, or None for a binding that is no constant
    (a parameter, a loop variable, an import, an augmented assignment)."""

    parent: Scope | None = None  # the scope names are looked up in next (a class body is skipped)
    is_class: bool = False
    bindings: dict[str, list[tuple[Position, ast.expr | None]]] = field(default_factory=dict)
    owner: ast.FunctionDef | ast.AsyncFunctionDef | None = None  # the function whose body this is

    def bind(self, name: str, at: Position, value: ast.expr | None) -> None:
        self.bindings.setdefault(name, []).append((at, value))

    def lookup(self, name: str, at: Position) -> tuple[ast.expr | None, Scope | None]:
        """The expression `name` holds where it is used at `at`, and the scope that binds it."""
        _, value, scope = self.entry(name, at)
        return value, scope

    def entry(self, name: str, at: Position) -> tuple[Position | None, ast.expr | None, Scope | None]:
        """The binding of `name` used at `at`: where it is bound (None: not yet), its value, its scope."""
        scope: Scope | None = self
        here = True
        while scope is not None:
            entries = scope.bindings.get(name)
            if entries:
                if not here:  # an enclosing scope: the code runs after the module is loaded
                    return entries[-1][0], entries[-1][1], scope
                before = [(position, value) for position, value in entries if position <= at]
                return (before[-1][0], before[-1][1], scope) if before else (None, None, scope)
            scope, here = scope.parent, False
        return None, None, None


@dataclass
class Module:
    """What the walk found in one module."""

    tree: ast.Module
    columns: Columns
    root: Scope
    calls: list[tuple[ast.Call, Scope]] = field(default_factory=list)
    candidates: list[tuple[ast.expr, Scope]] = field(default_factory=list)  # dict literals, dict(...) calls
    mutations: dict[str, list[Mutation]] = field(default_factory=dict)
    # each `def`: by (id of the scope that binds its name, the name, where it is bound)
    functions: dict[tuple[int, str, Position], ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict)
    bodies: dict[int, Scope] = field(default_factory=dict)  # id of a `def` → the scope of its body

    def function(self, name: ast.Name, scope: Scope) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The same-module `def` a name stands for where it is used, if it is one."""
        position, value, where = scope.entry(name.id, (name.lineno, name.col_offset))
        if position is None or value is not None or where is None:
            return None
        return self.functions.get((id(where), name.id, position))

    def mutations_of(self, name: str, scope: Scope) -> list[Mutation]:
        """The mutations of the dict `name` holds as bound in `scope`."""
        return [m for m in self.mutations.get(name, ()) if m.scope.lookup(m.name, (1 << 30, 0))[1] is scope]


_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "fatal"})
_PRINTERS = frozenset({"print", "pprint", "pp", "echo", "secho"})
_TYPE_FACTORIES = frozenset({"TypedDict", "NamedTuple", "namedtuple", "make_dataclass"})
_MUTATORS = frozenset({"update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__delitem__"})


def root_name(node: ast.expr) -> str | None:
    """The name an attribute chain starts from: `self.logger.info` → "self"."""
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def is_silent_call(call: ast.Call) -> bool:
    """A call whose arguments are never persona bodies: print, logging, type definitions."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in _PRINTERS or func.id in _TYPE_FACTORIES
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr in _PRINTERS or func.attr in _TYPE_FACTORIES:
        return True
    if func.attr in _LOG_METHODS:
        chain = _dotted(func.value).lower()
        return "log" in chain or chain in {"console", "rich", "click", "typer", "warnings", "st"}
    return False


def subscript_path(target: ast.expr) -> tuple[str | None, tuple[str, ...] | None, str | None]:
    """`name["a"]["b"]` → ("name", ("a",), "b"); a key that is not literal makes path or key None."""
    keys: list[str | None] = []
    while isinstance(target, ast.Subscript):
        key = target.slice
        literal = isinstance(key, ast.Constant) and isinstance(key.value, str | int)
        keys.append(str(key.value) if literal and isinstance(key, ast.Constant) else None)
        target = target.value
    if not isinstance(target, ast.Name) or not keys:
        return None, None, None
    keys.reverse()
    path = keys[:-1]
    if any(k is None for k in path):
        return target.id, None, None
    last = keys[-1]
    return target.id, tuple(k for k in path if k is not None), last


def scan(text: str, lines: LineIndex, tree: ast.Module) -> Module:
    """Walk `tree` once, iteratively (no recursion, whatever its depth)."""
    module = Module(tree, Columns(text, lines), Scope())
    _Walker(module).run()
    return module


# nodes with nothing to record below or in them, never pushed on the walk's stack
_LEAVES = (ast.Constant, ast.Name, ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
# the nodes `_Walker.visit` records something of
_VISITED = frozenset(
    {
        ast.FunctionDef,
        ast.AsyncFunctionDef,
        ast.Lambda,
        ast.ClassDef,
        ast.ListComp,
        ast.SetComp,
        ast.DictComp,
        ast.GeneratorExp,
        ast.Assign,
        ast.AnnAssign,
        ast.AugAssign,
        ast.NamedExpr,
        ast.Call,
        ast.Dict,
        ast.For,
        ast.AsyncFor,
        ast.withitem,
        ast.Import,
        ast.ImportFrom,
        ast.ExceptHandler,
        ast.Global,
        ast.Nonlocal,
        ast.MatchAs,
        ast.MatchStar,
        ast.MatchMapping,
        ast.Delete,
    }
)


def _children(node: ast.AST) -> list[ast.AST]:
    """The child nodes of `node` but the leaves, in ast.iter_child_nodes' order (its fields', each
    list's): without its two generators per node, a third of a module's walk."""
    out: list[ast.AST] = []
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, list):
            out.extend(item for item in value if isinstance(item, ast.AST) and not isinstance(item, _LEAVES))
        elif isinstance(value, ast.AST) and not isinstance(value, _LEAVES):
            out.append(value)
    return out


class _Walker:
    def __init__(self, module: Module) -> None:
        self.module = module

    def run(self) -> None:
        stack: list[tuple[ast.AST, Scope, bool]] = [(self.module.tree, self.module.root, False)]
        while stack:
            node, scope, silent = stack.pop()
            inner = self.visit(node, scope, silent) if type(node) in _VISITED else scope
            children = _children(node)
            if isinstance(node, ast.Dict):
                properties = {
                    id(v) for k, v in zip(node.keys, node.values, strict=True) if _constant(k) == "properties"
                }
                stack.extend((child, inner, silent or id(child) in properties) for child in reversed(children))
                continue
            if isinstance(node, ast.Call) and is_silent_call(node):
                silent = True
            stack.extend((child, inner, silent) for child in reversed(children))

    def visit(self, node: ast.AST, scope: Scope, silent: bool) -> Scope:
        """Record what `node` binds, calls or mutates; the scope its children belong to."""
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return self.function(node, scope)
        if isinstance(node, ast.ClassDef):
            scope.bind(node.name, _at(node), None)
            return Scope(scope, is_class=True)
        if isinstance(node, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            inner = Scope(scope)
            for generator in node.generators:
                self.unknown_names(generator.target, inner, (0, 0))
            return inner
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign | ast.NamedExpr):
            self.assignment(node, scope)
        elif isinstance(node, ast.Call):
            self.call(node, scope, silent)
        elif isinstance(node, ast.Dict) and not silent:
            self.module.candidates.append((node, scope))
        else:
            self.other_binding(node, scope)
        return scope

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, scope: Scope) -> Scope:
        owner = None
        if not isinstance(node, ast.Lambda):
            scope.bind(node.name, _at(node), None)
            if not scope.is_class:  # a method is not called by its bare name
                self.module.functions[(id(scope), node.name, _at(node))] = owner = node
        while scope.is_class and scope.parent is not None:
            scope = scope.parent
        inner = Scope(scope, owner=owner)
        if owner is not None:
            self.module.bodies[id(owner)] = inner
        arguments = node.args
        for arg in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg):
            if arg is not None:
                inner.bind(arg.arg, (0, 0), None)
        return inner

    def assignment(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign | ast.NamedExpr, scope: Scope) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value = node.value if not isinstance(node, ast.AugAssign) else None
        end = _end(node)
        for target in targets:
            if isinstance(target, ast.Name):
                if isinstance(node, ast.AnnAssign) and node.value is None:
                    continue
                scope.bind(target.id, end, value if len(targets) == 1 else None)
            elif isinstance(target, ast.Subscript):
                self.mutation(target, scope)
            else:
                self.unknown_names(target, scope, end)

    def call(self, node: ast.Call, scope: Scope, silent: bool) -> None:
        self.module.calls.append((node, scope))
        func = node.func
        if isinstance(func, ast.Name) and func.id == "dict" and not silent:
            self.module.candidates.append((node, scope))
        elif isinstance(func, ast.Attribute) and func.attr in _MUTATORS:
            name, path, _ = subscript_path(ast.Subscript(func.value, ast.Constant(None)))
            if name is not None:
                self.module.mutations.setdefault(name, []).append(Mutation(scope, name, path, None))

    def mutation(self, target: ast.Subscript, scope: Scope) -> None:
        name, path, key = subscript_path(target)
        if name is not None:
            self.module.mutations.setdefault(name, []).append(Mutation(scope, name, path, key))

    def other_binding(self, node: ast.AST, scope: Scope) -> None:
        """Names bound to something that is no constant: loop variables, imports, `with ... as`."""
        if isinstance(node, ast.For | ast.AsyncFor):
            self.unknown_names(node.target, scope, _at(node))
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            self.unknown_names(node.optional_vars, scope, _at(node.optional_vars))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                scope.bind((alias.asname or alias.name).split(".")[0], _at(node), None)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            scope.bind(node.name, _at(node), None)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            for name in node.names:
                scope.bind(name, _at(node), None)
        elif isinstance(node, ast.MatchAs | ast.MatchStar) and node.name:
            scope.bind(node.name, _at(node), None)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            scope.bind(node.rest, _at(node), None)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                if isinstance(target, ast.Subscript):
                    self.mutation(target, scope)

    def unknown_names(self, target: ast.AST, scope: Scope, at: Position) -> None:
        stack = [target]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Name):
                scope.bind(node.id, at, None)
            elif isinstance(node, ast.Subscript):
                self.mutation(node, scope)
            elif isinstance(node, ast.Tuple | ast.List | ast.Starred):
                stack.extend(ast.iter_child_nodes(node))


def _dotted(node: ast.expr) -> str:
    """`self.logger` → "self.logger"; "" for anything but names and attributes."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    parts.append(node.id)
    return ".".join(reversed(parts))


def _constant(node: ast.AST | None) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def _at(node: ast.AST) -> Position:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def _end(node: ast.AST) -> Position:
    return (getattr(node, "end_lineno", 0) or 0, getattr(node, "end_col_offset", 0) or 0)
