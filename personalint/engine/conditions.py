"""A rule's `when:` and `unless:` conditions, read in one place and compiled once per run.

Conditions are lists of tests on other fields, all of which must hold:
`{path, equals | not_equals | in | not_in | present | has_any | has_none | matches | type}`,
or `{inventory: true|false}` (whether an inventory of the organisation's resources was given).
A condition's path has no `*`. A rule applies when all its `when` conditions hold and not
all of its `unless` conditions do.

`compile_applies` turns a rule's conditions into one test of a Context, made when the run's plan
is (engine/run.py), so a document pays for looking at the fields and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from personalint import messages
from personalint.engine.context import MISSING, Context
from personalint.source.code import Unknown

Test = Callable[[Context], bool]
_Value = Callable[[Any], bool]


def _value_tests(condition: dict) -> list[_Value]:
    """One test of the field's value for each test key the condition gives."""
    tests: list[_Value] = []
    for key in ("equals", "not_equals", "in", "not_in", "present", "has_any", "has_none", "matches", "type"):
        if key in condition:
            tests.append(_value_test(key, condition[key]))
    return tests


def _value_test(key: str, wanted: Any) -> _Value:
    if key == "equals":
        return lambda value: bool(value == wanted)
    if key == "not_equals":
        return lambda value: bool(value != wanted)
    if key == "in":
        return lambda value: value in wanted
    if key == "not_in":
        return lambda value: value not in wanted
    if key == "present":
        return lambda value: (value is not MISSING) == wanted
    if key == "has_any":
        return lambda value: isinstance(value, dict) and any(k in value for k in wanted)
    if key == "has_none":
        return lambda value: not (isinstance(value, dict) and any(k in value for k in wanted))
    if key == "matches":
        pattern = re.compile(wanted)
        return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None
    return lambda value: messages.type_name(value) == wanted  # "type"


def compile_condition(condition: dict) -> Test:
    """One condition as a test of a Context."""
    if "inventory" in condition:  # {inventory: true|false}: whether an inventory was given
        given = bool(condition["inventory"])
        return lambda ctx: (ctx.inventory is not None) == given
    path, tests = condition["path"], _value_tests(condition)
    if len(tests) == 1:
        (test,) = tests
        return lambda ctx: test(ctx.get(path))
    return lambda ctx: all(test(value) for value in (ctx.get(path),) for test in tests)


def conditions(params: dict, key: str) -> list[dict]:
    """A rule's `when` or `unless` conditions as a list (a pack may give one as a mapping)."""
    found = params.get(key, [])
    return [found] if isinstance(found, dict) else list(found)


def compile_applies(params: dict) -> Test | None:
    """A rule's `when` conditions all hold and its `unless` conditions do not all hold, as one test;
    None for a rule without conditions (most rules: nothing to weigh).

    A condition on a value computed at run time (an unknown value of a persona object found in
    code) can be neither true nor false: the rule does not run.
    """
    if "when" not in params and "unless" not in params:
        return None
    looked_at = tuple(paths(params))
    when = tuple(compile_condition(c) for c in conditions(params, "when"))
    unless = tuple(compile_condition(c) for c in conditions(params, "unless"))

    def applies(ctx: Context) -> bool:  # asked of every rule with conditions for every document: loops, no generators
        for path in looked_at:
            if isinstance(ctx.get(path), Unknown):
                return False
        for test in when:
            if not test(ctx):
                return False
        for test in unless:  # it applies unless all of these hold (and there are some)
            if not test(ctx):
                return True
        return not unless

    return applies


def paths(params: dict) -> list[str]:
    """The paths a rule's conditions look at (`{inventory: ...}` has none)."""
    return [c["path"] for key in ("when", "unless") for c in conditions(params, key) if "path" in c]
