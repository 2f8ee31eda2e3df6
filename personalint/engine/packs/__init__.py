"""The Python behind the rule packs: one module per rules/<pack>.yaml, named after it.

Each function is registered with `@check` (engine/context.py) with the parameters it
takes, and a rule of its pack names it as `check: {function: NAME, ...}`. What belongs
here is what data cannot say: id classification, ISO 639 judgement, secrets, mojibake,
YAML implicit typing, schema-introspecting checks and inventory lookups.

A module is imported when a run first plans a rule of its pack (`load`), so a run over Anam
files never imports the Tavus checks; `load_all` imports every one (the pack schema, the docs).
A rule names a function of engine/vocabulary.py or of its own pack's module, never another's.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from personalint.engine.context import FUNCTIONS, Function

# every module of this package: a pack without one (rules/anam.yaml) uses engine/vocabulary.py alone
MODULES = (
    "anam_conversation",
    "anam_ids",
    "anam_session",
    "file",
    "inventory",
    "secrets",
    "tavus",
    "tavus_layers",
)
_LOADED: dict[str, ModuleType | None] = {}


def module_name(pack: str) -> str:
    """The module behind `pack` (rules/tavus-layers.yaml: engine/packs/tavus_layers.py)."""
    return pack.replace("-", "_")


def load(pack: str) -> ModuleType | None:
    """Import the module behind `pack`, so its check functions are registered; None for a pack of data alone."""
    found = _LOADED.get(pack)
    if found is None and pack not in _LOADED:
        name = module_name(pack)
        found = _LOADED[pack] = importlib.import_module(f"{__name__}.{name}") if name in MODULES else None
    return found


def load_all() -> dict[str, Function]:
    """Every check function: engine/context.FUNCTIONS with the vocabulary and every pack's module imported."""
    importlib.import_module("personalint.engine.vocabulary")
    for name in MODULES:
        load(name)
    return FUNCTIONS
