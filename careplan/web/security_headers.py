"""Security headers on every response, with a fresh CSP nonce per response.

The nonce is made on first use (by a template asking for it, or by `before_send` when the
response starts), so a page's own `<script nonce>` tags and its header always agree. No
inline script is needed anywhere: every script is a file under /static, and the nonce lets
exactly those tags run, even if an attacker's markup slipped into a page.
"""

from __future__ import annotations

import secrets
from typing import Any

from litestar.types import Message, Scope

NONCE_KEY = "csp_nonce"
HSTS_VALUE = "max-age=63072000; includeSubDomains"


def csp_nonce(scope: Scope) -> str:
    state: dict[str, Any] = scope.setdefault("state", {})  # type: ignore[typeddict-item]
    nonce = state.get(NONCE_KEY)
    if nonce is None:
        nonce = state[NONCE_KEY] = secrets.token_urlsafe(18)
    return nonce


# The policy, split around its nonce once at start-up: each response joins three strings.
_CSP_BEFORE, _CSP_AFTER = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'nonce-{nonce}'",
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
).split("{nonce}")


def content_security_policy(nonce: str) -> str:
    return _CSP_BEFORE + nonce + _CSP_AFTER


STATIC_PREFIXES = ("/static/", "/assets/")
CSP = b"content-security-policy"
NOSNIFF = (b"x-content-type-options", b"nosniff")
STATIC_HEADERS = (NOSNIFF, (CSP, b"default-src 'none'"))
PAGE_HEADERS = (
    NOSNIFF,
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
)
HSTS = (b"strict-transport-security", HSTS_VALUE.encode())
OURS = frozenset(name for name, _ in (*STATIC_HEADERS, *PAGE_HEADERS, HSTS))


class SecurityHeaders:
    """A `before_send` hook: adds the headers to the start of every HTTP response.

    It runs on every response, so everything but the nonce is encoded once, here, and the
    response's headers are gone through once: any copy a handler set of one of these
    headers is dropped (ours are the only ones sent), then ours are appended.
    """

    def __init__(self, *, hsts: bool) -> None:
        self.page_headers = (*PAGE_HEADERS, HSTS) if hsts else PAGE_HEADERS

    async def __call__(self, message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = [
            (name, value) for name, value in message.get("headers", ()) if name.lower() not in OURS
        ]
        if scope.get("path", "").startswith(STATIC_PREFIXES):
            # Our stylesheets, scripts and images: the page's policies mean nothing to them,
            # and on a phone every header costs (DESIGN: a first visit under 60 KB). A file
            # opened on its own (an SVG, say) still may run nothing.
            headers.extend(STATIC_HEADERS)
        else:
            headers.append((CSP, content_security_policy(csp_nonce(scope)).encode()))
            headers.extend(self.page_headers)
        message["headers"] = headers
