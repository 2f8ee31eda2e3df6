"""Following a Python expression to the dict and list literals it stands for, within one module
(source/python.py finds the bodies a request sends with it, python_eval.py the values of
`NAME["key"]`).

Followed: names bound in the module (`body = {...}`), both branches of `a if c else b`, each
operand of `a or b` (an empty `{}`/`[]` default aside), `json.dumps(x)`, `.encode()`, `await x`,
`NAME["key"]` / `NAME[0]` of a same-module literal, what a same-module function returns
(`json=build_persona()`: each `return` of a literal; a parameter it returns is the argument of that
call), and a parameter of a same-module function (`def create(persona): requests.post(url,
json=persona)`): the argument each call of it in the module passes by position or keyword, or its
default.

Not followed: methods (`self.build()`), imported functions, calls through another name, `*args` and
`**kwargs`, a key of a literal that a `**` spread or a computed key after it may override. Every
walk is bounded (MAX_STEPS, MAX_FOLLOW) and visits each node once, so a cycle only ends it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from personalint.source.python_scan import Module, Scope

MAX_FOLLOW = 8  # names followed in a row (a = b; b = c; ...)
MAX_STEPS = 64  # expressions looked at to find the literals one expression stands for
Function = ast.FunctionDef | ast.AsyncFunctionDef
Calls = tuple[tuple[int, ast.Call, Scope], ...]  # (id of a def, the call of it being followed, its scope)


@dataclass(frozen=True, eq=False)
class Via:
    """A name a literal was reached through: what the code changes in the dict it holds (at `prefix`
    inside it, for `NAME["key"]`) changes the literal."""

    name: str
    scope: Scope
    prefix: tuple[str, ...] = ()


Literal = tuple[ast.expr, Scope, tuple[Via, ...]]  # the literal, its scope, the names it came through
_Step = tuple[ast.expr, Scope, tuple[Via, ...], Calls]
_Site = tuple[ast.expr, Scope, Calls]  # what a parameter holds, where, and the calls followed to it


def unwrap(expr: ast.expr) -> ast.expr:
    """`json.dumps(body)`, `json.dumps(body).encode()`, `await body` → `body`."""
    for _ in range(6):
        if isinstance(expr, ast.Await):
            expr = expr.value
            continue
        func = expr.func if isinstance(expr, ast.Call) else None
        if not isinstance(expr, ast.Call) or not isinstance(func, ast.Attribute):
            break
        if func.attr == "dumps" and expr.args:
            expr = expr.args[0]
        elif func.attr == "encode":
            expr = func.value
        else:
            break
    return expr


def is_dict_call(expr: ast.expr) -> bool:
    """`dict(a=1, **b)` or `dict(literal)`."""
    return (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Name)
        and expr.func.id == "dict"
        and len(expr.args) <= 1
    )


def is_literal(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Dict | ast.List | ast.Tuple) or is_dict_call(expr)


class Follower:
    """Follows the expressions of one module to their literals."""

    def __init__(self, module: Module) -> None:
        self.module = module
        self._returns: dict[int, list[ast.expr]] = {}
        self._calls: dict[str, list[tuple[ast.Call, Scope]]] | None = None

    def literals(self, expr: ast.expr, scope: Scope, calls: Calls = ()) -> list[Literal]:
        """The dict and list literals `expr` may stand for, in the order they are met (`calls`: the
        calls being followed, whose arguments the parameters of their functions hold)."""
        out: list[Literal] = []
        stack: list[_Step] = [(expr, scope, (), calls)]
        seen: set[int] = set()
        for _ in range(MAX_STEPS):
            if not stack:
                break
            current, where, through, calls = stack.pop()
            current = unwrap(current)
            if id(current) in seen:
                continue
            seen.add(id(current))
            if is_literal(current):
                out.append((current, where, through))
            else:
                stack.extend(reversed(self.steps(current, where, through, calls)))
        return out

    def steps(self, expr: ast.expr, scope: Scope, vias: tuple[Via, ...], calls: Calls) -> list[_Step]:
        """What `expr` stands for, one step on."""
        if isinstance(expr, ast.IfExp):
            return [(expr.body, scope, vias, calls), (expr.orelse, scope, vias, calls)]
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
            operands = [v for v in expr.values if not _empty(v)] or expr.values[-1:]
            return [(v, scope, vias, calls) for v in operands]
        if isinstance(expr, ast.Name):
            position, bound, where = scope.entry(expr.id, (expr.lineno, expr.col_offset))
            if where is None or position is None:
                return []
            if bound is not None:
                return [(bound, where, (*vias, Via(expr.id, where)), calls)]
            through = (*vias, Via(expr.id, where))
            return [(arg, at, through, rest) for arg, at, rest in self.arguments(expr.id, position, where, calls)]
        if isinstance(expr, ast.Subscript):
            member = self.member(expr, scope)
            return [(member[0], member[1], (*vias, *member[2]), calls)] if member is not None else []
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name):
            function = self.module.function(expr.func, scope)
            if function is None:
                return []
            body = self.module.bodies[id(function)]
            inner: Calls = (*calls, (id(function), expr, scope))
            return [(value, body, vias, inner) for value in self.returns(function)]
        return []

    # parameters

    def parameter(self, name: ast.Name, scope: Scope, calls: Calls) -> tuple[ast.expr, Scope, Calls] | None:
        """The argument a parameter holds in the call of its function being followed, if one is."""
        position, bound, where = scope.entry(name.id, (name.lineno, name.col_offset))
        if bound is not None or position is None or where is None or not calls:
            return None
        sites = self.arguments(name.id, position, where, calls)
        return sites[0] if len(sites) == 1 else None

    def arguments(self, name: str, position: tuple[int, int], scope: Scope, calls: Calls) -> list[_Site]:
        """What a parameter of a same-module function holds: the argument of the call being followed,
        or of each call of the function in the module, or its default."""
        function = scope.owner
        if function is None or position != (0, 0):
            return []
        following = [(call, at, calls[:i]) for i, (owner, call, at) in enumerate(calls) if owner == id(function)]
        if following:
            sites = following[-1:]
        else:
            sites = [(call, at, ()) for call, at in self.calls_of(function.name) if self.is_call_of(call, at, function)]
        out: list[_Site] = []
        for call, at, rest in sites:
            argument = _argument(function, name, call)
            if argument is not None:
                out.append((argument, at, rest))
                continue
            default = _default(function, name)
            unpacked = any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords)
            if default is not None and not unpacked and scope.parent is not None:
                out.append((default, scope.parent, ()))
        return out

    def calls_of(self, name: str) -> list[tuple[ast.Call, Scope]]:
        if self._calls is None:
            self._calls = {}
            for call, at in self.module.calls:
                if isinstance(call.func, ast.Name):
                    self._calls.setdefault(call.func.id, []).append((call, at))
        return self._calls.get(name, [])

    def is_call_of(self, call: ast.Call, scope: Scope, function: Function) -> bool:
        return isinstance(call.func, ast.Name) and self.module.function(call.func, scope) is function

    def returns(self, function: Function) -> list[ast.expr]:
        """The values of a function's own `return` statements (not those of functions inside it)."""
        if id(function) not in self._returns:
            values: list[ast.expr] = []
            stack: list[ast.AST] = list(reversed(function.body))
            while stack:
                node = stack.pop()
                if isinstance(node, ast.Return):
                    if node.value is not None:
                        values.append(node.value)
                elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    stack.extend(reversed([c for c in ast.iter_child_nodes(node) if _holds_statements(c)]))
            self._returns[id(function)] = values
        return self._returns[id(function)]

    # NAME["key"]

    def member(self, expr: ast.Subscript, scope: Scope) -> tuple[ast.expr, Scope, tuple[Via, ...]] | None:
        """`NAME["a"][0]`: the expression written at that place of a same-module literal, its scope,
        and the names it was reached through (each with the keys taken after it)."""
        keys: list[str | int] = []
        base: ast.expr = expr
        while isinstance(base, ast.Subscript):
            key = base.slice.value if isinstance(base.slice, ast.Constant) else None
            if not isinstance(key, str | int) or isinstance(key, bool):
                return None
            keys.append(key)
            base = base.value
        current, where = base, scope
        names: list[tuple[str, Scope, int]] = []  # a name, its scope, how many keys were taken before it
        for taken, key in enumerate(reversed(keys)):
            for _ in range(MAX_FOLLOW):
                if not isinstance(current, ast.Name):
                    break
                bound, bound_in = where.lookup(current.id, (current.lineno, current.col_offset))
                if bound is None or bound_in is None:
                    return None
                names.append((current.id, bound_in, taken))
                current, where = bound, bound_in
            item = _item(current, key)
            if item is None:
                return None
            current = item
        path = tuple(str(key) for key in reversed(keys))
        return current, where, tuple(Via(name, at, path[taken:]) for name, at, taken in names)


