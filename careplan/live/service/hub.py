"""The live hub of one process: its channels and its picture of presence, and the bridge
from `careplan.lib.events` to the channels.

Every event committed in this process is published to its family's channel
(`family.<uuid>`), as ids only. Presence messages travel on one channel every process
listens to (see `careplan.live.presence`). The channels themselves (Litestar's plugin, with
its memory or PostgreSQL backend) are the edge's: careplan.live.plugin makes them and puts
this hub in the app's state as `app.state.live` for the stream and presence routes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from careplan.lib import events
from careplan.live import presence

log = logging.getLogger(__name__)

# How often this process drops presence that has gone quiet.
SWEEP_SECONDS = 2.0


def family_channel(family_id: Any) -> str:
    return f"family.{family_id}"


class Live:
    """What the live routes need: the channels and this process's picture of presence."""

    def __init__(self, channels: Any) -> None:
        """`channels`: Litestar's ChannelsPlugin (publish, subscribe, unsubscribe)."""
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
                if presence.is_roll_call(msg):
                    self.presence.answer_roll_call()
                elif self.presence.apply(msg):
                    self.presence.notify(msg["plan"])
            except (ValueError, KeyError, TypeError):
                log.warning("live updates: a malformed presence message was ignored")

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            for plan_id in self.presence.sweep():
                self.presence.notify(plan_id)

    @contextlib.asynccontextmanager
    async def running(self, app: Any) -> AsyncIterator[None]:
        """The app's lifespan: entered after the channels plugin started, left before it stops."""
        self.loop = asyncio.get_running_loop()
        unsubscribe = events.subscribe(self._forward)
        subscriber = await self.channels.subscribe(presence.CHANNEL)
        tasks = [
            asyncio.create_task(self._hear_presence(subscriber)),
            asyncio.create_task(self._sweep()),
        ]
        # Listening now: ask the other processes' open pages who is here.
        self.publish_presence(presence.ROLL_CALL)
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
