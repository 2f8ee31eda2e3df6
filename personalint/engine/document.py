"""One document of a known kind through the JSON Schema and the rule engine: which finding wins.

The schema stage (personalint.schema) reports every error it finds and the rule engine
(engine/run.py) every hit of every rule; this module decides what a reader sees. When a
schema finding is missing from the output, the reason is one of these, all applied here:

1. **A rule explains it better.** A rule's finding replaces the schema's finding at the same
   pointer for the JSON Schema keywords the rule *supersedes* (declared by its check function
   in `@check(supersedes=...)`, overridable per rule with `supersedes:` in the pack), and any
   (pointer, keyword) pairs a hit *explains* (`Hit.explains`, for checks that know more than a
   pointer, such as PF005's quoting advice). engine/run.py works out the pairs (`covered`).
2. **The allowed values are listed anyway.** A type error where an `enum`/`const` error at the
   same pointer lists the values is dropped (`_said_once`), and so is a repeat of a finding.
3. **A value computed at run time is never judged.** In a persona object found in code
   (source/code.py), a finding at or below an unknown value is dropped, and so is a missing key
   of an object that spreads an unknown value (it may hold the key). engine/conditions.py
   adds: a rule whose condition reads an unknown value does not run. The one exception is
   engine/fallbacks.py: a rule that opts in (`fallbacks: true`) judges the literal an env lookup
   falls back to, as a note.
4. **A PATCH value is judged as the field it writes.** Each operation's value is checked in an
   otherwise empty persona body (engine/patch.py). Findings about the rest of that body (which
   the PATCH does not send) are dropped; an unknown key at the operation's path itself is
   PT001's finding, not the schema's; and PT001 is not reported on a path that a rule's finding
   already names (a legacy field says more than "unknown"). A scalar that a patch writes again at
   the same place is judged once: its findings are those of its first write, on each operation.

One decision stays with the check that makes it, because it is about its own hits, not the
schema's: `lifecycles` (engine/vocabulary.py) judges only string values, so a value of another
type (YAML's `off` read as false) keeps the schema's finding, which says how to quote it.
"""

from __future__ import annotations

from typing import Any

from personalint import kinds, schema
from personalint import pointer as jp
from personalint.engine import fallbacks, patch
from personalint.engine.registry import Registry, Rule
from personalint.engine.run import RULE, OnError, plan, run
from personalint.finding import Problem
from personalint.source.code import Unknown


def prepare(registry: Registry, enabled: frozenset[str]) -> None:
    """Every kind's rule plan compiled (its packs' modules imported) and its schema's validator built,
    before the first document: a parallel run does so before it forks the workers that check
    (personalint/parallel.py), which then inherit them (21-25 ms a worker otherwise, most of it
    jsonschema-rs's import: bench/README.md, "Figures the code cites")."""
    for kind in kinds.KINDS:
        plan(registry, registry.rules_for(enabled, kind))
        schema.prepare(kind)


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
    if root is not None and isinstance(jp.resolve(value, root, None), Unknown):
        root = None  # the persona fields are computed at run time (`personaConfig: persona`): nothing to judge
    if root is not None:
        rules = registry.rules_for(enabled, kind)
        found, covered = run(rules, registry, value, kind, root, inventory=inventory, source=source, on_error=on_error)
        rule_problems.extend(p for p in found if (p.pointer, RULE + p.rule) not in covered)
        if source is not None and source.unknown:
            rule_problems += fallbacks.assumed(value, kind, root, rules, registry, inventory, source, on_error)
    if spec.edits:
        check_paths = patch.UNKNOWN_PATH in enabled
        rule_problems += _operations(
            value, registry, registry.rules_for(enabled, spec.edits), spec.edits, check_paths, inventory
        )
    problems: list[Problem] = []
    unknown, open_ = (source.unknown, source.open) if source is not None else (frozenset(), frozenset())
    if not enabled.isdisjoint(registry.keyword_rules.values()):  # a schema rule is enabled
        checked = _without_unknowns(value) if unknown else value
        found = schema.check(kind, checked, rules=registry.keyword_rules, yaml=yaml)
        problems = [p for p in _said_once(found) if (p.pointer, p.keyword) not in covered]
    if unknown or open_:
        return [p for p in problems + rule_problems if p.assumed or _judged(p, unknown, open_)]
    return problems + rule_problems


def _judged(problem: Problem, unknown: frozenset[str], open_: frozenset[str]) -> bool:
    """Whether a problem is about what the code says, not about a value computed at run time
    (at or below an unknown value, except a finding about the key that holds it) or a key an unknown spread may hold (missing from an open object)."""
    for u in unknown:
        if problem.pointer.startswith(u + "/"):
            return False
        if problem.pointer == u and problem.at != "key":  # the key itself is written in the code
            return False
    return not (problem.pointer in open_ and (problem.at == "container" or problem.keyword == "required"))


