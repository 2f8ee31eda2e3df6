"""Hover: over a finding, its rule's documentation; over a key, the field's; over a value, its status.

The rule's documentation is the `personalint explain` text (docs.rule_markdown). A field's is its
schema's title and description with its type, and what the packs' lifecycle tables say of it
(legacy or removed, since when, replaced by what); a value's is its place in the field's list.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from personalint.config import Settings
from personalint.engine.registry import registry
from personalint.finding import Finding, Span
from personalint.lsp import fields
from personalint.lsp.cursor import Hit, node_at
from personalint.lsp.diagnostics import to_range
from personalint.lsp.text import OpenDocument


def hover(
    document: OpenDocument, findings: list[Finding], position: types.Position, encoding: str, settings: Settings
) -> types.Hover | None:
    offset = document.offset(position.line, position.character, encoding)
    line, column = document.lines.position(offset)
    under = [f for f in findings if any(_holds(span, line, column) for span in _spans(f))]
    field = _field(document, offset, encoding, settings)
    if not under:
        return field
    rules = _rules(under, document, encoding)
    if field is not None:  # a finding on a key or value: the rule's documentation, then the field's
        text = f"{_value(rules)}\n\n---\n\n{_value(field)}"
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text), rules.range)
    return rules


def _value(found: types.Hover) -> str:
    contents = found.contents
    return contents.value if isinstance(contents, types.MarkupContent) else str(contents)


def _spans(finding: Finding) -> list[Span]:
    return [finding.span, *(other.span for other in finding.related)]


def _holds(span: Span, line: int, column: int) -> bool:
    return (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column)


def _rules(under: list[Finding], document: OpenDocument, encoding: str) -> types.Hover:
    from personalint.docs import rule_markdown

    rules, parts, seen = registry(), [], set()
    for finding in under:
        rule = rules.by_id.get(finding.rule)
        if rule is None or rule.id in seen:
            continue
        seen.add(rule.id)
        parts.append(f"**{finding.rule}** {finding.message}\n\n{rule_markdown(rule, heading='###')}")
    text = "\n\n---\n\n".join(parts)
    return types.Hover(
        types.MarkupContent(types.MarkupKind.Markdown, text), to_range(document, under[0].span, encoding)
    )


def _field(document: OpenDocument, offset: int, encoding: str, settings: Settings) -> types.Hover | None:
    from personalint.source import load

    source = load(document.path, document.text.encode("utf-8", "surrogatepass"), check_duplicates=False)
    hit = node_at(source.documents, offset)
    if hit is None or not hit.pointer:
        return None
    loaded = next(d for d in source.documents if d.index == hit.document)
    kind = fields.kind_of(document.text, document.path, loaded.value, settings, loaded.kind)
    if kind is None:
        return None
    text = _key_text(kind, loaded.value, hit) if hit.role == "key" else _value_text(kind, loaded.value, hit)
    if not text:
        return None
    start = document.position(hit.node.start_mark.index, encoding)
    end = document.position(hit.node.end_mark.index, encoding)
    return types.Hover(
        types.MarkupContent(types.MarkupKind.Markdown, text),
        types.Range(types.Position(*start), types.Position(*end)),
    )


def _key_text(kind: str, value: Any, hit: Hit) -> str:
    found = fields.field_at(kind, value, hit.pointer)
    if found is None:
        return ""
    lines = [f"**{found.name}**" + (f" ({' or '.join(found.types)})" if found.types else "") + f" · `{kind}`"]
    if found.title:
        lines.append(found.title)
    if found.description:
        lines.append(found.description)
    if found.lifecycle is not None and found.lifecycle.status != "current":
        lines.append(lifecycle_text(found.name, found.lifecycle))
    elif found.deprecated:
        lines.append(f"**Deprecated**: the schema marks {found.name} deprecated.")
    if found.enum:
        lines.append("Values: " + ", ".join(f"`{v}`" for v in found.enum))
    return "\n\n".join(lines)


def _value_text(kind: str, value: Any, hit: Hit) -> str:
    if hit.node.id != "scalar":
        return ""
    here = fields.field_at(kind, value, hit.pointer)
    current = _resolve(value, hit.pointer)
    for choice in fields.values_at(kind, value, hit.pointer):
        if choice.value == current and type(choice.value) is type(current):
            name = here.name if here else hit.pointer
            if choice.lifecycle is None or choice.lifecycle.status == "current":
                return f"`{current}`: a current value of **{name}**."
            return lifecycle_text(f"`{current}`", choice.lifecycle) + f" (**{name}**)"
    return ""


def _resolve(value: Any, pointer: str) -> Any:
    from personalint import pointer as jp

    return jp.resolve(value, pointer, None)


def lifecycle_text(name: str, lifecycle: fields.Lifecycle) -> str:
    """`name` is legacy since ..., replaced by ... (the lifecycle table's words)."""
    text = f"**{lifecycle.status.capitalize()}**: {name}"
    if lifecycle.since:
        text += f" ({lifecycle.since})"
    if lifecycle.note:
        text += f": {lifecycle.note}"
    if lifecycle.replacement:
        text += f". Use instead: {lifecycle.replacement}"
    if lifecycle.rule:
        text += f" ({lifecycle.rule})"
    return text + "."
