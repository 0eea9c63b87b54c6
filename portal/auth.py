"""Sign-in and sign-out pages at /auth: thin controllers over careplan.identity's services
(and the demo's one-click sign-in, over careplan.demo.service)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body
from litestar.response import Redirect, Template

from careplan.access.principal import load_principal
from careplan.demo import service as demo
from careplan.identity.service import sessions
from careplan.settings import is_loopback
from careplan.web.auth import session_of
from careplan.web.rate_limits import SIGN_IN
from portal.family import device


class DemoSignIn(msgspec.Struct):
    person: str


def landing_page(kind: str) -> str:
    """Where a person goes once signed in: a professional to their caseload, a family member
    to their family's plan."""
    return "/workspace" if kind == "professional" else "/family"


def session_cookie(request: Request, token: str) -> Cookie:
    settings = request.app.state.settings
    return Cookie(
        key=sessions.COOKIE,
        value=token,
        httponly=True,
        secure=settings.is_https,
        samesite="lax",
        path="/",
    )


def _demo_allowed(request: Request) -> bool:
    settings = request.app.state.settings
    return (
        settings.demo
        and settings.is_local
        and is_loopback(request.client.host if request.client else None)
    )


class AuthController(Controller):
    path = "/auth"
    include_in_schema = False

    @get("/demo")
    async def demo_page(self, request: Request) -> Template:
        if not _demo_allowed(request):
            raise NotFoundException()
        return Template("auth/demo.html", context={"people": await demo.choices()})

    @post("/demo", status_code=303, middleware=[SIGN_IN])
    async def demo_sign_in(
        self,
        request: Request,
        data: Annotated[DemoSignIn, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Redirect:
        if not _demo_allowed(request):
            raise NotFoundException()
        came = await _family_arrival(request, data.person)
        token, principal = await demo.sign_in(
            data.person,
            request.headers.get("user-agent", ""),
            shared_device=came.shared_device if came else False,
        )
        response = Redirect(
            landing_page(principal.kind),
            status_code=303,
            cookies=[session_cookie(request, token)],
        )
        return device.arrived(request, response, came) if came else response

    @post("/sign-out", status_code=303)
    async def sign_out(self, request: Request) -> Redirect:
        await sessions.sign_out(await session_of(request))
        response = Redirect("/", status_code=303)
        response.delete_cookie(sessions.COOKIE, path="/")
        # Clear the phone's cached pages and offline copy too: a shared phone keeps nothing.
        # Its other cookies stay: the phone's holder cookie must outlive a sign-out (the next
        # person to sign in is a second person on this phone: portal/family/device.py).
        response.headers["Clear-Site-Data"] = device.WIPE_OFFLINE_COPY
        return response


async def _family_arrival(request: Request, person: str) -> device.Arrival | None:
    """A demo family member signing in on this browser (see device.arrival); None for a
    professional, or someone the demo does not know (the sign-in refuses them)."""
    try:
        principal = await load_principal(uuid.UUID(person))
    except ValueError:
        return None
    if principal is None or principal.kind != "family":
        return None
    return device.arrival(request, principal.person_id, said_shared=False)


async def signed_in_as(request: Request) -> dict[str, Any] | None:
    session = await session_of(request)
    if session is None:
        return None
    return {"name": session.principal.name, "kind": session.principal.kind}
