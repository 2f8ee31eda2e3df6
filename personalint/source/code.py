"""Persona objects found in application code: what every code reader (TypeScript/JavaScript,
Python, Markdown code blocks, shell `curl -d` bodies) shares.

A code reader parses a file with a real parser, finds the object literals that are persona
request bodies (by the request they are sent with first, by their shape second), evaluates
what is literal in them, and hands each one over as a `Found`: its value, a node tree of
the literal with exact marks in the file (the same node shape as JSON's and YAML's, so every
position lookup works unchanged), and the kind its request says.

What cannot be evaluated offline (an environment lookup, a call, a parameter, a template
literal with substitutions) becomes an `Unknown` value: present, but never judged. The rule
engine drops every finding at or below an unknown value (engine/document.py), a rule whose
condition reads an unknown value does not run (engine/conditions.py), and an object with an
unknown spread (`{...defaults, name: "x"}`) is *open*: no key is reported missing from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from personalint import pointer as jp
from personalint.kinds import VENDOR_KEYS
from personalint.patterns import find_all
from personalint.record import Record
from personalint.source.document import Document, SourceFile
from personalint.source.json_nodes import MappingNode, Node, ScalarNode, SequenceNode
from personalint.source.positions import Mark
from personalint.source.text import LineIndex

__all__ = [
    "Found", "MappingNode", "Mark", "Node", "ScalarNode", "SequenceNode", "Unknown", "add_documents", "plainly_holds_persona", "worth_parsing"
]  # fmt: skip

_ENDPOINT_HINTS = ("personas", "/pals", "session-token", "personaConfig")


PERSONA_PATHS = ("/v2/personas", "/v2/pals", "/v1/personas", "session-token")  # the endpoints that take a persona


def plainly_holds_persona(text: str, keys: set[str]) -> bool:
    """Plain evidence of a persona object in code a parser could not read: a persona endpoint in
    the text, or two keys of one vendor among the `keys` written as object or dict keys."""
    if any(path in text for path in PERSONA_PATHS):
        return True
    return any(len(keys & vendor) >= 2 for vendor in VENDOR_KEYS.values())


def worth_parsing(text: str) -> bool:
    """Whether a code file the byte prefilter let through could hold a persona object: an endpoint or
    a `personaConfig`, or two keys of one vendor (substring tests). A file that mentions a vendor
    only in a comment or an unrelated type is never parsed: a parse costs 10-100x the read
    (tree-sitter, and `ast` about 1 s and 200 MB per MB of source).

    All the substrings are searched for in one pass (an Aho-Corasick automaton, all matches, overlaps
    too): 11 us for a 4 KB file, where an `in` test for each of the 39 took 44-64 (bench/README.md)."""
    automaton, vendors = _worth_parsing_automaton()
    first: dict[str, int] = {}  # vendor -> the first of its keys found
    for index, _, _ in find_all(automaton, text, overlapping=True):
        if index < len(_ENDPOINT_HINTS):
            return True
        for vendor in vendors[index]:
            if first.setdefault(vendor, index) != index:
                return True  # a second key of this vendor
    return False


@cache
def _worth_parsing_automaton() -> tuple[Any, list[tuple[str, ...]]]:
    """The automaton of the endpoint hints and every vendor's keys, and the vendors of each pattern."""
    import ahocorasick_rs

    keys = sorted(set().union(*VENDOR_KEYS.values()))
    vendors = [()] * len(_ENDPOINT_HINTS) + [tuple(v for v, own in VENDOR_KEYS.items() if key in own) for key in keys]
    automaton = ahocorasick_rs.AhoCorasick([*_ENDPOINT_HINTS, *keys], matchkind=ahocorasick_rs.MATCHKIND_STANDARD)
    return automaton, vendors


class Unknown:
    """A value the code computes at run time: present in the body, never judged.

    `text` is the expression as written (shortened), for notes; `fallback` the literal a
    `process.env.X ?? "literal"` / `os.getenv("X", "literal")` falls back to, if any.
    """

    __slots__ = ("text", "fallback")

    def __init__(self, text: str = "", fallback: Any = None) -> None:
        self.text = text if len(text) <= 60 else text[:59] + "…"
        self.fallback = fallback

    def __repr__(self) -> str:
        return f"Unknown({self.text!r})"

    def __eq__(self, other: object) -> bool:  # two unknowns are never known to be equal
        return False

    def __hash__(self) -> int:
        return id(self)


class Found(Record):
    """One persona object found in a file."""

    __slots__ = ("value", "node", "kind", "reason", "open")

    def __init__(
        self, value: Any, node: Node, kind: str | None = None, reason: str = "", open: set[str] | None = None
    ) -> None:
        self.value = value  # dicts, lists, str, int, float, bool, None and Unknown
        self.node = node  # the literal's node tree, marks in the file's own text
        self.kind = kind  # the kind the request it is sent with gives (kinds/endpoints.py)
        self.reason = reason  # how it was found: "POST https://tavusapi.com/v2/personas", "its keys"
        self.open: set[str] = set() if open is None else open  # pointers of objects with an unknown spread


def unknown_pointers(value: Any, here: str = "") -> Iterator[str]:
    """The pointer of every Unknown inside `value`."""
    stack = [(here, value)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, Unknown):
            yield pointer
        elif isinstance(node, dict):
            stack.extend((jp.join(pointer, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((jp.join(pointer, i), v) for i, v in enumerate(node))


def add_documents(source: SourceFile, found: list[Found]) -> None:
    """Each persona object found becomes a document of `source`, in the order of the file."""
    for item in sorted(found, key=lambda f: f.node.start_mark.index):
        source.documents.append(
            Document(
                len(source.documents),
                item.value,
                source.content,
                item.node,
                kind=item.kind,
                kind_reason=item.reason,
                unknown=frozenset(unknown_pointers(item.value)),
                open=frozenset(item.open),
            )
        )


def mark(lines: LineIndex, offset: int) -> Mark:
    """The mark of a character offset of the file's text."""
    line, column = lines.position(offset)
    return Mark(offset, line - 1, column - 1)
