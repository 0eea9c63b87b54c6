"""The channels plugin that carries live events between processes, and its bridge to
`careplan.lib.events`.

- SQLite (one process): Litestar's memory backend.
- PostgreSQL (any number of worker processes): LISTEN/NOTIFY through asyncpg, so an edit
  served by one worker reaches the event streams held open by every other.

`LiveBridge` subscribes to `events` at start-up: every event committed in this process is
published to its family's channel (`family.<uuid>`), as ids only. Presence messages travel
on one channel every process listens to (see `presence`). The `Live` hub is in the app's
state as `app.state.live` for the stream and presence routes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Iterable
from typing import Any

import asyncpg
from litestar import Litestar
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.asyncpg import AsyncPgChannelsBackend
from litestar.channels.backends.base import ChannelsBackend
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.config.app import AppConfig
from litestar.plugins import InitPlugin

from careplan.lib import events
from careplan.live import presence
from careplan.settings import Settings

log = logging.getLogger(__name__)

# How often this process drops presence that has gone quiet.
SWEEP_SECONDS = 2.0
# A subscriber that falls this far behind loses its oldest messages, not the process's memory.
MAX_BACKLOG = 500


def family_channel(family_id: Any) -> str:
    return f"family.{family_id}"


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


class Live:
    """What the live routes need: the channels and this process's picture of presence."""

    def __init__(self, channels: ChannelsPlugin) -> None:
        self.channels = channels
        self.presence = presence.Presence()
        self.loop: asyncio.AbstractEventLoop | None = None

    def publish_presence(self, msg: dict[str, Any]) -> None:
        self.channels.publish(json.dumps(msg).encode(), presence.CHANNEL)

    async def _forward(self, event: events.Event) -> None:
        # `events` is module-wide; only the app serving on this loop publishes what its
        # own requests committed (tests may run several apps in one process).
        if asyncio.get_running_loop() is not self.loop:
            return
        body = json.dumps({"kind": event.kind, "id": event.record_id}).encode()
        self.channels.publish(body, family_channel(event.family_id))

    async def _hear_presence(self, subscriber: Any) -> None:
        async for raw in subscriber.iter_events():
            try:
                msg = json.loads(raw)
                if self.presence.apply(msg):
                    self.presence.notify(msg["plan"])
            except (ValueError, KeyError, TypeError):
                log.warning("live updates: a malformed presence message was ignored")

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            for plan_id in self.presence.sweep():
                self.presence.notify(plan_id)

    @contextlib.asynccontextmanager
    async def running(self, app: Litestar) -> AsyncIterator[None]:
        """The app's lifespan: entered after the channels plugin started, left before it stops."""
        self.loop = asyncio.get_running_loop()
        unsubscribe = events.subscribe(self._forward)
        subscriber = await self.channels.subscribe(presence.CHANNEL)
        tasks = [
            asyncio.create_task(self._hear_presence(subscriber)),
            asyncio.create_task(self._sweep()),
        ]
        try:
            yield
        finally:
            unsubscribe()
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            with contextlib.suppress(Exception):
                await self.channels.unsubscribe(subscriber)


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
