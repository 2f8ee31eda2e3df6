"""The Python behind the rule packs: one module per rules/<pack>.yaml, named after it.

Each function is registered with `@check` (engine/context.py) with the parameters it
takes, and a rule of its pack names it as `check: {function: NAME, ...}`. What belongs
here is what data cannot say: id classification, ISO 639 judgement, secrets, mojibake,
YAML implicit typing, schema-introspecting checks and inventory lookups.
"""

from __future__ import annotations

import importlib
import pkgutil

# Each module registers its checks when imported; a new module is found without being listed here.
MODULES = tuple(importlib.import_module(f"{__name__}.{found.name}") for found in pkgutil.iter_modules(__path__))
