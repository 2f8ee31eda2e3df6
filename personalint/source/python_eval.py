"""Partial evaluation of a Python expression found in a module (source/python.py): what is
literal becomes a value, with a node tree marked in the file; the rest becomes `Unknown`.

Literals: str (implicit and `+` concatenation, f-strings without substitutions), int, float,
True/False/None, lists and tuples (with `*` of known lists), dicts (with `**` of known dicts),
`dict(a=1, **b)`, names bound to such expressions in the module and `NAME["key"]` of a
same-module literal (python_follow.py; followed a few steps, never in a cycle).
`os.getenv("X", "lit")` and `os.environ.get(...)`, `x or "lit"` are unknown with a fallback. A
dict with a `**` of something unknown or a key that is not literal is *open*: no key is reported
missing from it. Any other call, even of a same-module function (`"layers": build_layers()`), and a
parameter are unknown.

Nodes are where each value is written: a value reached through a name (`"layers": LAYERS`,
`"base_url": BASE_URL`) or `NAME["key"]` at its own expression in the name's definition, a
spread's keys (`{**BASE}`) at their keys in BASE; a key of the literal itself where it is
written. A name that holds no constant (a parameter, an import, a call's result) is marked
where it is used.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from personalint import pointer as jp
from personalint.source.code import MappingNode, Node, ScalarNode, SequenceNode, Unknown
from personalint.source.limits import MAX_DEPTH
from personalint.source.python_follow import MAX_FOLLOW, Follower
from personalint.source.python_scan import Module, Scope

__all__ = ["MAX_FOLLOW", "Evaluation", "Evaluator"]
_ENV_GETTERS = frozenset({"getenv", "get"})


@dataclass
class Evaluation:
    """One object's value and nodes, and what else evaluating it found."""

    value: Any = None
    node: Node | None = None
    open: set[str] = field(default_factory=set)
    consumed: set[int] = field(default_factory=set)  # ids of the literals it is made of
    duplicates: list[tuple[Node, Node, Node]] = field(default_factory=list)
    too_deep: ast.AST | None = None  # where the nesting passed MAX_DEPTH


