"""The pydantic models a list reply is validated with, built from the documented fields in `lists`.

Importing this module imports pydantic: only `load` does, lazily, when an inventory is read,
so that a plain `check` never pays for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from personalint.inventory.lists import LISTS, VENDOR, parse_fields

__all__ = ["ValidationError", "reply_model"]

_TYPES: dict[str, Any] = {
    "str": str,
    "bool": bool,
    "int": int,
    "float": float,
    "strs": list[str],
    "dict": dict,
    "dicts": list[dict],
    "strmap": dict[str, str],
}


class Item(BaseModel):
    # vendors add fields: keep them; the documented ones are type-checked strictly
    model_config = ConfigDict(extra="allow", strict=True, frozen=True)


def _fields(spec: str, objects: Mapping[str, str]) -> dict[str, Any]:
    """pydantic field definitions for a `name:type?` string; `objects` are the nested models it may name."""
    definitions: dict[str, Any] = {}
    for f in parse_fields(spec):
        if f.type in objects:
            kind = create_model(f.type, __base__=Item, **_fields(objects[f.type], {}))
        else:
            kind = _TYPES[f.type]
        definitions[f.name] = (Optional[kind], None) if f.optional else (kind, ...)  # noqa: UP045
    return definitions


@cache
def reply_model(key: str) -> Any:
    """The model of one list's reply (`anam/avatars`: `{data: [avatar, ...], meta: {...}}`), built on first use."""
    spec = LISTS[key]
    vendor = VENDOR[spec.vendor]
    item = create_model(key.replace("/", "_").replace("-", "_"), __base__=Item, **_fields(spec.fields, {}))
    return create_model(
        f"{item.__name__}_reply",
        __base__=Item,
        data=(list[item], ...),  # type: ignore[valid-type]
        **_fields(vendor.envelope, vendor.objects),
    )
