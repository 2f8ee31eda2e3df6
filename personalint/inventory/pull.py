"""`inventory pull`: every list of a vendor from its API into a folder, every page, atomically.

urllib with the user's key from the environment; the folder is built beside its target and
moved into place only once every page of every list arrived and loads as an inventory.

The checker imports this package to recognise list replies and never pulls: what only a pull
needs (urllib, shutil, tempfile) is imported where it is used.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from personalint.inventory.lists import (
    PAGE_SIZE,
    VENDOR,
    VENDORS,
    InventoryError,
    ListSpec,
    Vendor,
    of_vendor,
    reply_vendor,
)
from personalint.inventory.load import load
from personalint.messages import article, is_secret_name
from personalint.version import __version__

Fetch = Callable[[str, dict], tuple[int, bytes]]
_REDACTED = "<redacted>"


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


def _headers(row: Vendor, key: str) -> dict:
    name, value = row.auth_header
    return {"Accept": "application/json", "User-Agent": f"personalint/{__version__}", name: value.format(key=key)}


def _get_json(url: str, headers: dict, spec: ListSpec, fetch: Fetch) -> Any:
    """The JSON a GET answers; None for a 404 its vendor documents as an empty list."""
    row = VENDOR[spec.vendor]
    status, body = fetch(url, headers)
    shown = url.split("?")[0]
    if status == 401:
        raise InventoryError(f"the API key was refused (401) by GET {shown}: check {row.key_variable}")
    if status == 403:
        raise InventoryError(f"the API key may not list {spec.name} (403) at GET {shown}")
    if status == 404 and row.not_found is not None:
        return None
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


@dataclass
class _Paging:
    """Where a walk through one list's pages is: the page to ask for, the items seen, the total announced."""

    page: int
    expected: int | None = None
    seen: set[str] = field(default_factory=set)


def _follow_meta(paging: _Paging, reply: Any, items: list, new: set[str]) -> bool:
    """Anam: the reply's meta says the next page (or the last one); True when there is one to ask for."""
    meta = reply["meta"]
    paging.expected = meta["total"] if isinstance(meta.get("total"), int) else paging.expected
    if "next" in meta:  # the documented way: the next page's number, or null on the last
        following = meta["next"]
        if isinstance(following, int) and following > paging.page and items:
            paging.page = following
            return True
        return False
    last = meta.get("lastPage")
    if isinstance(last, int) and paging.page < last and items:
        paging.page += 1
        return True
    return False


def _follow_count(paging: _Paging, reply: Any, items: list, new: set[str]) -> bool:
    """Tavus: pages follow one another until total_count items arrived (or a page adds none)."""
    paging.expected = reply["total_count"] if isinstance(reply.get("total_count"), int) else paging.expected
    if not items or not new or (paging.expected is not None and len(paging.seen) >= paging.expected):
        return False
    if paging.expected is None and len(items) < PAGE_SIZE:
        return False
    paging.page += 1
    return True


_FOLLOW = {"meta": _follow_meta, "count": _follow_count}  # by Vendor.paging


def _pages(spec: ListSpec, base_url: str, headers: dict, fetch: Fetch) -> list[Any]:
    """Every page of one list, as it came; checked for completeness against the reply's total."""
    from urllib.parse import urlencode

    row = VENDOR[spec.vendor]
    follow = _FOLLOW[row.paging]
    replies: list[Any] = []
    paging = _Paging(spec.first_page)
    for _ in range(10_000):  # a loop guard far above any real account
        query = urlencode([*spec.params, ("page", paging.page), (row.page_size_parameter, PAGE_SIZE)])
        reply = _get_json(f"{base_url.rstrip('/')}{spec.endpoint}?{query}", headers, spec, fetch)
        if reply is None:  # a 404 that means no items
            if not replies:
                replies.append(copy.deepcopy(row.not_found))
            break
        if reply_vendor(reply) != spec.vendor:
            raise InventoryError(
                f"GET {spec.endpoint} did not answer {article(row.title)} {row.title} list reply (expected {row.short_shape})"
            )
        replies.append(reply)
        items = reply["data"]
        new = {str(i.get(spec.id_field)) for i in items if isinstance(i, dict)} - paging.seen
        paging.seen |= new
        if not follow(paging, reply, items, new):
            break
    if paging.expected is not None and len(paging.seen) < paging.expected:
        raise InventoryError(
            f"GET {spec.endpoint}: the pages held {spec.count(len(paging.seen))} but the reply counts "
            f"{paging.expected}; nothing was written"
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
        raise InventoryError(f"unknown vendor {vendor!r}: expected {' or '.join(VENDORS)}")
    row = VENDOR[vendor]
    key = key if key is not None else os.environ.get(row.key_variable, "")
    if not key.strip():
        raise InventoryError(f"set {row.key_variable} to your {row.title} API key")
    base_url = base_url or os.environ.get(row.base_url_variable) or row.base_url
    if not re.match(r"^https?://", base_url):
        raise InventoryError(f"--base-url must be an http(s) URL; got {base_url!r}")
    key = key.strip()
    fetched = _fetch_lists(row, base_url, key, fetch or _fetch, echo)
    target = os.path.join(out, vendor)
    _write(out, target, fetched, key)
    return [os.path.join(target, name) for name, _ in fetched]


def _fetch_lists(
    row: Vendor, base_url: str, key: str, fetch: Fetch, echo: Callable[[str], None]
) -> list[tuple[str, Any]]:
    """Every page of every list of the vendor, redacted, as (file name, page)."""
    headers = _headers(row, key)
    fetched: list[tuple[str, Any]] = []
    for spec in of_vendor(row.name):
        try:
            pages = _pages(spec, base_url, headers, fetch)
        except InventoryError as exc:  # a server that echoes the key must not make us print it
            raise InventoryError(str(exc).replace(key, _REDACTED)) from None
        redacted = sum(_redact(page) for page in pages)
        echo(
            f"{spec.key}: {spec.count(sum(len(p['data']) for p in pages))} in {len(pages)} "
            f"page{'s' if len(pages) != 1 else ''}"
            + (
                f" ({redacted} secret-looking value{'s' if redacted != 1 else ''} replaced by {_REDACTED})"
                if redacted
                else ""
            )
        )
        fetched += [(f"{spec.name}-{n}.json", page) for n, page in enumerate(pages, 1)]
    return fetched


def _write(out: str, target: str, fetched: list[tuple[str, Any]], key: str) -> None:
    """Write the pages to a staging folder in `out`, check it loads, and move it to `target`."""
    import shutil
    import tempfile

    os.makedirs(out, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{os.path.basename(target)}-", dir=out)
    try:
        for name, page in fetched:
            text = json.dumps(page, indent=2, ensure_ascii=False).replace(key, _REDACTED)
            with open(os.path.join(staging, name), "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        load(staging)  # what was written loads as an inventory, or nothing moves
        _replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _redact(value: Any) -> int:
    """Replace, in place, string values under secret-looking keys (a webhook tool's auth header in
    its config, say): an inventory is committed, and no rule reads them. The number replaced."""
    count = 0
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and item and item != _REDACTED and is_secret_name(str(key)):
                value[key] = _REDACTED
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
