"""Where the shipped data lives: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

import os
from functools import cache

_PACKAGE = os.path.dirname(os.path.abspath(__file__))
# What only the docs, `explain`, SARIF's rule descriptions and the tests read of a rule: a wheel ships
# it apart from the packs (rules/docs.json beside rules/packs.json: hatch_build.py, which reads this
# module by its path), so that a run parses 100 KB of packs, not 250 (engine/registry.py reads it).
DOCS_FIELDS = ("explanation", "sources", "examples")


@cache
def data_dir(name: str) -> str:
    """`schemas` or `rules`: packaged copies win, then the repository's top-level folders."""
    for candidate in (os.path.join(_PACKAGE, name), os.path.join(os.path.dirname(_PACKAGE), name)):
        if os.path.isdir(candidate):
            return candidate
    raise FileNotFoundError(f"personalint's {name}/ folder is missing from this installation")
