"""What every page of both front ends shares: who is signed in, and one template, two responses.

- `provide_professional` / `provide_member`: the page's principal from the session cookie.
  Signed out: 401, which the page error handler turns into a redirect to the right sign-in.
  The wrong kind of person (a parent on /workspace, a professional on /family): 404, as for
  anything that is not theirs. What a principal may see of a family is decided in
  `careplan.access.permissions`, by the services the pages call.
- `page()`: the whole page for a normal request, one named block of the same template for an
  HTMX request (jinja2-fragments), so a fragment can never drift from its page.
"""

from __future__ import annotations

from typing import Any

from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import Request
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.response import Template

from careplan.access.principal import Principal
from careplan.identity.service.sessions import ActiveSession
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
