"""Who is asking: the principal of a request, from a bearer token or a session cookie.

This is only authentication (the edge's side of careplan.identity.service): what the
principal may do is decided in `permissions`.
A session-authenticated change is protected by CSRF (careplan.web.csrf); a bearer one needs
none, as no browser sends the header by itself.
"""

from __future__ import annotations

import uuid

from litestar import Request
from litestar.exceptions import NotAuthorizedException, ServiceUnavailableException

from careplan.access.principal import Principal, load_principal
from careplan.identity.service import oidc, sessions, tokens

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="careplan"'}


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


async def session_of(request: Request) -> sessions.ActiveSession | None:
    """The request's live session, looked up once per request."""
    if "session" not in request.state:
        cookie = request.cookies.get(sessions.COOKIE)
        session = await sessions.resolve(cookie) if cookie else None
        request.state["session"] = session
        # A session ended because the person's family portal closed: this response clears
        # what their browser kept (careplan.web.errors), whatever the request.
        if cookie and session is None and await sessions.portal_closed(cookie):
            request.state["portal_closed"] = True
    return request.state["session"]


async def provide_principal(request: Request) -> Principal:
    token = _bearer(request)
    if token is None:
        session = await session_of(request)
        if session is not None:
            return session.principal
        raise NotAuthorizedException("Sign in first", headers=CHALLENGE)
    settings = request.app.state.settings
    provider = oidc.registry(request.app).for_token(token)
    if provider is not None:
        person_id = await _provider_person(provider, token)
    else:
        try:
            person_id = tokens.verify(settings.secret_key, settings.base_url, token)
        except tokens.TokenError as error:
            raise NotAuthorizedException(
                "The token is not valid or has expired: get a new one", headers=CHALLENGE
            ) from error
    principal = await load_principal(person_id)
    if principal is None:
        raise NotAuthorizedException("This account is not active", headers=CHALLENGE)
    return principal


async def _provider_person(provider: oidc.Provider, token: str) -> uuid.UUID:
    """The person a configured OpenID provider's access token speaks for (see oidc)."""
    try:
        person_id = await oidc.person_for_access_token(provider, token)
    except oidc.ProviderUnavailable as error:
        raise ServiceUnavailableException(
            "The sign-in service cannot be reached to check the token: try again later"
        ) from error
    except oidc.OidcError as error:
        raise NotAuthorizedException(
            "The token is not valid or has expired: get a new one", headers=CHALLENGE
        ) from error
    if person_id is None:
        raise NotAuthorizedException(
            "This account is not known here: ask your local authority's administrator",
            headers=CHALLENGE,
        )
    return person_id
