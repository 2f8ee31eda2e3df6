"""The organisation's own resources, offline: the vendors' list replies saved as files.

An inventory holds, for Anam, the replies of GET /v1/avatars, /v1/voices, /v1/llms and
/v1/tools (`{data: [...], meta: {...}}`), and for Tavus those of GET /v2/replicas,
/v2/guardrails, /v2/documents, /v2/objectives and /v2/pronunciation-dictionaries
(`{data: [...], total_count, ...}`), one or several pages each, saved as they came.

It is either a folder of such files (walked for *.json, *.yaml, *.yml) or one YAML/JSON
index file that names them:

    anam:
      avatars: anam/avatars-1.json
      voices: [anam/voices-1.json, anam/voices-2.json]
    tavus:
      replicas: tavus/replicas-1.json

Each reply is recognised by its shape (the keys of its items; the file name or the index
says which list an empty page belongs to) and validated with pydantic models of the
documented item fields. A malformed inventory raises `InventoryError`, whose message
names the file and the position.

`pull` writes such a folder from the vendors' APIs (urllib, the user's key from the
environment), `show` summarises one. pydantic is imported only when an inventory is
loaded, never by the plain `check` path.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from personalint.files import shown as shown_path

MAX_FILE_BYTES = 64 * 1024 * 1024  # a list reply larger than this is refused, not read
EXTENSIONS = (".json", ".yaml", ".yml")


class InventoryError(Exception):
    """A malformed inventory, or a failed pull: the message says where and what."""


@dataclass(frozen=True)
class ListSpec:
    """One documented list endpoint and the items its reply holds."""

    vendor: str
    name: str  # avatars, voices, ...
    endpoint: str
    id_field: str
    label_field: str  # the human-readable name of an item
    signature: frozenset[str]  # item keys no other list's items have
    params: tuple[tuple[str, str], ...] = ()  # query parameters of a pull
    first_page: int = 1
    noun: str = ""  # "avatar", for messages
    words: tuple[str, ...] = ()  # a file name holding one of these names this list (for empty pages)

    @property
    def key(self) -> str:
        return f"{self.vendor}/{self.name}"

    @property
    def plural(self) -> str:
        return self.noun[:-1] + "ies" if self.noun.endswith("y") else self.noun + "s"

    def count(self, number: int) -> str:
        return f"{number} {self.noun if number == 1 else self.plural}"


LISTS: dict[str, ListSpec] = {
    spec.key: spec
    for spec in (
        ListSpec(
            "anam",
            "avatars",
            "/v1/avatars",
            "id",
            "displayName",
            frozenset(
                {
                    "availableVersions",
                    "activeVersion",
                    "variantName",
                    "renderStyle",
                    "imageUrl",
                    "landscapeImageUrl",
                    "portraitImageUrl",
                    "idleVideoUrl",
                }
            ),
            noun="avatar",
            words=("avatar",),
        ),
        ListSpec(
            "anam",
            "voices",
            "/v1/voices",
            "id",
            "displayName",
            frozenset({"provider", "providerVoiceId", "providerModelId", "sampleUrl", "previewSampleUrl", "gender"}),
            noun="voice",
            words=("voice",),
        ),
        ListSpec(
            "anam",
            "llms",
            "/v1/llms",
            "id",
            "displayName",
            frozenset(
                {
                    "llmFormat",
                    "modelName",
                    "isDefault",
                    "isGlobal",
                    "urls",
                    "maxTokens",
                    "deploymentName",
                    "reasoningEffort",
                }
            ),
            params=(("includeDefaults", "true"),),
            noun="LLM",
            words=("llm",),
        ),
        ListSpec(
            "anam",
            "tools",
            "/v1/tools",
            "id",
            "name",
            frozenset({"config", "usageCount", "disableInterruptions"}),
            noun="tool",
            words=("tool",),
        ),
        ListSpec(
            "tavus",
            "replicas",
            "/v2/replicas",
            "replica_id",
            "replica_name",
            frozenset({"replica_id"}),
            params=(("verbose", "true"),),
            first_page=1,
            noun="replica",
            words=("replica",),
        ),
        ListSpec(
            "tavus",
            "guardrails",
            "/v2/guardrails",
            "uuid",
            "guardrail_name",
            frozenset({"guardrail_name", "guardrail_prompt"}),
            params=(("legacy", "false"),),
            first_page=0,
            noun="guardrail",
            words=("guardrail",),
        ),
        ListSpec(
            "tavus",
            "documents",
            "/v2/documents",
            "document_id",
            "document_name",
            frozenset({"document_id"}),
            first_page=0,
            noun="document",
            words=("document",),
        ),
        ListSpec(
            "tavus",
            "objectives",
            "/v2/objectives",
            "objectives_id",
            "objective_name",
            frozenset({"objectives_id"}),
            first_page=1,
            noun="objective",
            words=("objective",),
        ),
        ListSpec(
            "tavus",
            "pronunciation-dictionaries",
            "/v2/pronunciation-dictionaries",
            "pronunciation_dictionary_id",
            "name",
            frozenset({"pronunciation_dictionary_id"}),
            first_page=0,
            noun="pronunciation dictionary",
            words=("pronunciation", "dictionar"),
        ),
    )
}
VENDORS = ("anam", "tavus")
BASE_URLS = {"anam": "https://api.anam.ai", "tavus": "https://tavusapi.com"}
KEY_VARIABLES = {"anam": "ANAM_API_KEY", "tavus": "TAVUS_API_KEY"}
BASE_URL_VARIABLES = {"anam": "PERSONALINT_ANAM_BASE_URL", "tavus": "PERSONALINT_TAVUS_BASE_URL"}
_ANAM_TOOL_TYPES = frozenset({"CLIENT", "SERVER_RAG", "SERVER_WEBHOOK", "SYSTEM"})
_PAGE_SIZE = 100


# --- recognising a reply by its shape (cheap: no pydantic) ----------------------------------


def reply_vendor(value: Any) -> str | None:
    """'anam' or 'tavus' when `value` has the envelope of that vendor's list replies."""
    if not isinstance(value, dict) or not isinstance(value.get("data"), list):
        return None
    if isinstance(value.get("meta"), dict) and not value.keys() - {"data", "meta"}:
        return "anam"
    if "total_count" in value and not value.keys() - {"data", "total_count", "page", "limit"}:
        return "tavus"
    return None


