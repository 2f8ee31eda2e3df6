"""JSON Schema validation of a document, its errors turned into problems with rule ids.

A fast validity check (jsonschema-rs) runs first; only a document that fails it pays
for the detailed, pure-Python `jsonschema` pass that explains every error. Each schema
keyword maps to one rule of rules/schema.yaml (as cfn-lint maps keywords to ids), so
structural errors can be selected, ignored and explained like any other rule. The
mapping is the rules' own `keywords:`, handed in by the caller (`Registry.keyword_rules`).

The stage reports every error it finds; which of them a reader sees (a rule's finding that
explains one better, a type error beside the list of allowed values) is decided in
engine/document.py.

- store.py: the schemas, their validators and the one `$ref` resolver;
- keywords.py: one explainer per keyword;
- introspect.py: what the schema allows at a pointer (for checks that need more than valid/invalid).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from personalint.finding import Problem
from personalint.schema.keywords import problems
from personalint.schema.store import detailed_validator, fast_validator, is_valid, load_schema

__all__ = ["check", "is_valid", "load_schema", "prepare"]


def prepare(kind: str) -> None:
    """The kind's fast validator built now, before its first document (engine/document.prepare)."""
    fast_validator(kind)


def check(kind: str, value: Any, *, rules: Mapping[str, str], yaml: bool = False) -> list[Problem]:
    """Every schema error in `value`, as problems of the `rules` (keyword -> rule id); [] when valid.

    `yaml` adds the quoting hint where YAML 1.1 turned a word into a boolean.
    """
    if is_valid(kind, value):
        return []
    errors = detailed_validator(kind).iter_errors(value)
    return list(problems(errors, "", load_schema(kind), yaml, rules))
