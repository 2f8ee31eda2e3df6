"""A TypeScript/JavaScript file whose syntax errors hide its persona objects.

tree-sitter reads past a syntax error, but what it makes of the text around it may hold no object
literal any more (an unterminated string or a missing brace swallows the object). When no persona
object was read in a file whose tree has errors, and the file plainly holds one (a vendor persona
endpoint in its text, or two keys of one vendor written as object keys: `system_prompt: ...`,
also inside the text tree-sitter could not read), PF001 says where the first error is and that
nothing in the file was checked (as the Python reader does when `ast` cannot parse a file).
Otherwise (no persona in sight) it says nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from personalint.finding import Problem
from personalint.ids import PARSE_ERROR
from personalint.source.code import plainly_holds_persona
from personalint.source.document import SourceFile
from personalint.source.javascript_tree import TsNode, text_of
from personalint.source.positions import problem_at

_KEY_NAMES = frozenset({"identifier", "property_identifier", "string", "shorthand_property_identifier"})
MAX_NODES = 100_000  # nodes looked at for errors


def unread(
    source: SourceFile, char: Callable[[int], int], grammar: str, root: TsNode, keys: list[dict[str, list[TsNode]]]
) -> Problem | None:
    """PF001 at the first syntax error, when the file holds a persona no object of which was read."""
    errors = _errors(root)
    if not errors:
        return None
    written = {text_of(found["key"][0]) for found in keys} | _keys_in(errors)
    if not plainly_holds_persona(source.text, written):
        return None
    first = errors[0]
    what = f"missing {first.type!r}" if first.is_missing else _unexpected(first)
    name = "JavaScript" if grammar == "javascript" else "TypeScript"
    message = f"{name} syntax error ({what}): no persona object in this file is checked"
    return problem_at(source.lines, char(first.start_byte), PARSE_ERROR, message)


def _errors(root: TsNode) -> list[TsNode]:
    """The ERROR and missing nodes, in file order (only the subtrees with an error are walked)."""
    out: list[TsNode] = []
    stack = [root]
    seen = 0
    while stack and seen < MAX_NODES:
        node = stack.pop()
        seen += 1
        if node.type == "ERROR" or node.is_missing:
            out.append(node)
        if node.has_error:
            stack.extend(reversed(node.children))
    return sorted(out, key=lambda node: node.start_byte)


def _keys_in(errors: list[TsNode]) -> set[str]:
    """The names written as keys (`name:`) among the pieces tree-sitter could not read."""
    keys = set()
    for error in errors:
        for child in error.children:
            after = child.next_sibling
            if child.type in _KEY_NAMES and after is not None and after.type == ":":
                text = text_of(child)
                keys.add(text.strip("'\"") if child.type == "string" else text)
    return keys


def _unexpected(node: TsNode) -> str:
    text = text_of(node).strip()
    if not text:
        return "an unexpected end"
    if "\n" in text or len(text) > 20:
        return "what starts here cannot be read"
    return f"unexpected {text!r}"
