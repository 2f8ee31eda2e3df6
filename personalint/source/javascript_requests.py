"""Which object literals of a TypeScript/JavaScript file are persona bodies: the requests that send
them (`fetch`, axios, ky, got), the `personaConfig` properties, and the objects shaped like one.

A body or a `personaConfig` is each literal it may be (javascript_follow.py `alternatives`): a
ternary's branches, the right side of `config || DEFAULTS`, the arguments a function's parameter
is called with in the file, a same-file function's returns, the values of `PERSONAS[name]`. A
`personaConfig` inside a body read already is one more object only where the body could not
inline it (the body's document holds an unknown value there).

The URL of a request is evaluated from its static parts: a literal, a template literal whose
substitutions are same-file constants or stand for an unknown segment (`${BASE}/v2/personas/${id}`),
a `+` chain; the method from the options (fetch, axios, got, ky default to GET). The kind comes
from `kinds.endpoints.request_kind`.
"""

from __future__ import annotations

from typing import Any, Protocol

from personalint.kinds import VENDOR_KEYS
from personalint.kinds.endpoints import NOT_PERSONA, request_kind
from personalint.source.javascript_eval import Evaluator, string_value, unescape, unwrap
from personalint.source.javascript_follow import Follower
from personalint.source.javascript_tree import TsNode, arguments_of, span_of, text_of
from personalint.source.limits import MAX_DEPTH

_UNKNOWN_SEGMENT = "{x}"  # a substitution of the URL that is not known: one path segment
_SESSION = "the personaConfig of an Anam session"


class FileSearch(Protocol):
    """What the loader (javascript.py) offers the search: its constants, its literals, its finds."""

    evaluator: Evaluator
    follower: Follower
    excluded: set[tuple[int, int]]

    def resolve(self, identifier: TsNode) -> TsNode | None: ...
    def literal(self, node: TsNode | None) -> list[TsNode]: ...
    def taken(self, node: TsNode) -> bool: ...
    def add(self, literal: TsNode, kind: str | None, reason: str) -> None: ...


def _property(file: FileSearch, options: TsNode | None, name: str) -> TsNode | None:
    """The value of `name` in an options object (a literal or a same-file constant), if written."""
    for literal in file.literal(options)[:1]:
        for child in literal.named_children:
            if child.type == "pair":
                key = child.child_by_field_name("key")
                if key is not None and _key_text(key) == name:
                    return child.child_by_field_name("value")
            elif child.type == "shorthand_property_identifier" and text_of(child) == name:
                return child
    return None


def _key_text(key: TsNode) -> str:
    return string_value(key) if key.type == "string" else text_of(key)


def _stringified(file: FileSearch, node: TsNode | None) -> TsNode | None:
    """`x` of `JSON.stringify(x)` (also through a constant holding the call); else the node itself."""
    for _ in range(8):
        if node is None:
            return None
        node = unwrap(node)
        if node.type == "identifier":
            target = file.resolve(node)
            if target is None or unwrap(target).type != "call_expression":
                return node
            node = target
            continue
        callee = node.child_by_field_name("function") if node.type == "call_expression" else None
        if callee is not None and text_of(callee) == "JSON.stringify":
            arguments = node.child_by_field_name("arguments")
            values = arguments_of(arguments) if arguments is not None else []
            return values[0] if values else None
        return node
    return node


def _string(file: FileSearch, node: TsNode | None) -> str | None:
    """The string a method expression is (a literal or a constant), else None."""
    if node is None:
        return None
    value = file.evaluator.constant(node) if unwrap(node).type == "identifier" else file.evaluator.literal(unwrap(node))
    return value if isinstance(value, str) else None


def static_url(file: FileSearch, node: TsNode | None, steps: int = 0) -> str | None:
    """The URL an expression builds, unknown parts as one segment; None when nothing is static."""
    if node is None or steps > 16:
        return None
    node = unwrap(node)
    kind = node.type
    if kind == "string":
        return string_value(node)
    if kind == "template_string":
        parts = []
        for child in node.named_children:
            if child.type == "template_substitution":
                inner = child.named_children[0] if child.named_child_count else None
                parts.append(static_url(file, inner, steps + 1) or _UNKNOWN_SEGMENT)
            else:
                parts.append(_fragment(child))
        return "".join(parts)
    if kind in ("identifier", "member_expression"):
        target = file.follower.step(node)
        return static_url(file, target, steps + 1) if target is not None else None
    if kind == "binary_expression":
        operator = node.child_by_field_name("operator")
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if operator is not None and operator.type == "+":
            known = [static_url(file, left, steps + 1), static_url(file, right, steps + 1)]
            if all(part is None for part in known):
                return None
            return "".join(part if part is not None else _UNKNOWN_SEGMENT for part in known)
        if operator is not None and operator.type in ("??", "||"):
            return static_url(file, left, steps + 1) or static_url(file, right, steps + 1)
    if kind == "new_expression" and text_of(node.child_by_field_name("constructor") or node) == "URL":
        arguments = node.child_by_field_name("arguments")
        values = arguments_of(arguments) if arguments is not None else []
        return static_url(file, values[0], steps + 1) if values else None
    return None


