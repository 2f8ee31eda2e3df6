"""What the code of a TypeScript/JavaScript file changes in a same-file object after its literal.

An object (or array) literal that is a declarator's value, or is nested in one (`const payload =
{ layers: { llm: {...} } }`), is reached from the name it is declared under. These statements,
anywhere in the file, change it at run time when their name is bound to that declarator
(javascript_scope.py):

- `payload.key = v`, `payload["key"] = v`, `payload.key += v`, `payload.key++`, also on a nested
  object (`payload.layers.llm.model = v`): the key is present with an Unknown value (whether the
  statement runs is not known, nor what it sets);
- `delete payload.key`: the key is not judged (it may be gone) and the object is open (it may
  still be there: it is not reported missing either);
- `Object.assign(payload, { a, b: v })`: each key of a literal source likewise;
- a computed key not known (`payload[name] = v`), a source of `Object.assign` that is no literal,
  `payload = other`: the object is open (it may hold any key);
- `payload.tools.push(x)` and the other methods that change an array, `payload.tools[0] = x`: the
  array is not known.

Not read: changes through another name (`const p = payload; p.x = 1`), through a function the
object is passed to, or through `this`.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Protocol

from personalint.source.code import Unknown
from personalint.source.javascript_eval import string_value
from personalint.source.javascript_scope import Scopes
from personalint.source.javascript_tree import Span, TsNode, arguments_of, occurrences, span_of, text_of
from personalint.source.limits import MAX_DEPTH

_SETS = {  # the statements that set what their field holds
    "assignment_expression": "left",
    "augmented_assignment_expression": "left",
    "update_expression": "argument",
    "unary_expression": "argument",  # `delete` (the other operators change nothing)
}
_MEMBERS = frozenset({"member_expression", "subscript_expression"})
_ARRAY_METHODS = frozenset({"push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin"})
_TRANSPARENT = frozenset(
    {"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "type_assertion"}
)
Address = tuple[TsNode, TsNode, tuple[str | None, ...]]  # the declarator's value, its name, the keys to the literal


class Following(Protocol):
    def member_key(self, node: TsNode, depth: int = 0) -> str | None: ...
    def target(self, node: TsNode | None, depth: int = 0) -> TsNode | None: ...


class Mutation(NamedTuple):  # immutable: a NamedTuple costs a fifth of a frozen dataclass to define
    """A change of the object reached from `root` by `path` (None: a key not known)."""

    root: TsNode  # the name, where the statement uses it
    path: tuple[str | None, ...]
    key: str | None  # the key set or deleted; None: any key
    whole: bool = False  # the object itself is replaced, or (an array) changed in place
    deleted: bool = False  # `delete`: the key may be gone


class Mutations:
    """The changes one file's statements make to its objects (read per name, when first asked)."""

    def __init__(self, data: bytes, root: TsNode, scopes: Scopes, following: Following) -> None:
        self.data, self.root, self.scopes, self.following = data, root, scopes, following
        self._sites: dict[str, list[Mutation]] = {}

    def sites(self, name: str) -> list[Mutation]:
        """The statements that change what a name holds (wherever the name is bound)."""
        if name not in self._sites:
            self._sites[name] = []  # set first: reading a key may ask again (nothing is known then)
            found = [m for use in occurrences(self.data, self.root, name) for m in self._read(use)]
            self._sites[name] = found
        return self._sites[name]

    def _read(self, use: TsNode) -> list[Mutation]:
        """What the statement around a use of a name changes: `use.a["b"] = v`, `delete use.a`, ..."""
        tokens: list[str | None] = []
        top = use
        for _ in range(MAX_DEPTH):
            parent = top.parent
            if parent is not None and parent.type in _TRANSPARENT:
                top = parent
            elif parent is not None and parent.type in _MEMBERS and _is(parent.child_by_field_name("object"), top):
                tokens.append(self._token(parent))
                top = parent
            else:
                break
        parent = top.parent
        if parent is None:
            return []
        path, kind = tuple(tokens), parent.type
        if kind in _SETS and _is(parent.child_by_field_name(_SETS[kind]), top):
            if not path:  # `payload = other`
                return [Mutation(use, (), None, True)] if kind == "assignment_expression" else []
            deleted = kind == "unary_expression" and parent.children[0].type == "delete"
            if kind == "unary_expression" and not deleted:
                return []
            return [Mutation(use, path[:-1], path[-1], deleted=deleted)]
        if kind == "arguments" and parent.parent is not None and parent.parent.type == "call_expression":
            callee = parent.parent.child_by_field_name("function")
            values = arguments_of(parent)
            if callee is not None and text_of(callee) == "Object.assign" and values and _is(values[0], top):
                return [Mutation(use, path, key) for source in values[1:] for key in self._keys(source)]
            return []
        if path and tokens[-1] in _ARRAY_METHODS and kind == "call_expression":
            return [Mutation(use, path[:-1], None, True)] if _is(parent.child_by_field_name("function"), top) else []
        return []

    def _token(self, member: TsNode) -> str | None:
        if member.type == "member_expression":
            prop = member.child_by_field_name("property")
            return text_of(prop) if prop is not None and prop.type == "property_identifier" else None
        return self.following.member_key(member)

    def _keys(self, source: TsNode) -> list[str | None]:
        """The keys a source of `Object.assign` sets: a literal's (None where not known), else [None]."""
        literal = self.following.target(source)
        if literal is None or literal.type != "object":
            return [None]
        keys: list[str | None] = []
        for child in literal.named_children:
            if child.type == "pair":
                key = child.child_by_field_name("key")
                keys.append(_key(key) if key is not None else None)
            elif child.type == "shorthand_property_identifier":
                keys.append(text_of(child))
            elif child.type != "comment":
                keys.append(None)
        return keys

    def of(self, literal: TsNode) -> tuple[Address, list[Mutation]] | None:
        """The changes made to `literal` (the statements whose name and keys reach it)."""
        address = _address(literal)
        if address is None:
            return None
        value, name, path = address
        out = []
        for mutation in self.sites(text_of(name)):
            if len(mutation.path) != len(path) or not all(
                a is None or a == b for a, b in zip(mutation.path, path, strict=True)
            ):
                continue
            binding = self.scopes.binding(mutation.root)
            if binding is not None and binding.value is not None and span_of(binding.value) == span_of(value):
                out.append(mutation)
        return address, out

    def apply(self, literal: TsNode, value: Any, here: str, open: set[str]) -> bool:
        """Change `value` (the literal's, at pointer `here`) as the code does; True: an array changed."""
        changes = self.of(literal)
        if changes is None:
            return False
        (_, name, _), mutations = changes
        for mutation in mutations:
            if not isinstance(value, dict):
                return True
            if mutation.key is None or mutation.whole or mutation.deleted:
                open.add(here)
                if mutation.deleted and mutation.key is not None:
                    value.pop(mutation.key, None)
            else:
                value[mutation.key] = Unknown(f"{text_of(name)}.{mutation.key} set at run time")
        return False

    def touched(self, literal: TsNode, key: str) -> bool:
        """Whether the code may change `key` of `literal` (or replace it) after it is written."""
        changes = self.of(literal)
        return changes is not None and any(m.whole or m.key in (None, key) for m in changes[1])


