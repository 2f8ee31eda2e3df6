"""What an inventory can hold: the vendors' documented list endpoints, and how a reply is told apart.

`VENDOR` has one row per vendor (its API, its key, its reply envelope and its paging style),
`LISTS` one entry per list endpoint (its items' identifying keys and documented fields).
Adding a vendor's lists is one `ListSpec` per list plus its `Vendor` row; everything else
(recognition, validation models, pulling, messages) is derived from them. Recognising a reply
by its shape is cheap: it imports nothing beyond the standard library.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from personalint import kinds

PAGE_SIZE = 100  # the items a pull asks for per page

# Fields are written `name:type`, in their documented order: the type is str (the default, so
# `name` alone), bool, int, float, strs (a list of strings), dict, dicts (a list of objects), strmap
# (strings by string) or, in a reply envelope, the name of an object of its own; a trailing `?`
# marks a field that may be absent or null.
TYPES = ("str", "bool", "int", "float", "strs", "dict", "dicts", "strmap")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    optional: bool


@cache
def parse_fields(spec: str) -> tuple[Field, ...]:
    """The fields a `name:type?` string declares, in order."""
    found = []
    for token in spec.split():
        name, _, kind = token.removesuffix("?").partition(":")
        found.append(Field(name, kind or "str", token.endswith("?")))
    return tuple(found)


class InventoryError(Exception):
    """A malformed inventory, or a failed pull: the message says where and what."""


@dataclass(frozen=True)
class Vendor:
    """One vendor's list API: where it is, how to authenticate, what its replies look like."""

    name: str
    title: str  # "Anam", for messages
    base_url: str
    key_variable: str  # the environment variable holding the user's API key
    base_url_variable: str  # the environment variable that may override `base_url`
    auth_header: tuple[str, str]  # (header, value with {key} for the API key)
    marker: str  # the envelope key beside `data` that marks this vendor's replies
    envelope: str  # the reply's fields beside `data`
    objects: Mapping[str, str] = field(compare=False)  # the fields of the envelope's objects, by type name
    paging: str  # "meta": the envelope says the next page; "count": pages until total_count items
    page_size_parameter: str
    # the page a 404 stands for, when the vendor documents a 404 as "no items" rather than an error
    not_found: Mapping[str, Any] | None = field(default=None, compare=False)

    @property
    def keys(self) -> frozenset[str]:
        """The keys a reply of this vendor may have."""
        return frozenset({"data", *(f.name for f in parse_fields(self.envelope))})

    @property
    def shape(self) -> str:
        """The envelope as messages show it: `{data: [...], meta: {...}}`."""
        return f"{{data: [...], {self.marker}{': {...}' if self._nested_marker else ''}}}"

    @property
    def short_shape(self) -> str:
        return f"{{data, {self.marker}}}"

    @property
    def _nested_marker(self) -> bool:
        return next(f.type for f in parse_fields(self.envelope) if f.name == self.marker) in self.objects

    def holds_reply(self, value: dict) -> bool:
        """`value` (a mapping with a `data` list) has this vendor's envelope."""
        if self.marker not in value or value.keys() - self.keys:
            return False
        return not self._nested_marker or isinstance(value[self.marker], dict)


@dataclass(frozen=True)
class ListSpec:
    """One documented list endpoint and the items its reply holds."""

    vendor: str
    name: str  # avatars, voices, ...
    endpoint: str
    id_field: str
    label_field: str  # the human-readable name of an item
    signature: frozenset[str]  # item keys no other list's items have
    # the documented item fields (vendor-openapi). Enumerated strings (provider, llmFormat, type,
    # modality, ...) are plain strings: a value a vendor adds later must not make a whole inventory
    # unreadable; the rules ignore values they do not know.
    fields: str
    params: tuple[tuple[str, str], ...] = ()  # query parameters of a pull
    first_page: int = 1
    noun: str = ""  # "avatar", for messages
    words: tuple[str, ...] = ()  # a file name holding one of these names this list (for empty pages)
    types: frozenset[str] = frozenset()  # `type` values that tell an item without signature keys

    @property
    def key(self) -> str:
        return f"{self.vendor}/{self.name}"

    @property
    def plural(self) -> str:
        return self.noun[:-1] + "ies" if self.noun.endswith("y") else self.noun + "s"

    def count(self, number: int) -> str:
        return f"{number} {self.noun if number == 1 else self.plural}"


