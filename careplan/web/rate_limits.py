"""Rate limits on the routes where someone could guess: sign-in, invitation links and codes,
passkeys, and the making of invitations and one-time codes. Per client address, per process
(Litestar's memory store): enough to stop a script guessing a 6-digit code, not a DDoS shield,
which belongs in front of the service."""

from __future__ import annotations

import re

from litestar import Request
from litestar.middleware.rate_limit import RateLimitConfig

GUESSABLE_API = re.compile(r"^/api/v1/families/[^/]+/(invitations|one-time-codes)$")
ATTEMPTS_PER_MINUTE = 20


def is_guessable(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/auth/invite/"):
        return True  # a link's token, tried by GET
    if request.method != "POST":
        return False
    return path.startswith("/auth/") or GUESSABLE_API.match(path) is not None


def rate_limit_config() -> RateLimitConfig:
    return RateLimitConfig(
        rate_limit=("minute", ATTEMPTS_PER_MINUTE),
        check_throttle_handler=is_guessable,
        set_rate_limit_headers=False,
    )
