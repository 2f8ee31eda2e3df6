"""Where the shipped data lives: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

import os
from functools import cache

_PACKAGE = os.path.dirname(os.path.abspath(__file__))


@cache
def data_dir(name: str) -> str:
    """`schemas` or `rules`: packaged copies win, then the repository's top-level folders."""
    for candidate in (os.path.join(_PACKAGE, name), os.path.join(os.path.dirname(_PACKAGE), name)):
        if os.path.isdir(candidate):
            return candidate
    raise FileNotFoundError(f"personalint's {name}/ folder is missing from this installation")
