"""The start page at `/`: what the service is and where each kind of user goes."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from portal.auth import _demo_allowed, signed_in_as


@get("/", include_in_schema=False)
async def start_page(request: Request) -> Template:
    return Template(
        template_name="start.html",
        context={"signed_in": await signed_in_as(request), "demo": _demo_allowed(request)},
    )
