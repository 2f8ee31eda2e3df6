"""A Tavus PATCH body checked operation by operation against the persona it edits.

Each operation's `path` must lead to a documented persona field (a JSON Pointer into a
tavus-create body). Each `value` is placed at its path in an otherwise empty persona
body and checked there by the tavus-create schema and by every rule that can judge a
single value: what those report at or below the path is reported at the operation's
`value` (or `path`), everything about the rest of the (unknown) persona is dropped.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from personalint import pointer as jp
from personalint import schema
from personalint.engine.conditions import paths as condition_paths
from personalint.engine.context import FUNCTIONS
from personalint.engine.registry import Registry, Rule
from personalint.engine.run import run
from personalint.finding import Problem
from personalint.ids import UNKNOWN_PATCH_PATH

UNKNOWN_PATH = UNKNOWN_PATCH_PATH
_VALUE_OPS = ("add", "replace", "test")


def check(
    operations: Any, rules: Registry, enabled: list[Rule], edited: str, check_paths: bool = True, inventory: Any = None
) -> list[Problem]:
    """Problems of a JSON Patch array editing an `edited` body: unknown paths (if `check_paths`),
    and each value's problems."""
    if not isinstance(operations, list):
        return []
    root = schema.load_schema(edited)
    problems: list[Problem] = []
    for index, operation in enumerate(operations):
        if not isinstance(operation, dict):
            continue
        found: list[Problem] = []
        path = operation.get("path")
        if (
            operation.get("op") in _VALUE_OPS
            and "value" in operation
            and isinstance(path, str)
            and path.startswith("/")
        ):
            found = _check_value(path, operation["value"], jp.join("", index), rules, enabled, edited, inventory)
        named = {p.pointer for p in found}  # a rule that names the path itself (a legacy field) says more
        for field in ("path", "from") if check_paths else ():
            target = operation.get(field)
            where = jp.join("", index, field)
            if isinstance(target, str) and target.startswith("/") and where not in named:
                problem = _unknown_path(root, target, where, field)
                if problem:
                    problems.append(problem)
        problems.extend(found)
    return problems


def _unknown_path(root: dict, path: str, where: str, field: str) -> Problem | None:
    """A problem when `path` leaves the documented persona fields (open objects take anything)."""
    node, walked = root, ""
    for token in jp.split(path):
        node = _resolve(root, node)
        properties = node.get("properties", {})
        if token in properties:
            node, walked = properties[token], jp.join(walked, token)
        elif "items" in node and (token.isdigit() or token == "-"):
            node, walked = node["items"], jp.join(walked, token)
        elif node.get("additionalProperties", True) is not False or node.get("type") not in ("object", None):
            return None  # an open object (headers, extra_body, voice_settings, tool parameters) or a scalar
        else:
            close = difflib.get_close_matches(token, list(properties), n=1, cutoff=0.6)
            hint = f"; did you mean {jp.join(walked, close[0])}?" if close else ""
            known = f" ({walked or 'the top level'} has {', '.join(sorted(properties))})" if not close else ""
            return Problem(
                UNKNOWN_PATH,
                f"{field} {path} is not a documented persona field{hint}{known}",
                where,
                keyword="additionalProperties",
            )
    return None


def _resolve(root: dict, node: dict) -> dict:
    while isinstance(node, dict) and node.get("$ref", "").startswith("#/"):
        node = jp.resolve(root, node["$ref"][1:], {})
    return node if isinstance(node, dict) else {}


def _synthetic(path: str, value: Any) -> tuple[Any, str]:
    """An otherwise empty persona body holding `value` at `path` (list indexes become 0)."""
    tokens = jp.split(path)
    shape = ["0" if (t.isdigit() or t == "-") else t for t in tokens]
    document: Any = value
    for token in reversed(shape):
        document = [document] if token == "0" else {token: document}
    return document, jp.join("", *shape)


def _applies_to_a_single_value(rule: Rule, at: str) -> bool:
    check = rule.check
    if "patch" in check:
        return bool(check["patch"])
    if not FUNCTIONS[check["function"]].single_value:
        return False
    return all(_within(path, at) for path in condition_paths(check))


def _within(pointer: str, base: str) -> bool:
    return pointer == base or pointer.startswith(base + "/")


def _check_value(
    path: str, value: Any, op_pointer: str, rules: Registry, enabled: Iterable[Rule], target: str, inventory: Any = None
) -> list[Problem]:
    document, at = _synthetic(path, value)

    def moved(problem: Problem) -> Problem | None:
        if not _within(problem.pointer, at):
            return None
        rest = problem.pointer[len(at) :]
        if not rest and problem.at in ("key", "container"):
            return Problem(problem.rule, problem.message, jp.join(op_pointer, "path"), "value", keyword=problem.keyword)
        return Problem(
            problem.rule, problem.message, jp.join(op_pointer, "value") + rest, problem.at, keyword=problem.keyword
        )

    single = [r for r in enabled if target in r.kinds and _applies_to_a_single_value(r, at)]
    rule_problems, covered = run(single, rules, document, target, "", inventory=inventory)
    found = [p for p in rule_problems if _within(p.pointer, at)]
    schema_problems = [
        p
        for p in schema.check(target, document)
        if _within(p.pointer, at)
        and (p.pointer, p.keyword) not in covered
        and not (p.pointer == at and p.keyword == "additionalProperties")
    ]  # PT001's job
    return [m for m in (moved(p) for p in schema_problems + found) if m is not None]
