"""`inventory show`: what an inventory holds, list by list, with the facts the rules use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from personalint.files import shown as shown_path
from personalint.inventory.lists import LISTS
from personalint.inventory.load import Inventory


def _known(*parts: Any) -> str:
    return ", ".join(str(p) for p in parts if p not in (None, "", []))


def _zdr(item: Any) -> str | None:
    return None if item.isZdr is None else ("ZDR" if item.isZdr else "not ZDR")


def _versions(item: Any) -> str:
    versions = "/".join(item.availableVersions or [])
    return _known(
        f"versions {versions}" if versions else None, f"active {item.activeVersion}" if item.activeVersion else None
    )


def _tags(item: Any) -> str:
    return _known(f"tags {', '.join(item.tags)}" if item.tags else None)


# the facts about an item that the inventory rules use, by list (a list without an entry shows none)
_FACTS: dict[str, Callable[[Any], str]] = {
    "anam/avatars": _versions,
    "anam/voices": lambda item: _known(item.provider, item.providerModelId, _zdr(item)),
    "anam/llms": lambda item: _known(item.modelName, _zdr(item)),
    "anam/tools": lambda item: _known(item.type),
    "tavus/replicas": lambda item: _known(item.model_name, item.replica_type),
    "tavus/guardrails": _tags,
    "tavus/documents": _tags,
}


def show(inventory: Inventory, limit: int | None = 20) -> str:
    """What an inventory holds: each list, its files, and its items (the first `limit`; None: all)."""
    lines = [f"inventory {shown_path(inventory.origin)}"]
    for key, spec in LISTS.items():
        if key not in inventory.lists:
            continue
        items = inventory.lists[key]
        files = inventory.files.get(key, [])
        lines.append(f"{key}: {spec.count(len(items))} ({len(files)} file{'' if len(files) == 1 else 's'})")
        facts_of = _FACTS.get(key, lambda _: "")
        for number, (item_id, item) in enumerate(items.items()):
            if limit is not None and number == limit:
                lines.append(f"  ... and {len(items) - limit} more (--all lists them)")
                break
            name = getattr(item, spec.label_field, None)
            facts = facts_of(item)
            lines.append(f"  {item_id}" + (f"  {name}" if name else "") + (f"  [{facts}]" if facts else ""))
    held_vendors = {key.split("/")[0] for key in inventory.lists}
    missing = [key for key in LISTS if key not in inventory.lists and key.split("/")[0] in held_vendors]
    if missing:
        lines.append("not held, so references to them are not checked: " + ", ".join(missing))
    return "\n".join(lines) + "\n"
