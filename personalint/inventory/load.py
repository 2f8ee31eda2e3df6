"""Reading an inventory: a folder of list replies, one index file naming them, or one reply.

Each reply is recognised by its shape (`lists`), validated with the models of its list
(`models`, imported here only when a file is read: pydantic is not needed otherwise) and
added to an `Inventory`. A malformed inventory raises `InventoryError`, whose message names
the file and the position.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from personalint import pointer as jp
from personalint.files import EXTENSIONS
from personalint.files import shown as shown_path
from personalint.inventory.lists import (
    LISTS,
    VENDOR,
    VENDORS,
    InventoryError,
    hinted_list,
    item_list,
    names,
    of_vendor,
    reply_list,
    reply_vendor,
)
from personalint.messages import value as shown_value

MAX_FILE_BYTES = 64 * 1024 * 1024  # a list reply larger than this is refused, not read
_MISSING = object()


@dataclass(eq=False)
class Inventory:
    """The items of each list an inventory holds, by id; lists it lacks are unknown, not empty."""

    origin: str
    lists: dict[str, dict[str, Any]] = field(default_factory=dict)  # "anam/voices" -> {id: item}
    files: dict[str, list[str]] = field(default_factory=dict)  # "anam/voices" -> the files it came from

    def holds(self, key: str) -> bool:
        return key in self.lists

    def get(self, key: str, item_id: Any) -> Any:
        if not isinstance(item_id, str):
            return None
        return self.lists.get(key, {}).get(item_id)

    def items(self, key: str) -> list[Any]:
        return list(self.lists.get(key, {}).values())

    def label(self, key: str, item: Any) -> str:
        """An item as messages name it: its name, then its id."""
        spec = LISTS[key]
        item_id = getattr(item, spec.id_field)
        name = getattr(item, spec.label_field, None)
        return f"'{name}' ({item_id})" if name else str(item_id)

    def suggest(self, key: str, value: str, limit: int = 3) -> str:
        """A hint for a reference the list lacks: the item it names, or the closest ids and names."""
        spec = LISTS[key]
        items = self.lists.get(key, {})
        if not items:
            return f"; the inventory has no {spec.plural}"
        lowered = value.strip().lower()
        named = [item for item in items.values() if (getattr(item, spec.label_field, None) or "").lower() == lowered]
        if named:
            ids = ", ".join(getattr(item, spec.id_field) for item in named)
            return f"; '{value}' is the name of {spec.noun} {ids}: use its id"
        close = self._closest(key, lowered)[:limit]
        if close:
            return "; did you mean " + " or ".join(self.label(key, items[i]) for i in close) + "?"
        if len(items) <= limit:
            return "; it has " + ", ".join(self.label(key, item) for item in items.values())
        return f"; it has {spec.count(len(items))} (personalint inventory show lists them)"

    def _closest(self, key: str, lowered: str) -> list[str]:
        """The ids of the items whose id or name is close to `lowered`, closest first."""
        import difflib  # here: the checker imports this package to recognise list replies, and never suggests

        label_field = LISTS[key].label_field
        scores: list[tuple[float, str]] = []
        for item_id, item in self.lists[key].items():
            name = getattr(item, label_field, None) or ""
            # an id is close only when it differs by a typo or two; a name may differ more
            by_id = difflib.SequenceMatcher(None, lowered, item_id.lower()).ratio()
            by_name = difflib.SequenceMatcher(None, lowered, name.lower()).ratio() if name else 0.0
            scores.append((max(by_id if by_id >= 0.8 else 0.0, by_name if by_name >= 0.6 else 0.0), item_id))
        return [item_id for score, item_id in sorted(scores, key=lambda s: (-s[0], s[1])) if score > 0]


def load(path: str) -> Inventory:
    """An inventory from a folder of list replies, one index file naming them, or one reply."""
    if not os.path.exists(path):
        raise InventoryError(f"{shown_path(path)}: no such file or folder")
    inventory = Inventory(origin=path)
    if os.path.isdir(path):
        found = list(_walk(path))
        if not found:
            raise InventoryError(f"{shown_path(path)}: the folder holds no list replies (*.json, *.yaml, *.yml)")
        for file in found:
            _add_file(inventory, file, None, os.path.relpath(file, path))
        return inventory
    value, document = _read(path)
    if isinstance(value, dict) and value and set(value) <= set(VENDORS):
        _add_index(inventory, path, value, document)
    else:
        _add_file(inventory, path, None, os.path.basename(path), (value, document))
    return inventory


def _walk(folder: str) -> Iterable[str]:
    # not files.walk: an inventory folder is read whole, git-ignored or not
    for here, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield from (
            os.path.join(here, f) for f in sorted(files) if f.lower().endswith(EXTENSIONS) and not f.startswith(".")
        )


def _read(path: str) -> tuple[Any, Any]:
    """The single document of a JSON or YAML file, with the source document for positions."""
    from personalint.source import load as load_source

    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            raise InventoryError(
                f"{shown_path(path)}: {size} bytes is over the inventory file limit of {MAX_FILE_BYTES} bytes"
            )
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except InventoryError:
        raise
    except OSError as exc:
        raise InventoryError(f"{shown_path(path)}: cannot read: {exc.strerror or exc}") from None
    try:
        source = load_source(path, data, check_duplicates=False)
    except Exception as exc:  # the loader reports bad input as problems; this is a last resort
        raise InventoryError(f"{shown_path(path)}: cannot parse: {type(exc).__name__}: {exc}") from None
    problems = list(source.problems) + [p for d in source.documents for p in d.problems]
    if problems:
        problem = problems[0]
        span = problem.span
        where = f"{shown_path(path)}:{span.line}:{span.column}" if span else shown_path(path)
        raise InventoryError(f"{where}: {problem.message}")
    documents = [d for d in source.documents if d.value is not None]
    if len(documents) != 1:
        raise InventoryError(f"{shown_path(path)}: expected one JSON or YAML document, found {len(documents)}")
    return documents[0].value, documents[0]


def _position(document: Any, pointer: str, at: str = "value") -> str:
    try:
        span = document.span(pointer, at)
        return f"{span.line}:{span.column}"
    except Exception:  # pragma: no cover - a position must never hide the error itself
        return "1:1"


def _add_index(inventory: Inventory, path: str, index: dict, document: Any) -> None:
    base = os.path.dirname(path)
    for vendor, lists in index.items():
        if not isinstance(lists, dict):
            raise InventoryError(
                f"{shown_path(path)}:{_position(document, '/' + vendor, 'key')}: {vendor}: expected a "
                f"mapping of list names to files, such as {{{names(vendor)[0]}: file.json}}"
            )
        for name, files in lists.items():
            key = f"{vendor}/{name}"
            if key not in LISTS:
                where = _position(document, f"/{vendor}/{name}", "key")
                raise InventoryError(
                    f"{shown_path(path)}:{where}: unknown {vendor} list '{name}'; "
                    f"expected one of {', '.join(names(vendor))}"
                )
            named = [files] if isinstance(files, str) else files if isinstance(files, list) else [None]
            for i, file in enumerate(named):
                if not isinstance(file, str) or not file:
                    raise InventoryError(
                        f"{shown_path(path)}:{_position(document, f'/{vendor}/{name}')}: {vendor}.{name}: "
                        "expected a file name or a list of file names"
                    )
                target = file if os.path.isabs(file) else os.path.join(base, file)
                if not os.path.isfile(target):
                    where = f"/{vendor}/{name}" + (f"/{i}" if isinstance(files, list) else "")
                    raise InventoryError(f"{shown_path(path)}:{_position(document, where)}: {file}: no such file")
                _add_file(inventory, target, key, file)


def _add_file(
    inventory: Inventory, path: str, named: str | None, hint: str, loaded: tuple[Any, Any] | None = None
) -> None:
    value, document = loaded or _read(path)
    key = _list_of(path, value, document, named, hint)
    reply = _validate(path, value, document, key)
    items = inventory.lists.setdefault(key, {})
    id_field = LISTS[key].id_field
    for item in reply.data:
        items[getattr(item, id_field)] = item
    inventory.files.setdefault(key, []).append(path)


def _not_a_reply() -> str:
    """What a list reply looks like: each vendor's envelope and endpoints."""
    return " or ".join(
        f"{row.title}'s {row.shape} (GET {', '.join(spec.endpoint for spec in of_vendor(row.name))})"
        for row in VENDOR.values()
    )