class Evaluator:
    """Evaluates expressions of one module; `evaluate` gives each object its own Evaluation."""

    def __init__(self, module: Module) -> None:
        self.module = module
        self.columns = module.columns
        self.follower = Follower(module)
        self.result = Evaluation()
        self.following: list[int] = []

    def evaluate(self, expr: ast.expr, scope: Scope) -> Evaluation:
        self.result, self.following = Evaluation(), []
        self.result.value, self.result.node = self.value(expr, scope, "", 0, True)
        return self.result

    def value(self, expr: ast.expr, scope: Scope, here: str, depth: int, build: bool) -> tuple[Any, Node | None]:
        """The value of `expr` at pointer `here`, and its node (only when `build`)."""
        if depth > MAX_DEPTH:
            if self.result.too_deep is None:
                self.result.too_deep = expr
            return Unknown("…"), self.scalar(None, expr, build)
        if isinstance(expr, ast.Dict):
            return self.mapping(expr, scope, here, depth, build)
        if isinstance(expr, ast.List | ast.Tuple):
            return self.sequence(expr, scope, here, depth, build)
        if isinstance(expr, ast.Name):
            return self.name(expr, scope, here, depth, build)
        if isinstance(expr, ast.Subscript):
            return self.subscript(expr, scope, here, depth, build)
        if isinstance(expr, ast.Call) and _is_dict_call(expr):
            return self.dict_call(expr, scope, here, depth, build)
        return self.scalar_value(expr, scope, depth), self.scalar(None, expr, build)

    def scalar(self, value: Any, expr: ast.AST, build: bool) -> Node | None:
        if not build:
            return None
        start, end = self.columns.start(expr), self.columns.end(expr)
        return ScalarNode(value, start, end)

    def unknown(self, expr: ast.AST, fallback: Any = None) -> Unknown:
        return Unknown(" ".join(self.columns.source(expr).split()), fallback)

    # containers

    def mapping(self, expr: ast.Dict, scope: Scope, here: str, depth: int, build: bool) -> tuple[Any, Node | None]:
        self.result.consumed.add(id(expr))
        value: dict[str, Any] = {}
        node = MappingNode([], self.columns.start(expr), self.columns.end(expr)) if build else None
        first: dict[str, Node] = {}
        for key_expr, item in zip(expr.keys, expr.values, strict=True):
            if key_expr is None:
                self.spread(item, scope, here, depth, value, node)
                continue
            key = self.key(key_expr, scope, depth)
            if key is None:
                self.result.open.add(here)
                continue
            value[key], item_node = self.value(item, scope, jp.join(here, key), depth + 1, build)
            if node is not None and item_node is not None:
                key_node = ScalarNode(key, self.columns.start(key_expr), self.columns.end(key_expr))
                if key in first:
                    self.result.duplicates.append((node, key_node, first[key]))
                first[key] = key_node
                node.value.append((key_node, item_node))
        return value, node

    def spread(self, item: ast.expr, scope: Scope, here: str, depth: int, value: dict, node: Node | None) -> None:
        """`**other`: its keys join the dict (their nodes where `other` has them), or the dict is open."""
        spread, spread_node = self.value(item, scope, here, depth + 1, node is not None)
        if not isinstance(spread, dict):
            self.result.open.add(here)
            return
        pairs = {k.value: (k, v) for k, v in spread_node.value} if isinstance(spread_node, MappingNode) else {}
        for key, item_value in spread.items():
            value.pop(key, None)  # a later key wins, and takes the later place
            value[key] = item_value
            if node is not None:  # a key the code sets at run time: at the spread
                start, end = self.columns.start(item), self.columns.end(item)
                node.value.append(pairs.get(key) or (ScalarNode(key, start, end), ScalarNode(None, start, end)))

    def key(self, expr: ast.expr, scope: Scope, depth: int) -> str | None:
        """A dict key as json.dumps writes it; None when it is not known."""
        key, _ = self.value(expr, scope, "", depth + 1, False)
        if isinstance(key, str):
            return key
        if isinstance(key, bool) or key is None:
            return {True: "true", False: "false", None: "null"}[key]
        if isinstance(key, int | float):
            return repr(key) if isinstance(key, float) else str(key)
        return None

    def sequence(self, expr: ast.List | ast.Tuple, scope: Scope, here: str, depth: int, build: bool) -> tuple[Any, Any]:
        self.result.consumed.add(id(expr))
        items: list[Any] = []
        nodes: list[Node] = []
        for element in expr.elts:
            if isinstance(element, ast.Starred):
                starred, _ = self.value(element.value, scope, here, depth + 1, False)
                if not isinstance(starred, list):  # its length is not known: nor is the list
                    return self.unknown(expr), self.scalar(None, expr, build)
                items.extend(starred)
                node = self.scalar(None, element, build)
                nodes.extend([node] * len(starred) if node is not None else [])
                continue
            item, node = self.value(element, scope, jp.join(here, len(items)), depth + 1, build)
            items.append(item)
            if node is not None:
                nodes.append(node)
        if not build:
            return items, None
        return items, SequenceNode(nodes, self.columns.start(expr), self.columns.end(expr))

    def dict_call(self, expr: ast.Call, scope: Scope, here: str, depth: int, build: bool) -> tuple[Any, Node | None]:
        """`dict(a=1, **b)` (and `dict(literal, a=1)`): keyword names are the keys."""
        self.result.consumed.add(id(expr))
        value: dict[str, Any] = {}
        node = MappingNode([], self.columns.start(expr), self.columns.end(expr)) if build else None
        if expr.args:
            self.spread(expr.args[0], scope, here, depth, value, node)
        for keyword in expr.keywords:
            if keyword.arg is None:
                self.spread(keyword.value, scope, here, depth, value, node)
                continue
            value.pop(keyword.arg, None)
            value[keyword.arg], item_node = self.value(
                keyword.value, scope, jp.join(here, keyword.arg), depth + 1, build
            )
            if node is not None and item_node is not None:
                start = self.columns.start(keyword)
                end_column = keyword.col_offset + len(keyword.arg.encode("utf-8"))
                key_node = ScalarNode(keyword.arg, start, self.columns.mark(keyword.lineno, end_column))
                node.value.append((key_node, item_node))
        return value, node

    # names

    def name(self, expr: ast.Name, scope: Scope, here: str, depth: int, build: bool) -> tuple[Any, Node | None]:
        """The value of a same-module name, followed where it was bound (not in a cycle), with its
        nodes there."""
        bound, where = scope.lookup(expr.id, (expr.lineno, expr.col_offset))
        if bound is None or where is None or id(bound) in self.following or len(self.following) >= MAX_FOLLOW:
            return self.unknown(expr), self.scalar(None, expr, build)
        self.following.append(id(bound))
        try:
            value, node = self.value(bound, where, here, depth, build)
        finally:
            self.following.pop()
        self.mutate(value, expr.id, where, here)
        return value, node

    def mutate(self, value: Any, name: str, scope: Scope, here: str, prefix: tuple[str, ...] = ()) -> bool:
        """What the code changes in the dict `name` holds (at `prefix` inside it): its keys' values
        are not known then. True when the code may replace the part at `prefix` itself."""
        replaced = False
        for mutation in self.module.mutations_of(name, scope):
            path = mutation.path
            if path is not None and path[: len(prefix)] != prefix:
                # another part of the dict, or one around the part: that may replace it
                around = prefix[: len(path)] == path and mutation.key in (None, prefix[len(path)])
                replaced = replaced or around
                continue
            if not isinstance(value, dict):
                continue
            container: Any = value
            for token in (path or ())[len(prefix) :]:
                container = container.get(token) if isinstance(container, dict) else None
            if path is None or not isinstance(container, dict):
                self.result.open.add(here)
                continue
            self.result.open.add(jp.join(here, *path[len(prefix) :]))
            if mutation.key is not None:
                container[mutation.key] = Unknown(f"{name}[{mutation.key!r}] set at run time")
        return replaced

    # scalars

    def scalar_value(self, expr: ast.expr, scope: Scope, depth: int) -> Any:
        if isinstance(expr, ast.Constant):
            return expr.value if isinstance(expr.value, str | int | float | type(None)) else self.unknown(expr)
        if isinstance(expr, ast.JoinedStr):
            parts = [v.value for v in expr.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
            return "".join(parts) if len(parts) == len(expr.values) else self.unknown(expr)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return self.concatenation(expr, scope, depth)
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub) and isinstance(expr.operand, ast.Constant):
            number = expr.operand.value
            return -number if isinstance(number, int | float) and not isinstance(number, bool) else self.unknown(expr)
        if isinstance(expr, ast.IfExp):
            both = (expr.body, expr.orelse)
            if all(isinstance(e, ast.Constant) for e in both) and _same(expr.body, expr.orelse):
                return self.scalar_value(expr.body, scope, depth)
            return self.unknown(expr)
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):  # `os.getenv("X") or DEFAULT`
            fallback, _ = self.value(expr.values[-1], scope, "", depth + 1, False)
            return self.unknown(expr, None if isinstance(fallback, Unknown) else fallback)
        if isinstance(expr, ast.Call):
            return self.call(expr)
        if isinstance(expr, ast.Subscript):
            return self.item(expr, scope, depth)
        return self.unknown(expr)

    def concatenation(self, expr: ast.BinOp, scope: Scope, depth: int) -> Any:
        """`"a" + "b" + NAME`: a string when every part is one (the chain is flattened, not recursed)."""
        parts: list[ast.expr] = []
        left: ast.expr = expr
        while isinstance(left, ast.BinOp) and isinstance(left.op, ast.Add):
            parts.append(left.right)
            left = left.left
        parts.append(left)
        text = []
        for part in reversed(parts):
            value, _ = self.value(part, scope, "", depth + 1, False)
            if not isinstance(value, str):
                return self.unknown(expr)
            text.append(value)
        return "".join(text)

    def call(self, expr: ast.Call) -> Any:
        """`os.getenv("X", "lit")`, `os.environ.get("X", "lit")`: unknown, falling back to the literal."""
        func = expr.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        environ = isinstance(func, ast.Attribute) and _attribute_name(func.value) == "environ"
        if name == "getenv" or (environ and name in _ENV_GETTERS):
            default = expr.args[1] if len(expr.args) > 1 else None
            for keyword in expr.keywords:
                if keyword.arg == "default":
                    default = keyword.value
            fallback = default.value if isinstance(default, ast.Constant) else None
            return self.unknown(expr, fallback)
        return self.unknown(expr)

    def subscript(self, expr: ast.Subscript, scope: Scope, here: str, depth: int, build: bool) -> tuple[Any, Any]:
        """`CONSTANTS["key"]` of a same-module dict, at the value where the dict has it; anything else
        (`os.environ["X"]`, `ROWS[i]`) is unknown."""
        member = self.follower.member(expr, scope)
        if member is not None and id(member[0]) not in self.following and len(self.following) < MAX_FOLLOW:
            target, where, vias = member
            self.following.append(id(target))
            try:
                value, node = self.value(target, where, here, depth, build)
            finally:
                self.following.pop()
            if not any([self.mutate(value, via.name, via.scope, here, via.prefix) for via in vias]):
                return value, node
            return self.unknown(expr), self.scalar(None, expr, build)
        return self.scalar_value(expr, scope, depth), self.scalar(None, expr, build)

    def item(self, expr: ast.Subscript, scope: Scope, depth: int) -> Any:
        """`CONSTANTS["key"]` when the key is behind a spread of the dict: its value, unmarked."""
        if not isinstance(expr.value, ast.Name) or not isinstance(expr.slice, ast.Constant):
            return self.unknown(expr)
        container, _ = self.value(expr.value, scope, "", depth + 1, False)
        key = expr.slice.value
        if isinstance(container, dict) and isinstance(key, str) and key in container:
            return container[key]
        if isinstance(container, list) and isinstance(key, int) and -len(container) <= key < len(container):
            return container[key]
        return self.unknown(expr)


def _is_dict_call(expr: ast.Call) -> bool:
    return isinstance(expr.func, ast.Name) and expr.func.id == "dict" and len(expr.args) <= 1


def _attribute_name(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""


def _same(a: ast.expr, b: ast.expr) -> bool:
    return (
        isinstance(a, ast.Constant)
        and isinstance(b, ast.Constant)
        and type(a.value) is type(b.value)
        and a.value == b.value
    )
