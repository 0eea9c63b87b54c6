"""Litestar's gzip compression, made only for a response worth compressing.

Litestar's middleware makes its gzip compressor (a GzipFile over a buffer) for every request
that accepts gzip, before it knows the response's size, and throws it away unused when the
body is under `minimum_size` (a redirect, a 304, a small fragment, a health check), or when
the response is one it passes as it is (a kept page already gzipped: careplan.web.page_cache
marks it as Litestar marks its own cached responses). This one looks at the first body
message first: a whole body under the minimum, or a response so marked, is sent as it is (as
Litestar would send it); anything else goes through Litestar's own compression unchanged.
"""

from __future__ import annotations

from typing import Literal

from litestar.enums import CompressionEncoding
from litestar.middleware.compression import CompressionMiddleware
from litestar.types import Message, Scope, Send
from litestar.utils.empty import value_or_default
from litestar.utils.scope.state import ScopeState


class LazyCompressionMiddleware(CompressionMiddleware):
    def create_compression_send_wrapper(
        self,
        send: Send,
        compression_encoding: Literal[CompressionEncoding.BROTLI, CompressionEncoding.GZIP] | str,
        scope: Scope,
    ) -> Send:
        make = super().create_compression_send_wrapper
        minimum = self.config.minimum_size
        start: Message | None = None
        compressing: Send | None = None
        small = False

        async def send_wrapper(message: Message) -> None:
            nonlocal start, compressing, small
            if compressing is not None:
                await compressing(message)
            elif small:
                await send(message)
            elif message["type"] == "http.response.start" and start is None:
                start = message
            elif (
                start is not None
                and message["type"] == "http.response.body"
                and not message.get("more_body", False)
                and (
                    len(message.get("body", b"")) < minimum
                    or value_or_default(ScopeState.from_scope(scope).is_cached, False)
                )
            ):
                small = True
                await send(start)
                await send(message)
            else:
                compressing = make(send, compression_encoding, scope)
                if start is not None:
                    await compressing(start)
                await compressing(message)

        return send_wrapper
