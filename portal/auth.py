"""Sign-in and sign-out pages at /auth: thin controllers over careplan.identity's services."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body
from litestar.response import Redirect, Template

from careplan.identity import service, sessions
from careplan.identity.auth import session_of
from careplan.web.rate_limits import SIGN_IN


class DemoSignIn(msgspec.Struct):
    person: str


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
        and service.is_loopback(request.client.host if request.client else None)
    )


class AuthController(Controller):
    path = "/auth"
    include_in_schema = False

    @get("/demo")
    async def demo_page(self, request: Request) -> Template:
        if not _demo_allowed(request):
            raise NotFoundException()
        return Template("auth/demo.html", context={"people": await service.demo_choices()})

    @post("/demo", status_code=303, middleware=[SIGN_IN])
    async def demo_sign_in(
        self,
        request: Request,
        data: Annotated[DemoSignIn, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Redirect:
        if not _demo_allowed(request):
            raise NotFoundException()
        token, next_page = await service.demo_sign_in(
            data.person, request.headers.get("user-agent", "")
        )
        return Redirect(next_page, status_code=303, cookies=[session_cookie(request, token)])

    @post("/sign-out", status_code=303)
    async def sign_out(self, request: Request) -> Redirect:
        await service.sign_out(await session_of(request))
        response = Redirect("/", status_code=303)
        response.delete_cookie(sessions.COOKIE, path="/")
        # Clear the phone's cached pages and offline copy too: a shared phone keeps nothing.
        response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response


async def signed_in_as(request: Request) -> dict[str, Any] | None:
    session = await session_of(request)
    if session is None:
        return None
    return {"name": session.principal.name, "kind": session.principal.kind}
