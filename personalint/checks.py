"""The vocabulary rule packs are written in: a few check functions, implemented once.

Each check gets a `Context` (the document, its kind, where its persona fields sit) and
the parameters the rule pack gives it, and yields `Hit`s: where, and the values its
message template may name. Paths in packs are JSON Pointers relative to the persona
fields, so one rule serves a create body and the personaConfig of a session body.

A `*` in a path matches every key of an object or every item of a list
(`/layers/llm/tools/*/function/name`); a check runs once per match.

Conditions (`when:` / `unless:`) are lists of tests on other fields, all of which
must hold: `{path, equals | not_equals | in | not_in | present | has_any | has_none |
matches | type}`, or `{inventory: true|false}` (whether an inventory of the organisation's
resources was given). A condition's path has no `*`.

`supersedes` names the JSON Schema keywords a check explains better than the
schema does: its hit replaces the schema's problem at the same pointer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from personalint import display
from personalint import pointer as jp

MISSING = object()


@dataclass(frozen=True)
class Hit:
    pointer: str  # relative to the persona root
    at: str = "value"
    fields: dict = field(default_factory=dict)
    explains: tuple = ()  # more (relative pointer, JSON Schema keyword) pairs this hit replaces
    absolute: bool = False  # pointer is from the document's top (/sessionOptions/...), not the persona root


@dataclass
class Context:
    document: Any
    kind: str
    root: str  # where the persona fields sit ("" or "/personaConfig")
    tables: dict
    inventory: Any = None  # the organisation's resources (personalint.inventory), when given
    source: Any = None  # the source.Document (format, YAML nodes), when the pipeline passes it
    # paths already resolved: the document does not change while its rules run
    _got: dict = field(default_factory=dict, repr=False)
    _found: dict = field(default_factory=dict, repr=False)

    def get(self, path: str) -> Any:
        try:
            return self._got[path]
        except KeyError:
            value = self._got[path] = jp.resolve(self.document, self.root + path, MISSING)
            return value

    def find(self, path: str) -> list[tuple[str, Any]]:
        """(relative pointer, value) of every value `path` matches; `*` matches any key or index."""
        found = self._found.get(path)
        if found is None:
            found = self._found[path] = self._find(path)
        return found

    def _find(self, path: str) -> list[tuple[str, Any]]:
        if "*" not in path:
            value = self.get(path)
            return [] if value is MISSING else [(path, value)]
        matches: list[tuple[str, Any]] = [("", jp.resolve(self.document, self.root, MISSING))]
        for token in jp.split(path):
            found: list[tuple[str, Any]] = []
            for here, value in matches:
                if token == "*":
                    if isinstance(value, dict):
                        found.extend((jp.join(here, k), v) for k, v in value.items())
                    elif isinstance(value, list):
                        found.extend((jp.join(here, i), v) for i, v in enumerate(value))
                elif isinstance(value, dict) and token in value:
                    found.append((jp.join(here, token), value[token]))
                elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                    found.append((jp.join(here, token), value[int(token)]))
            matches = found
        return matches

    def absolute(self, path: str) -> str:
        return self.root + path


CheckFunction = Callable[[Context, dict], Iterator[Hit]]
CHECKS: dict[str, CheckFunction] = {}
SUPERSEDES: dict[str, frozenset[str]] = {}


def check(name: str, supersedes: tuple[str, ...] = ()) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        CHECKS[name] = function
        SUPERSEDES[name] = frozenset(supersedes)
        return function

    return register


def _blank(value: Any) -> bool:
    return value is MISSING or value is None or (isinstance(value, str) and not value.strip())


def holds(ctx: Context, condition: dict) -> bool:
    if "inventory" in condition:  # {inventory: true|false}: whether an inventory was given
        return (ctx.inventory is not None) == condition["inventory"]
    value = ctx.get(condition["path"])
    if "equals" in condition and value != condition["equals"]:
        return False
    if "not_equals" in condition and value == condition["not_equals"]:
        return False
    if "in" in condition and value not in condition["in"]:
        return False
    if "not_in" in condition and value in condition["not_in"]:
        return False
    if "present" in condition and (value is not MISSING) != condition["present"]:
        return False
    if "has_any" in condition and not (isinstance(value, dict) and any(k in value for k in condition["has_any"])):
        return False
    if "has_none" in condition and isinstance(value, dict) and any(k in value for k in condition["has_none"]):
        return False
    if "matches" in condition and not (isinstance(value, str) and re.fullmatch(condition["matches"], value)):
        return False
    if "type" in condition and display.type_name(value) != condition["type"]:
        return False
    return True


def conditions(params: dict, key: str) -> list[dict]:
    """A rule's `when` or `unless` conditions as a list (a pack may give one as a mapping)."""
    found = params.get(key, [])
    return [found] if isinstance(found, dict) else list(found)


def applies(ctx: Context, params: dict) -> bool:
    """A rule's `when` conditions all hold and its `unless` conditions do not all hold."""
    unless = conditions(params, "unless")
    return (all(holds(ctx, c) for c in conditions(params, "when"))
            and not (unless and all(holds(ctx, c) for c in unless)))


@check("present")
def present(ctx: Context, params: dict) -> Iterator[Hit]:
    """The field at `path` is set (with `value:`, set to that value; with `non_blank`, not blank)."""
    for path, value in ctx.find(params["path"]):
        if "value" in params and value != params["value"]:
            continue
        if params.get("non_blank") and _blank(value):
            continue
        yield Hit(path, params.get("at", "key"), {"value": display.value(value, path)})