VENDORS = kinds.VENDORS
VENDOR: dict[str, Vendor] = {
    row.name: row
    for row in (
        Vendor(
            "anam",
            "Anam",
            "https://api.anam.ai",
            "ANAM_API_KEY",
            "PERSONALINT_ANAM_BASE_URL",
            ("Authorization", "Bearer {key}"),
            "meta",
            "meta:Pagination",
            {"Pagination": "total:int? lastPage:int? currentPage:int? perPage:int? prev:int? next:int?"},
            paging="meta",
            page_size_parameter="perPage",
            # documented: "404 Not Found - No avatars found"
            not_found={
                "data": [],
                "meta": {"total": 0, "lastPage": 1, "currentPage": 1, "perPage": PAGE_SIZE, "prev": None, "next": None},
            },
        ),
        Vendor(
            "tavus",
            "Tavus",
            "https://tavusapi.com",
            "TAVUS_API_KEY",
            "PERSONALINT_TAVUS_BASE_URL",
            ("x-api-key", "{key}"),
            "total_count",
            "total_count:int? page:int? limit:int?",
            {},
            paging="count",
            page_size_parameter="limit",
        ),
    )
}

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
            (
                "id displayName? variantName? imageUrl? landscapeImageUrl? portraitImageUrl? videoUrl? idleVideoUrl? "
                "createdAt? updatedAt? createdByOrganizationId? availableVersions:strs? activeVersion? description? "
                "displayTags:strs? renderStyle?"
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
            (
                "id displayName? provider? providerVoiceId? providerModelId? sampleUrl? previewSampleUrl? gender? "
                "country? description? displayTags:strs? isZdr:bool? createdByOrganizationId? createdAt? updatedAt?"
            ),
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
            (
                "id displayName? description? llmFormat? urls:dicts? modelName? temperature:float? maxTokens:int? "
                "deploymentName? apiVersion? metadata:dict? displayTags:strs? isDefault:bool? isGlobal:bool? "
                "isZdr:bool? reasoningEffort? reasoningFormat? createdByOrganizationId? createdAt? updatedAt?"
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
            (
                "id name? description? type? config:dict? disableInterruptions:bool? createdAt? updatedAt? "
                "usageCount:int?"
            ),
            noun="tool",
            words=("tool",),
            types=frozenset({"CLIENT", "SERVER_RAG", "SERVER_WEBHOOK", "SYSTEM"}),
        ),
        ListSpec(
            "tavus",
            "replicas",
            "/v2/replicas",
            "replica_id",
            "replica_name",
            frozenset({"replica_id"}),
            (
                "replica_id replica_name? thumbnail_video_url? training_progress? status? created_at? replica_type? "
                "model_name?"
            ),
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
            (
                "uuid guardrail_name? guardrail_prompt? modality? callback_url? tags:strs? app_message:bool? "
                "created_at? updated_at?"
            ),
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
            (
                "document_id document_name? document_url? status? progress:int? error_message? created_at? "
                "updated_at? callback_url? tags:strs? crawl_config:dict? crawled_urls:strs? last_crawled_at? "
                "crawl_count:int?"
            ),
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
            (
                "objectives_id objective_name? objective_prompt? confirmation_mode? output_variables:strs? modality? "
                "next_conditional_objectives:strmap? next_required_objective? callback_url? created_at? updated_at?"
            ),
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
            "pronunciation_dictionary_id name? rules_count:int? created_at? updated_at?",
            first_page=0,
            noun="pronunciation dictionary",
            words=("pronunciation", "dictionar"),
        ),
    )
}


def of_vendor(vendor: str) -> list[ListSpec]:
    return [spec for spec in LISTS.values() if spec.vendor == vendor]


def names(vendor: str) -> list[str]:
    """The list names of `vendor`, in table order (for messages)."""
    return [spec.name for spec in of_vendor(vendor)]


# --- recognising a reply by its shape ---------------------------------------------------------


def reply_vendor(value: Any) -> str | None:
    """The vendor whose list replies have the envelope `value` has, if any."""
    if not isinstance(value, dict) or not isinstance(value.get("data"), list):
        return None
    return next((row.name for row in VENDOR.values() if row.holds_reply(value)), None)


def item_list(vendor: str, item: Any) -> str | None:
    """Which of `vendor`'s lists an item is from, by its keys (or, failing that, its `type`)."""
    if not isinstance(item, dict):
        return None
    keys = item.keys()
    found = [spec.key for spec in of_vendor(vendor) if spec.signature & keys]
    kind = item.get("type")
    if not found and isinstance(kind, str):  # any other `type` (a list, an object) names no list
        found = [spec.key for spec in of_vendor(vendor) if kind in spec.types]
    return found[0] if len(found) == 1 else None


def hinted_list(vendor: str, hint: str) -> str | None:
    """The list a file name names (`avatars-1.json`, `anam-voices.json`): for an empty page."""
    lowered = os.path.basename(hint).lower()
    found = [spec.key for spec in of_vendor(vendor) if any(w in lowered for w in spec.words)]
    return found[0] if len(found) == 1 else None


def reply_list(value: Any) -> str | None:
    """Which list (`anam/avatars`, ...) a non-empty reply is, from the keys of its items."""
    vendor = reply_vendor(value)
    if vendor is None or not value["data"]:
        return None
    found = {item_list(vendor, item) for item in value["data"]}
    return found.pop() if len(found) == 1 and None not in found else None


def is_index(value: Any) -> bool:
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


def looks_like_reply(value: Any) -> bool:
    """A vendor list reply or an inventory index: an inventory file, not a persona config (the checker skips it)."""
    if reply_vendor(value) is not None:
        return not value["data"] or reply_list(value) is not None
    return is_index(value)