def _item_list(vendor: str, item: Any) -> str | None:
    if not isinstance(item, dict):
        return None
    keys = item.keys()
    found = [spec.key for spec in LISTS.values() if spec.vendor == vendor and spec.signature & keys]
    if vendor == "anam" and not found and item.get("type") in _ANAM_TOOL_TYPES:
        found = ["anam/tools"]
    return found[0] if len(found) == 1 else None


def _hinted_list(vendor: str, hint: str) -> str | None:
    """The list a file name names (`avatars-1.json`, `anam-voices.json`): for an empty page."""
    lowered = os.path.basename(hint).lower()
    found = [spec.key for spec in LISTS.values() if spec.vendor == vendor and any(w in lowered for w in spec.words)]
    return found[0] if len(found) == 1 else None


def reply_list(value: Any) -> str | None:
    """Which list (`anam/avatars`, ...) a non-empty reply is, from the keys of its items."""
    vendor = reply_vendor(value)
    if vendor is None or not value["data"]:
        return None
    kinds = {_item_list(vendor, item) for item in value["data"]}
    return kinds.pop() if len(kinds) == 1 and None not in kinds else None


def looks_like_reply(value: Any) -> bool:
    """A vendor list reply or an inventory index: an inventory file, not a persona config (the checker skips it)."""
    if reply_vendor(value) is not None:
        return not value["data"] or reply_list(value) is not None
    return _is_index(value)


def _is_index(value: Any) -> bool:
    """An index file: {anam: {avatars: file, ...}, tavus: {...}} with documented list names."""
    return (
        isinstance(value, dict)
        and bool(value)
        and set(value) <= set(VENDORS)
        and all(
            isinstance(lists, dict) and lists and all(f"{vendor}/{name}" in LISTS for name in lists)
            for vendor, lists in value.items()
        )
    )


# --- validation models (pydantic, imported only here) ----------------------------------------


