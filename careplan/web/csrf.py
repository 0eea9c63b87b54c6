"""Litestar's CSRF protection, for requests that a browser's cookies could authenticate.

A request that carries a bearer token and no session cookie cannot be forged by another site
(a browser never adds an Authorization header on its own), so it needs no CSRF token; every
other state-changing request does, pages and API alike.
"""

from __future__ import annotations

from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import Receive, Scope, Send


class BearerAwareCSRFMiddleware(CSRFMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _bearer_without_cookies(scope):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


SESSION_COOKIE = b"careplan_session="


def _bearer_without_cookies(scope: Scope) -> bool:
    headers = dict(scope.get("headers", ()))
    authorization = headers.get(b"authorization", b"")
    return authorization[:7].lower() == b"bearer " and SESSION_COOKIE not in headers.get(
        b"cookie", b""
    )
