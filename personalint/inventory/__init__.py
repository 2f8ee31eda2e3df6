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

The package, in the order a pull and a check use it:

    lists   the vendors and their list endpoints (one table each), recognising a reply by its shape
    models  the pydantic models of the documented item fields (pydantic is imported only here)
    load    folder / index / file -> Inventory (with `suggest` for a reference it lacks)
    pull    the lists from the vendors' APIs (urllib, the user's key), all pages, written atomically
    show    a summary of an inventory

pydantic is imported only when an inventory is loaded, never by the plain `check` path.
"""

from personalint.inventory.lists import (
    LISTS,
    VENDOR,
    VENDORS,
    InventoryError,
    ListSpec,
    Vendor,
    looks_like_reply,
)
from personalint.inventory.load import Inventory, load
from personalint.inventory.pull import Fetch, pull
from personalint.inventory.show import show

__all__ = [
    "LISTS",
    "VENDOR",
    "VENDORS",
    "Fetch",
    "Inventory",
    "InventoryError",
    "ListSpec",
    "Vendor",
    "load",
    "looks_like_reply",
    "pull",
    "show",
]
