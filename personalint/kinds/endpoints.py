"""Which kind a request body is, from the request it is sent with: method and URL.

    POST  https://tavusapi.com/v2/personas              tavus-create
    POST  https://tavusapi.com/v2/pals                  tavus-create (a PAL body; TV015 says what differs)
    PATCH https://tavusapi.com/v2/personas/{id}          tavus-patch
    POST  https://api.anam.ai/v1/personas               anam-create
    PUT   https://api.anam.ai/v1/personas/{id}           anam-update
    POST  https://api.anam.ai/v1/auth/session-token     anam-session

Sources: shared/reference/vendor-openapi/tavus-openapi.yaml (paths./v2/personas, ./v2/personas/{persona_id})
and anam-openapi.json (paths./v1/personas, ./v1/personas/{id}, ./v1/auth/session-token).
A URL is matched by its path, so `${BASE}/v2/personas` and a proxy's `/api/tavus/v2/personas` count
when the host is not known; another vendor endpoint (conversations, guardrails, objectives, tools,
replicas, documents) is `NOT_PERSONA`: its body is never a persona, whatever its keys.
"""

from __future__ import annotations

import re

NOT_PERSONA = "not-a-persona"  # a vendor request whose body is something else

_ID = r"/[^/?#\s]+"
_ROUTES: tuple[tuple[str, str, str | None], ...] = (
    # (method, path pattern, kind)
    ("POST", r"/v2/personas/?", "tavus-create"),
    ("POST", r"/v2/pals/?", "tavus-create"),
    ("PATCH", r"/v2/personas" + _ID + "/?", "tavus-patch"),
    ("POST", r"/v1/personas/?", "anam-create"),
    ("PUT", r"/v1/personas" + _ID + "/?", "anam-update"),
    ("POST", r"/v1/auth/session-token/?", "anam-session"),
)
_OTHER = re.compile(
    r"/v2/(?:conversations|guardrails|objectives|replicas|documents|pronunciation-dictionaries|speech|videos|lipsync)"
    r"|/v1/(?:avatars|voices|llms|tools|knowledge|sessions)"
)
_HOSTS = ("tavusapi.com", "anam.ai")


def request_kind(url: str, method: str | None = "POST") -> str | None:
    """The kind of the body sent with `method` to `url`; NOT_PERSONA for another vendor endpoint;
    None when the URL is no vendor endpoint this module knows. The method defaults to POST (fetch's
    default is GET, but a body is only sent with another method)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    wanted = (method or "POST").upper()
    for route_method, pattern, kind in _ROUTES:
        if route_method == wanted and re.search(pattern + r"$", path):
            return kind
    if _OTHER.search(path) or any(host in url for host in _HOSTS):
        return NOT_PERSONA if _OTHER.search(path) or wanted == "GET" else None
    return None
