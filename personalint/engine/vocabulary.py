"""The data vocabulary rule packs are written in: a few check functions, implemented once.

Each is registered with `@check` (engine/context.py) with the parameters it takes; a rule
names it as `check: {function: NAME, ...}`. `supersedes` names the JSON Schema keywords a
function explains better than the schema does: its hit replaces the schema's problem at
the same pointer. `single_value` says it judges the value it points at on its own, so it
can judge the value of a Tavus PATCH operation too (engine/patch.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from personalint import messages
from personalint import pointer as jp
from personalint.engine.context import MISSING, Context, Hit, Tables, blank, check, reading
from personalint.patterns import lazy

PATH = {"type": "string", "description": "A JSON Pointer relative to the persona fields; `*` matches any key or item."}
STRINGS = {"type": "array", "items": {"type": "string"}}
STATUSES = {
    "type": "array",
    "items": {
        "enum": ["current", "legacy", "deprecated", "removed", "invite-only", "guide-only", "misplaced", "unknown"]
    },
}
AT = {"enum": ["value", "key", "container"]}


@check(
    "present",
    single_value=True,
    reads=reading("path"),
    required=("path",),
    params={"path": PATH, "value": {}, "non_blank": {"type": "boolean"}, "at": AT},
)
def present(ctx: Context, params: dict) -> Iterator[Hit]:
    """The field at `path` is set (with `value:`, set to that value; with `non_blank`, not blank)."""
    for path, value in ctx.find(params["path"]):
        if "value" in params and value != params["value"]:
            continue
        if params.get("non_blank") and blank(value):
            continue
        yield Hit(path, params.get("at", "key"), {"value": messages.value(value, path)})


@check("required", required=("path",), params={"path": PATH})
def required(ctx: Context, params: dict) -> Iterator[Hit]:
    """The field at `path` is missing or blank; reported at the mapping that should hold it."""
    parent, name = jp.parent(params["path"]), jp.split(params["path"])[-1]
    for here, container in ctx.find(parent):
        if not isinstance(container, dict):
            continue
        value = container.get(name, MISSING)
        if value is MISSING:
            yield Hit(here, "container", {"state": "missing"})
        elif blank(value):
            yield Hit(jp.join(here, name), "value", {"state": "empty"})


@check(
    "requires", required=("path", "fields"), params={"path": PATH, "fields": STRINGS, "if_present": {"type": "string"}}
)
def requires(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each object at `path` that has `if_present` also has every key of `fields`."""
    for here, container in ctx.find(params["path"]):
        if not isinstance(container, dict):
            continue
        trigger = params.get("if_present")
        if trigger and trigger not in container:
            continue
        missing = [name for name in params["fields"] if blank(container.get(name, MISSING))]
        if missing:
            yield Hit(
                jp.join(here, trigger) if trigger else here,
                "key" if trigger else "container",
                {"missing": ", ".join(missing)},
            )