# The documented item fields of each list (vendor-openapi: Anam components.schemas.Avatar, Voice,
# LLM, Tool; Tavus the list replies' items). "?" marks a field that may be absent or null. Enumerated
# strings (provider, llmFormat, type, modality, ...) are plain strings: a value a vendor adds later
# must not make a whole inventory unreadable; the rules ignore values they do not know.
_FIELDS: dict[str, dict[str, str]] = {
    "anam/avatars": {
        "id": "str",
        "displayName": "str?",
        "variantName": "str?",
        "imageUrl": "str?",
        "landscapeImageUrl": "str?",
        "portraitImageUrl": "str?",
        "videoUrl": "str?",
        "idleVideoUrl": "str?",
        "createdAt": "str?",
        "updatedAt": "str?",
        "createdByOrganizationId": "str?",
        "availableVersions": "strs?",
        "activeVersion": "str?",
        "description": "str?",
        "displayTags": "strs?",
        "renderStyle": "str?",
    },
    "anam/voices": {
        "id": "str",
        "displayName": "str?",
        "provider": "str?",
        "providerVoiceId": "str?",
        "providerModelId": "str?",
        "sampleUrl": "str?",
        "previewSampleUrl": "str?",
        "gender": "str?",
        "country": "str?",
        "description": "str?",
        "displayTags": "strs?",
        "isZdr": "bool?",
        "createdByOrganizationId": "str?",
        "createdAt": "str?",
        "updatedAt": "str?",
    },
    "anam/llms": {
        "id": "str",
        "displayName": "str?",
        "description": "str?",
        "llmFormat": "str?",
        "urls": "dicts?",
        "modelName": "str?",
        "temperature": "float?",
        "maxTokens": "int?",
        "deploymentName": "str?",
        "apiVersion": "str?",
        "metadata": "dict?",
        "displayTags": "strs?",
        "isDefault": "bool?",
        "isGlobal": "bool?",
        "isZdr": "bool?",
        "reasoningEffort": "str?",
        "reasoningFormat": "str?",
        "createdByOrganizationId": "str?",
        "createdAt": "str?",
        "updatedAt": "str?",
    },
    "anam/tools": {
        "id": "str",
        "name": "str?",
        "description": "str?",
        "type": "str?",
        "config": "dict?",
        "disableInterruptions": "bool?",
        "createdAt": "str?",
        "updatedAt": "str?",
        "usageCount": "int?",
    },
    "tavus/replicas": {
        "replica_id": "str",
        "replica_name": "str?",
        "thumbnail_video_url": "str?",
        "training_progress": "str?",
        "status": "str?",
        "created_at": "str?",
        "replica_type": "str?",
        "model_name": "str?",
    },
    "tavus/guardrails": {
        "uuid": "str",
        "guardrail_name": "str?",
        "guardrail_prompt": "str?",
        "modality": "str?",
        "callback_url": "str?",
        "tags": "strs?",
        "app_message": "bool?",
        "created_at": "str?",
        "updated_at": "str?",
    },
    "tavus/documents": {
        "document_id": "str",
        "document_name": "str?",
        "document_url": "str?",
        "status": "str?",
        "progress": "int?",
        "error_message": "str?",
        "created_at": "str?",
        "updated_at": "str?",
        "callback_url": "str?",
        "tags": "strs?",
        "crawl_config": "dict?",
        "crawled_urls": "strs?",
        "last_crawled_at": "str?",
        "crawl_count": "int?",
    },
    "tavus/objectives": {
        "objectives_id": "str",
        "objective_name": "str?",
        "objective_prompt": "str?",
        "confirmation_mode": "str?",
        "output_variables": "strs?",
        "modality": "str?",
        "next_conditional_objectives": "strmap?",
        "next_required_objective": "str?",
        "callback_url": "str?",
        "created_at": "str?",
        "updated_at": "str?",
    },
    "tavus/pronunciation-dictionaries": {
        "pronunciation_dictionary_id": "str",
        "name": "str?",
        "rules_count": "int?",
        "created_at": "str?",
        "updated_at": "str?",
    },
}
_PAGINATION = {
    "total": "int?",
    "lastPage": "int?",
    "currentPage": "int?",
    "perPage": "int?",
    "prev": "int?",
    "next": "int?",
}


