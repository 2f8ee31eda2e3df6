"""A Tavus PATCH body seen as the persona it edits: the adapter between operations and bodies.

Each operation's `path` must lead to a documented persona field (a JSON Pointer into a
tavus-create body): `unknown_path` says when it does not (PT001). Each written `value` is
placed at its path in an otherwise empty persona body (`synthetic`), to be checked there by
the tavus-create schema and by every rule that can judge a single value
(`judges_a_single_value`); what those report is moved back onto the operation (`moved`).
Which of those findings are kept is decided in engine/document.py.
"""

from __future__ import annotations

from typing import Any

from personalint import pointer as jp
from personalint.engine.conditions import paths as condition_paths
from personalint.engine.registry import Rule
from personalint.engine.run import function as function_of
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


# ops that need their `path` (or `from`) to exist in the stored persona (RFC 6902 4.2-4.6)
_NEEDS_EXISTING = {"path": ("replace", "remove", "test"), "from": ("move", "copy")}
_LEGACY_TABLE = "tavus-fields"  # rules/tavus-lifecycle.yaml: the fields older documents have


def unknown_path(root: dict, operation: dict, index: int, field: str) -> Problem | None:
    """A problem when the operation's `field` (path or from) leaves the documented persona fields of
    the schema `root` (open objects take anything).

    A `replace`, `remove` or `test` (a `move`'s or `copy`'s `from`) needs the path to exist, and
    Tavus applies the patch to the current persona shape: on a path that shape does not have, the
    operation fails. For a legacy field that is said with the field's replacement, on the operation's
    `op` when it writes a value (the legacy field's own finding is on the path) and on the path of a
    `remove`; for any other unknown path, on the path.
    """
    path = operation.get(field)
    if not isinstance(path, str) or not path.startswith("/"):
        return None
    left = _leaves(root, path)
    if left is None:
        return None
    walked, token, properties = left
    op = operation.get("op")
    fails = op in _NEEDS_EXISTING[field]
    legacy = _legacy(path)
    if legacy is not None and not isinstance(op, str):
        return None  # an op computed at run time: whether it fails is not known
    if fails and legacy is not None:
        return _legacy_operation(str(op), path, field, legacy, index)
    import difflib  # only when a name is wrong

    close = difflib.get_close_matches(token, list(properties), n=1, cutoff=0.6)
    hint = f"; did you mean {jp.join(walked, close[0])}?" if close else ""
    known = f" ({walked or 'the top level'} has {', '.join(sorted(properties))})" if not close else ""
    failing = f", and a {op} on a path the current persona shape does not have fails at the API" if fails else ""
    return Problem(
        UNKNOWN_PATH,
        f"{field} {path} is not a documented persona field{failing}{hint}{known}",
        jp.join("", index, field),
        keyword="additionalProperties",
    )


# the answers of _leaves by schema and path: a patch names the same few paths again and again
_LEFT: dict[tuple[int, str], tuple[dict, tuple[str, str, dict] | None]] = {}
_LEFT_MAX = 4096


def _leaves(root: dict, path: str) -> tuple[str, str, dict] | None:
    """Where the pointer `path` leaves the documented fields of the schema `root`: (the part of it
    that is documented, the first token that is not, the properties documented there); None when
    it does not leave them (an open object takes anything, and so does a scalar)."""
    key = (id(root), path)
    kept = _LEFT.get(key)
    if kept is not None and kept[0] is root:
        return kept[1]
    node, walked, left = root, "", None
    for token in jp.split(path):
        node = _schema(root, node)
        properties = node.get("properties", {})
        if token in properties:
            node, walked = properties[token], jp.join(walked, token)
        elif "items" in node and (token.isdigit() or token == "-"):
            node, walked = node["items"], jp.join(walked, token)
        elif node.get("additionalProperties", True) is not False or node.get("type") not in ("object", None):
            break  # an open object (headers, extra_body, voice_settings, tool parameters) or a scalar
        else:
            left = (walked, token, properties)
            break
    if len(_LEFT) >= _LEFT_MAX:
        _LEFT.clear()
    _LEFT[key] = (root, left)
    return left


def _legacy(path: str) -> tuple[str, dict] | None:
    """(the legacy field, its entry) of the legacy-fields table that `path` is or is below, if any."""
    from personalint.engine.registry import registry

    table = registry().tables.get(_LEGACY_TABLE, {})
    for field, entry in table.items():
        if within(path, field) and isinstance(entry, dict) and entry.get("status") == "removed":
            return field, entry
    return None


def _legacy_operation(op: str, path: str, field: str, legacy: tuple[str, dict], index: int) -> Problem:
    """A replace/remove/test (or move/copy from) of a legacy field: it fails on the current persona shape."""
    name, entry = jp.split(legacy[0])[-1], legacy[1]
    replacement = str(entry.get("replacement", "")).strip()
    message = (
        f"{op} of {path} fails at the API: the {field} must be in the current persona shape, "
        f"which has no {name} ({entry.get('since', 'a legacy field')})"
    )
    if replacement.startswith("remove it"):
        message += "; drop this operation" + replacement[len("remove it") :]
    elif op in ("replace", "test", "move", "copy"):
        message += f"; {replacement}: write that with add (add needs no existing value, replace does)"
    else:
        message += f"; {replacement}"
    at = field if op == "remove" else "op"  # a written value's legacy finding is on its path already
    return Problem(UNKNOWN_PATH, message, jp.join("", index, at), keyword="additionalProperties")


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


def judges_a_single_value(rule: Rule, at: str, tables: Any = None) -> bool:
    """Whether a rule can judge the value at `at` alone: its `patch:` says so, or its function judges
    single values and all its conditions look at or below `at`; and, when its function says where it
    looks (`reads`, with the packs' `tables`), one of those paths meets `at`: in a body that holds
    nothing but the value at `at`, a rule that looks elsewhere has nothing to find."""
    check = rule.check
    function = function_of(rule)
    if "patch" in check:
        if not check["patch"]:
            return False
    elif not function.single_value or not all(within(path, at) for path in condition_paths(check)):
        return False
    return function.reads is None or tables is None or any(meets(path, at) for path in function.reads(check, tables))


def meets(path: str, at: str) -> bool:
    """Whether `path` (`*` for any key or index) leads to, or goes through, the pointer `at`."""
    pairs = zip(jp.split(path), jp.split(at), strict=False)  # as far as the shorter goes
    return all(a == b or a == "*" or (b == "0" and a.isdigit()) for a, b in pairs)


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
