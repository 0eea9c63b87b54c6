"""One access decision per request, for the routes that ask for it (see
`careplan.access.memo`): the memo is opened when the request reaches the route and dropped
when its answer has been sent. Put it on a controller or route whose requests change no one's
access (the plan editor): `middleware = [AccessMemo]`."""

from __future__ import annotations

from litestar.types import ASGIApp, Receive, Scope, Send

from careplan.access import memo


class AccessMemo:
    """ASGI middleware: each request its own memo of access decisions."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with memo.request_scope():
            await self.app(scope, receive, send)
