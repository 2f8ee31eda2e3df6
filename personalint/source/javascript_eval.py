"""Partial evaluation of TypeScript/JavaScript expressions (tree-sitter nodes) into values and nodes.

What is literal becomes a value: strings (template literals without substitutions, `+` chains of
literals), numbers, `true`/`false`/`null`, arrays, objects (shorthand properties and spreads of
same-file constants). An expression the file says more about is followed (javascript_follow.py,
a few steps, no cycles): a name to its same-file constant, `OBJ.key` to the value written in the
same-file object, `make()` to the one literal a same-file function returns. What the code sets
in an object after its literal is applied (javascript_mutate.py). Everything else becomes an
`Unknown`, present but never judged; `process.env.X ?? "literal"` keeps its literal as the
fallback. An object that spreads an unknown value, has a computed key that is not a literal, a
property tree-sitter could not read, or is changed by code in a way not read, is *open* (its
pointer goes to `open`): no key is missing from it.

Each value comes with its node tree (source/json_nodes shapes), marks in the file's decoded
text: keys at the property name (a string key with its quotes), values at the expression; a
scalar that came from a followed expression is marked where it is used, an object or array at
its literal, where its keys are; the keys and values a spread brings are marked where they are
written in the object spread.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any, Protocol

from personalint import pointer as jp
from personalint.source.code import MappingNode, Mark, Node, ScalarNode, SequenceNode, Unknown
from personalint.source.limits import MAX_DEPTH
from personalint.source.text import LineIndex

TsNode = Any  # a tree_sitter.Node

MAX_FOLLOW = 8  # expressions followed in a row (`const A = B; const B = {...}`)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_TRANSPARENT = frozenset(
    {"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "type_assertion"}
)
_CONTAINERS = frozenset({"object", "array"})
_FOLLOWED = frozenset(
    {
        "identifier",
        "shorthand_property_identifier",
        "member_expression",
        "subscript_expression",
        "call_expression",
        "await_expression",
    }
)


class Follow(Protocol):
    """What the file knows beyond the expression (javascript_follow.Follower)."""

    def step(self, node: TsNode, depth: int = 0) -> TsNode | None: ...
    def mutate(self, literal: TsNode, value: Any, here: str, open: set[str]) -> bool: ...


class TooDeep(Exception):
    """The literal is nested deeper than MAX_DEPTH: the object is not checked (PF081)."""


class Offsets:
    """Byte offsets of the UTF-8 text tree-sitter parsed → character offsets of the decoded text."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []  # byte offset of each non-ASCII character
        self.extra: list[int] = []  # bytes beyond one per character, up to and including it
        if text.isascii():
            return
        total = 0
        for match in _NON_ASCII.finditer(text):
            self.starts.append(match.start() + total)
            total += len(match.group().encode("utf-8", "surrogatepass")) - 1
            self.extra.append(total)

    def char(self, byte: int) -> int:
        index = bisect_left(self.starts, byte)  # the non-ASCII characters that start before `byte`
        return byte - (self.extra[index - 1] if index else 0)


def unwrap(node: TsNode) -> TsNode:
    """The expression inside parentheses, `as`/`satisfies` casts and `!` assertions."""
    for _ in range(MAX_DEPTH):
        if node.type not in _TRANSPARENT or node.named_child_count == 0:
            return node
        node = node.named_children[0]
    return node


def string_value(node: TsNode) -> str:
    """The value of a string or substitution-free template literal (its fragments and escapes)."""
    parts = []
    for child in node.named_children:
        raw = child.text.decode("utf-8", "surrogatepass")
        parts.append(unescape(raw) if child.type == "escape_sequence" else raw)
    return "".join(parts)


def unescape(raw: str) -> str:
    body = raw[1:]
    if body[:1] in _ESCAPES and len(body) == 1:
        return _ESCAPES[body]
    if body.startswith(("u{", "u")) or body.startswith("x"):
        digits = body.strip("u{}x")
        try:
            return chr(int(digits, 16))
        except (ValueError, OverflowError):
            return raw
    if body in ("\n", "\r\n", "\r", "\u2028", "\u2029"):
        return ""  # a line continuation
    return body


def number_value(text: str) -> Any:
    text = text.replace("_", "")
    try:
        if text[:2].lower() in ("0x", "0o", "0b"):
            return int(text, {"x": 16, "o": 8, "b": 2}[text[1].lower()])
        return int(text) if text.isdigit() else float(text)
    except ValueError:
        return Unknown(text)