@check("required")
def required(ctx: Context, params: dict) -> Iterator[Hit]:
    """The field at `path` is missing or blank; reported at the mapping that should hold it."""
    parent, name = jp.parent(params["path"]), jp.split(params["path"])[-1]
    for here, container in ctx.find(parent):
        if not isinstance(container, dict):
            continue
        value = container.get(name, MISSING)
        if value is MISSING:
            yield Hit(here, "container", {"state": "missing"})
        elif _blank(value):
            yield Hit(jp.join(here, name), "value", {"state": "empty"})


@check("requires")
def requires(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each object at `path` that has `if_present` also has every key of `fields`."""
    for here, container in ctx.find(params["path"]):
        if not isinstance(container, dict):
            continue
        trigger = params.get("if_present")
        if trigger and trigger not in container:
            continue
        missing = [name for name in params["fields"] if _blank(container.get(name, MISSING))]
        if missing:
            yield Hit(jp.join(here, trigger) if trigger else here, "key" if trigger else "container",
                      {"missing": ", ".join(missing)})


@check("exclusive")
def exclusive(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each object at `path` sets at most one of `fields` (`non_blank`: blank values do not count)."""
    for here, container in ctx.find(params["path"]):
        if not isinstance(container, dict):
            continue
        set_ = [name for name in params["fields"] if name in container
                and not (params.get("non_blank") and _blank(container[name]))]
        if len(set_) > 1:
            yield Hit(jp.join(here, set_[-1]), "key", {"fields": " and ".join(set_), "first": set_[0], "other": set_[-1]})


@check("lifecycle", supersedes=("enum", "const"))
def lifecycle(ctx: Context, params: dict) -> Iterator[Hit]:
    """The value at `path` has one of the `report` statuses in the lifecycle `table`.

    A table maps each value any document ever had to {status, since, replacement, note};
    status `unknown` means a value no document has.
    """
    table = ctx.tables[params["table"]]
    current = [name for name, e in table.items() if e["status"] == "current"]
    for path, value in ctx.find(params["path"]):
        if value is None:
            continue
        entry = table.get(value) if isinstance(value, str) else None
        status = entry["status"] if entry else "unknown"
        if status not in params["report"]:
            continue
        yield Hit(path, "value", {
            "value": display.value(value, path),
            "current": ", ".join(current),
            "replacement": (entry or {}).get("replacement", ", ".join(current)),
            "since": (entry or {}).get("since", ""),
            "note": (entry or {}).get("note", ""),
            "status": status,
        })


_KEY_ENTRIES: dict[tuple[int, str, tuple[str, ...]], list] = {}


def _key_entries(tables: dict, name: str, report: tuple[str, ...]) -> list[tuple[str, str, str | None, dict]]:
    """A key-lifecycle table's entries with a reported status, as (pattern, parent, leaf or None, entry)."""
    key = (id(tables), name, report)
    if key not in _KEY_ENTRIES:
        _KEY_ENTRIES[key] = [
            (pattern, jp.parent(pattern), None if "*" in pattern else jp.split(pattern)[-1], entry)
            for pattern, entry in tables[name].items() if entry["status"] in report
        ]
    return _KEY_ENTRIES[key]


@check("key_lifecycle", supersedes=("additionalProperties", "unevaluatedProperties", "type", "enum"))
def key_lifecycle(ctx: Context, params: dict) -> Iterator[Hit]:
    """A key whose path (with `*`) the lifecycle `table` lists with one of the `report` statuses.

    For renamed or retired fields: the table maps a path to {status, since, replacement, note}.
    """
    for pattern, parent, leaf, entry in _key_entries(ctx.tables, params["table"], tuple(params["report"])):
        if leaf is not None:  # the common case: look in the parent (shared by many entries, so cached)
            holder = ctx.get(parent)
            if not isinstance(holder, dict) or leaf not in holder:
                continue
        for path, value in ctx.find(pattern):
            yield Hit(path, "key", {
                "key": jp.split(path)[-1],
                "value": display.value(value, path),
                "replacement": entry.get("replacement", ""),
                "since": entry.get("since", ""),
                "note": entry.get("note", ""),
                "status": entry["status"],
            })


@check("pattern")
def pattern(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each string at `path` fully matches `regex`, or is one of `allow`."""
    regex = re.compile(params["regex"])
    allow = params.get("allow", [])
    for path, value in ctx.find(params["path"]):
        if not isinstance(value, str) or value in allow or regex.fullmatch(value):
            continue
        yield Hit(path, "value", {"value": display.value(value, path)})


@check("unique")
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
                yield Hit(jp.join(path, index) + key, "value",
                          {"value": display.value(value, path), "first": seen[value], "index": index})
            else:
                seen[value] = index


@check("range", supersedes=("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"))
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
                yield Hit(jp.join(base_path, name), "value",
                          {"field": name, "min": low, "max": high, "value": display.value(value)})


@check("max_items", supersedes=("maxItems",))
def max_items(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each list at `paths` holds at most `max` items."""
    for pattern_ in params["paths"]:
        for path, value in ctx.find(pattern_):
            if isinstance(value, list) and len(value) > params["max"]:
                yield Hit(path, "key", {"count": len(value), "max": params["max"]})


@check("python")
def python(ctx: Context, params: dict) -> Iterator[Hit]:
    """What data cannot say: a function of `personalint.custom`, named by `name`."""
    from personalint import custom

    yield from custom.FUNCTIONS[params["name"]](ctx, params)


@check("lifecycles", supersedes=("enum", "const"))
def lifecycles(ctx: Context, params: dict) -> Iterator[Hit]:
    """`lifecycle` over several fields at once: `fields` maps each path to its lifecycle table.

    Only string values are judged; a value of another type (YAML's `off` read as false) is
    left to the schema, whose finding says how to quote it.
    """
    for path, table in params["fields"].items():
        for hit in lifecycle(ctx, {**params, "path": path, "table": table}):
            if isinstance(ctx.get(hit.pointer), str):
                yield hit