@cache
def _base() -> Any:
    from pydantic import BaseModel, ConfigDict

    class Item(BaseModel):
        # vendors add fields: keep them; the documented ones are type-checked strictly
        model_config = ConfigDict(extra="allow", strict=True, frozen=True)

    return Item


def _fields(spec: dict[str, str]) -> dict[str, Any]:
    from typing import Optional

    types = {
        "str": str,
        "bool": bool,
        "int": int,
        "float": float,
        "strs": list[str],
        "dict": dict,
        "dicts": list[dict],
        "strmap": dict[str, str],
    }
    return {
        name: ((Optional[types[kind[:-1]]], None) if kind.endswith("?") else (types[kind], ...))
        for name, kind in spec.items()
    }


@cache
def _model(key: str) -> Any:
    """The pydantic model of one list's reply, built on first use (pydantic is imported here only)."""
    from pydantic import create_model

    item = create_model(key.replace("/", "_").replace("-", "_"), __base__=_base(), **_fields(_FIELDS[key]))
    if LISTS[key].vendor == "anam":
        return create_model(
            f"{item.__name__}_reply",
            __base__=_base(),
            data=(list[item], ...),
            meta=(create_model("Pagination", __base__=_base(), **_fields(_PAGINATION)), ...),
        )
    return create_model(
        f"{item.__name__}_reply",
        __base__=_base(),
        data=(list[item], ...),
        **_fields({"total_count": "int?", "page": "int?", "limit": "int?"}),
    )


