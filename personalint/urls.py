"""URLs in persona configs: which hosts are local, and URLs as messages show them (no secrets)."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult


def is_local_host(host: str) -> bool:
    """localhost, *.localhost/*.local/*.internal, or a loopback, private, link-local or unspecified
    address: a host a vendor's cloud cannot reach."""
    host = host.strip("[]").lower()
    if host in ("localhost", "0.0.0.0") or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_unspecified


def port(parts: SplitResult) -> int | None:
    """The URL's port, or None when it has none or it is not a number."""
    try:
        return parts.port
    except ValueError:
        return None


def shown(parts: SplitResult) -> str:
    """Scheme, host, port and path only: user info and query may carry secrets."""
    host = parts.hostname or ""
    number = port(parts)
    return f"{parts.scheme}://{host}{f':{number}' if number else ''}{parts.path}"


def without_credentials(text: str) -> str:
    """A URL-ish string for a message: user info and query (which may carry secrets) cut out."""
    text = re.sub(r"(//)[^/@\s]*@", r"\1…@", text)
    return text.split("?", 1)[0] + ("?…" if "?" in text else "")