def _empty(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Dict | ast.List | ast.Tuple) and not (
        expr.keys if isinstance(expr, ast.Dict) else expr.elts
    )


def _holds_statements(node: ast.AST) -> bool:
    return isinstance(node, ast.stmt | ast.excepthandler | ast.match_case)


def _item(container: ast.expr, key: str | int) -> ast.expr | None:
    """The expression at `key` of a dict or list literal, when no later part may override it."""
    if isinstance(container, ast.Dict):
        for key_expr, value in reversed(list(zip(container.keys, container.values, strict=True))):
            if not isinstance(key_expr, ast.Constant):  # a spread or a computed key may be it
                return None
            if type(key_expr.value) is type(key) and key_expr.value == key:
                return value
        return None
    if is_dict_call(container) and isinstance(container, ast.Call) and not container.args:
        for keyword in reversed(container.keywords):
            if keyword.arg is None:
                return None
            if keyword.arg == key:
                return keyword.value
        return None
    if isinstance(container, ast.List | ast.Tuple) and isinstance(key, int):
        if any(isinstance(e, ast.Starred) for e in container.elts) or not -len(container.elts) <= key < len(
            container.elts
        ):
            return None
        return container.elts[key]
    return None


def _argument(function: Function, name: str, call: ast.Call) -> ast.expr | None:
    """The argument `call` passes for the parameter `name` (None: none, or behind a `*`/`**`)."""
    arguments = function.args
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    positional = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
    if name not in positional:
        return None
    index = positional.index(name)
    before = call.args[: index + 1]
    if any(isinstance(a, ast.Starred) for a in before) or index >= len(call.args):
        return None
    return call.args[index]


def _default(function: Function, name: str) -> ast.expr | None:
    arguments = function.args
    positional = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
    if name in positional:
        index = positional.index(name) - (len(positional) - len(arguments.defaults))
        return arguments.defaults[index] if index >= 0 else None
    for arg, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
        if arg.arg == name:
            return default
    return None