# --- the inventory --------------------------------------------------------------------------


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
        import difflib

        spec = LISTS[key]
        items = self.lists.get(key, {})
        if not items:
            return f"; the inventory has no {spec.plural}"
        lowered = value.strip().lower()
        named = [item for item in items.values() if (getattr(item, spec.label_field, None) or "").lower() == lowered]
        if named:
            ids = ", ".join(getattr(item, spec.id_field) for item in named)
            return f"; '{value}' is the name of {spec.noun} {ids}: use its id"
        scores: list[tuple[float, str]] = []
        for item_id, item in items.items():
            name = getattr(item, spec.label_field, None) or ""
            # an id is close only when it differs by a typo or two; a name may differ more
            by_id = difflib.SequenceMatcher(None, lowered, item_id.lower()).ratio()
            by_name = difflib.SequenceMatcher(None, lowered, name.lower()).ratio() if name else 0.0
            scores.append((max(by_id if by_id >= 0.8 else 0.0, by_name if by_name >= 0.6 else 0.0), item_id))
        close = [item_id for score, item_id in sorted(scores, key=lambda s: (-s[0], s[1])) if score > 0][:limit]
        if close:
            return "; did you mean " + " or ".join(self.label(key, items[i]) for i in close) + "?"
        if len(items) <= limit:
            return "; it has " + ", ".join(self.label(key, item) for item in items.values())
        return f"; it has {spec.count(len(items))} (personalint inventory show lists them)"


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
                f"mapping of list names to files, such as {{{_names(vendor)[0]}: file.json}}"
            )
        for name, files in lists.items():
            key = f"{vendor}/{name}"
            if key not in LISTS:
                where = _position(document, f"/{vendor}/{name}", "key")
                raise InventoryError(
                    f"{shown_path(path)}:{where}: unknown {vendor} list '{name}'; "
                    f"expected one of {', '.join(_names(vendor))}"
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


def _names(vendor: str) -> list[str]:
    return [spec.name for spec in LISTS.values() if spec.vendor == vendor]


def _add_file(
    inventory: Inventory, path: str, named: str | None, hint: str, loaded: tuple[Any, Any] | None = None
) -> None:
    value, document = loaded or _read(path)
    vendor = reply_vendor(value)
    if vendor is None:
        raise InventoryError(
            f"{shown_path(path)}:{_position(document, '')}: not a list reply: expected Anam's "
            "{data: [...], meta: {...}} (GET /v1/avatars, /v1/voices, /v1/llms, /v1/tools) "
            "or Tavus's {data: [...], total_count} (GET /v2/replicas, /v2/guardrails, /v2/documents, "
            "/v2/objectives, /v2/pronunciation-dictionaries)"
        )
    if named and LISTS[named].vendor != vendor:
        raise InventoryError(
            f"{shown_path(path)}:{_position(document, '')}: named as {named} but it is a {vendor} list reply"
        )
    by_shape = reply_list(value)
    if value["data"] and by_shape is None:
        for index, item in enumerate(value["data"]):
            if _item_list(vendor, item) is None:
                raise InventoryError(
                    f"{shown_path(path)}:{_position(document, f'/data/{index}')}: data/{index} is not a "
                    f"documented {vendor} list item (none of its fields says which list it is from)"
                )
        mixed = sorted({_item_list(vendor, item) or "?" for item in value["data"]})
        raise InventoryError(f"{shown_path(path)}:{_position(document, '/data')}: mixes items of {' and '.join(mixed)}")
    if named and by_shape and by_shape != named:
        raise InventoryError(
            f"{shown_path(path)}:{_position(document, '/data/0')}: named as {named} but holds {by_shape}"
        )
    key = named or by_shape or _hinted_list(vendor, hint)
    if key is None:
        raise InventoryError(
            f"{shown_path(path)}: an empty {vendor} list: name the file after its list "
            f"({', '.join(_names(vendor))}), or name it in an index file"
        )
    model = _model(key)
    from pydantic import ValidationError

    try:
        reply = model.model_validate(value)
    except ValidationError as exc:
        error = exc.errors()[0]
        pointer = "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in error["loc"])
        shown = pointer.lstrip("/") or "the reply"
        spec = LISTS[key]
        raise InventoryError(
            f"{shown_path(path)}:{_position(document, _existing(value, pointer))}: {shown}: "
            f"{error['msg']}{_got(error)} (in a GET {spec.endpoint} reply)"
        ) from None
    items = inventory.lists.setdefault(key, {})
    spec = LISTS[key]
    for item in reply.data:
        items[getattr(item, spec.id_field)] = item
    inventory.files.setdefault(key, []).append(path)


def _existing(value: Any, pointer: str) -> str:
    """The deepest part of `pointer` that exists (a missing key is shown at its object)."""
    from personalint import pointer as jp

    while pointer and jp.resolve(value, pointer, _SENTINEL) is _SENTINEL:
        pointer = jp.parent(pointer)
    return pointer


_SENTINEL = object()


def _got(error: dict) -> str:
    if error.get("type") == "missing":
        return ""
    from personalint.messages import value as shown

    return f"; got {shown(error.get('input'))}"


# --- pull: the lists from the vendors' APIs ---------------------------------------------------


Fetch = Callable[[str, dict], tuple[int, bytes]]


def _fetch(url: str, headers: dict) -> tuple[int, bytes]:
    """GET `url`: (status, body). Network failures raise InventoryError (never showing headers)."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers=headers, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        try:
            body = exc.read()
        except OSError:
            body = b""
        return exc.code, body
    except urllib.error.URLError as exc:
        raise InventoryError(f"cannot reach {url.split('?')[0]}: {exc.reason}") from None
    except (OSError, ValueError) as exc:
        raise InventoryError(f"cannot reach {url.split('?')[0]}: {exc}") from None


def _headers(vendor: str, key: str) -> dict:
    from personalint import __version__

    auth = {"Authorization": f"Bearer {key}"} if vendor == "anam" else {"x-api-key": key}
    return {"Accept": "application/json", "User-Agent": f"personalint/{__version__}", **auth}


def _get_json(url: str, headers: dict, spec: ListSpec, fetch: Fetch) -> Any:
    status, body = fetch(url, headers)
    shown = url.split("?")[0]
    if status == 401:
        raise InventoryError(f"the API key was refused (401) by GET {shown}: check {KEY_VARIABLES[spec.vendor]}")
    if status == 403:
        raise InventoryError(f"the API key may not list {spec.name} (403) at GET {shown}")
    if status == 404 and spec.vendor == "anam":
        return None  # documented: "404 Not Found - No avatars found" (an empty list)
    if not 200 <= status < 300:
        raise InventoryError(f"GET {shown} answered HTTP {status}{_error_text(body)}")
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        start = body[:60].decode("utf-8", "replace").strip()
        raise InventoryError(f"GET {shown} did not answer JSON (it starts with {start!r})") from None


def _error_text(body: bytes) -> str:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    message = data.get("message") or data.get("error") if isinstance(data, dict) else None
    return f": {str(message)[:200]}" if isinstance(message, str) else ""


def _pages(spec: ListSpec, base_url: str, headers: dict, fetch: Fetch) -> list[Any]:
    """Every page of one list, as it came; checked for completeness against the reply's total."""
    from urllib.parse import urlencode

    replies: list[Any] = []
    seen: set[str] = set()
    page = spec.first_page
    expected: int | None = None
    for _ in range(10_000):  # a loop guard far above any real account
        query = urlencode([*spec.params, ("page", page), ("perPage" if spec.vendor == "anam" else "limit", _PAGE_SIZE)])
        url = f"{base_url.rstrip('/')}{spec.endpoint}?{query}"
        reply = _get_json(url, headers, spec, fetch)
        if reply is None:  # Anam's 404: no items
            if not replies:
                replies.append(
                    {
                        "data": [],
                        "meta": {
                            "total": 0,
                            "lastPage": 1,
                            "currentPage": 1,
                            "perPage": _PAGE_SIZE,
                            "prev": None,
                            "next": None,
                        },
                    }
                )
            break
        if reply_vendor(reply) != spec.vendor:
            raise InventoryError(
                f"GET {spec.endpoint} did not answer an {spec.vendor.capitalize()} list reply "
                f"(expected {'{data, meta}' if spec.vendor == 'anam' else '{data, total_count}'})"
            )
        replies.append(reply)
        items = reply["data"]
        new = {str(i.get(spec.id_field)) for i in items if isinstance(i, dict)} - seen
        seen |= new
        if spec.vendor == "anam":
            meta = reply["meta"]
            expected = meta["total"] if isinstance(meta.get("total"), int) else expected
            if "next" in meta:  # the documented way: the next page's number, or null on the last
                following = meta["next"]
                if isinstance(following, int) and following > page and items:
                    page = following
                    continue
                break
            last = meta.get("lastPage")
            if isinstance(last, int) and page < last and items:
                page += 1
                continue
            break
        expected = reply["total_count"] if isinstance(reply.get("total_count"), int) else expected
        if not items or not new or (expected is not None and len(seen) >= expected):
            break
        if expected is None and len(items) < _PAGE_SIZE:
            break
        page += 1
    if expected is not None and len(seen) < expected:
        raise InventoryError(
            f"GET {spec.endpoint}: the pages held {spec.count(len(seen))} but the reply counts "
            f"{expected}; nothing was written"
        )
    return replies


def pull(
    vendor: str,
    out: str,
    base_url: str | None = None,
    key: str | None = None,
    fetch: Fetch | None = None,
    echo: Callable[[str], None] = lambda _: None,
) -> list[str]:
    """Fetch every list of `vendor` into `out/<vendor>/`, atomically; the written files.

    The folder is built in a temporary folder beside it and moved into place only once every
    page of every list was fetched and validated: a failure leaves `out` as it was.
    """
    if vendor not in VENDORS:
        raise InventoryError(f"unknown vendor {vendor!r}: expected anam or tavus")
    key = key if key is not None else os.environ.get(KEY_VARIABLES[vendor], "")
    if not key.strip():
        raise InventoryError(f"set {KEY_VARIABLES[vendor]} to your {vendor.capitalize()} API key")
    base_url = base_url or os.environ.get(BASE_URL_VARIABLES[vendor]) or BASE_URLS[vendor]
    if not re.match(r"^https?://", base_url):
        raise InventoryError(f"--base-url must be an http(s) URL; got {base_url!r}")
    key = key.strip()
    headers = _headers(vendor, key)
    fetch = fetch or _fetch
    fetched: list[tuple[str, Any]] = []
    for spec in LISTS.values():
        if spec.vendor != vendor:
            continue
        try:
            pages = _pages(spec, base_url, headers, fetch)
        except InventoryError as exc:  # a server that echoes the key must not make us print it
            raise InventoryError(str(exc).replace(key, "<redacted>")) from None
        redacted = sum(_redact(page) for page in pages)
        echo(
            f"{spec.key}: {spec.count(sum(len(p['data']) for p in pages))} in {len(pages)} "
            f"page{'s' if len(pages) != 1 else ''}"
            + (
                f" ({redacted} secret-looking value{'s' if redacted != 1 else ''} replaced by <redacted>)"
                if redacted
                else ""
            )
        )
        fetched += [(f"{spec.name}-{n}.json", page) for n, page in enumerate(pages, 1)]
    import shutil
    import tempfile

    os.makedirs(out, exist_ok=True)
    target = os.path.join(out, vendor)
    staging = tempfile.mkdtemp(prefix=f".{vendor}-", dir=out)
    try:
        for name, page in fetched:
            text = json.dumps(page, indent=2, ensure_ascii=False).replace(key, "<redacted>")
            with open(os.path.join(staging, name), "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        load(staging)  # what was written loads as an inventory, or nothing moves
        _replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [os.path.join(target, name) for name, _ in fetched]


def _redact(value: Any) -> int:
    """Replace, in place, string values under secret-looking keys (a webhook tool's auth header in
    its config, say): an inventory is committed, and no rule reads them. The number replaced."""
    from personalint.messages import is_secret_name

    count = 0
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and item and item != "<redacted>" and is_secret_name(str(key)):
                value[key] = "<redacted>"
                count += 1
            else:
                count += _redact(item)
    elif isinstance(value, list):
        count += sum(_redact(item) for item in value)
    return count


def _replace(staging: str, target: str) -> None:
    """Move the staging folder to `target`, replacing an older pull only after the move succeeds."""
    import shutil
    import tempfile

    old = None
    if os.path.exists(target):
        old = tempfile.mkdtemp(prefix=".old-", dir=os.path.dirname(target))
        os.rmdir(old)
        os.rename(target, old)
    try:
        os.rename(staging, target)
    except OSError:
        if old:
            os.rename(old, target)
        raise
    if old:
        shutil.rmtree(old, ignore_errors=True)


# --- show --------------------------------------------------------------------------------------


def _describe(key: str, item: Any) -> str:
    """The facts about an item that the inventory rules use."""

    def known(*parts: Any) -> str:
        return ", ".join(str(p) for p in parts if p not in (None, "", []))

    if key == "anam/avatars":
        versions = "/".join(item.availableVersions or [])
        return known(
            f"versions {versions}" if versions else None, f"active {item.activeVersion}" if item.activeVersion else None
        )
    if key == "anam/voices":
        zdr = None if item.isZdr is None else ("ZDR" if item.isZdr else "not ZDR")
        return known(item.provider, item.providerModelId, zdr)
    if key == "anam/llms":
        zdr = None if item.isZdr is None else ("ZDR" if item.isZdr else "not ZDR")
        return known(item.modelName, zdr)
    if key == "anam/tools":
        return known(item.type)
    if key == "tavus/replicas":
        return known(item.model_name, item.replica_type)
    if key in ("tavus/guardrails", "tavus/documents"):
        return known(f"tags {', '.join(item.tags)}" if item.tags else None)
    return ""


def show(inventory: Inventory, limit: int | None = 20) -> str:
    """What an inventory holds: each list, its files, and its items (the first `limit`; None: all)."""
    lines = [f"inventory {shown_path(inventory.origin)}"]
    for key, spec in LISTS.items():
        if key not in inventory.lists:
            continue
        items = inventory.lists[key]
        files = inventory.files.get(key, [])
        lines.append(f"{key}: {spec.count(len(items))} ({len(files)} file{'' if len(files) == 1 else 's'})")
        for number, (item_id, item) in enumerate(items.items()):
            if limit is not None and number == limit:
                lines.append(f"  ... and {len(items) - limit} more (--all lists them)")
                break
            name = getattr(item, spec.label_field, None)
            facts = _describe(key, item)
            lines.append(f"  {item_id}" + (f"  {name}" if name else "") + (f"  [{facts}]" if facts else ""))
    held_vendors = {key.split("/")[0] for key in inventory.lists}
    missing = [key for key in LISTS if key not in inventory.lists and key.split("/")[0] in held_vendors]
    if missing:
        lines.append("not held, so references to them are not checked: " + ", ".join(missing))
    return "\n".join(lines) + "\n"