def _without_unknowns(value: Any) -> Any:
    """`value` with every unknown value as null: what the schema judges there is dropped anyway."""
    if isinstance(value, dict):
        return {k: _without_unknowns(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_unknowns(v) for v in value]
    return None if isinstance(value, Unknown) else value


def _said_once(problems: list[Problem]) -> list[Problem]:
    """Schema problems without repeats; a type error where the allowed values are listed anyway is dropped."""
    listed = {p.pointer for p in problems if p.keyword in ("enum", "const")}
    seen, result = set(), []
    for problem in problems:
        if problem.keyword == "type" and problem.pointer in listed:
            continue
        key = (problem.rule, problem.pointer, problem.at, problem.message)
        if key not in seen:
            seen.add(key)
            result.append(problem)
    return result


def _operations(
    operations: Any, registry: Registry, rules: list[Rule], edited: str, check_paths: bool, inventory: Any
) -> list[Problem]:
    """Problems of a JSON Patch array editing an `edited` body: each operation's unknown paths (when
    `check_paths`), then its value's problems."""
    if not isinstance(operations, list):
        return []
    root = schema.load_schema(edited)
    problems: list[Problem] = []
    singles = _singles(registry, rules)
    seen: dict[tuple, list[Problem]] = {}  # the problems of this patch's scalar values, by where they are written
    for index, operation in enumerate(operations):
        if not isinstance(operation, dict):
            continue
        writes = patch.written(operation)
        found = _value(writes, index, registry, rules, edited, inventory, singles, seen) if writes else []
        named = {p.pointer for p in found}  # a rule that names the path itself (a legacy field) says more
        for field in ("path", "from") if check_paths else ():
            unknown = patch.unknown_path(root, operation, index, field)
            if unknown is not None and unknown.pointer not in named:
                problems.append(unknown)
        problems.extend(found)
    return problems


def _singles(registry: Registry, rules: list[Rule]) -> dict[str, list[Rule]]:
    """The rules of `rules` that judge a value written at a place, by place: kept for the run (the
    registry's memo), as `rules` is (registry.rules_for); bounded, as the places are the documents'."""
    memo = registry.memo.setdefault("singles", {})
    kept = memo.get(id(rules))
    if kept is None or kept[0] is not rules or len(kept[1]) > 4096:
        kept = memo[id(rules)] = (rules, {})
    return kept[1]


# The types of value whose judgement is kept for the rest of a patch: a scalar is the same value
# wherever it is written (its type in the key: true is not 1), and a large patch writes the same few
# ids, models and flags again and again. Objects and lists, and values computed at run time, are
# judged at each operation.
_SCALARS = frozenset({str, int, float, bool, type(None)})
_SEEN_MAX = 4096  # values kept per patch


def _value(
    writes: tuple[str, Any],
    index: int,
    registry: Registry,
    rules: list[Rule],
    edited: str,
    inventory: Any,
    singles: dict[str, list[Rule]],
    seen: dict[tuple, list[Problem]],
) -> list[Problem]:
    """The problems of the value one operation writes, judged in an otherwise empty `edited` body
    (for a scalar already written at the same place in this patch, its problems then)."""
    path, value = writes
    body, at = patch.synthetic(path, value)
    kind = value.__class__
    # (a float by its repr: -0.0 == 0.0, but a message quotes it as written)
    key = (at, kind, repr(value) if kind is float else value) if kind in _SCALARS else None
    found = seen.get(key) if key is not None else None
    if found is None:
        found = _in_synthetic(body, at, registry, rules, edited, inventory, singles)
        if key is not None and len(seen) < _SEEN_MAX:
            seen[key] = found
    operation = f"/{index}"
    return [patch.moved(p, at, operation) for p in found]


def _in_synthetic(
    body: Any, at: str, registry: Registry, rules: list[Rule], edited: str, inventory: Any, singles: dict
) -> list[Problem]:
    """The problems at or below `at` of the synthetic body `body` (patch.synthetic), schema problems first."""
    single = singles.get(at)
    if single is None:
        single = singles[at] = [rule for rule in rules if patch.judges_a_single_value(rule, at, registry.tables)]
    rule_problems, covered = run(single, registry, body, edited, "", inventory=inventory)
    found = [p for p in rule_problems if patch.within(p.pointer, at)]
    schema_problems = [
        p
        for p in _said_once(schema.check(edited, body, rules=registry.keyword_rules))
        if patch.within(p.pointer, at)
        and (p.pointer, p.keyword) not in covered
        and not (p.pointer == at and p.keyword == "additionalProperties")  # PT001's job
    ]
    return schema_problems + found
