"""Rate limits on the routes where someone could guess or make secrets, and nowhere else.

A limit is named on the route it guards (`middleware=[SIGN_IN]` on the handler), so it runs
only there: no other request pays for it, and a route that must always work (sign-out,
"clear this phone", ending a session) can never be refused by a bucket it shares with
someone else's guesses.

- `SIGN_IN`: where a link's token, a code or a passkey is tried: invitation links and codes,
  one-time codes, passkey sign-in and registration, the demo and OpenID sign-in starts.
- `MAKING_CODES`: where invitations and one-time codes are made, in the API and the
  workspace pages alike.

Per client address and per named bucket, per process (Litestar's memory store): enough to
stop a script guessing a 6-digit code, not a DDoS shield, which belongs in front of the
service. The bucket of a name is shared by every route that names it (a guesser cannot
spread guesses over routes), and counting is serialised per app and bucket.
"""

from __future__ import annotations

from typing import Any

import anyio
from litestar import Request
from litestar.middleware import DefineMiddleware
from litestar.middleware.rate_limit import (
    RateLimitConfig,
    RateLimitMiddleware,
    get_remote_address,
)
from litestar.types import ASGIApp, Receive, Scope, Send

ATTEMPTS_PER_MINUTE = 20
LOCKS = "rate_limit_locks"  # in the app's state: {name: lock}


class NamedRateLimitMiddleware(RateLimitMiddleware):
    """Litestar's rate limit with a bucket per name and client address, and one lock per
    app and name (Litestar's own lock is per route: two routes of a bucket would race)."""

    def __init__(self, app: ASGIApp, config: RateLimitConfig, name: str) -> None:
        super().__init__(app, config)
        self.name = name

    def cache_key_from_request(self, request: Request[Any, Any, Any]) -> str:
        return f"limit::{self.name}::{get_remote_address(request)}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = scope["litestar_app"].state
        locks = state.get(LOCKS)
        if locks is None:
            locks = state[LOCKS] = {}
        if self.name not in locks:
            locks[self.name] = anyio.Lock()
        self._lock = locks[self.name]
        await super().__call__(scope, receive, send)


def _limit(name: str) -> DefineMiddleware:
    config = RateLimitConfig(
        rate_limit=("minute", ATTEMPTS_PER_MINUTE),
        middleware_class=NamedRateLimitMiddleware,
        set_rate_limit_headers=False,
    )
    return DefineMiddleware(NamedRateLimitMiddleware, config=config, name=name)


SIGN_IN = _limit("sign_in")
MAKING_CODES = _limit("making_codes")