class Evaluator:
    """Evaluates the literals of one file; `evaluate` gives one object's value and node tree."""

    def __init__(self, text: str, lines: LineIndex, follow: Follow) -> None:
        self.offsets = Offsets(text)
        self.lines = lines
        self.follow = follow
        self.open: set[str] = set()
        self.consumed: set[tuple[int, int]] = set()  # the byte ranges of the literals evaluated
        self.errors: list[TsNode] = []  # syntax errors inside the literal

    def mark(self, byte: int) -> Mark:
        offset = self.offsets.char(byte)
        line, column = self.lines.position(offset)
        return Mark(offset, line - 1, column - 1)

    def scalar(self, value: Any, at: TsNode) -> ScalarNode:
        return ScalarNode(value, self.mark(at.start_byte), self.mark(at.end_byte))

    def unknown(self, node: TsNode, fallback: Any = None) -> Unknown:
        raw = node.text[:120].decode("utf-8", "replace")
        return Unknown(" ".join(raw.split()), fallback)

    def evaluate(self, node: TsNode) -> tuple[Any, Node]:
        """The value and node tree of `node`, with `open` and `consumed` filled; raises TooDeep."""
        self.open, self.errors = set(), []
        return self.value(node, "", 0, frozenset())

    def value(self, node: TsNode, here: str, depth: int, seen: frozenset[tuple[int, int]]) -> tuple[Any, Node]:
        if depth > MAX_DEPTH:
            raise TooDeep
        at = node
        for _ in range(MAX_FOLLOW + 1):  # follow names to their constants, members, calls
            node = unwrap(node)
            if node.type not in _FOLLOWED or (node.start_byte, node.end_byte) in seen:
                break
            target = self.follow.step(node)
            if target is None:
                break
            seen = seen | {(node.start_byte, node.end_byte)}
            node = target
        kind = node.type
        if kind == "ERROR" or node.is_missing:
            self.errors.append(node)
        if kind == "object":
            return self.object(node, here, depth, seen)
        if kind == "array":
            return self.array(node, here, depth, seen)
        value = self.literal(node)
        return value, self.scalar(value, at)

    def literal(self, node: TsNode) -> Any:
        kind = node.type
        if kind == "string" or (kind == "template_string" and not _has_substitution(node)):
            return string_value(node)
        if kind == "number":
            return number_value(node.text.decode("ascii", "replace"))
        if kind in ("true", "false"):
            return kind == "true"
        if kind == "null":
            return None
        if kind == "unary_expression" and node.child_count == 2 and node.children[0].type in "-+":
            inner = unwrap(node.children[1])
            if inner.type == "number":
                number = number_value(inner.text.decode("ascii", "replace"))
                return -number if node.children[0].type == "-" and not isinstance(number, Unknown) else number
        if kind == "binary_expression":
            return self.binary(node)
        return self.unknown(node)

    def binary(self, node: TsNode) -> Any:
        operator = node.child_by_field_name("operator")
        op = operator.type if operator is not None else ""
        if op in ("??", "||"):
            right = unwrap(node.child_by_field_name("right"))
            fallback = self.literal(right) if right.type in ("string", "number", "template_string") else None
            return self.unknown(node, None if isinstance(fallback, Unknown) else fallback)
        if op != "+":
            return self.unknown(node)
        total: Any = None
        for operand in _operands(node):
            part = self.literal(unwrap(operand)) if operand.type != "identifier" else self.constant(operand)
            if isinstance(part, Unknown) or not isinstance(part, str | int | float) or isinstance(part, bool):
                return self.unknown(node)
            if total is None:
                total = part
            elif isinstance(total, str) or isinstance(part, str):
                total = f"{total}{part}"
            else:
                total = total + part
        return total

    def constant(self, node: TsNode) -> Any:
        """The scalar an identifier is bound to (Unknown when it is none)."""
        seen: set[tuple[int, int]] = set()
        for _ in range(MAX_FOLLOW):
            node = unwrap(node)
            if node.type not in _FOLLOWED or (node.start_byte, node.end_byte) in seen:
                break
            seen.add((node.start_byte, node.end_byte))
            target = self.follow.step(node)
            if target is None:
                return self.unknown(node)
            node = target
        return self.unknown(node) if node.type in _CONTAINERS | _FOLLOWED else self.literal(node)

    def object(self, node: TsNode, here: str, depth: int, seen: frozenset[tuple[int, int]]) -> tuple[Any, Node]:
        self.consumed.add((node.start_byte, node.end_byte))
        value: dict[str, Any] = {}
        pairs: list[tuple[Node, Node]] = []
        for child in node.named_children:
            kind = child.type
            if kind == "pair":
                self.pair(child, here, depth, seen, value, pairs)
            elif kind == "shorthand_property_identifier":
                key = child.text.decode("utf-8", "surrogatepass")
                v, n = self.value(child, jp.join(here, key), depth + 1, seen)
                value[key] = v
                pairs.append((self.scalar(key, child), n))
            elif kind == "spread_element":
                self.spread(child, here, depth, seen, value, pairs)
            elif kind == "ERROR" or child.is_missing or child.has_error:
                self.errors.append(child)
                self.open.add(here)
            # methods, getters and comments are not sent by JSON.stringify
        self.follow.mutate(node, value, here, self.open)
        return value, MappingNode(pairs, self.mark(node.start_byte), self.mark(node.end_byte))

    def pair(
        self, child: TsNode, here: str, depth: int, seen: frozenset[tuple[int, int]], value: dict, pairs: list
    ) -> None:
        key_node = child.child_by_field_name("key")
        item = child.child_by_field_name("value")
        key = self.key(key_node) if key_node is not None else None
        broken = next((part for part in child.children if part.type == "ERROR" or part.is_missing), None)
        if broken is not None:  # `key: "x',` — what follows the key is not what tree-sitter made of it
            self.errors.append(broken)
            self.open.add(here)
        if key is None or item is None:
            self.open.add(here)
            return
        if broken is not None:
            unknown = self.unknown(item)
            value[key] = unknown
            pairs.append((self.scalar(key, key_node), self.scalar(unknown, item)))
            return
        v, n = self.value(item, jp.join(here, key), depth + 1, seen)
        value[key] = v
        pairs.append((self.scalar(key, key_node), n))

    def key(self, node: TsNode) -> str | None:
        kind = node.type
        if kind in ("property_identifier", "identifier", "private_property_identifier"):
            return node.text.decode("utf-8", "surrogatepass")
        if kind == "string":
            return string_value(node)
        if kind == "number":
            number = number_value(node.text.decode("ascii", "replace"))
            return None if isinstance(number, Unknown) else str(number)
        if kind == "computed_property_name" and node.named_child_count:
            inner = node.named_children[0]
            key = self.literal(unwrap(inner)) if inner.type != "identifier" else self.constant(inner)
            return key if isinstance(key, str) else None
        return None

    def spread(
        self, child: TsNode, here: str, depth: int, seen: frozenset[tuple[int, int]], value: dict, pairs: list
    ) -> None:
        if not child.named_child_count:
            self.open.add(here)
            return
        spread, spread_node = self.value(child.named_children[0], here, depth + 1, seen)
        if not isinstance(spread, dict) or not isinstance(spread_node, MappingNode):
            self.open.add(here)
            return
        # keys and values where they are written, in the object spread
        for key_node, item_node in spread_node.value:
            key = key_node.value
            if key not in spread:
                continue  # deleted by the code after the literal (javascript_mutate.py)
            value[key] = spread[key]
            marked = ScalarNode(key, key_node.start_mark, key_node.end_mark)
            marked.spread = True  # type: ignore[attr-defined]  # overriding it later is no duplicate
            pairs.append((marked, item_node))
        for key in spread.keys() - {k.value for k, _ in spread_node.value}:
            value[key] = spread[key]  # set by code after the literal (javascript_mutate.py)

    def array(self, node: TsNode, here: str, depth: int, seen: frozenset[tuple[int, int]]) -> tuple[Any, Node]:
        self.consumed.add((node.start_byte, node.end_byte))
        items: list[Any] = []
        nodes: list[Node] = []
        for child in node.named_children:
            if child.type == "spread_element" or child.type == "ERROR" or child.is_missing:
                if child.type != "spread_element":
                    self.errors.append(child)
                unknown = self.unknown(node)
                return unknown, self.scalar(unknown, node)  # its items and length are not known
            if child.type == "comment":
                continue
            v, n = self.value(child, jp.join(here, len(items)), depth + 1, seen)
            items.append(v)
            nodes.append(n)
        if self.follow.mutate(node, items, here, self.open):
            unknown = self.unknown(node)
            return unknown, self.scalar(unknown, node)  # changed in place by the code
        return items, SequenceNode(nodes, self.mark(node.start_byte), self.mark(node.end_byte))


def _has_substitution(node: TsNode) -> bool:
    return any(child.type == "template_substitution" for child in node.named_children)


def _operands(node: TsNode) -> list[TsNode]:
    """The operands of a `+` chain, left to right, without recursion (`"a" + "b" + ...` nests left)."""
    operands: list[TsNode] = []
    stack = [node]
    while stack:
        current = unwrap(stack.pop())
        operator = current.child_by_field_name("operator") if current.type == "binary_expression" else None
        if operator is not None and operator.type == "+":
            stack.append(current.child_by_field_name("right"))
            stack.append(current.child_by_field_name("left"))
        else:
            operands.append(current)
    return operands
