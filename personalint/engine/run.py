"""Runs rules over one value: each applicable rule's check function, its hits made problems.

A rule's hits replace the schema's problems they explain: the JSON Schema keywords its
check function `supersedes` at the same pointer (a rule may declare its own `supersedes`),
and any (pointer, keyword) pairs a hit `explains`; and the findings of the rules it `replaces`
at the same pointer (AN307 "move it into personaConfig" says more than AN305 about the same key).
`run` returns both; engine/document.py decides with them which finding wins.

A rule whose check function says where it looks (`reads`) is not run on a document that holds
nothing there (Step.heads, Step.needs): a fifth of a json-2000 document's steps, 5 % of its time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from personalint import messages
from personalint import pointer as jp
from personalint.engine import packs, vocabulary  # noqa: F401 - importing vocabulary registers its check functions
from personalint.engine.conditions import Test, compile_applies
from personalint.engine.context import FUNCTIONS, MISSING, Context, Function
from personalint.engine.registry import Registry, Rule
from personalint.finding import Problem

OnError = Callable[[Rule, Exception], None]
_PLANS = 64  # the run's own lists: one per kind (Registry.rules_for) and per patched place
RULE = "rule:"  # a `covered` entry (pointer, "rule:AN305"): that rule's finding at the pointer is replaced


class Step(NamedTuple):
    """One rule as the run's plan holds it: everything about it that no document changes, worked out once."""

    rule: Rule
    function: str  # its check function's name (looked up when it runs: FUNCTIONS is the one registry)
    params: dict
    applies: Test | None  # its when/unless conditions compiled (engine/conditions.py); None: always
    keywords: frozenset[str]  # what its hits replace at their pointer: schema keywords and "rule:" entries
    replaced: frozenset[str]  # the "rule:" entries of the rules it replaces
    # where its function looks (Function.reads), cut at the first `*`: a document that holds nothing
    # there gives it nothing to judge, and it is not run. `heads`: the persona keys those places start
    # with (one set test asks the document); `needs`: the places themselves, when a few of them lie
    # deeper (a lookup each). None: it looks anywhere, or the test would cost more than it saves
    heads: frozenset[str] | None
    needs: tuple[str, ...] | None


def plan(registry: Registry, rules: Iterable[Rule]) -> list[Step]:
    """The steps of `rules`, each compiled once per registry (a run's rule lists are few and fixed:
    Registry.rules_for hands out the same list for a kind, whose plan is then made once)."""
    plans = registry.memo.setdefault("plans", {})
    made = plans.get(id(rules))
    if made is not None and made[0] is rules:
        return made[1]
    steps = registry.memo.setdefault("steps", {})
    planned = []
    for rule in rules:
        step = steps.get(rule.id)
        if step is None or step.rule is not rule:
            step = steps[rule.id] = _compile(rule, registry.tables)
        planned.append(step)
    if isinstance(rules, list):  # kept with its list, so that the id is not another list's
        if len(plans) >= _PLANS:  # one-off lists (fallbacks.assumed's choice) must not grow the memo
            plans.clear()
        plans[id(rules)] = (rules, planned)
    return planned


def function(rule: Rule) -> Function:
    """The check function a rule names, its pack's module imported first (engine/packs: on first use)."""
    name = rule.check["function"]
    if name not in FUNCTIONS:
        packs.load(rule.pack)
    if name not in FUNCTIONS:  # a rule naming another pack's function (none of ours does: tests/test_layout.py)
        packs.load_all()
    return FUNCTIONS[name]


def _compile(rule: Rule, tables: Any) -> Step:
    params = rule.check
    replaced = frozenset(RULE + other for other in params.get("replaces", ()))
    keywords = supersedes(rule) | replaced
    return Step(rule, params["function"], params, compile_applies(params), keywords, replaced, *_needs(rule, tables))


_DEEP_NEEDS = 6  # at most this many places looked up before a step (TV113's table lists 194)


