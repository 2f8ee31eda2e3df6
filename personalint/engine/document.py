"""One document of a known kind through the JSON Schema and the rule engine.

This is the one place that decides which finding wins: a rule's problem replaces the
schema's problem it explains (engine/run.py says which), and a JSON Patch has its
operations' values checked against the body they edit (engine/patch.py).
"""

from __future__ import annotations

from typing import Any

from personalint import kinds, schema
from personalint.engine import patch
from personalint.engine.registry import Registry
from personalint.engine.run import OnError, run
from personalint.finding import Problem


def check(
    value: Any,
    kind: str,
    registry: Registry,
    enabled: frozenset[str],
    inventory: Any = None,
    source: Any = None,
    yaml: bool = False,
    on_error: OnError | None = None,
) -> list[Problem]:
    """Every schema and rule problem of `value`, a document of `kind`, schema problems first.

    `source` is the `source.Document` the value came from (checks that need the YAML nodes use it).
    """
    spec = kinds.KIND[kind]
    rule_problems: list[Problem] = []
    covered: set[tuple[str, str]] = set()
    root = spec.persona_root(value)
    if root is not None:
        found, covered = run(
            registry.rules_for(enabled, kind),
            registry,
            value,
            kind,
            root,
            inventory=inventory,
            source=source,
            on_error=on_error,
        )
        rule_problems.extend(found)
    if spec.edits:
        rule_problems += patch.check(
            value,
            registry,
            registry.rules_for(enabled, spec.edits),
            spec.edits,
            check_paths=patch.UNKNOWN_PATH in enabled,
            inventory=inventory,
        )
    problems: list[Problem] = []
    if any(rule_id.startswith("PS") for rule_id in enabled):
        problems = [p for p in schema.check(kind, value, yaml=yaml) if (p.pointer, p.keyword) not in covered]
    return problems + rule_problems
