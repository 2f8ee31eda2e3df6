"""Requests in Python code (source/python.py): the method, URL and body of a call that sends one.

    requests.post(url, json=body)          httpx.put(...), client.patch(...), session.post(...)
    requests.request("POST", url, json=)   data=json.dumps(body), content=json.dumps(body)
    urllib.request.Request(url, data=json.dumps(body).encode(), method="PATCH")

The URL's static text: literals, f-strings, `+`, `%` and `.format` (their static parts: each part
known only at run time is "{}"), `urljoin`, `os.getenv("X", "literal")`, `.strip("/")` and its
kin, and names bound in the module. A request inside a same-module function with parameters
(`def _request(method, path, payload): ...`) is read once per call of the function in the module,
each parameter holding that call's argument (source/python_follow.py), then once as written (its
parameters unknown: the calls made from other modules).
"""

from __future__ import annotations

import ast
import re
from typing import Any

from personalint.source.python_follow import MAX_FOLLOW, Calls, Follower, Literal, unwrap
from personalint.source.python_scan import Scope

_PERCENT = re.compile(r"%[sdr]")  # the conversions of a URL's `%` format string (not code)
_SEND = frozenset({"post", "put", "patch"})
_BODY_KEYWORDS = ("json", "data", "content")
_STRIPS = frozenset({"strip", "lstrip", "rstrip"})
Sent = tuple[str, str, list[Literal]]  # method, URL text, the literals the body may be


class Requests:
    """The requests of one module."""

    def __init__(self, follower: Follower) -> None:
        self.follower = follower

    def sent(self, call: ast.Call, scope: Scope) -> list[Sent]:
        """What `call` sends: (method, URL, body literals), per call of the function it is in when it
        uses the function's parameters."""
        parts = request_of(call)
        if parts is None:
            return []
        direct = self.read(parts, scope, ())
        function = scope.owner
        if function is None or not _parameters(function):
            return [direct]
        follower = self.follower
        sites = [
            self.read(parts, scope, ((id(function), site, at),))
            for site, at in follower.calls_of(function.name)
            if follower.is_call_of(site, at, function)
        ]
        return [*sites, direct]

    def read(self, parts: tuple[Any, ast.expr, ast.expr], scope: Scope, calls: Calls) -> Sent:
        method, url, body = parts
        if not isinstance(method, str):  # an expression: a literal, or a parameter holding one
            method = self.text(method, scope, 0, calls) if method is not None else "POST"
            method = method.upper() if method.isalpha() else "POST"
        return method, self.text(url, scope, 0, calls), self.follower.literals(body, scope, calls)

    def text(self, expr: ast.expr | None, scope: Scope, depth: int, calls: Calls) -> str:
        """The static text of a URL expression; "{}" for each part known only at run time."""
        if expr is None or depth > MAX_FOLLOW:
            return "{}"
        if isinstance(expr, ast.Constant):
            return expr.value if isinstance(expr.value, str) else "{}"
        if isinstance(expr, ast.JoinedStr):
            parts = (v.value if isinstance(v, ast.FormattedValue) else v for v in expr.values)
            return "".join(self.text(part, scope, depth + 1, calls) for part in parts)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return self.text(expr.left, scope, depth + 1, calls) + self.text(expr.right, scope, depth + 1, calls)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):  # "%s/v2/personas" % BASE
            values = expr.right.elts if isinstance(expr.right, ast.Tuple) else [expr.right]
            texts = iter([self.text(value, scope, depth + 1, calls) for value in values])
            return _PERCENT.sub(lambda _: next(texts, "{}"), self.text(expr.left, scope, depth + 1, calls))
        if isinstance(expr, ast.Name):
            bound, where = scope.lookup(expr.id, (expr.lineno, expr.col_offset))
            if bound is not None and where is not None:
                return self.text(bound, where, depth + 1, calls)
            argument = self.follower.parameter(expr, scope, calls)
            return self.text(argument[0], argument[1], depth + 1, argument[2]) if argument is not None else "{}"
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute | ast.Name):
            return self.call_text(expr, scope, depth, calls)
        return "{}"

    def call_text(self, expr: ast.Call, scope: Scope, depth: int, calls: Calls) -> str:
        """`"{}/v2/personas".format(base)`, `urljoin(base, path)`, `os.getenv("URL", "literal")`,
        `base.rstrip("/")`."""
        func = expr.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name == "format" and isinstance(func, ast.Attribute):
            return self.text(func.value, scope, depth + 1, calls)
        if name in _STRIPS and isinstance(func, ast.Attribute) and len(expr.args) <= 1 and not expr.keywords:
            chars = _constant(expr.args[0]) if expr.args else None
            if expr.args and not isinstance(chars, str):
                return "{}"
            return getattr(self.text(func.value, scope, depth + 1, calls), name)(chars)
        if name == "urljoin" and len(expr.args) == 2:
            path = self.text(expr.args[1], scope, depth + 1, calls)
            if path.startswith("http"):
                return path
            return self.text(expr.args[0], scope, depth + 1, calls).rstrip("/") + path
        if name in {"getenv", "get"} and len(expr.args) == 2:
            return self.text(expr.args[1], scope, depth + 1, calls)
        return "{}"


def request_of(call: ast.Call) -> tuple[Any, ast.expr, ast.expr] | None:
    """(method, URL, body) of a call that sends a body: `x.post(url, json=...)`, `x.request(...)`;
    the method is a string, or the expression that gives it (None: POST)."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name in _SEND:
        method: Any = name.upper()
        url = _argument(call, 0, "url")
        body = _body(call, None)
    elif name == "request":
        method = _argument(call, 0, "method")
        url = _argument(call, 1, "url")
        body = _body(call, None)
    elif name == "Request":  # urllib.request.Request(url, data, headers, method=...)
        method = _argument(call, -1, "method")
        url = _argument(call, 0, "url")
        body = _body(call, _argument(call, 1, "data"))
    else:
        return None
    if url is None or body is None:
        return None
    return method, url, body


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    arguments = function.args
    return bool(arguments.posonlyargs or arguments.args or arguments.kwonlyargs)


def _argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    for item in call.keywords:
        if item.arg == keyword:
            return item.value
    if 0 <= index < len(call.args) and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    return None


def _body(call: ast.Call, positional: ast.expr | None) -> ast.expr | None:
    """`json=body`, or `data=`/`content=` of `json.dumps(body)` (a dict in `data=` is a form)."""
    for keyword in _BODY_KEYWORDS:
        value = _argument(call, -1, keyword)
        if value is not None:
            return value if keyword == "json" or unwrap(value) is not value or isinstance(value, ast.Name) else None
    return positional


def _constant(node: ast.AST | None) -> Any:
    return node.value if isinstance(node, ast.Constant) else None
