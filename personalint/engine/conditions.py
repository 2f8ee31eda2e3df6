"""A rule's `when:` and `unless:` conditions, read in one place.

Conditions are lists of tests on other fields, all of which must hold:
`{path, equals | not_equals | in | not_in | present | has_any | has_none | matches | type}`,
or `{inventory: true|false}` (whether an inventory of the organisation's resources was given).
A condition's path has no `*`. A rule applies when all its `when` conditions hold and not
all of its `unless` conditions do.
"""

from __future__ import annotations

import re

from personalint import messages
from personalint.engine.context import MISSING, Context
from personalint.source.code import Unknown


def holds(ctx: Context, condition: dict) -> bool:
    if "inventory" in condition:  # {inventory: true|false}: whether an inventory was given
        return (ctx.inventory is not None) == condition["inventory"]
    value = ctx.get(condition["path"])
    tests = (
        ("equals", lambda wanted: value == wanted),
        ("not_equals", lambda wanted: value != wanted),
        ("in", lambda wanted: value in wanted),
        ("not_in", lambda wanted: value not in wanted),
        ("present", lambda wanted: (value is not MISSING) == wanted),
        ("has_any", lambda wanted: isinstance(value, dict) and any(k in value for k in wanted)),
        ("has_none", lambda wanted: not (isinstance(value, dict) and any(k in value for k in wanted))),
        ("matches", lambda wanted: isinstance(value, str) and re.fullmatch(wanted, value) is not None),
        ("type", lambda wanted: messages.type_name(value) == wanted),
    )
    return all(test(condition[key]) for key, test in tests if key in condition)


def conditions(params: dict, key: str) -> list[dict]:
    """A rule's `when` or `unless` conditions as a list (a pack may give one as a mapping)."""
    found = params.get(key, [])
    return [found] if isinstance(found, dict) else list(found)


def applies(ctx: Context, params: dict) -> bool:
    """A rule's `when` conditions all hold and its `unless` conditions do not all hold.

    A condition on a value computed at run time (an unknown value of a persona object found in
    code) can be neither true nor false: the rule does not run.
    """
    if "when" not in params and "unless" not in params:
        return True  # most rules: nothing to weigh
    if any(isinstance(ctx.get(path), Unknown) for path in paths(params)):
        return False
    unless = conditions(params, "unless")
    return all(holds(ctx, c) for c in conditions(params, "when")) and not (
        unless and all(holds(ctx, c) for c in unless)
    )


def paths(params: dict) -> list[str]:
    """The paths a rule's conditions look at (`{inventory: ...}` has none)."""
    return [c["path"] for key in ("when", "unless") for c in conditions(params, key) if "path" in c]
