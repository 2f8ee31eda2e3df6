"""The rule registry: every rule of rules/*.yaml, its documentation and its check.

A rule pack is data: id, name, level, kinds, summary, explanation, sources, examples,
message and a check made of the small vocabulary in `checks`. Packs are validated
against rules/pack.schema.json when they load, so a typo in a pack fails loudly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterable

import yaml

from personalint.finding import Level
from personalint.kinds import KINDS
from personalint.resources import data_dir

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    level: Level
    kinds: tuple[str, ...]
    summary: str
    explanation: str
    sources: tuple[dict, ...]
    examples: tuple[dict, ...]
    message: str
    check: dict
    pack: str
    tags: tuple[str, ...] = ()

    @property
    def builtin(self) -> bool:
        """Checked by the pipeline itself (loading, kinds, JSON Schema) rather than the rule engine."""
        return self.check.get("function") == "builtin"


@dataclass
class Registry:
    rules: list[Rule]
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {r.id: r for r in self.rules}
        self.by_name = {r.name: r for r in self.rules}

    def get(self, key: str) -> Rule | None:
        return self.by_id.get(key.upper()) or self.by_name.get(key.lower())

    def matching(self, selector: str) -> list[Rule]:
        """Rules a selector names: ALL, an id, an id prefix (family), or a name."""
        if selector.upper() == "ALL":
            return list(self.rules)
        rule = self.get(selector)
        if rule:
            return [rule]
        prefix = selector.upper()
        return [r for r in self.rules if r.id.startswith(prefix)]

    def select(self, select: Iterable[str] = ("ALL",), ignore: Iterable[str] = ()) -> frozenset[str]:
        chosen: set[str] = set()
        for selector in select:
            chosen.update(r.id for r in self.matching(selector))
        for selector in ignore:
            chosen.difference_update(r.id for r in self.matching(selector))
        return frozenset(chosen)

    def unknown_selectors(self, selectors: Iterable[str]) -> list[str]:
        return [s for s in selectors if not self.matching(s)]


@cache
def _pack_validator() -> Any:
    import jsonschema_rs

    with open(data_dir("rules") / "pack.schema.json", encoding="utf-8") as handle:
        return jsonschema_rs.validator_for(json.load(handle))


def load_pack(path: Any) -> dict:
    with open(path, encoding="utf-8") as handle:
        pack = yaml.load(handle, Loader=_Loader)
    errors = list(_pack_validator().iter_errors(pack))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.instance_path)
        raise ValueError(f"{path}: invalid rule pack at /{where}: {first.message}")
    return pack


@cache
def registry() -> Registry:
    rules: list[Rule] = []
    tables: dict[str, dict[str, Any]] = {}
    for path in sorted(data_dir("rules").glob("*.yaml")):
        pack = load_pack(path)
        tables.update(pack.get("tables", {}))
        for entry in pack["rules"]:
            rules.append(Rule(
                id=entry["id"],
                name=entry["name"],
                level=Level.parse(entry["level"]),
                kinds=tuple(entry.get("kinds", KINDS)),
                summary=entry["summary"].strip(),
                explanation=entry["explanation"].strip(),
                sources=tuple(entry["sources"]),
                examples=tuple(entry.get("examples", ())),
                message=entry.get("message", ""),
                check=entry["check"],
                pack=pack["pack"],
                tags=tuple(entry.get("tags", ())),
            ))
    registry = Registry(rules, tables)
    _check_unique(registry)
    return registry


def _check_unique(registry: Registry) -> None:
    if len(registry.by_id) != len(registry.rules) or len(registry.by_name) != len(registry.rules):
        seen: set[str] = set()
        for rule in registry.rules:
            for key in (rule.id, rule.name):
                if key in seen:
                    raise ValueError(f"rule id or name used twice: {key}")
                seen.add(key)
