"""Who may keep a response: `Cache-Control`, decided in one place for every response.

A `before_send` hook, so that every answer passes through it: pages, HTMX fragments, JSON,
redirects, error pages (a 404 of an unknown address, a 429 from a rate limit, a 500) alike.

- Static files (/static, /assets) and the two public files of the phone (the service worker
  and the manifest, which hold nothing personal) keep their own caching.
- A family page on a phone that is the parent's alone may keep what its handler asked for
  if that is `private, no-cache` (REVALIDATE): the browser keeps it for itself only and
  asks again every time, so an unchanged page is a 304 from its per-user ETag
  (portal/family/etag.py).
- Everything else is `no-store`: a shared phone's pages and fragments, every professional's
  page, every API answer, every redirect and error. Chromium restores a page kept in its
  disk cache on Back even after the session ended; `no-store` is the only thing that stops
  it. A handler cannot loosen this: whatever it set is replaced, and `no-store` is never
  dropped. A `no-store` answer carries no ETag either (there is nothing to revalidate).

Whether the phone is the parent's alone is read from the session the request's own page
already looked up (`careplan.web.auth.session_of` keeps it in the request's state):
a request that did not look it up (a redirect to sign in, an unknown address) is `no-store`.
"""

from __future__ import annotations

from typing import Any

from litestar.types import Message, Scope

NO_STORE = "no-store"
REVALIDATE = "private, no-cache"
OWN_CACHING_PREFIXES = ("/static/", "/assets/")
OWN_CACHING_FILES = frozenset({"/family/sw.js", "/family/manifest.webmanifest"})
FAMILY_PREFIX = "/family"


def keeps_its_own_caching(path: str) -> bool:
    return path.startswith(OWN_CACHING_PREFIXES) or path in OWN_CACHING_FILES


def on_own_phone(scope: Scope) -> bool:
    """A family member's live session on a phone that is theirs alone, on a family page."""
    path = scope.get("path", "")
    if path != FAMILY_PREFIX and not path.startswith(FAMILY_PREFIX + "/"):
        return False
    state: dict[str, Any] = scope.get("state") or {}  # type: ignore[assignment]
    session = state.get("session")
    return session is not None and session.principal.kind == "family" and not session.shared_device


CACHE_CONTROL = b"cache-control"
ETAG = b"etag"
NO_STORE_HEADER = (CACHE_CONTROL, NO_STORE.encode())
_REVALIDATE = REVALIDATE.encode()


async def cache_control(message: Message, scope: Scope) -> None:
    """The `before_send` hook: sets the response's Cache-Control as described above.

    One pass over the response's headers (it runs on every response)."""
    if message["type"] != "http.response.start":
        return
    path = scope.get("path", "")
    if keeps_its_own_caching(path):
        return
    kept: list[tuple[bytes, bytes]] = []
    asked: list[bytes] = []
    for name, value in message.get("headers", ()):
        lowered = name.lower()
        if lowered == CACHE_CONTROL:
            asked.append(value)
        elif lowered != ETAG:
            kept.append((name, value))
    if asked == [_REVALIDATE] and on_own_phone(scope):
        return
    # Every copy of Cache-Control, whatever it said, and any ETag, gone; then no-store.
    kept.append(NO_STORE_HEADER)
    message["headers"] = kept
