"""The vocabulary rule packs are written in: a few check functions, implemented once.

Each check gets a `Context` (the document, its kind, where its persona fields sit) and
the parameters the rule pack gives it, and yields `Hit`s: where, and the values its
message template may name. Paths in packs are JSON Pointers relative to the persona
fields, so one rule serves a create body and the personaConfig of a session body.

Conditions (`when:` / `unless:`) are lists of tests on other fields, all of which
must hold: `{path, equals | in | not_in | present | has_any | has_none}`.

`supersedes` names the JSON Schema keywords a check explains better than the
schema does: its hit replaces the schema's problem at the same pointer.
"""

from __future__ import annotations

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


@dataclass
class Context:
    document: Any
    kind: str
    root: str  # where the persona fields sit ("" or "/personaConfig")
    tables: dict

    def get(self, path: str) -> Any:
        return jp.resolve(self.document, self.root + path, MISSING)

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
    return True


def applies(ctx: Context, params: dict) -> bool:
    """A rule's `when` conditions all hold and its `unless` conditions do not all hold."""
    when = params.get("when", [])
    unless = params.get("unless", [])
    if isinstance(when, dict):
        when = [when]
    if isinstance(unless, dict):
        unless = [unless]
    return all(holds(ctx, c) for c in when) and not (unless and all(holds(ctx, c) for c in unless))


@check("present")
def present(ctx: Context, params: dict) -> Iterator[Hit]:
    """The field at `path` is set (and, with `value:`, set to that value)."""
    value = ctx.get(params["path"])
    if value is MISSING or ("value" in params and value != params["value"]):
        return
    if params.get("non_blank") and _blank(value):
        return
    yield Hit(params["path"], params.get("at", "key"), {"value": display.value(value, params["path"])})


@check("required")
def required(ctx: Context, params: dict) -> Iterator[Hit]:
    """The field at `path` is missing or blank; reported at the mapping that should hold it."""
    path = params["path"]
    value = ctx.get(path)
    if value is MISSING:
        yield Hit(jp.parent(path), "container", {"state": "missing"})
    elif _blank(value):
        yield Hit(path, "value", {"state": "empty"})


@check("lifecycle", supersedes=("enum", "const"))
def lifecycle(ctx: Context, params: dict) -> Iterator[Hit]:
    """The value at `path` has one of the `report` statuses in the lifecycle `table`.

    A table maps each value any document ever had to {status, since, replacement, note};
    status `unknown` means a value no document has.
    """
    value = ctx.get(params["path"])
    if value is MISSING or value is None:
        return
    table = ctx.tables[params["table"]]
    entry = table.get(value) if isinstance(value, str) else None
    status = entry["status"] if entry else "unknown"
    if status not in params["report"]:
        return
    current = [name for name, e in table.items() if e["status"] == "current"]
    yield Hit(params["path"], "value", {
        "value": display.value(value, params["path"]),
        "current": ", ".join(current),
        "replacement": (entry or {}).get("replacement", ", ".join(current)),
        "since": (entry or {}).get("since", ""),
        "note": (entry or {}).get("note", ""),
        "status": status,
    })


@check("range", supersedes=("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"))
def in_range(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each number under `path` named in `fields` lies within its [min, max]."""
    base = ctx.get(params["path"])
    if not isinstance(base, dict):
        return
    for name, (low, high) in params["fields"].items():
        value = base.get(name, MISSING)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if not low <= value <= high:
            yield Hit(jp.join(params["path"], name), "value",
                      {"field": name, "min": low, "max": high, "value": display.value(value)})


@check("max_items", supersedes=("maxItems",))
def max_items(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each list at `paths` holds at most `max` items."""
    for path in params["paths"]:
        value = ctx.get(path)
        if isinstance(value, list) and len(value) > params["max"]:
            yield Hit(path, "key", {"count": len(value), "max": params["max"]})


@check("python")
def python(ctx: Context, params: dict) -> Iterator[Hit]:
    """What data cannot say: a function of `personalint.custom`, named by `name`."""
    from personalint import custom

    yield from custom.FUNCTIONS[params["name"]](ctx, params)
