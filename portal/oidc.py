"""Professionals' sign-in with OpenID Connect: the sign-in page, the start and the callback.

Thin over careplan.identity.service.oidc: the page lists one button per configured provider; the
button starts the authorization code flow (a POST with CSRF, answered with a redirect to the
provider and the encrypted pending-sign-in cookie); the provider sends the browser back to the
callback, which checks state, exchanges the code, checks the ID token and starts a session.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from careplan.identity.service import oidc
from careplan.web.rate_limits import SIGN_IN
from portal.auth import landing_page, session_cookie

NO_STORE = {"Cache-Control": "no-store"}


def _pending_cookie(request: Request, value: str) -> Cookie:
    return Cookie(
        key=oidc.PENDING_COOKIE,
        value=value,
        httponly=True,
        secure=request.app.state.settings.is_https,
        samesite="lax",  # the provider sends the browser back with a top-level GET
        path=oidc.PENDING_PATH,
        max_age=oidc.PENDING_LIFETIME_SECONDS,
    )


def _forget_pending(response: Any) -> Any:
    response.delete_cookie(oidc.PENDING_COOKIE, path=oidc.PENDING_PATH)
    return response


def _problem(status: int, title: str, message: str, *, ask_admin: bool = False) -> Template:
    return _forget_pending(
        Template(
            "auth/refused.html",
            status_code=status,
            context={"title": title, "message": message, "ask_admin": ask_admin},
            headers=NO_STORE,
        )
    )


class OidcController(Controller):
    path = "/auth"
    include_in_schema = False

    @get("/sign-in")
    async def sign_in_page(self, request: Request) -> Template:
        settings = request.app.state.settings
        providers = [{"name": p.name, "label": p.label} for p in settings.oidc_providers]
        return Template(
            "auth/sign_in.html",
            context={"providers": providers, "demo": settings.demo and settings.is_local},
        )

    @post("/oidc/{provider:str}/start", status_code=303, middleware=[SIGN_IN])
    async def start(self, request: Request, provider: FromPath[str]) -> Redirect | Template:
        found = oidc.registry(request.app).get(provider)
        if found is None:
            raise NotFoundException()
        settings = request.app.state.settings
        try:
            url, pending = await found.begin(oidc.redirect_uri(settings, provider))
        except oidc.ProviderUnavailable as error:
            await oidc.record_failure(found, provider, error)
            return _unavailable(found.config.label)
        sealed = oidc.seal_pending(settings.secret_key, pending)
        return Redirect(
            url, status_code=303, cookies=[_pending_cookie(request, sealed)], headers=NO_STORE
        )

    @get("/oidc/{provider:str}/callback")
    async def callback(
        self,
        request: Request,
        provider: FromPath[str],
    ) -> Redirect | Template:
        # Read by hand: "state" is a name Litestar keeps for the app's state.
        code = request.query_params.get("code")
        state = request.query_params.get("state")
        error = request.query_params.get("error")
        found = oidc.registry(request.app).get(provider)
        if found is None:
            raise NotFoundException()
        settings = request.app.state.settings
        label = found.config.label
        try:
            pending = oidc.open_pending(
                settings.secret_key, request.cookies.get(oidc.PENDING_COOKIE)
            )
            oidc.check_state(pending, provider, state)
            if error is not None:
                raise oidc.OidcError("provider_error", f"{label} answered: {error[:60]}")
            if not code:
                raise oidc.OidcError("no_code", f"{label} sent no authorization code")
            claims = await found.finish(
                code=code, redirect_uri=oidc.redirect_uri(settings, provider), pending=pending
            )
            signed_in = await oidc.sign_in(found, claims, request.headers.get("user-agent", ""))
        except oidc.Refused:  # its audit event is written with the claims
            return _problem(
                403,
                "You cannot sign in to Careplan yet",
                f"{label} knows who you are, but Careplan does not have an account for you "
                "that it may link to it.",
                ask_admin=True,
            )
        except oidc.ProviderUnavailable as failure:
            await oidc.record_failure(found, provider, failure)
            return _unavailable(label)
        except oidc.OidcError as failure:
            await oidc.record_failure(found, provider, failure)
            if failure.reason in {"bad_state", "no_code"}:
                return _problem(
                    400,
                    "Sign-in did not finish",
                    "The sign-in expired or was started in another browser. Start again.",
                )
            if failure.reason == "provider_error":
                return _problem(
                    403, "Sign-in was cancelled", f"{label} did not sign you in. Start again."
                )
            return _problem(
                403,
                "Sign-in was refused",
                f"Careplan could not confirm who you are with {label}. Start again.",
            )
        response = Redirect(
            landing_page(signed_in.principal.kind),
            status_code=303,
            cookies=[session_cookie(request, signed_in.token)],
            headers=NO_STORE,
        )
        return _forget_pending(response)


def _unavailable(label: str) -> Template:
    return _problem(
        502,
        "Sign-in is not working right now",
        f"{label} is not answering. Try again in a few minutes.",
    )