@check(
    "exclusive",
    single_value=True,
    reads=reading("path"),
    required=("path", "fields"),
    params={"path": PATH, "fields": STRINGS, "non_blank": {"type": "boolean"}},
)
def exclusive(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each object at `path` sets at most one of `fields` (`non_blank`: blank values do not count)."""
    for here, container in ctx.find(params["path"]):
        if not isinstance(container, dict):
            continue
        set_ = [
            name
            for name in params["fields"]
            if name in container and not (params.get("non_blank") and blank(container[name]))
        ]
        if len(set_) > 1:
            yield Hit(
                jp.join(here, set_[-1]), "key", {"fields": " and ".join(set_), "first": set_[0], "other": set_[-1]}
            )


@check(
    "lifecycle",
    supersedes=("enum", "const"),
    single_value=True,
    reads=reading("path"),
    required=("path", "table", "report"),
    params={"path": PATH, "table": {"type": "string"}, "report": STATUSES},
)
def lifecycle(ctx: Context, params: dict) -> Iterator[Hit]:
    """The value at `path` has one of the `report` statuses in the lifecycle `table`.

    A table maps each value any document ever had to {status, since, replacement, note};
    status `unknown` means a value no document has.
    """
    yield from _lifecycle(ctx, params["path"], params["table"], params["report"])


def _lifecycle(ctx: Context, path_: str, table_name: str, report: list[str]) -> Iterator[Hit]:
    table = ctx.tables[table_name]
    current: str | None = None  # the table's current values, listed only once a value is reported
    for path, value in ctx.find(path_):
        if value is None:
            continue
        entry = table.get(value) if isinstance(value, str) else None
        status = entry["status"] if entry else "unknown"
        if status not in report:
            continue
        if current is None:
            current = ", ".join(name for name, e in table.items() if e["status"] == "current")
        replacement = (entry or {}).get("replacement", current)
        yield Hit(
            path,
            "value",
            {
                "value": messages.value(value, path),
                "current": current,
                "replacement": replacement,
                "since": (entry or {}).get("since", ""),
                "note": (entry or {}).get("note", ""),
                "status": status,
            },
            # the fix writes the replacement when it is one current value of the table
            fix=_successor(table, entry),
        )


def _table_paths(params: dict, tables: Tables) -> list[str]:
    """Where key_lifecycle looks: every path its table lists."""
    return list(tables.get(params["table"], {}))


@check(
    "key_lifecycle",
    supersedes=("additionalProperties", "unevaluatedProperties", "type", "enum"),
    single_value=True,
    reads=_table_paths,
    required=("table", "report"),
    params={
        "table": {"type": "string"},
        "report": STATUSES,
        "moves": {
            "type": "boolean",
            "description": "An entry's replacement that is one dotted path (layers.tts.tts_engine) is where "
            "the fix moves the key; an entry's `to` (a pointer) says so for any entry.",
        },
    },
)
def key_lifecycle(ctx: Context, params: dict) -> Iterator[Hit]:
    """A key whose path (with `*`) the lifecycle `table` lists with one of the `report` statuses.

    For renamed or retired fields: the table maps a path to {status, since, replacement, note, to};
    `to` is the pointer the key moves to, when the documents give one place.
    """
    moves = params.get("moves", False)
    found: list[tuple[str, dict]] = []
    for parent, leaves, entries in ctx.tables.key_groups(params["table"], tuple(params["report"])):
        if parent is None:  # patterns with a `*`: each looked for
            found += [(pattern, entry) for pattern, _, entry in entries]
            continue
        holder = ctx.get(parent)  # the common case: one look at the mapping for all its entries
        if isinstance(holder, dict) and not leaves.isdisjoint(holder):
            found += [(pattern, entry) for pattern, leaf, entry in entries if leaf in holder]
    for pattern, entry in found:
        for path, value in ctx.find(pattern):
            yield Hit(
                path,
                "key",
                {
                    "key": jp.split(path)[-1],
                    "value": messages.value(value, path),
                    "replacement": entry.get("replacement", ""),
                    "since": entry.get("since", ""),
                    "note": entry.get("note", ""),
                    "status": entry["status"],
                },
                fix=_move_to(entry, moves),
            )


def _successor(table: dict, entry: dict | None) -> dict | None:
    """The fix of a retired value: the entry's `successor` (the one the documents recommend), or its
    replacement when that is one current value of the table; None when the documents leave a choice."""
    if not entry:
        return None
    value = entry.get("successor", entry.get("replacement"))
    return {"value": value} if table.get(value, {}).get("status") == "current" else None


_DOTTED = lazy(r"[a-z_]+(?:\.[a-z_]+)*")


def _move_to(entry: dict, moves: bool) -> dict | None:
    """The fix of a key the table moves elsewhere: {"to": pointer}, or None when there is no one place."""
    if "to" in entry:
        return {"to": entry["to"]}
    replacement = entry.get("replacement", "")
    if moves and _DOTTED.fullmatch(replacement):
        return {"to": "/" + replacement.replace(".", "/")}
    return None


@check(
    "pattern",
    single_value=True,
    reads=reading("path"),
    required=("path", "regex"),
    params={"path": PATH, "regex": {"type": "string", "format": "regex"}, "allow": STRINGS},
)
def pattern(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each string at `path` fully matches `regex`, or is one of `allow`."""
    regex = re.compile(params["regex"])
    allow = params.get("allow", [])
    for path, value in ctx.find(params["path"]):
        if not isinstance(value, str) or value in allow or regex.fullmatch(value):
            continue
        yield Hit(path, "value", {"value": messages.value(value, path)})


@check(
    "unique",
    single_value=True,
    reads=reading("path"),
    required=("path",),
    params={"path": PATH, "key": {"type": "string", "description": "A relative pointer into each item."}},
)
def unique(ctx: Context, params: dict) -> Iterator[Hit]:
    """Items of each list at `path` (or their field at `key`, a relative pointer) are not repeated."""
    key = params.get("key", "")
    for path, items in ctx.find(params["path"]):
        if not isinstance(items, list):
            continue
        seen: dict[Any, int] = {}
        for index, item in enumerate(items):
            value = jp.resolve(item, key, MISSING) if key else item
            if value is MISSING or isinstance(value, (dict, list)):
                continue
            if value in seen:
                yield Hit(
                    jp.join(path, index) + key,
                    "value",
                    {"value": messages.value(value, path), "first": seen[value], "index": index},
                    fix={},  # remove the repeat
                )
            else:
                seen[value] = index


@check(
    "range",
    supersedes=("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"),
    single_value=True,
    reads=reading("path"),
    required=("path", "fields"),
    params={
        "path": PATH,
        "fields": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "prefixItems": [{"type": "number"}, {"type": "number"}],
                "minItems": 2,
                "maxItems": 2,
            },
        },
    },
)
def in_range(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each number under `path` named in `fields` lies within its [min, max]."""
    for base_path, base in ctx.find(params["path"]):
        if not isinstance(base, dict):
            continue
        for name, (low, high) in params["fields"].items():
            value = base.get(name, MISSING)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            if not low <= value <= high:
                yield Hit(
                    jp.join(base_path, name),
                    "value",
                    {"field": name, "min": low, "max": high, "value": messages.value(value)},
                )


@check(
    "max_items",
    supersedes=("maxItems",),
    single_value=True,
    reads=reading("paths"),
    required=("paths", "max"),
    params={"paths": {"type": "array", "items": PATH}, "max": {"type": "integer", "minimum": 0}},
)
def max_items(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each list at `paths` holds at most `max` items."""
    for pattern_ in params["paths"]:
        for path, value in ctx.find(pattern_):
            if isinstance(value, list) and len(value) > params["max"]:
                yield Hit(path, "key", {"count": len(value), "max": params["max"]})


@check(
    "lifecycles",
    supersedes=("enum", "const"),
    reads=reading("fields"),
    required=("fields", "report"),
    params={"fields": {"type": "object", "additionalProperties": {"type": "string"}}, "report": STATUSES},
)
def lifecycles(ctx: Context, params: dict) -> Iterator[Hit]:
    """`lifecycle` over several fields at once: `fields` maps each path to its lifecycle table.

    Only string values are judged; a value of another type (YAML's `off` read as false) is
    left to the schema, whose finding says how to quote it.
    """
    for path, table in params["fields"].items():
        for hit in _lifecycle(ctx, path, table, params["report"]):
            if isinstance(ctx.get(hit.pointer), str):
                yield hit
