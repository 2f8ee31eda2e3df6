"""Text edits from a document's node tree: set a value, rename, remove, move or quote a member.

Every edit is made on the exact source range the findings' positions come from, in the
syntax of the document's own dialect (JSON, YAML block or flow style, TypeScript/JavaScript
or Python literals), and keeps everything else as written: comments, key order, quoting
style, indentation and line endings. The file is never re-serialised.

An operation returns None when it cannot be done safely by editing text (the value is
computed by the code, a YAML alias, a key written as a variable, a YAML block mapping
that would be left empty...): such a finding simply has no fix. What an operation does to
the data is `fix.intent`'s business; `fix.apply` re-reads the edited text and checks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from personalint import pointer as jp
from personalint.finding import Edit, Span
from personalint.fix import literals
from personalint.source.document import Document
from personalint.source.positions import Node, scalar_key
from personalint.source.text import LineIndex


@dataclass(frozen=True)
class Member:
    """Where one member sits: its container, its key node (None in a list) and its value node."""

    parent: Node
    key: Node | None
    value: Node
    index: int  # its position among the container's members


def dialect(document: Document) -> str:
    """How the document's text is written: json, yaml, js or python (a Markdown block's own format)."""
    fmt = document.source.format
    if fmt in ("typescript", "javascript"):
        return "js"
    return fmt if fmt in ("json", "yaml", "python") else "json"


class Editor:
    """The edits of one document. Offsets are the nodes' marks: character offsets into the file's text."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.source.text
        self.lines: LineIndex = document.source.lines
        self.dialect = dialect(document)
        self.root = document.root_node()

    # --- finding nodes ---------------------------------------------------------------------
    def member(self, pointer: str) -> Member | None:
        """The member at `pointer`, when every step of the way is in the node tree."""
        if self.root is None:
            return None
        node: Node = self.root
        found: Member | None = None
        for token in jp.split(pointer):
            if node.id == "mapping":
                matches = [(i, k, v) for i, (k, v) in enumerate(node.value) if scalar_key(k) == token]
                if len(matches) != 1:  # missing, or repeated (PF002 decides which one counts)
                    return None
                i, k, v = matches[0]
                found, node = Member(node, k, v, i), v
            elif node.id == "sequence" and token.isdigit() and int(token) < len(node.value):
                found, node = Member(node, None, node.value[int(token)], int(token)), node.value[int(token)]
            else:
                return None
        return found

    def mapping(self, pointer: str) -> Node | None:
        if pointer == "":
            return self.root if self.root is not None and self.root.id == "mapping" else None
        member = self.member(pointer)
        return member.value if member is not None and member.value.id == "mapping" else None

    def raw(self, node: Node) -> str:
        return self.text[node.start_mark.index : node.end_mark.index]

    def edit(self, start: int, end: int, content: str) -> Edit:
        (line, column), (end_line, end_column) = self.lines.position(start), self.lines.position(end)
        return Edit(start, end, content, Span(line, column, end_line, end_column))

    # --- operations ------------------------------------------------------------------------
    def set_value(self, pointer: str, value: Any) -> list[Edit] | None:
        member = self.member(pointer)
        if member is None or member.value.id != "scalar" or not self._literal(member.value, pointer):
            return None
        written = self.scalar(value, like=self.raw(member.value))
        if written is None:
            return None
        return [self.edit(member.value.start_mark.index, member.value.end_mark.index, written)]

    def quote(self, pointer: str) -> list[Edit] | None:
        """A YAML plain scalar as written, single-quoted so that YAML keeps it a string."""
        member = self.member(pointer)
        if self.dialect != "yaml" or member is None or member.value.id != "scalar":
            return None
        written = self.raw(member.value)
        if not written or written[0] in "'\"|>&*!" or "\n" in written:
            return None
        return [self.edit(member.value.start_mark.index, member.value.end_mark.index, literals.single_quoted(written))]

    def rename(self, pointer: str, key: str) -> list[Edit] | None:
        member = self.member(pointer)
        if member is None or member.key is None or not self._key_literal(member.key):
            return None
        if any(scalar_key(k) == key for k, _ in member.parent.value):
            return None  # the new name is there already: which value to keep is not mechanical
        written = self.key(key, like=self.raw(member.key))
        if written is None:
            return None
        return [self.edit(member.key.start_mark.index, member.key.end_mark.index, written)]

    def remove(self, pointer: str) -> list[Edit] | None:
        member = self.member(pointer)
        if member is None:
            return None
        if member.key is not None and not self._key_literal(member.key):
            return None
        return self._remove(member)

    def remove_duplicates(self, pointer: str) -> list[Edit] | None:
        """Every earlier member of a key repeated in one mapping (only the last one takes effect)."""
        parent = self.mapping(jp.parent(pointer))
        name = jp.split(pointer)[-1] if pointer else None
        if parent is None or name is None:
            return None
        members = [Member(parent, k, v, i) for i, (k, v) in enumerate(parent.value) if scalar_key(k) == name]
        if len(members) < 2:
            return None
        edits: list[Edit] = []
        for member in members[:-1]:
            removed = self._remove(member)
            if removed is None:
                return None
            edits += removed
        return edits

    def move(self, pointer: str, to: str) -> list[Edit] | None:
        """The member at `pointer` moved (and renamed) to `to`, where missing mappings on the way are made."""
        member = self.member(pointer)
        if member is None or member.key is None or not self._key_literal(member.key):
            return None
        if jp.parent(to) == jp.parent(pointer):
            return self.rename(pointer, jp.split(to)[-1])
        if to.startswith(pointer + "/"):
            return None
        removed = self._remove(member)
        inserted = self._insert(to, member.value)
        if removed is None or inserted is None:
            return None
        return removed + inserted

    # --- removing ----------------------------------------------------------------------------
    def _remove(self, member: Member) -> list[Edit] | None:
        if self._block(member.parent):
            return self._remove_block(member)
        return self._remove_flow(member)

    def _block(self, node: Node) -> bool:
        """A YAML block collection (no brackets around it)."""
        return self.dialect == "yaml" and not getattr(node, "flow_style", False) and self.raw(node)[:1] not in "{["

    def _remove_block(self, member: Member) -> list[Edit] | None:
        if len(member.parent.value) == 1 and member.parent is not self.root:
            return None  # `key:` left with nothing under it would be null, not an empty mapping
        start_node = member.key if member.key is not None else member.value
        start = self.text.rfind("\n", 0, start_node.start_mark.index) + 1
        before = self.text[start : start_node.start_mark.index]
        if member.key is None:
            if before.strip() != "-":
                return None  # `- ` on a line of its own, or inside a compact nested list
        elif before.strip() not in ("", "-"):
            return None
        if member.key is not None and before.strip() == "-":
            return None  # the first key of a list item's mapping: removing it would take the dash
        end = self._line_end(self._last_char(member.value))
        return [self.edit(start, end, "")]

    def _remove_flow(self, member: Member) -> list[Edit] | None:
        start = (member.key if member.key is not None else member.value).start_mark.index
        end = member.value.end_mark.index
        text = self.text
        after = _skip_space(text, end)
        if after < len(text) and text[after] == ",":
            stop = after + 1
            line_start = text.rfind("\n", 0, start) + 1
            rest = _skip_inline_space(text, stop)
            if not text[line_start:start].strip() and (rest >= len(text) or text[rest] in "\r\n"):
                # the member has its lines to itself: take them, and their line break
                return [self.edit(line_start, _line_break_end(text, rest), "")]
            return [self.edit(start, _skip_inline_space(text, stop), "")]
        before = _skip_space_back(text, start)
        if before > 0 and text[before - 1] == ",":
            return [self.edit(before - 1, end, "")]
        if len(member.parent.value) == 1:
            open_at, close_at = member.parent.start_mark.index, member.parent.end_mark.index
            if self.raw(member.parent)[:1] in "{[" and self.text[close_at - 1] in "}]":
                return [self.edit(open_at + 1, close_at - 1, "")]
        return None

    # --- inserting ---------------------------------------------------------------------------
    def _insert(self, to: str, value: Node) -> list[Edit] | None:
        """`value`'s text under the key `to`, creating the mappings that do not exist yet."""
        tokens = jp.split(to)
        depth = 0
        holder = self.mapping("")
        while holder is not None and depth < len(tokens) - 1:
            inner = self.mapping(jp.join("", *tokens[: depth + 1]))
            if inner is None:
                if self.member(jp.join("", *tokens[: depth + 1])) is not None:
                    return None  # something that is not a mapping is in the way
                break
            holder, depth = inner, depth + 1
        if holder is None:
            return None
        rest = tokens[depth:]
        if any(scalar_key(k) == rest[0] for k, _ in holder.value):
            return None  # the target is set already: which value to keep is a choice
        if self._block(holder):
            return self._insert_block(holder, rest, value)
        return self._insert_flow(holder, rest, value)

    def _insert_block(self, holder: Node, keys: list[str], value: Node) -> list[Edit] | None:
        if not holder.value:
            return None
        first_key = holder.value[0][0]
        indent = first_key.start_mark.column
        step = 2
        last = self._last_char(holder.value[-1][1])
        at = self._line_end(last)
        body = self._block_value(value, indent + step * len(keys))
        if body is None:
            return None
        lines = []
        for depth, key in enumerate(keys):
            written = self.key(key, like=self.raw(first_key))
            if written is None:
                return None
            pad = " " * (indent + step * depth)
            lines.append(f"{pad}{written}:" + (body if depth == len(keys) - 1 else ""))
        newline = self._newline()
        text = newline.join(lines) + newline
        if at > 0 and self.text[at - 1 : at] not in ("\n", "\r") and at == len(self.text):
            text = newline + text
        return [self.edit(at, at, text)]

    def _block_value(self, value: Node, indent: int) -> str | None:
        """A YAML value's text after `key:`, reindented for a key at `indent - 2`."""
        raw = self.raw(value)
        if value.id == "scalar" or self.raw(value)[:1] in "{[":
            if "\n" in raw.rstrip() and value.id == "scalar" and raw[:1] in "|>":
                return None
            if "\n" in raw.rstrip():
                return None
            return " " + raw.rstrip()
        start = self.text.rfind("\n", 0, value.start_mark.index) + 1
        end = self._line_end(self._last_char(value))
        block = self.text[start:end].rstrip("\r\n")
        old = value.start_mark.column
        shifted = []
        for line in block.splitlines():
            if not line.strip():
                shifted.append("")
            elif len(line) - len(line.lstrip(" ")) < old:
                return None
            else:
                shifted.append(" " * indent + line[old:])
        if not self.text[start : value.start_mark.index].strip() == "":
            return None  # a block value that starts on its key's line (`- ` items after the colon...)
        return self._newline() + self._newline().join(shifted)

    def _insert_flow(self, holder: Node, keys: list[str], value: Node) -> list[Edit] | None:
        raw = self.raw(holder)
        if raw[:1] != "{" or not raw.rstrip().endswith("}"):
            return None  # a Python dict(...) call, a YAML block...
        like = self.raw(holder.value[-1][0]) if holder.value else None
        written_key = [self.key(k, like=like) for k in keys]
        if any(k is None for k in written_key):
            return None
        separator = ": "
        if holder.value:
            last_key, last_value = holder.value[-1]
            separator = self.text[last_key.end_mark.index : last_value.start_mark.index] or ": "
            if "\n" in separator:
                separator = ": "
        content = self.raw(value)
        for key in reversed(written_key[1:]):
            content = "{" + f"{key}{separator}{content}" + "}"
        entry = f"{written_key[0]}{separator}{content}"
        if not holder.value:
            inside = holder.end_mark.index - 1
            return [self.edit(inside, inside, entry)]
        last_end = holder.value[-1][1].end_mark.index
        after = _skip_space(self.text, last_end)
        trailing_comma = after < len(self.text) and self.text[after] == ","
        anchor = after + 1 if trailing_comma else last_end
        last_start = (holder.value[-1][0]).start_mark.index
        line_start = self.text.rfind("\n", 0, last_start) + 1
        own_line = not self.text[line_start:last_start].strip()
        if own_line:
            pad = self.text[line_start:last_start]
            text = ("" if trailing_comma else ",") + self._newline() + pad + entry + ("," if trailing_comma else "")
        else:
            text = ("" if trailing_comma else ",") + " " + entry + ("," if trailing_comma else "")
        return [self.edit(anchor, anchor, text)]

    def scalar(self, value: Any, like: str = "") -> str | None:
        return literals.scalar(value, self.dialect, like)

    def key(self, key: str, like: str | None = None) -> str | None:
        return literals.key(key, self.dialect, like)

    # --- checks on what is written -----------------------------------------------------------
    def _literal(self, node: Node, pointer: str) -> bool:
        """Whether a scalar node's text is the literal of the document's value at `pointer` (not a
        variable, a call, an alias or a template)."""
        raw = self.raw(node)
        if not raw or node.start_mark.index >= node.end_mark.index:
            return False
        value = jp.resolve(self.document.value, pointer, None)
        return literals.reads_as(raw, value, self.dialect) or (self.dialect == "yaml" and raw == value)

    def _key_literal(self, node: Node) -> bool:
        raw = self.raw(node)
        if self.dialect == "js" and literals.IDENTIFIER.match(raw):
            # a shorthand `{ name }` has the same text as its key: it must be followed by a colon
            after = _skip_space(self.text, node.end_mark.index)
            return after < len(self.text) and self.text[after] == ":"
        if self.dialect == "python" and literals.IDENTIFIER.match(raw):
            after = _skip_space(self.text, node.end_mark.index)
            return after < len(self.text) and self.text[after] == "="  # dict(name=...)
        if self.dialect == "yaml" and raw == node.value:
            return True
        return literals.reads_as(raw, node.value, self.dialect)

    # --- lines ---------------------------------------------------------------------------------
    def _last_char(self, node: Node) -> int:
        """The offset just after the last character of a node that is not white space."""
        end = node.end_mark.index
        while end > node.start_mark.index and self.text[end - 1] in " \t\r\n":
            end -= 1
        # a YAML block collection ends at the next token: comments after its last value belong to it
        return end

    def _line_end(self, offset: int) -> int:
        """The offset after the line break of the line `offset` is on (or the end of the text)."""
        found = self.text.find("\n", offset)
        return len(self.text) if found < 0 else found + 1

    def _newline(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _skip_inline_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t":
        at += 1
    return at


def _skip_space_back(text: str, at: int) -> int:
    while at > 0 and text[at - 1] in " \t\r\n":
        at -= 1
    return at


def _line_break_end(text: str, at: int) -> int:
    if text.startswith("\r\n", at):
        return at + 2
    if at < len(text) and text[at] in "\r\n":
        return at + 1
    return at
