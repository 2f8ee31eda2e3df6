"""Completion in JSON and YAML documents: the keys valid at the cursor, and the values of its field.

Keys come from the kind's schema at the cursor's pointer (fields.keys_at), those already in
the mapping left out; values from the field's enum and lifecycle table (fields.values_at).
Legacy and deprecated ones are tagged Deprecated and sorted last; removed ones are never
offered. An insertion is written as the format needs it: in YAML a value YAML 1.1 would read
as something else (`off`, `yes`, `1.0`) is quoted (`'off'`), and a key with a list of values
offers them as a snippet's choice.
"""

from __future__ import annotations

import json
from typing import Any

from lsprotocol import types

from personalint.config import Settings
from personalint.lsp import fields
from personalint.lsp.cursor import Place, yaml_place
from personalint.lsp.jsonscan import json_place
from personalint.lsp.text import OpenDocument
from personalint.source import detect_format

_ORDER = {"current": "0", "invite-only": "1"}  # sort text prefixes; anything leaving sorts last ("2")


def complete(
    document: OpenDocument, position: types.Position, encoding: str, settings: Settings
) -> types.CompletionList | None:
    offset = document.offset(position.line, position.character, encoding)
    format = detect_format(document.path, document.text)
    place = json_place(document.text, offset) if format == "json" else None
    if format == "yaml":
        place = yaml_place(document.text, offset)
    if place is None:
        return None
    kind = fields.kind_of(document.text, document.path, place.value, settings)
    if kind is None:
        return None
    start, end = document.position(place.start, encoding), document.position(place.end, encoding)
    edit_range = types.Range(types.Position(*start), types.Position(*end))
    items: list[types.CompletionItem | None]
    if place.role == "key":
        column = place.start - (document.text.rfind("\n", 0, place.start) + 1)
        items = [_key_item(f, _choices(kind, place, f), place, column, edit_range) for f in _keys(kind, place)]
    else:
        items = [_value_item(c, place, edit_range) for c in fields.values_at(kind, place.value, place.pointer)]
    return types.CompletionList(is_incomplete=False, items=[item for item in items if item is not None])


def _keys(kind: str, place: Place) -> list[fields.Field]:
    return [f for f in fields.keys_at(kind, place.value, place.pointer) if f.offered and f.name not in place.present]


def _choices(kind: str, place: Place, field: fields.Field) -> list[Any]:
    pointer = place.pointer + "/" + field.name.replace("~", "~0").replace("/", "~1")
    choices = fields.values_at(kind, place.value, pointer)
    return [c.value for c in choices if c.offered and not c.leaving]


def _key_item(
    field: fields.Field, values: list[Any], place: Place, column: int, edit_range: types.Range
) -> types.CompletionItem:
    snippet = _key_snippet(field, values, place, column)
    return types.CompletionItem(
        label=field.name,
        kind=types.CompletionItemKind.Property,
        detail=" or ".join(field.types) or None,
        documentation=_documentation(field),
        tags=[types.CompletionItemTag.Deprecated] if field.leaving else None,
        sort_text=("2" if field.leaving else "0") + field.name,
        filter_text=('"' if place.quoted else "") + field.name,
        text_edit=types.TextEdit(edit_range, snippet),
        insert_text_format=types.InsertTextFormat.Snippet,
        insert_text_mode=types.InsertTextMode.AsIs,
    )


def _key_snippet(field: fields.Field, values: list[Any], place: Place, column: int) -> str:
    """The key and what its value needs: a choice of its values, an indented block, quotes, brackets."""
    name = _escape(field.name)
    values = [v for v in values if v is not None]
    if place.format == "yaml":
        nested = "\n" + " " * column
        if values:
            return f"{name}: ${{1|{','.join(_choice(yaml_scalar(v)) for v in values)}|}}"
        if "object" in field.types:
            return f"{name}:{nested}  $0"
        if "array" in field.types:
            return f"{name}:{nested}  - $0"
        return f"{name}: $0"
    key = _escape(json.dumps(field.name))
    colon = ": "
    if place.colon:
        return key
    if values:
        return f"{key}{colon}${{1|{','.join(_choice(json.dumps(v)) for v in values)}|}}"
    if "object" in field.types:
        return f"{key}{colon}{{$0}}"
    if "array" in field.types:
        return f"{key}{colon}[$0]"
    if field.types == ("string",):
        return f'{key}{colon}"$0"'
    return f"{key}{colon}$0"


def _value_item(choice: fields.Choice, place: Place, edit_range: types.Range) -> types.CompletionItem | None:
    if not choice.offered:
        return None
    text = yaml_scalar(choice.value) if place.format == "yaml" else json.dumps(choice.value)
    label = choice.value if isinstance(choice.value, str) else json.dumps(choice.value)
    status = choice.lifecycle.status if choice.lifecycle else "current"
    documentation = None
    if choice.lifecycle is not None and status != "current":
        from personalint.lsp.hover import lifecycle_text

        documentation = types.MarkupContent(types.MarkupKind.Markdown, lifecycle_text(f"`{label}`", choice.lifecycle))
    return types.CompletionItem(
        label=label,
        kind=types.CompletionItemKind.EnumMember,
        detail=None if status == "current" else status,
        documentation=documentation,
        tags=[types.CompletionItemTag.Deprecated] if choice.leaving else None,
        sort_text=_ORDER.get(status, "2") + label,
        filter_text=text if text[:1] in "'\"" else label,
        text_edit=types.TextEdit(edit_range, text),
        insert_text_format=types.InsertTextFormat.PlainText,
    )


def _documentation(field: fields.Field) -> types.MarkupContent | None:
    parts = [p for p in (field.title, field.description) if p]
    if field.lifecycle is not None and field.lifecycle.status != "current":
        from personalint.lsp.hover import lifecycle_text

        parts.append(lifecycle_text(field.name, field.lifecycle))
    return types.MarkupContent(types.MarkupKind.Markdown, "\n\n".join(parts)) if parts else None


def yaml_scalar(value: Any) -> str:
    """`value` as a YAML scalar that loads back as itself: quoted when YAML 1.1 would read it otherwise."""
    import yaml

    if not isinstance(value, str):
        return json.dumps(value)
    try:
        plain = value.strip() == value and value != "" and yaml.safe_load(value) == value
    except yaml.YAMLError:
        plain = False
    if plain and not any(mark in value for mark in (": ", " #", "\n")) and value[:1] not in "!&*?|>%@`'\"-[]{},#":
        return value
    return "'" + value.replace("'", "''") + "'"


def _choice(text: str) -> str:
    """Text for a snippet's choice: `,`, `|` and `\\` escaped."""
    return text.replace("\\", "\\\\").replace(",", "\\,").replace("|", "\\|")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")
