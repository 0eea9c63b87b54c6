"""The family portal's way in: invitation links and codes, passkeys, one-time codes (/auth).

Thin controllers over careplan.identity.service (invitations, codes, passkeys, sessions).
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.enums import MediaType, RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from careplan.access.principal import load_principal
from careplan.identity.service import codes, invitations, passkeys, sessions
from careplan.identity.service.invitations import PENDING_COOKIE
from careplan.identity.service.passkeys import PasskeyRefused
from careplan.identity.service.sessions import start
from careplan.web.rate_limits import SIGN_IN
from portal.auth import landing_page, session_cookie
from portal.family import device

GONE = "auth/invite_gone.html"


class CodeForm(msgspec.Struct):
    code: str = ""


class PasskeyResult(msgspec.Struct):
    credential: dict[str, Any]
    shared_device: bool = False


CodeBody = Annotated[CodeForm, Body(media_type=RequestEncodingType.URL_ENCODED)]
ResultBody = Annotated[PasskeyResult, Body(media_type=RequestEncodingType.JSON)]


def _settings(request: Request) -> Any:
    return request.app.state.settings


def _pending_cookie(request: Request, value: str) -> Cookie:
    return Cookie(
        key=PENDING_COOKIE,
        value=value,
        httponly=True,
        secure=_settings(request).is_https,
        samesite="lax",
        path="/auth",
        max_age=int(invitations.PENDING_LIFETIME.total_seconds()),
    )


def _gone() -> Template:
    return Template(GONE, status_code=410)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


async def _pending(request: Request) -> invitations.Pending | None:
    return await invitations.pending_session(request.cookies.get(PENDING_COOKIE))


def _user_agent(request: Request) -> str:
    return request.headers.get("user-agent", "")


def _refusal(detail: str, status: int = 400) -> Response:
    return Response({"status_code": status, "detail": detail}, status_code=status)


class InviteController(Controller):
    """/auth/invite and /auth/code: a parent's first way in, and the one without a passkey."""

    path = "/auth"
    include_in_schema = False

    @get("/invite/{token:str}", middleware=[SIGN_IN])
    async def open_link(self, request: Request, token: FromPath[str]) -> Response:
        pending = await invitations.open_invitation(token[:200], _user_agent(request))
        if pending is None:
            return _no_store(_gone())
        return _no_store(
            Redirect("/auth/invite", status_code=303, cookies=[_pending_cookie(request, pending)])
        )

    @get("/invite")
    async def code_page(self, request: Request) -> Response:
        pending = await _pending(request)
        if pending is None:
            return _no_store(_gone())
        if pending.stage == "register":
            return Redirect("/auth/passkey/register", status_code=303)
        return _no_store(Template("auth/invite_code.html", context={"error": None}))

    @post("/invite", status_code=303, middleware=[SIGN_IN])
    async def check_code(self, request: Request, data: CodeBody) -> Response:
        pending = await _pending(request)
        if pending is None or pending.stage != "code":
            return _no_store(_gone())
        result = await invitations.check_invitation_code(pending, data.code[:40])
        if result.ok:
            return Redirect("/auth/passkey/register", status_code=303)
        if result.ended:
            response = _gone()
            response.delete_cookie(PENDING_COOKIE, path="/auth")
            return _no_store(response)
        left = result.attempts_left
        error = (
            "That code is not right. Check it and try again "
            f"({left} {'try' if left == 1 else 'tries'} left)"
        )
        return _no_store(
            Template("auth/invite_code.html", context={"error": error}, status_code=422)
        )

    @get("/code")
    async def one_time_code_page(self) -> Template:
        return Template("auth/one_time_code.html", context={"error": None})

    @post("/code", status_code=303, middleware=[SIGN_IN])
    async def use_one_time_code(self, request: Request, data: CodeBody) -> Response:
        token = await codes.use_one_time_code(data.code[:40], _user_agent(request))
        if token is None:
            error = "That code is not right, has been used or has run out. Ask your key worker"
            return Template("auth/one_time_code.html", context={"error": error}, status_code=422)
        response = Redirect(
            landing_page("family"), status_code=303, cookies=[session_cookie(request, token)]
        )
        # A one-time code's session is always a shared phone's; whose it is still matters to
        # the phone: someone else's copy on it goes now.
        session = await sessions.resolve(token)
        if session is None:
            return response
        came = device.arrival(request, session.principal.person_id, said_shared=True)
        return device.arrived(request, response, came)


class PasskeyController(Controller):
    """/auth/passkey: register a passkey after an invitation, and sign in with one."""

    path = "/auth/passkey"
    include_in_schema = False

    @get("/register")
    async def register_page(self, request: Request) -> Response:
        pending = await _pending(request)
        if pending is None or pending.stage != "register":
            return _no_store(_gone())
        return _no_store(Template("auth/passkey_register.html"))

    @post("/register/options", status_code=200, middleware=[SIGN_IN])
    async def register_options(self, request: Request) -> Response:
        pending = await _pending(request)
        if pending is None or pending.stage != "register":
            return _refusal("Open your invitation link again, or ask your key worker", 403)
        options = await passkeys.registration_options(pending, _settings(request).base_url)
        return _no_store(Response(options, media_type=MediaType.JSON))

    @post("/register", status_code=200, middleware=[SIGN_IN])
    async def register(self, request: Request, data: ResultBody) -> Response:
        pending = await _pending(request)
        if pending is None or pending.stage != "register":
            return _refusal("Open your invitation link again, or ask your key worker", 403)
        try:
            passkey_id = await passkeys.register(
                pending, data.credential, _settings(request).base_url
            )
        except PasskeyRefused:
            return _refusal("This phone's passkey could not be set up. Please try again")
        principal = await load_principal(pending.person_id)
        if principal is None:
            return _refusal("This account is not active: ask your key worker", 403)
        came = device.arrival(request, principal.person_id, said_shared=data.shared_device)
        token = await start(
            principal,
            user_agent=_user_agent(request),
            shared_device=came.shared_device,
            how="passkey",
            passkey=passkey_id,
        )
        response = Response(
            {"redirect": landing_page("family")}, cookies=[session_cookie(request, token)]
        )
        response.delete_cookie(PENDING_COOKIE, path="/auth")
        return device.arrived(request, response, came)

    @get("/sign-in")
    async def sign_in_page(self) -> Template:
        return Template("auth/passkey_sign_in.html")

    @post("/sign-in/options", status_code=200, middleware=[SIGN_IN])
    async def sign_in_options(self, request: Request) -> Response:
        options = await passkeys.authentication_options(_settings(request).base_url)
        return _no_store(Response(options, media_type=MediaType.JSON))

    @post("/sign-in", status_code=200, middleware=[SIGN_IN])
    async def sign_in(self, request: Request, data: ResultBody) -> Response:
        try:
            principal, passkey_id = await passkeys.authenticate(
                data.credential, _settings(request).base_url
            )
        except PasskeyRefused:
            return _refusal("That did not work. Please try again")
        came = None
        if principal.kind == "family":
            came = device.arrival(request, principal.person_id, said_shared=data.shared_device)
        token = await start(
            principal,
            user_agent=_user_agent(request),
            shared_device=came.shared_device if came else data.shared_device,
            how="passkey",
            passkey=passkey_id,
        )
        next_page = landing_page(principal.kind)
        response = Response({"redirect": next_page}, cookies=[session_cookie(request, token)])
        return device.arrived(request, response, came) if came else response
