"""Runs the enabled rules of the registry over one document."""

from __future__ import annotations

from typing import Any, Callable, Iterable

from personalint import pointer as jp
from personalint.checks import CHECKS, SUPERSEDES, Context, applies
from personalint.finding import Problem
from personalint.rules import Registry, Rule


class _Fields(dict):
    """Message fields; a placeholder the check did not fill stays visible rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def run(rules: Iterable[Rule], registry: Registry, document: Any, kind: str, root: str,
        inventory: Any = None, source: Any = None,
        on_error: Callable[[Rule, Exception], None] | None = None) -> tuple[list[Problem], set[tuple[str, str]]]:
    """Problems from every applicable rule, and the (pointer, schema keyword) pairs they explain.

    `source` is the `source.Document` the value came from (checks that need the YAML nodes use it).
    One context serves every rule, so a path is resolved once per document. With `on_error`, a
    rule that raises is handed to it and the other rules still run; without, the error propagates.
    """
    ctx = Context(document, kind, root, registry.tables, inventory, source)
    problems: list[Problem] = []
    covered: set[tuple[str, str]] = set()
    for rule in rules:
        if rule.builtin or kind not in rule.kinds:
            continue
        try:
            found, explained = _run_rule(rule, ctx)
        except Exception as exc:
            if on_error is None:
                raise
            on_error(rule, exc)
            continue
        problems.extend(found)
        covered |= explained
    return problems, covered


def _run_rule(rule: Rule, ctx: Context) -> tuple[list[Problem], set[tuple[str, str]]]:
    params = rule.check
    problems: list[Problem] = []
    covered: set[tuple[str, str]] = set()
    if not applies(ctx, params):
        return problems, covered
    function = params["function"]
    for hit in CHECKS[function](ctx, params):
        pointer = hit.pointer if hit.absolute else ctx.absolute(hit.pointer)
        message = rule.message.format_map(_Fields({"field": _last(hit.pointer), **hit.fields}))
        problems.append(Problem(rule.id, message, pointer, hit.at))
        covered.update((pointer, keyword) for keyword in SUPERSEDES[function])
        covered.update((where if hit.absolute else ctx.absolute(where), keyword) for where, keyword in hit.explains)
    return problems, covered


def _last(pointer: str) -> str:
    tokens = jp.split(pointer)
    return tokens[-1] if tokens else "the document"
