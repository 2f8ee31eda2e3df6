"""Check a persona config your code builds at run time, before the request is sent.

    import personalint

    persona = {"persona_name": "Coach", "pipeline_mode": "full", "system_prompt": prompt(),
               "layers": {"tts": {"tts_engine": "cartesia", "api_key": os.environ["KEY"]}}}
    problems = personalint.check_config(persona, "tavus-create")
    if any(f.level >= personalint.Level.ERROR for f in problems):
        raise ValueError("\\n".join(f"{f.rule} {f.pointer}: {f.message}" for f in problems))

`check_config(obj, kind=None, *, select=None, ignore=None, inventory=None) -> list[Finding]`
runs the same checks as `personalint check` (the kind's JSON Schema and every enabled rule)
on a body held in memory, and returns the same `Finding` objects:

- `rule`, `level`, `message` and `pointer` (the RFC 6901 JSON Pointer of the value inside
  the body as sent) are what matters here; `path` is `"<config>"` and `document` is 0;
- `span` is the finding's position in the body's JSON rendering, `render_config(obj)`
  (`json.dumps(obj, indent=2, ensure_ascii=False)`): 1-based lines and columns, as in a file.
  Print the rendering beside the findings to show where they are, or ignore `span`.

`kind` is one of `personalint.KINDS` (`"tavus-create"`, `"anam-session"`, ...); without it the
kind is detected from the keys, as for a file (when it cannot be told, the one finding is
PF004). `select` and `ignore` take rule selectors as the command line does (ids, families such
as `"TV"`, names; a string is one selector). `inventory` is the path of an inventory (a folder
or an index file, see examples/inventory/README.md) or an `Inventory` already loaded; the IV
rules run only with one (loading it imports pydantic; nothing else here does).

Two differences from checking a file, both because the body is about to be sent, not committed:
SE001 (a credential written literally) is off unless a `select` names it (`["ALL"]`, `["SE"]`),
since at run time a credential field holds the real key (SE002, a key inside a prompt, and
SE003, a key sent over plain http, stay on); and what cannot be a request body at all raises instead of
becoming a finding: a value JSON cannot encode (a set, an object: `TypeError`) or a circular
reference (`ValueError`), as `json.dumps` would when the request is sent. An unknown kind or
selector raises `ValueError`; an inventory that cannot be read raises
`personalint.inventory.InventoryError`.

Messages never show a secret of the body (the pipeline's redaction, as for a file). Importing
`personalint` and calling this for a plain dict imports neither click, PyYAML (when the rule
packs are pre-parsed, as in a built wheel), pydantic, tree-sitter nor markdown-it-py.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any

from personalint import ids, kinds
from personalint.finding import Finding, Level, Span

__all__ = ["CONFIG_PATH", "RUN_TIME_OFF", "check_config", "render_config"]

CONFIG_PATH = "<config>"  # the `path` of every finding check_config returns
RUN_TIME_OFF = ("SE001",)  # rules about files that do not apply to a body built at run time (unless selected)


def render_config(obj: Any) -> str:
    """The JSON text the findings' spans point into (as the body would be sent, indented)."""
    return json.dumps(obj, indent=2, ensure_ascii=False)


def check_config(
    obj: Any,
    kind: str | None = None,
    *,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    inventory: Any = None,
) -> list[Finding]:
    """Every finding of the persona body `obj` (a dict, or a list for a Tavus JSON Patch), in order."""
    from personalint.config import Settings
    from personalint.engine.registry import registry
    from personalint.pipeline import check_bytes

    if kind is not None and kind not in kinds.KIND:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(kinds.KINDS)}")
    enabled = _enabled(registry(), _selectors(select), _selectors(ignore))
    try:
        text = render_config(obj)
    except RecursionError:  # deeper than the encoder goes: far past MAX_DEPTH, not checked
        return _too_deep(registry(), enabled)
    except ValueError as exc:  # "Circular reference detected"
        raise ValueError(f"the config cannot be sent as JSON: {exc}") from None
    except TypeError as exc:
        raise TypeError(f"the config cannot be sent as JSON: {exc}") from None
    settings = Settings(enabled=enabled, kind=kind, inventory=_inventory(inventory))
    return check_bytes(CONFIG_PATH, text.encode("utf-8"), settings).findings


def _selectors(given: str | Iterable[str] | None) -> list[str] | None:
    if given is None:
        return None
    return [given] if isinstance(given, str) else list(given)


def _enabled(rules: Any, select: list[str] | None, ignore: list[str] | None) -> frozenset[str]:
    unknown = rules.unknown_selectors((select or []) + (ignore or []))
    if unknown:
        raise ValueError(f"no rule matches {', '.join(map(repr, unknown))}: `personalint rules` lists them")
    enabled = rules.select(select or ("ALL",), ignore or ())
    if select is None:  # the file-only rules stay off unless named
        enabled -= {rule.id for selector in RUN_TIME_OFF for rule in rules.matching(selector)}
    return frozenset(enabled)


def _inventory(inventory: Any) -> Any:
    if inventory is None or not isinstance(inventory, (str, os.PathLike)):
        return inventory
    from personalint.inventory import load

    return load(os.fspath(inventory))


def _too_deep(rules: Any, enabled: frozenset[str]) -> list[Finding]:
    from personalint.source.limits import too_deep

    if ids.NESTED_TOO_DEEPLY not in enabled:
        return []
    level: Level = rules.by_id[ids.NESTED_TOO_DEEPLY].level
    return [Finding(ids.NESTED_TOO_DEEPLY, level, too_deep(), CONFIG_PATH, 0, "", Span(1, 1, 1, 2))]
