"""Who is asking: the principal of a request, from a bearer token (sessions join in issue 6).

This is only authentication. What the principal may do is decided in `permissions`.
"""

from __future__ import annotations

from litestar import Request
from litestar.exceptions import NotAuthorizedException

from careplan.identity import tokens
from careplan.identity.principal import Principal, load_principal

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="careplan"'}


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


async def provide_principal(request: Request) -> Principal:
    token = _bearer(request)
    if token is None:
        raise NotAuthorizedException("Sign in first: send a bearer token", headers=CHALLENGE)
    settings = request.app.state.settings
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
