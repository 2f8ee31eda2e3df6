"""The tree-sitter side of the TypeScript/JavaScript reader: the grammars, the queries (compiled
once per grammar and text) and the helpers every javascript_* module uses on nodes."""

from __future__ import annotations

from bisect import bisect_right
from functools import cache
from itertools import accumulate
from typing import Any

TsNode = Any  # a tree_sitter.Node
Span = tuple[int, int]  # a node's byte range
_NAMES = frozenset({"identifier", "shorthand_property_identifier"})

FUNCTIONS = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "function_expression",
        "function",
        "generator_function",
        "arrow_function",
        "method_definition",
    }
)


@cache
def language(grammar: str) -> Any:
    import tree_sitter

    if grammar == "javascript":
        import tree_sitter_javascript

        return tree_sitter.Language(tree_sitter_javascript.language())
    import tree_sitter_typescript

    make = tree_sitter_typescript.language_tsx if grammar == "tsx" else tree_sitter_typescript.language_typescript
    return tree_sitter.Language(make())


@cache
def joined_query(grammar: str, queries: tuple[str, ...]) -> tuple[Any, tuple[int, ...]]:
    """One query of the patterns of `queries`, and which of them each pattern (by index) is from."""
    import tree_sitter

    query = tree_sitter.Query(language(grammar), "".join(queries))
    ends = list(accumulate(len(text) for text in queries))
    return query, tuple(bisect_right(ends, query.start_byte_for_pattern(i)) for i in range(query.pattern_count))


def captures_each(grammar: str, queries: tuple[str, ...], root: TsNode) -> list[list[dict[str, list[TsNode]]]]:
    """The matches of each of `queries` under `root` (each match as its captures by name), by one
    query and one pass over the tree. Compiling a query costs milliseconds per grammar whatever its
    size (tree-sitter analyses the grammar for it), a pass costs the walk of the whole tree whatever
    the patterns (bench/README.md), and tree-sitter yields one query's matches in the order they
    finish, which the other queries' patterns beside them do not change."""
    import tree_sitter

    query, owner = joined_query(grammar, queries)
    out: list[list[dict[str, list[TsNode]]]] = [[] for _ in queries]
    for index, found in tree_sitter.QueryCursor(query).matches(root):
        out[owner[index]].append(found)
    return out


def text_of(node: TsNode) -> str:
    return node.text.decode("utf-8", "surrogatepass")


def span_of(node: TsNode) -> Span:
    return node.start_byte, node.end_byte


def arguments_of(node: TsNode) -> list[TsNode]:
    """The arguments of a call's `arguments` node (comments left out)."""
    return [child for child in node.named_children if child.type != "comment"]


def occurrences(data: bytes, root: TsNode, name: str) -> list[TsNode]:
    """The identifiers spelt `name` in the tree of `data` (the text is searched for the name, each
    place found is checked in the tree: a name in a string or a longer name is no use of it)."""
    encoded = name.encode("utf-8", "surrogatepass")
    out = []
    at = data.find(encoded)
    while at >= 0:
        node = root.descendant_for_byte_range(at, at + len(encoded))
        if node is not None and node.type in _NAMES and node.start_byte == at and node.end_byte == at + len(encoded):
            out.append(node)
        at = data.find(encoded, at + len(encoded))
    return out
