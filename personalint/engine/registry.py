"""The rule registry: every rule of rules/*.yaml, its documentation and its check.

A rule pack is data: id, name, level, kinds, summary, explanation, sources, examples,
message and a check naming one function of engine/context.FUNCTIONS (the vocabulary of
engine/vocabulary.py, or the Python behind one pack in engine/packs/). Packs are validated
against rules/pack.schema.json by the test suite (not on every run), and that schema is
generated from the functions' declared parameters, so a misspelt parameter fails there.

The registry also answers the questions the pipeline asks about rules: which run for a
kind, which need an inventory, and which JSON Schema keyword each schema rule reports.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

from personalint import pointer as jp
from personalint.engine.conditions import conditions
from personalint.engine.context import Tables
from personalint.finding import Level
from personalint.kinds import KINDS
from personalint.resources import DOCS_FIELDS, data_dir

_DOCS: dict[str, dict] = {}  # rule id -> its DOCS_FIELDS, as the packs give them


class Rule(NamedTuple):
    id: str
    name: str
    level: Level
    kinds: tuple[str, ...]
    summary: str
    message: str
    check: dict
    pack: str
    tags: tuple[str, ...] = ()
    fix: dict | None = None  # {edit, applicability, message}: how its findings are mended (personalint/fix/)

    @property
    def explanation(self) -> str:
        return str(_docs(self.id).get("explanation", "")).strip()

    @property
    def sources(self) -> tuple[dict, ...]:
        return tuple(_docs(self.id).get("sources", ()))

    @property
    def examples(self) -> tuple[dict, ...]:
        return tuple(_docs(self.id).get("examples", ()))

    @property
    def builtin(self) -> bool:
        """Checked by the pipeline itself (loading, kinds, JSON Schema) rather than the rule engine."""
        return self.check.get("function") == "builtin"

    @property
    def needs_inventory(self) -> bool:
        """Runs only with an inventory of the organisation's resources (`when: {inventory: true}`)."""
        return any(c.get("inventory") is True for c in conditions(self.check, "when"))


class Registry:
    def __init__(self, rules: list[Rule], tables: Tables | None = None) -> None:
        self.rules = rules
        self.tables = Tables() if tables is None else tables
        self.by_id = {r.id: r for r in self.rules}
        self.by_name = {r.name: r for r in self.rules}
        self._for_kind: dict[tuple[frozenset[str], str], list[Rule]] = {}
        self._inventory_uses: dict[tuple[frozenset[str], str], list[str]] = {}  # the fields they use
        self.memo: dict[str, dict] = {}  # what the engine works out once per registry (engine/run.py's plan)
        # JSON Schema keyword -> the schema rule that reports it: the `keywords:` of rules/schema.yaml
        self.keyword_rules: dict[str, str] = {
            keyword: rule.id for rule in self.rules if rule.builtin for keyword in rule.check.get("keywords", ())
        }

    def rules_for(self, enabled: frozenset[str], kind: str) -> list[Rule]:
        """The rule engine's enabled rules for one kind (worked out once per run, not per document)."""
        key = (enabled, kind)
        if key not in self._for_kind:
            self._for_kind[key] = [r for r in self.rules if r.id in enabled and not r.builtin and kind in r.kinds]
        return self._for_kind[key]

    def would_need_inventory(
        self, enabled: frozenset[str], value: Any, kind: str, target: str, root: str | None
    ) -> bool:
        """Whether an enabled rule that needs an inventory had something to check in this document:
        a field its `uses` names is set (for a JSON Patch, whose rules are `target`'s, an operation's
        path reaches one; `root` is None there)."""
        key = (enabled, kind)
        uses = self._inventory_uses.get(key)
        if uses is None:  # worked out once per run, not per document
            uses = self._inventory_uses[key] = [
                path
                for rule in self.rules_for(enabled, target)
                if rule.needs_inventory and (target == kind or rule.check.get("patch"))
                for path in rule.check.get("uses", ())
            ]
        if not uses:
            return False
        if root is None:
            paths = [op.get("path") for op in value if isinstance(op, dict)] if isinstance(value, list) else []
            return any(
                isinstance(p, str) and (p == use or p.startswith(use + "/") or use.startswith(p + "/"))
                for p in paths
                for use in uses
            )
        return any(jp.resolve(value, root + use, None) is not None for use in uses)

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
    import glob  # only a checkout reads the YAML packs (a wheel ships them parsed)

    return sorted(glob.glob(os.path.join(data_dir("rules"), "*.yaml")))


def load_pack(path: str) -> dict:
    import yaml

    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_packs() -> list[dict]:
    """The rule packs: pre-parsed JSON in a built wheel (see hatch_build.py), else the YAML files.
    A wheel's packs leave out each rule's DOCS_FIELDS (`_docs` reads them from rules/docs.json).

    Packs are validated against rules/pack.schema.json by the test suite, not on every run.
    """
    compiled = os.path.join(data_dir("rules"), "packs.json")
    if os.path.isfile(compiled):
        with open(compiled, encoding="utf-8") as handle:
            return json.load(handle)
    return [load_pack(path) for path in pack_paths()]


def _docs(rule_id: str) -> dict:
    """A rule's DOCS_FIELDS: from its pack when the packs held them, else from a wheel's rules/docs.json."""
    if rule_id not in _DOCS:
        shipped = os.path.join(data_dir("rules"), "docs.json")
        if os.path.isfile(shipped):
            with open(shipped, encoding="utf-8") as handle:
                for key, docs in json.load(handle).items():
                    _DOCS.setdefault(key, docs)
        _DOCS.setdefault(rule_id, {})
    return _DOCS[rule_id]


# How families are listed (`personalint rules`, docs/rules.md, SARIF): the file, its structure, then vendors.
_FAMILY_ORDER = {prefix: i for i, prefix in enumerate(("PF", "PS", "PT", "SE", "AN", "TV", "IV", "PI"))}


@cache
def registry() -> Registry:
    rules: list[Rule] = []
    tables = Tables()
    for pack in load_packs():
        for name, table in pack.get("tables", {}).items():
            if name in tables:
                raise ValueError(f"table {name} defined twice (rules/{pack['pack']}.yaml)")
            tables[name] = table
        for entry in pack["rules"]:
            if "explanation" in entry:  # the packs themselves (a checkout's YAML) hold the docs
                _DOCS[entry["id"]] = {field: entry[field] for field in DOCS_FIELDS if field in entry}
            rules.append(
                Rule(
                    id=entry["id"],
                    name=entry["name"],
                    level=Level.parse(entry["level"]),
                    kinds=tuple(entry.get("kinds", KINDS)),
                    summary=entry["summary"].strip(),
                    message=entry.get("message", ""),
                    check=entry["check"],
                    pack=pack["pack"],
                    tags=tuple(entry.get("tags", ())),
                    fix=entry.get("fix"),
                )
            )
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
