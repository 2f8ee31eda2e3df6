"""Every string of a document, found in one walk: what the rules that look at each string read.

The secrets scan (SE001, SE002, SE004 and redaction), SE003's plain-http URL fields, PF008's
booleans written as text, and TV007's mojibake, TV016's placeholders and TV017's blank strings
each look at every string of a document. They had four walks of it (the scan's, SE003's, PF008's,
and Context.walk's pointer for every value), which took about as long as all their tests of the
strings; now one walk serves them all, and each keeps its own test. It lives here because what the
secrets scan needs of a string, whether it sits in a credential field or header, is known only on
the way down (a `headers` object, a JSON Patch operation's `path`).

`of(document)` is the walk of the whole document, kept for the last document asked about (an
identity cache of one entry, like secrets/scan.py's); `within(document, root)` is its part under
the persona root.
"""

from __future__ import annotations

from typing import Any

from personalint import pointer as jp
from personalint.secrets.formats import is_credential_field, is_credential_header, normal

# One string, as a plain tuple (a NamedTuple's constructor would cost a Python call per string):
# (pointer, text, name, credential, holder, place, index)
#   pointer: the string's JSON Pointer, from the walk's base
#   name: the key that holds it, as text (str(key)); None for an item of a list
#   credential: it sits in a credential field, a credential header, or the `value` of a JSON Patch
#     operation whose `path` names a credential field (secrets/formats.py)
#   holder: the object or list that holds it
#   place: the holder's place among the document's objects and lists, parents first (0: the document)
#   index: the string's index in a list holder; 0 in an object
# Unpack an entry whole where it is read: `for pointer, text, *_ in ...` builds a list each time.
Entry = tuple[str, str, "str | None", bool, Any, int, int]

_LAST: tuple[Any, list[Entry], dict[str, list[Entry]]] = (None, [], {})


def of(document: Any) -> list[Entry]:
    """Every string inside `document` (not a string document itself), in jp.walk's order: parents
    first, then each object's keys and each list's items in order. Walked once per document.

    A reader in another thread (the language server's) sees one walk whole: one tuple, rebound at once.
    """
    global _LAST
    last = _LAST
    if last[0] is document and document is not None:
        return last[1]
    entries = walk(document, "")
    if isinstance(document, (dict, list)):
        _LAST = (document, entries, {})
    return entries


def within(document: Any, root: str) -> list[Entry]:
    """`of(document)`'s strings below the pointer `root` ("" or a persona root such as /personaConfig),
    with pointers from the document's top: those jp.walk(jp.resolve(document, root), root) meets below
    its start. (Told by the pointer's start, which names a key by its text: for a root whose key
    might be written as a number, `1:` in YAML, resolving it is the answer, not this.)"""
    entries = of(document)
    if not root:
        return entries
    last = _LAST
    memo = last[2] if last[0] is document else {}
    found = memo.get(root)
    if found is None:
        prefix = root + "/"
        found = memo[root] = [entry for entry in entries if entry[0].startswith(prefix)]
    return found


def walk(value: Any, base: str) -> list[Entry]:
    """The strings of `value` (see `of`), with pointers from `base`. Not cached.

    One frame per object or list on the stack, with its own iterator: a container met among the
    items is gone into at once and its holder's items go on where they stopped, which is jp.walk's
    order without a stack entry for each value.
    """
    if not isinstance(value, (dict, list)):
        return []
    found: list[Entry] = []
    append = found.append
    stack = [_frame(value, base, False, 0)]
    count = 0  # objects and lists met so far: the place of the next in the walk
    while stack:
        pointer, items, holder, credential, field, place = stack[-1]
        if credential is None:  # a list: its strings are under no key and in no credential field
            for index, child in items:
                if isinstance(child, str):
                    append((f"{pointer}/{index}", child, None, False, holder, place, index))
                elif isinstance(child, (dict, list)):
                    count += 1
                    stack.append(_frame(child, f"{pointer}/{index}", False, count))
                    break
            else:
                stack.pop()
            continue
        prefix = pointer + "/"
        for key, child in items:
            text = isinstance(child, str)
            if not text and not isinstance(child, (dict, list)):
                continue  # numbers, booleans and null hold no string
            name = key if key.__class__ is str else str(key)  # (YAML keys may be numbers)
            # jp.escape inline: most keys have neither character
            token = name if "~" not in name and "/" not in name else jp.escape(name)
            if text:
                is_credential = credential(field if field and name == "value" else name)
                append((prefix + token, child, name, is_credential, holder, place, 0))
            else:
                count += 1
                stack.append(_frame(child, prefix + token, normal(name) == "headers", count))
                break
        else:
            stack.pop()
    return found


def _frame(node: Any, pointer: str, in_headers: bool, place: int) -> tuple:
    """(pointer, its items to go through, the node, the credential test of its keys (None for a list),
    the field a JSON Patch operation's `value` is written to, the node's place in the walk)."""
    if isinstance(node, list):
        return pointer, iter(enumerate(node)), node, None, None, place
    operation_path = node.get("path") if "op" in node and isinstance(node["op"], str) else None
    field = _operation_field(operation_path) if isinstance(operation_path, str) else None
    credential = is_credential_header if in_headers else is_credential_field
    return pointer, iter(node.items()), node, credential, field, place


def _operation_field(operation_path: str) -> str | None:
    """The field a JSON Patch operation's `value` is written to: the last token of its `path`."""
    try:
        tokens = jp.split(operation_path)
    except ValueError:
        return None
    return tokens[-1] if tokens else None
