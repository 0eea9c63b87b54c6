"""Litestar's CSRF protection, for requests that a browser's cookies could authenticate.

An API request without a session cookie cannot ride on a browser's sign-in: it carries a
bearer token (a browser never adds an Authorization header on its own) or nothing, and is
then refused as signed out. It needs no CSRF token. Every other state-changing request does,
pages and API alike, and every page form (sign-in included) whatever its cookies.

A route that only reads and is no page (the liveness check, static files) says
`exclude_from_csrf=True` in its opt (`NO_CSRF`): it gets no CSRF cookie (a static file's
public cache must never hold one) and costs no CSRF work. Only a route of safe methods may
(tests/web/test_csrf.py checks every route): one that changes anything must be protected.
"""

from __future__ import annotations

from typing import Any

from litestar.config.csrf import CSRFConfig
from litestar.datastructures.cookie import Cookie
from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import ASGIApp, HTTPSendMessage, Receive, Scope, Send

EXCLUDE_KEY = CSRFConfig.exclude_from_csrf_key  # "exclude_from_csrf"
NO_CSRF: dict[str, Any] = {EXCLUDE_KEY: True}


class BearerAwareCSRFMiddleware(CSRFMiddleware):
    def __init__(self, app: ASGIApp, config: CSRFConfig) -> None:
        super().__init__(app, config)
        # The cookie's attributes never change: its header is made once, with a placeholder
        # for the token (hex digits, which a cookie holds unquoted).
        placeholder = "0" * 8
        header = Cookie(
            key=config.cookie_name,
            value=placeholder,
            path=config.cookie_path,
            secure=config.cookie_secure,
            httponly=config.cookie_httponly,
            samesite=config.cookie_samesite,
            domain=config.cookie_domain,
        ).to_header(header="")
        prefix = f"{config.cookie_name}={placeholder}"
        assert header.startswith(prefix), header
        self._cookie_start = f"{config.cookie_name}=".encode("latin-1")
        self._cookie_end = header.removeprefix(prefix).encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _api_without_session(scope):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    def _set_cookie_if_needed(self, message: HTTPSendMessage, token: str) -> None:
        """As Litestar's, without building the same cookie header anew for each response."""
        headers = message.setdefault("headers", [])
        if not isinstance(headers, list):
            headers = message["headers"] = list(headers)
        headers.append((b"set-cookie", self._cookie_start + token.encode() + self._cookie_end))


SESSION_COOKIE = b"careplan_session="


def _api_without_session(scope: Scope) -> bool:
    if not scope["path"].startswith("/api/"):
        return False
    headers = dict(scope.get("headers", ()))
    return SESSION_COOKIE not in headers.get(b"cookie", b"")
