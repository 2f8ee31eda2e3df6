"""What an expression of a TypeScript/JavaScript file stands for, followed within the file.

`step` follows one expression to the one it stands for, when that is certain:

- a name to its binding's value (javascript_scope.py: a parameter or a destructured name stands
  for nothing known);
- `OBJ.key`, `OBJ["key"]` to the value written for `key` in the same-file object `OBJ` (not
  when a spread or a computed key after it may override it);
- `make()` to what a same-file function returns, when it has one `return` (an arrow function:
  its expression); `await x` to `x`.

`alternatives` gives the object and array literals an expression may be at run time, each one
a body the code may send: both branches of a ternary; both sides of `a || b` / `a ?? b` (only
`a` when it is itself a literal: an object is never falsy); the arguments a plain parameter is
given at the same-file calls of its function; every value of an object indexed with a key not
known (`PERSONAS[name]`); every `return` of a function with several. The search is bounded
(MAX_STEPS expressions, MAX_CALLS call sites) and never visits an expression twice.
"""

from __future__ import annotations

from typing import Any

from personalint.source.javascript_eval import string_value, unwrap
from personalint.source.javascript_mutate import Mutations
from personalint.source.javascript_scope import Scopes
from personalint.source.javascript_tree import FUNCTIONS, TsNode, span_of, text_of

MAX_STEPS = 64  # expressions one search for alternatives visits
MAX_FOLLOW = 8  # steps in a row (`const A = B; const B = {...}`)
_NAMES = frozenset({"identifier", "shorthand_property_identifier"})
RETURNS = "(return_statement) @return"  # read in the file's one query pass (javascript.py)


