"""A Tavus PATCH body seen as the persona it edits: the adapter between operations and bodies.

Each operation's `path` must lead to a documented persona field (a JSON Pointer into a
tavus-create body): `unknown_path` says when it does not (PT001). Each written `value` is
placed at its path in an otherwise empty persona body (`synthetic`), to be checked there by
the tavus-create schema and by every rule that can judge a single value
(`judges_a_single_value`); what those report is moved back onto the operation (`moved`).
Which of those findings are kept is decided in engine/document.py.
"""

from __future__ import annotations

import difflib
from typing import Any

from personalint import pointer as jp
from personalint.engine.conditions import paths as condition_paths
from personalint.engine.context import FUNCTIONS
from personalint.engine.registry import Rule
from personalint.finding import Problem
from personalint.ids import UNKNOWN_PATCH_PATH
from personalint.schema.store import deref

UNKNOWN_PATH = UNKNOWN_PATCH_PATH
_VALUE_OPS = ("add", "replace", "test")


def written(operation: dict) -> tuple[str, Any] | None:
    """(path, value) of an operation that writes a value to a pointer (add, replace, test), else None."""
    path = operation.get("path")
    if operation.get("op") in _VALUE_OPS and "value" in operation and isinstance(path, str) and path.startswith("/"):
        return path, operation["value"]
    return None


def unknown_path(root: dict, operation: dict, index: int, field: str) -> Problem | None:
    """A problem when the operation's `field` (path or from) leaves the documented persona fields of
    the schema `root` (open objects take anything)."""
    path = operation.get(field)
    if not isinstance(path, str) or not path.startswith("/"):
        return None
    node, walked = root, ""
    for token in jp.split(path):
        node = _schema(root, node)
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
                jp.join("", index, field),
                keyword="additionalProperties",
            )
    return None


def _schema(root: dict, node: Any) -> dict:
    target = deref(root, node)
    return target if isinstance(target, dict) else {}


def synthetic(path: str, value: Any) -> tuple[Any, str]:
    """An otherwise empty persona body holding `value` at `path` (list indexes become 0), and where it sits."""
    tokens = jp.split(path)
    shape = ["0" if (t.isdigit() or t == "-") else t for t in tokens]
    document: Any = value
    for token in reversed(shape):
        document = [document] if token == "0" else {token: document}
    return document, jp.join("", *shape)


def judges_a_single_value(rule: Rule, at: str) -> bool:
    """Whether a rule can judge the value at `at` alone: its `patch:` says so, or its function judges
    single values and all its conditions look at or below `at`."""
    check = rule.check
    if "patch" in check:
        return bool(check["patch"])
    if not FUNCTIONS[check["function"]].single_value:
        return False
    return all(within(path, at) for path in condition_paths(check))


def within(pointer: str, base: str) -> bool:
    """`pointer` is `base` or below it."""
    return pointer == base or pointer.startswith(base + "/")


def moved(problem: Problem, at: str, operation: str) -> Problem:
    """A problem at or below `at` of a synthetic body, reported on the operation at pointer `operation`:
    at its `value` (or its `path`, for a problem about the key itself)."""
    rest = problem.pointer[len(at) :]
    if not rest and problem.at in ("key", "container"):
        return Problem(problem.rule, problem.message, jp.join(operation, "path"), "value", keyword=problem.keyword)
    return Problem(
        problem.rule, problem.message, jp.join(operation, "value") + rest, problem.at, keyword=problem.keyword
    )
