"""The channels plugin that carries live events between processes, and its bridge to
`careplan.lib.events`.

- SQLite (one process): Litestar's memory backend.
- PostgreSQL (any number of worker processes): LISTEN/NOTIFY through asyncpg, so an edit
  served by one worker reaches the event streams held open by every other.

`LiveBridge` starts the live hub (careplan.live.service.hub) with the app: every event
committed in this process reaches its family's channel, and presence its own. The hub is in
the app's state as `app.state.live` for the stream and presence routes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable

import asyncpg
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.asyncpg import AsyncPgChannelsBackend
from litestar.channels.backends.base import ChannelsBackend
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.config.app import AppConfig
from litestar.plugins import InitPlugin

from careplan.live.service.hub import Live
from careplan.settings import Settings

log = logging.getLogger(__name__)

# A subscriber that falls this far behind loses its oldest messages, not the process's memory.
MAX_BACKLOG = 500


class PostgresChannelsBackend(AsyncPgChannelsBackend):
    """Litestar's asyncpg backend, with two changes that matter for latency and uptime:

    - it publishes through one long-lived connection (the stock backend opens and closes a
      connection for every NOTIFY, some milliseconds each);
    - it reconnects its listening connection if PostgreSQL drops it, and listens again.
    """

    def __init__(self, dsn: str) -> None:
        super().__init__(dsn=dsn)
        self._publisher: asyncpg.Connection | None = None
        self._publish_lock = asyncio.Lock()
        self._closing = False
        self._reconnecting: asyncio.Task[None] | None = None

    async def on_startup(self) -> None:
        self._closing = False
        self._publish_lock = asyncio.Lock()
        await super().on_startup()
        self._listener_conn.add_termination_listener(self._lost)

    async def on_shutdown(self) -> None:
        self._closing = True
        if self._reconnecting is not None:
            self._reconnecting.cancel()
        if self._publisher is not None:
            with contextlib.suppress(Exception):
                await self._publisher.close()
            self._publisher = None
        with contextlib.suppress(Exception):
            await super().on_shutdown()

    async def publish(self, data: bytes, channels: Iterable[str]) -> None:
        text = data.decode("utf-8")
        async with self._publish_lock:
            for attempt in range(2):
                try:
                    if self._publisher is None or self._publisher.is_closed():
                        self._publisher = await self._connect()
                    for channel in channels:
                        await self._publisher.execute("SELECT pg_notify($1, $2)", channel, text)
                    return
                except (OSError, asyncpg.InterfaceError, asyncpg.PostgresConnectionError):
                    self._publisher = None
                    if attempt:
                        raise

    def _lost(self, connection: asyncpg.Connection) -> None:
        if not self._closing and self._reconnecting is None:
            self._reconnecting = asyncio.get_running_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        delay = 0.5
        try:
            while not self._closing:
                try:
                    async with self._listener_lock:
                        connection = await self._connect()
                        for channel in self._subscribed_channels:
                            await connection.add_listener(channel, self._listener)  # type: ignore[arg-type]
                        self._listener_conn = connection
                        connection.add_termination_listener(self._lost)
                    log.warning("live updates: listening again after losing PostgreSQL")
                    return
                except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 10.0)
        finally:
            self._reconnecting = None


def make_backend(settings: Settings) -> ChannelsBackend:
    if settings.database.is_sqlite:
        return MemoryChannelsBackend()
    return PostgresChannelsBackend(dsn=settings.database.url)


class LiveBridge(InitPlugin):
    def __init__(self, live: Live) -> None:
        self.live = live

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config.state["live"] = self.live
        app_config.lifespan.append(self.live.running)
        return app_config


def plugins(settings: Settings) -> list:
    channels = ChannelsPlugin(
        backend=make_backend(settings),
        arbitrary_channels_allowed=True,
        subscriber_max_backlog=MAX_BACKLOG,
        subscriber_backlog_strategy="dropleft",
    )
    return [channels, LiveBridge(Live(channels))]
