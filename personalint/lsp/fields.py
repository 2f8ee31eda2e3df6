"""What personalint knows about a place in a document of a kind: its schema and its lifecycle.

The keys a mapping may hold and the values a field may take come from the kind's JSON Schema
(schema/introspect.py, which follows `$ref`, `anyOf` and the conditions the document meets);
their lifecycle (legacy, deprecated, removed; since when, replaced by what) from the packs'
tables, as the lifecycle rules that apply to the kind read them. A key or value that a rule
reports as legacy or deprecated is still offered, tagged; one it reports with any other status
(removed, guide-only, misplaced, for another kind) is never offered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from personalint import kinds
from personalint import pointer as jp
from personalint.engine.registry import registry
from personalint.finding import Level
from personalint.schema.introspect import schema_alternatives
from personalint.schema.store import deref, load_schema

OFFERED_LEAVING = frozenset({"legacy", "deprecated"})  # offered, tagged Deprecated and sorted last
OFFERED_AS_IS = frozenset({"current", "invite-only"})  # values: still valid, for some accounts at least


@dataclass(frozen=True)
class Lifecycle:
    status: str
    since: str = ""
    replacement: str = ""
    note: str = ""
    rule: str = ""  # the rule that reports it
    warns: bool = True  # the rule reports it at warning or error (a note only informs: AN305)

    @property
    def leaving(self) -> bool:
        return self.status in OFFERED_LEAVING


@dataclass
class Field:
    """A key of a mapping, or the field at a pointer."""

    name: str
    title: str = ""
    description: str = ""
    types: tuple[str, ...] = ()
    enum: tuple[Any, ...] = ()
    deprecated: bool = False  # the schema says `deprecated: true`
    lifecycle: Lifecycle | None = None

    @property
    def offered(self) -> bool:
        """Removed, misplaced, only in a guide, for another kind: never offered. A key a note is about is."""
        lifecycle = self.lifecycle
        return lifecycle is None or lifecycle.leaving or (lifecycle.status == "current" and not lifecycle.warns)

    @property
    def leaving(self) -> bool:
        return self.deprecated or (self.lifecycle is not None and self.lifecycle.leaving)


@dataclass
class Choice:
    """A value a field may take, with its lifecycle when a table lists it."""

    value: Any
    lifecycle: Lifecycle | None = None
    in_schema: bool = True

    @property
    def offered(self) -> bool:
        return self.lifecycle is None or self.lifecycle.status in OFFERED_AS_IS | OFFERED_LEAVING

    @property
    def leaving(self) -> bool:
        return self.lifecycle is not None and self.lifecycle.leaving


@dataclass
class _Tables:
    keys: list[tuple[list[str], Lifecycle]] = field(default_factory=list)  # (pattern tokens, lifecycle)
    values: dict[tuple[str, str], dict[str, Lifecycle]] = field(default_factory=dict)  # (path, table) -> entries


@cache
def _tables(kind: str) -> _Tables:
    """The lifecycle tables the rules of `kind` read: key entries (with a reported status) and value tables."""
    rules = registry()
    found = _Tables()
    for rule in rules.rules:
        if kind not in rule.kinds:
            continue
        check, report = rule.check, set(rule.check.get("report", ()))
        function = check.get("function")
        if function == "key_lifecycle":
            for pattern, entry in rules.tables[check["table"]].items():
                if entry["status"] in report:
                    found.keys.append((jp.split(pattern), _lifecycle(entry, rule.id, rule.level >= Level.WARNING)))
        elif function in ("lifecycle", "lifecycles"):
            paths = check.get("fields") or {check["path"]: check["table"]}
            for path, table in paths.items():
                entries = found.values.setdefault((path, table), {})
                for name, entry in rules.tables[table].items():
                    reported = entry["status"] in report
                    if reported or str(name) not in entries:  # the rule that reports the status names it
                        warns = reported and rule.level >= Level.WARNING
                        entries[str(name)] = _lifecycle(entry, rule.id if reported else "", warns)
    return found


def _lifecycle(entry: dict, rule: str, warns: bool) -> Lifecycle:
    text = {k: str(entry.get(k, "")) for k in ("since", "replacement", "note")}
    return Lifecycle(str(entry["status"]), rule=rule, warns=warns, **text)


def _matches(pattern: list[str], tokens: list[str]) -> bool:
    return len(pattern) == len(tokens) and all(p in ("*", t) for p, t in zip(pattern, tokens, strict=True))


def _relative(kind: str, value: Any, pointer: str) -> list[str] | None:
    """The pointer's tokens relative to where the kind's persona fields sit (None: outside them)."""
    root = kinds.persona_root(kind, value)
    if root is None or not (pointer == root or pointer.startswith(root + "/")):
        return None
    return jp.split(pointer[len(root) :])


def _filled(value: Any, tokens: list[str]) -> Any:
    """`value` with a container at each step of `tokens`, so the schema can be followed to a mapping being typed."""
    if not tokens:
        return value if value is not None else {}
    token, rest = tokens[0], tokens[1:]
    if isinstance(value, list) and token.isdigit():
        items = list(value) + [{}] * (int(token) + 1 - len(value))
        items[int(token)] = _filled(items[int(token)], rest)
        return items
    holder = dict(value) if isinstance(value, dict) else {}
    holder[token] = _filled(holder.get(token), rest)
    return holder


def _described(root: dict, schema: Any, into: Field) -> None:
    """Fill a field's title, description, types and enum from one schema (and its anyOf/oneOf members)."""
    schema = deref(root, schema)
    if not isinstance(schema, dict):
        return
    into.title = into.title or str(schema.get("title", ""))
    into.description = into.description or str(schema.get("description", ""))
    into.deprecated = into.deprecated or schema.get("deprecated") is True
    types = schema.get("type")
    for name in [types] if isinstance(types, str) else types or []:
        if name not in into.types:
            into.types += (name,)
    for value in [*schema.get("enum", ()), *([schema["const"]] if "const" in schema else [])]:
        if value not in into.enum:
            into.enum += (value,)
    for member in [*schema.get("anyOf", ()), *schema.get("oneOf", ()), *schema.get("allOf", ())]:
        _described(root, member, into)