def _fragment(child: TsNode) -> str:
    raw = text_of(child)
    return unescape(raw) if child.type == "escape_sequence" else raw


def _sent(file: FileSearch, captures: dict[str, list[TsNode]]) -> tuple[TsNode | None, str | None, TsNode | None]:
    """(URL expression, method, body expression) of a request call, as each client takes them."""
    name = text_of(captures["fn"][0])
    on = captures.get("on", [None])[0]
    client = text_of(on).rsplit(".", 1)[-1] if on is not None else ""
    arguments = arguments_of(captures["args"][0])
    first = arguments[0] if arguments else None
    second = arguments[1] if len(arguments) > 1 else None
    if on is None and name in ("axios", "ky", "got") or name == "request":
        config = first if first is not None and file.literal(first) and name != "ky" else None
        if config is not None:  # axios({url, method, data}), client.request({...})
            method = _string(file, _property(file, config, "method")) or "GET"
            return _property(file, config, "url"), method, _property(file, config, "data")
        method = _string(file, _property(file, second, "method")) or "GET"
        body = _property(file, second, "json") or _property(file, second, "data")
        return first, method, body or _stringified(file, _property(file, second, "body"))
    if name in ("post", "put", "patch"):
        if client in ("ky", "got"):
            return first, name.upper(), _property(file, second, "json")
        return first, name.upper(), second
    if name in ("fetch", "ofetch", "$fetch"):
        verb = _string(file, _property(file, second, "method"))
        return first, (verb or "GET"), _stringified(file, _property(file, second, "body"))
    return None, None, None


def request(file: FileSearch, captures: dict[str, list[TsNode]]) -> None:
    """A request call: its body is a persona of the kind its endpoint gives, or never one."""
    url_node, method, body = _sent(file, captures)
    url = static_url(file, url_node)
    if url is None or method is None or body is None:
        return
    kind = request_kind(url, method)
    if kind is None:
        return
    for literal in file.literal(body):
        if kind == NOT_PERSONA:
            file.excluded.add((literal.start_byte, literal.end_byte))
        else:
            file.add(literal, kind, f"{method.upper()} {url}")


def persona_config(file: FileSearch, key: TsNode) -> None:
    """The value of a `personaConfig` property: an inline Anam persona (anam-session), each literal
    it may be; in a body read already, only those the body could not inline."""
    pair = key.parent if key.type != "string_fragment" else key.parent.parent
    value = key if key.type == "shorthand_property_identifier" else pair.child_by_field_name("value")
    if value is None or in_console(key) or _excluded(file, key):
        return
    if inside(file, key):
        inlined = file.follower.target(value)
        if inlined is not None and inlined.type == "object":
            return
    for literal in file.literal(value):
        if literal.type == "object" and not file.taken(literal) and not _excluded(file, literal):
            file.add(literal, "anam-session", _SESSION)


def _excluded(file: FileSearch, node: TsNode) -> bool:
    """`node` is part of the body of a request to another vendor endpoint."""
    current = node
    for _ in range(MAX_DEPTH * 2):
        if current is None:
            return False
        if span_of(current) in file.excluded:
            return True
        current = current.parent
    return False


def shaped(keys: list[dict[str, list[TsNode]]]) -> list[TsNode]:
    """The objects with at least two persona keys of one vendor, or one and a spread, in file order."""
    counts: dict[tuple[int, int], tuple[TsNode, dict[str, int]]] = {}
    wrappers: set[tuple[int, int]] = set()
    for captures in keys:
        key = captures["key"][0]
        pair = key.parent if key.type != "string_fragment" else key.parent.parent
        obj = pair if key.type == "shorthand_property_identifier" else pair.parent
        if obj is None or obj.type != "object":
            continue
        span = (obj.start_byte, obj.end_byte)
        name = text_of(key)
        if name == "personaConfig":
            wrappers.add(span)  # its personaConfig is the persona
            continue
        entry = counts.setdefault(span, (obj, {}))
        for vendor, names in VENDOR_KEYS.items():
            if name in names:
                entry[1][vendor] = entry[1].get(vendor, 0) + 1
    out = []
    for span, (obj, votes) in counts.items():
        best = max(votes.values(), default=0)
        spread = best == 1 and any(child.type == "spread_element" for child in obj.named_children)
        if span not in wrappers and (best >= 2 or spread):
            out.append(obj)
    return sorted(out, key=lambda node: node.start_byte)


def inside(file: FileSearch, node: TsNode) -> bool:
    """`node` or an object around it is part of a persona object found, or of another request's body."""
    current = node
    for _ in range(MAX_DEPTH * 2):
        if current is None:
            return False
        if file.taken(current):
            return True
        current = current.parent
    return False


def in_console(node: TsNode) -> bool:
    """An argument of `console.log(...)` and its kin, at any depth."""
    current: Any = node.parent
    for _ in range(MAX_DEPTH * 2):
        if current is None:
            return False
        if current.type == "call_expression":
            callee = current.child_by_field_name("function")
            target = callee.child_by_field_name("object") if callee and callee.type == "member_expression" else None
            if target is not None and target.type == "identifier" and text_of(target) == "console":
                return True
        current = current.parent
    return False