def _list_of(path: str, value: Any, document: Any, named: str | None, hint: str) -> str:
    """Which list a file holds: by its items' keys, else as the index names it, else by its file name."""
    where = f"{shown_path(path)}:{_position(document, '')}"
    vendor = reply_vendor(value)
    if vendor is None:
        raise InventoryError(f"{where}: not a list reply: expected {_not_a_reply()}")
    if named and LISTS[named].vendor != vendor:
        raise InventoryError(f"{where}: named as {named} but it is a {vendor} list reply")
    by_shape = reply_list(value)
    if value["data"] and by_shape is None:
        for index, item in enumerate(value["data"]):
            if item_list(vendor, item) is None:
                raise InventoryError(
                    f"{shown_path(path)}:{_position(document, f'/data/{index}')}: data/{index} is not a "
                    f"documented {vendor} list item (none of its fields says which list it is from)"
                )
        mixed = sorted({item_list(vendor, item) or "?" for item in value["data"]})
        raise InventoryError(f"{shown_path(path)}:{_position(document, '/data')}: mixes items of {' and '.join(mixed)}")
    if named and by_shape and by_shape != named:
        raise InventoryError(
            f"{shown_path(path)}:{_position(document, '/data/0')}: named as {named} but holds {by_shape}"
        )
    key = named or by_shape or hinted_list(vendor, hint)
    if key is None:
        raise InventoryError(
            f"{shown_path(path)}: an empty {vendor} list: name the file after its list "
            f"({', '.join(names(vendor))}), or name it in an index file"
        )
    return key


def _validate(path: str, value: Any, document: Any, key: str) -> Any:
    """The reply, validated with its list's model; the first error, with its position, otherwise."""
    from personalint.inventory import models  # pydantic: only once an inventory is read

    try:
        return models.reply_model(key).model_validate(value)
    except models.ValidationError as exc:
        error = exc.errors()[0]
        pointer = jp.join("", *error["loc"])
        shown = pointer.lstrip("/") or "the reply"
        raise InventoryError(
            f"{shown_path(path)}:{_position(document, _existing(value, pointer))}: {shown}: "
            f"{error['msg']}{_got(error)} (in a GET {LISTS[key].endpoint} reply)"
        ) from None


def _existing(value: Any, pointer: str) -> str:
    """The deepest part of `pointer` that exists (a missing key is shown at its object)."""
    while pointer and jp.resolve(value, pointer, _MISSING) is _MISSING:
        pointer = jp.parent(pointer)
    return pointer


def _got(error: Any) -> str:
    if error.get("type") == "missing":
        return ""
    return f"; got {shown_value(error.get('input'))}"
