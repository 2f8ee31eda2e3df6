"""Checks too particular for the data vocabulary of `checks`, each named by a rule pack.

A pack names one with `check: {function: python, name: <function name>, ...}`. The
functions live here and in the family modules imported at the end, each registered
with `@custom`.
"""

from __future__ import annotations

from typing import Callable, Iterator

from personalint.checks import MISSING, Context, Hit

FUNCTIONS: dict[str, Callable[[Context, dict], Iterator[Hit]]] = {}


def custom(function: Callable[[Context, dict], Iterator[Hit]]) -> Callable[[Context, dict], Iterator[Hit]]:
    if function.__name__ in FUNCTIONS:
        raise ValueError(f"custom check {function.__name__} defined twice")
    FUNCTIONS[function.__name__] = function
    return function


@custom
def guardrail_total(ctx: Context, params: dict) -> Iterator[Hit]:
    """guardrail_ids already reach the 50-guardrail total, and guardrail_tags can only add more.

    Offline, a tag's guardrails are unknown; the ids alone are a lower bound on the total.
    """
    limit = params.get("max", 50)
    ids = ctx.get("/guardrail_ids")
    tags = ctx.get("/guardrail_tags")
    if not isinstance(ids, list) or tags is MISSING or not isinstance(tags, list) or not tags:
        return
    unique = len({i for i in ids if isinstance(i, str)})
    if unique >= limit and len(ids) <= limit:
        yield Hit("/guardrail_tags", "key", {"count": unique, "max": limit})


# The family modules register their checks on import.
from personalint import custom_anam, custom_common, custom_inventory, custom_tavus  # noqa: E402,F401