def _needs(rule: Rule, tables: Any) -> tuple[frozenset[str] | None, tuple[str, ...] | None]:
    """Step.heads and Step.needs: where lie all the values the rule's hits can be about."""
    reads = function(rule).reads
    if reads is None:
        return None, None
    places = {_concrete(path) for path in reads(rule.check, tables)}
    if not places or "" in places:  # it looks at the whole persona
        return None, None
    tokens = sorted(tuple(jp.split(place)) for place in places)  # each place just after what holds it
    heads = frozenset(path[0] for path in tokens)
    # a place below another is absent whenever that one is: only the topmost need be asked
    topmost: list[tuple[str, ...]] = []
    for path in tokens:
        if not topmost or path[: len(topmost[-1])] != topmost[-1]:
            topmost.append(path)
    if len(topmost) > _DEEP_NEEDS or all(len(path) == 1 for path in topmost):  # heads say it all
        return heads, None
    return heads, tuple(jp.join("", *path) for path in topmost)


def _concrete(path: str) -> str:
    """The part of a path before its first `*` (`/layers/llm/tools/*/function` -> `/layers/llm/tools`)."""
    tokens = path.split("/")
    return "/".join(tokens[: tokens.index("*")]) if "*" in tokens else path


def run(
    rules: Iterable[Rule],
    registry: Registry,
    document: Any,
    kind: str,
    root: str,
    inventory: Any = None,
    source: Any = None,
    on_error: OnError | None = None,
) -> tuple[list[Problem], set[tuple[str, str]]]:
    """Problems from every applicable rule, and the (pointer, schema keyword) pairs they explain.

    One context serves every rule, so a path is resolved once per document. With `on_error`, a
    rule that raises is handed to it and the other rules still run; without, the error propagates.
    """
    ctx = Context(document, kind, root, registry.tables, inventory, source)
    problems: list[Problem] = []
    covered: set[tuple[str, str]] = set()
    persona = ctx.get("")
    keys = persona.keys() if isinstance(persona, dict) else None
    for step in plan(registry, rules):
        if step.heads is not None and keys is not None:  # (loops, not any(): asked of most steps)
            if keys.isdisjoint(step.heads):
                continue  # nothing where it looks
            if step.needs is not None:
                for place in step.needs:
                    if ctx.get(place) is not MISSING:
                        break
                else:
                    continue
        try:
            if step.applies is None or step.applies(ctx):
                _run_step(step, ctx, problems, covered)
        except Exception as exc:
            if on_error is None:
                raise
            on_error(step.rule, exc)
    return problems, covered


def supersedes(rule: Rule) -> frozenset[str]:
    """The JSON Schema keywords a rule's hits replace at their pointer: the rule's own, else its function's."""
    declared = rule.check.get("supersedes")
    return frozenset(declared) if declared is not None else function(rule).supersedes


def _run_step(step: Step, ctx: Context, problems: list[Problem], covered: set[tuple[str, str]]) -> None:
    """One rule's hits as problems (added to `problems`), and what they explain (added to `covered`).
    A rule that raises adds nothing: its hits are gathered first."""
    hits = list(FUNCTIONS[step.function].run(ctx, step.params))
    if not hits:  # most steps of most documents
        return
    rule = step.rule
    found: list[Problem] = []
    explained: list[tuple[str, str]] = []
    for hit in hits:
        pointer = hit.pointer if hit.absolute else ctx.absolute(hit.pointer)
        message = rule.message.format_map(messages.Fields({"field": _last(hit.pointer), **hit.fields}))
        found.append(Problem(rule.id, message, pointer, hit.at, span=hit.span, fix=_operands(hit, ctx)))
        explained.extend((pointer, keyword) for keyword in step.keywords)
        if hit.explains:
            places = {where if hit.absolute else ctx.absolute(where) for where, _ in hit.explains}
            explained.extend(
                (where if hit.absolute else ctx.absolute(where), keyword) for where, keyword in hit.explains
            )
            # the rules it replaces, wherever the hit explains something
            explained.extend((where, other) for where in places for other in step.replaced)
    problems.extend(found)
    covered.update(explained)


def _operands(hit: Any, ctx: Context) -> dict | None:
    """A hit's fix operands, its pointers made absolute as the problem's is."""
    if hit.fix is None or "to" not in hit.fix or hit.absolute:
        return hit.fix
    return {**hit.fix, "to": ctx.absolute(hit.fix["to"])}


def _last(pointer: str) -> str:
    tokens = jp.split(pointer)
    return tokens[-1] if tokens else "the document"