def keys_at(kind: str, value: Any, pointer: str) -> list[Field]:
    """The keys the mapping at `pointer` may hold (those never to offer included, with their lifecycle)."""
    root, tokens = load_schema(kind), jp.split(pointer)
    found: dict[str, Field] = {}
    for alternative in schema_alternatives(kind, _filled(value, tokens), pointer):
        for schema in alternative:
            if not isinstance(schema, dict):
                continue
            for name, sub in schema.get("properties", {}).items():
                _described(root, sub, found.setdefault(name, Field(name)))
    relative = _relative(kind, value, pointer)
    if relative is not None:
        for pattern, lifecycle in _tables(kind).keys:
            if "*" not in pattern[-1:] and _matches(pattern[:-1], relative):
                entry = found.setdefault(pattern[-1], Field(pattern[-1]))
                entry.lifecycle = entry.lifecycle or lifecycle
    return list(found.values())


def field_at(kind: str, value: Any, pointer: str) -> Field | None:
    """The field at `pointer`: its schema's words and its lifecycle (None when neither says anything)."""
    tokens = jp.split(pointer)
    if not tokens:
        return None
    root = load_schema(kind)
    found = Field(tokens[-1])
    for alternative in schema_alternatives(kind, _filled(value, tokens[:-1]), pointer):
        for schema in alternative:
            _described(root, schema, found)
    relative = _relative(kind, value, pointer)
    if relative is not None:
        found.lifecycle = next((lc for pattern, lc in _tables(kind).keys if _matches(pattern, relative)), None)
    if not (found.title or found.description or found.lifecycle or found.types):
        return None
    return found


def values_at(kind: str, value: Any, pointer: str) -> list[Choice]:
    """The values the field at `pointer` may take: its schema's enum (or booleans), and its lifecycle table's."""
    described = field_at(kind, value, pointer) or Field("")
    choices: dict[Any, Choice] = {}
    for option in described.enum:
        choices.setdefault(_key(option), Choice(option))
    if not choices and described.types == ("boolean",):
        choices = {_key(True): Choice(True), _key(False): Choice(False)}
    relative = _relative(kind, value, pointer)
    if relative is not None:
        for (path, _), entries in _tables(kind).values.items():
            if not _matches(jp.split(path), relative):
                continue
            for name, lifecycle in entries.items():
                if lifecycle.status == "unknown":
                    continue
                choices.setdefault(_key(name), Choice(name, in_schema=False)).lifecycle = lifecycle
    return list(choices.values())


def _key(value: Any) -> tuple[str, str]:
    return (type(value).__name__, repr(value))


def kind_of(text: str, path: str, value: Any, settings: Any, known: str | None = None) -> str | None:
    """The kind a document is checked as: --kind, then the request a code reader found (`known`),
    a modeline, the `kinds` setting's glob, then its keys (pipeline.check_bytes weighs them so)."""
    from personalint.kinds import detect

    if settings.kind or known:
        return str(settings.kind or known)
    modeline = detect.from_modeline(text)
    if modeline:
        return modeline
    if settings.project is not None:
        path_kind = settings.project.for_file(path, settings).path_kind
        if path_kind:
            return str(path_kind)
    return detect.detect(value).kind if value is not None else None
