"""Per-user ETags for the family portal: an unchanged page answers 304 before it is rendered.

A page's ETag is a hash of who is looking (their person id), the family's `revision` (bumped
in the same transaction as every change to the family's records) and the page's own inputs
(the view shared, today's date where the page counts days, the CSRF token its forms carry,
whether HTMX asked for a fragment). It is never shared between people: `Cache-Control:
private, no-cache` keeps it out of shared caches and makes the phone ask again each time,
cheaply; on a shared phone careplan.web.cache_control makes it `no-store` instead.
Litestar has no built-in If-None-Match handling, so pages call `not_modified` before doing
any work.

    tag = etag.of(principal.person_id, family_revision, view_sha256, etag.csrf(request))
    if etag.matches(request, tag):
        return etag.not_modified(tag)
    return page(..., headers=etag.headers(tag))
"""

from __future__ import annotations

import hashlib
from typing import Any

from litestar import Request, Response

from careplan import __version__
from careplan.web.cache_control import REVALIDATE

# Bump when templates change in a way the inputs do not show (a deploy changes the version).
SALT = f"careplan-family-{__version__}-1"
# The one value careplan.web.cache_control lets through, and only on a phone that is the
# parent's alone: anywhere else the page is `no-store` whatever it asks for here.
CACHE_CONTROL = REVALIDATE
CSRF_COOKIE = "careplan_csrf"


def of(person_id: Any, family_revision: int | None, *inputs: Any) -> str:
    """A strong ETag (quoted) for one person's page at one family revision with these inputs."""
    parts = [
        SALT,
        str(person_id),
        str(family_revision),
        *("" if i is None else str(i) for i in inputs),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f'"{digest}"'


def csrf(request: Request) -> str:
    """The page's forms carry the CSRF token: a new token must make a new page."""
    return hashlib.sha256(request.cookies.get(CSRF_COOKIE, "").encode("utf-8")).hexdigest()[:16]


def _tags(header: str) -> set[str]:
    tags = set()
    for raw in header.split(","):
        tag = raw.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag:
            tags.add(tag)
    return tags


def matches(request: Request, tag: str) -> bool:
    """Whether the request's If-None-Match names this ETag (or `*`): answer 304."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = _tags(header)
    return "*" in tags or tag in tags


def headers(tag: str) -> dict[str, str]:
    """The caching headers of a page answered in full."""
    return {"ETag": tag, "Cache-Control": CACHE_CONTROL}


def not_modified(tag: str) -> Response[None]:
    """304 Not Modified: no body, the same ETag, still private."""
    return Response(
        content=None,
        status_code=304,
        headers={**headers(tag), "Vary": "HX-Request, Cookie"},
    )
