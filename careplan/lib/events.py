"""Events that tell open pages something changed. They carry ids only (DESIGN.md invariant
3): a client fetches what changed through the normal, permission-checked routes.

A use case queues its events with `pending.add(...)` inside its transaction; `publish_after`
hands them to the subscribers only once the transaction has committed, so a rolled-back
change publishes nothing.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    family_id: str
    kind: str  # "item.changed", "objective.changed", "version.shared", ...
    record_id: str


Subscriber = Callable[[Event], Awaitable[None]]
_subscribers: list[Subscriber] = []
_pending: contextvars.ContextVar[list[Event] | None] = contextvars.ContextVar(
    "careplan_pending_events", default=None
)


def subscribe(subscriber: Subscriber) -> Callable[[], None]:
    _subscribers.append(subscriber)
    return lambda: _subscribers.remove(subscriber)


def add(family_id: object, kind: str, record_id: object) -> None:
    queue = _pending.get()
    if queue is None:
        raise RuntimeError("events are queued inside `publish_after`")
    queue.append(Event(str(family_id), kind, str(record_id)))


@contextlib.asynccontextmanager
async def publish_after() -> AsyncIterator[None]:
    """Collect the events of the block; publish them if, and only if, it ends cleanly."""
    queue: list[Event] = []
    token = _pending.set(queue)
    try:
        yield
    finally:
        _pending.reset(token)
    for event in queue:
        for subscriber in list(_subscribers):
            try:
                await subscriber(event)
            except Exception:  # a broken listener must not undo a committed change
                log.exception("a live-update subscriber failed on %s", event.kind)
