"""What every page of both front ends shares: who is signed in, and one template, two responses.

- `provide_professional` / `provide_member`: the page's principal from the session cookie.
  Signed out: 401, which the page error handler turns into a redirect to the right sign-in.
  The wrong kind of person (a parent on /workspace, a professional on /family): 404, as for
  anything that is not theirs. What a principal may see of a family is decided in
  `careplan.access.permissions`, by the services the pages call.
- `page()`: the whole page for a normal request, one named block of the same template for an
  HTMX request (jinja2-fragments), so a fragment can never drift from its page.
- `kept()`: a professional's page (or block) from the worker's page cache
  (careplan.web.page_cache), or built, kept and served; see its docstring for the key.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import Request, Response
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.response import Template

from careplan.access.principal import Principal
from careplan.families.queries import portal as family_reads
from careplan.identity.service.sessions import ActiveSession
from careplan.lib import replica
from careplan.web import page_cache
from careplan.web.auth import session_of


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def page(
    request: Request,
    template_name: str,
    context: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Template:
    """The full page, or only `block` of it when HTMX asked (the same template either way)."""
    headers = {"Vary": "HX-Request, Cookie", **(headers or {})}
    if block is not None and is_htmx(request):
        return HTMXBlockTemplate(
            template_name=template_name,
            block_name=block,
            context=context,
            status_code=status_code,
            headers=headers,
        )
    return Template(
        template_name=template_name, context=context, status_code=status_code, headers=headers
    )


async def _session(request: Request, kind: str) -> ActiveSession:
    session = await session_of(request)
    if session is None:
        raise NotAuthorizedException("Sign in first")
    if session.principal.kind != kind:
        raise NotFoundException()
    return session


async def provide_professional(request: Request) -> Principal:
    """For /workspace pages: a professional signed in with a session."""
    return (await _session(request, "professional")).principal


async def provide_member(request: Request) -> Principal:
    """For /family pages: a family member signed in with a session."""
    return (await _session(request, "family")).principal


async def provide_member_session(request: Request) -> ActiveSession:
    """For /family pages that depend on the session itself (a shared phone keeps nothing)."""
    return await _session(request, "family")


# What a kept page builds on a miss: its template, its context, and when it stops being true
# whatever the records' revisions (None: only by them and the cache's own time limit).
Built = tuple[str, dict[str, Any], float | None]
NOT_KEPT = 0.0  # an `expires_at` already past: the page is served once and not kept


async def kept(
    request: Request,
    me: Principal,
    shown: Hashable,
    build: Callable[[], Awaitable[Built]],
    *,
    block: str | None = None,
    family: tuple[uuid.UUID, int] | None = None,
) -> Response:
    """A professional's page from the worker's page cache, or built, kept and served.

    The key holds everything the bytes depend on. From the request: its path (the page and
    the ids it names), its query, whether HTMX asked for `block`, and today's date (pages
    count days). From the caller, `shown`: the records the page shows at their revisions and
    the viewer's audience as `careplan.access.permissions` decided it on THIS request (for a
    family's page `(family, revision, audience_of_viewer(access))`), read by the caller
    before it calls this, after the session was read: nothing of them is remembered between
    requests, so a sign-out, a professional leaving the team or a change elsewhere takes
    effect at once. A request with no access never gets here (its read raised 404). The
    viewer's name, the CSRF token and the CSP nonce are slots, filled per request; a fresh
    client uuid (a check-in form's) too. What the browser may keep is unchanged: a
    professional's page is `no-store` (careplan.web.cache_control). A page of one `family`
    (its id, and the revision in `shown`) is built on a streaming replica when there is one
    and it has caught up to that revision (careplan.lib.replica), else on the primary."""
    htmx = is_htmx(request)
    key = ("workspace", request.url.path, request.url.query, htmx, dt.date.today(), shown)
    cache = page_cache.of(request)
    found = cache.get(key)
    if found is None:
        if family is None:
            template, context, expires_at = await build()
        else:
            family_id, revision = family
            template, context, expires_at = await replica.read_at_least(
                revision, lambda: family_reads.family_revision(family_id), build
            )
        context.update(page_cache.slot_context(body_attributes=False))
        context["new_uuid"] = lambda: page_cache.UUID
        text = page_cache.render(request, template, context, block if htmx else None)
        found = cache.put(key, text, expires_at)
    return page_cache.response(request, found, {"Vary": "HX-Request, Cookie"}, viewer_name=me.name)
