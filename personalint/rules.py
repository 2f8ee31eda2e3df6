"""The rule registry: every rule of rules/*.yaml, its documentation and its check.

A rule pack is data: id, name, level, kinds, summary, explanation, sources, examples,
message and a check made of the small vocabulary in `checks`. Packs are validated
against rules/pack.schema.json when they load, so a typo in a pack fails loudly.
"""

from __future__ import annotations

import glob
import json
import os
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterable

from personalint.finding import Level
from personalint.kinds import KINDS
from personalint.resources import data_dir


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


def pack_paths() -> list[str]:
    return sorted(glob.glob(os.path.join(data_dir("rules"), "*.yaml")))


def load_pack(path: str) -> dict:
    import yaml

    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_packs() -> list[dict]:
    """The rule packs: pre-parsed JSON in a built wheel (see hatch_build.py), else the YAML files.

    Packs are validated against rules/pack.schema.json by the test suite, not on every run.
    """
    compiled = os.path.join(data_dir("rules"), "packs.json")
    if os.path.isfile(compiled):
        with open(compiled, encoding="utf-8") as handle:
            return json.load(handle)
    return [load_pack(path) for path in pack_paths()]


# How families are listed (`personalint rules`, docs/rules.md, SARIF): the file, its structure, then vendors.
_FAMILY_ORDER = {prefix: i for i, prefix in enumerate(("PF", "PS", "PT", "SE", "AN", "TV", "IV", "PI"))}


@cache
def registry() -> Registry:
    rules: list[Rule] = []
    tables: dict[str, dict[str, Any]] = {}
    for pack in load_packs():
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
    rules.sort(key=lambda r: (_FAMILY_ORDER.get(r.id[:2], len(_FAMILY_ORDER)), r.id))
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