def _is(node: TsNode | None, other: TsNode) -> bool:
    return node is not None and span_of(node) == span_of(other) and node.type == other.type


def _key(node: TsNode) -> str | None:
    if node.type == "string":
        return string_value(node)
    if node.type in ("property_identifier", "identifier", "number"):
        return text_of(node)
    return None


def _address(literal: TsNode) -> Address | None:
    """The declarator a literal is (or is nested in) and the keys from its name to the literal."""
    path: list[str | None] = []
    node = literal
    for _ in range(MAX_DEPTH * 2):
        parent = node.parent
        while parent is not None and parent.type in _TRANSPARENT:
            node, parent = parent, parent.parent
        if parent is None:
            return None
        if parent.type == "variable_declarator":
            name, value = parent.child_by_field_name("name"), parent.child_by_field_name("value")
            if name is None or name.type != "identifier" or value is None or span_of(value) != span_of(node):
                return None
            return value, name, tuple(reversed(path))
        if parent.type == "pair":
            key, value = parent.child_by_field_name("key"), parent.child_by_field_name("value")
            if key is None or value is None or span_of(value) != span_of(node):
                return None
            path.append(_key(key))
            node = parent.parent
        elif parent.type == "array":
            items: list[Span] = [span_of(c) for c in parent.named_children if c.type != "comment"]
            path.append(str(items.index(span_of(node))) if span_of(node) in items else None)
            node = parent
        else:
            return None
        if node is None or node.type not in ("object", "array"):
            return None
    return None