class Follower:
    """One file's following: its scopes, and the mutations of its objects."""

    def __init__(
        self, grammar: str, data: bytes, root: TsNode, scopes: Scopes, statements: list[dict[str, list[TsNode]]]
    ) -> None:
        self.grammar = grammar
        self.scopes = scopes
        self._statements = statements  # the matches of RETURNS in the file
        self.mutations = Mutations(data, root, scopes, self)
        self._returns: dict[tuple[int, int], list[TsNode]] = {}  # by the function's span

    def mutate(self, literal: TsNode, value: Any, here: str, open: set[str]) -> bool:
        return self.mutations.apply(literal, value, here, open)

    def step(self, node: TsNode, depth: int = 0) -> TsNode | None:
        """The one expression `node` stands for, when it is certain (see the module's docstring)."""
        if depth > MAX_FOLLOW:
            return None
        node = unwrap(node)
        kind = node.type
        if kind in _NAMES:
            return self.scopes.resolve(node)
        if kind == "await_expression":
            return node.named_children[0] if node.named_child_count else None
        if kind in ("member_expression", "subscript_expression"):
            key = self.member_key(node, depth)
            holder = self.target(node.child_by_field_name("object"), depth + 1) if key is not None else None
            if holder is None or key is None or self.mutations.touched(holder, key):
                return None
            return _member(holder, key)
        if kind == "call_expression":
            returns = self.returns(node, depth)
            return returns[0] if returns is not None and len(returns) == 1 else None
        return None

    def target(self, node: TsNode | None, depth: int = 0) -> TsNode | None:
        """`node` followed step by step as far as it is certain (at most MAX_FOLLOW steps, no cycle)."""
        seen: set[tuple[int, int]] = set()
        for _ in range(MAX_FOLLOW + 1):
            if node is None:
                return None
            node = unwrap(node)
            if span_of(node) in seen:
                return node
            seen.add(span_of(node))
            following = self.step(node, depth + 1)
            if following is None:
                return node
            node = following
        return node

    def member_key(self, node: TsNode, depth: int = 0) -> str | None:
        """The key of `a.key`, `a["key"]`, `a[KEY]` (a same-file string constant); None when not known."""
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            return text_of(prop) if prop is not None and prop.type == "property_identifier" else None
        index = node.child_by_field_name("index")
        index = self.target(index, depth + 1) if index is not None and unwrap(index).type in _NAMES else index
        if index is None:
            return None
        index = unwrap(index)
        if index.type == "string" or (index.type == "template_string" and index.named_child_count <= 1):
            if all(child.type != "template_substitution" for child in index.named_children):
                return string_value(index)
        return text_of(index) if index.type == "number" else None

    def returns(self, call: TsNode, depth: int = 0) -> list[TsNode] | None:
        """The expressions a same-file function called by `call` may return; None: not such a call."""
        callee = call.child_by_field_name("function")
        named = callee is not None and unwrap(callee).type == "identifier"
        function = self.target(callee, depth + 1) if named else None
        if function is None or function.type not in FUNCTIONS:
            return None
        if span_of(function) not in self._returns:
            self._returns[span_of(function)] = self._read_returns(function)
        return self._returns[span_of(function)]

    def _read_returns(self, function: TsNode) -> list[TsNode]:
        body = function.child_by_field_name("body")
        if body is None:
            return []
        if body.type != "statement_block":
            return [body]  # `() => ({...})`
        out = []
        start, end = body.start_byte, body.end_byte
        for found in self._statements:
            statement = found["return"][0]
            if not start <= statement.start_byte < end:
                continue
            owner = _owner(statement)
            if owner is not None and span_of(owner) == span_of(function):
                out.append(statement.named_children[0] if statement.named_child_count else statement)
        return out

    def alternatives(self, node: TsNode | None) -> list[TsNode]:
        """The object and array literals `node` may stand for (see the module's docstring)."""
        if node is None:
            return []
        if node.type in ("object", "array"):
            return [node]
        out: list[TsNode] = []
        stack = [node]
        seen: set[tuple[int, int]] = set()
        while stack and len(seen) < MAX_STEPS:
            current = unwrap(stack.pop())
            if span_of(current) in seen:
                continue
            seen.add(span_of(current))
            if current.type in ("object", "array"):
                out.append(current)
            else:
                stack.extend(reversed(self.branches(current)))
        return out

    def branches(self, node: TsNode) -> list[TsNode]:
        """What `node` may be, one step on, in the order the code writes them."""
        kind = node.type
        if kind == "ternary_expression":
            return [node.child_by_field_name(f) for f in ("consequence", "alternative") if node.child_by_field_name(f)]
        if kind == "binary_expression":
            operator = node.child_by_field_name("operator")
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if operator is None or operator.type not in ("||", "??") or left is None or right is None:
                return []
            if unwrap(left).type in ("object", "array"):
                return [left]
            empty = unwrap(right).type in ("object", "array") and not _values(unwrap(right), True)
            return [left] if empty else [left, right]  # `config || {}`: no persona
        following = self.step(node)
        if following is not None:
            return [following]
        if kind in _NAMES:
            binding = self.scopes.binding(node)
            if binding is None or binding.function is None or binding.index < 0:
                return []
            calls = self.scopes.calls_of(binding.function)
            return [arguments[binding.index] for arguments in calls if binding.index < len(arguments)]
        if kind == "subscript_expression":  # `PERSONAS[name]`: any of its values
            holder = self.target(node.child_by_field_name("object"))
            return _values(holder) if holder is not None and holder.type == "object" else []
        if kind == "call_expression":
            return self.returns(node) or []
        return []


def _member(holder: TsNode, key: str) -> TsNode | None:
    """The value written for `key` in an object literal, unless something after it may override it."""
    if holder.type != "object":
        return None
    found = None
    for child in holder.named_children:
        if child.type == "pair":
            name = child.child_by_field_name("key")
            if name is None or name.type == "computed_property_name":
                found = None  # any key
            elif (string_value(name) if name.type == "string" else text_of(name)) == key:
                found = child.child_by_field_name("value")
        elif child.type == "shorthand_property_identifier":
            found = child if text_of(child) == key else found
        elif child.type in ("spread_element", "ERROR"):
            found = None
    return found


def _values(holder: TsNode, any_child: bool = False) -> list[TsNode]:
    """The values of an object literal's properties (`any_child`: its items, spreads included)."""
    if any_child:
        return [child for child in holder.named_children if child.type != "comment"]
    out = []
    for child in holder.named_children:
        value = child.child_by_field_name("value") if child.type == "pair" else child
        if value is not None and child.type in ("pair", "shorthand_property_identifier"):
            out.append(value)
    return out


def _owner(statement: TsNode) -> TsNode | None:
    """The function a `return` statement returns from."""
    current = statement.parent
    while current is not None and current.type not in FUNCTIONS:
        current = current.parent
    return current
