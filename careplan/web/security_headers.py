"""Security headers on every response, with a fresh CSP nonce per response.

The nonce is made on first use (by a template asking for it, or by `before_send` when the
response starts), so a page's own `<script nonce>` tags and its header always agree. No
inline script is needed anywhere: every script is a file under /static, and the nonce lets
exactly those tags run, even if an attacker's markup slipped into a page.
"""

from __future__ import annotations

import secrets
from typing import Any

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

NONCE_KEY = "csp_nonce"
HSTS_VALUE = "max-age=63072000; includeSubDomains"


def csp_nonce(scope: Scope) -> str:
    state: dict[str, Any] = scope.setdefault("state", {})  # type: ignore[typeddict-item]
    nonce = state.get(NONCE_KEY)
    if nonce is None:
        nonce = state[NONCE_KEY] = secrets.token_urlsafe(18)
    return nonce


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


STATIC_PREFIXES = ("/static/", "/assets/")


class SecurityHeaders:
    """A `before_send` hook: adds the headers to the start of every HTTP response."""

    def __init__(self, *, hsts: bool) -> None:
        self.hsts = hsts

    async def __call__(self, message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        headers["X-Content-Type-Options"] = "nosniff"
        if scope.get("path", "").startswith(STATIC_PREFIXES):
            # Our stylesheets, scripts and images: the page's policies mean nothing to them,
            # and on a phone every header costs (DESIGN: a first visit under 60 KB). A file
            # opened on its own (an SVG, say) still may run nothing.
            headers["Content-Security-Policy"] = "default-src 'none'"
            return
        headers["Content-Security-Policy"] = content_security_policy(csp_nonce(scope))
        headers["Referrer-Policy"] = "no-referrer"
        headers["X-Frame-Options"] = "DENY"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
        if self.hsts:
            headers["Strict-Transport-Security"] = HSTS_VALUE
