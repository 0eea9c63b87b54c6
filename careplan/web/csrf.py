"""Litestar's CSRF protection, for requests that a browser's cookies could authenticate.

An API request without a session cookie cannot ride on a browser's sign-in: it carries a
bearer token (a browser never adds an Authorization header on its own) or nothing, and is
then refused as signed out. It needs no CSRF token. Every other state-changing request does,
pages and API alike, and every page form (sign-in included) whatever its cookies.
"""

from __future__ import annotations

from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import Receive, Scope, Send


class BearerAwareCSRFMiddleware(CSRFMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _api_without_session(scope):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


SESSION_COOKIE = b"careplan_session="


def _api_without_session(scope: Scope) -> bool:
    if not scope["path"].startswith("/api/"):
        return False
    headers = dict(scope.get("headers", ()))
    return SESSION_COOKIE not in headers.get(b"cookie", b"")
