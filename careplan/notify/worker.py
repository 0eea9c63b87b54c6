"""`careplan worker`: delivers the outbox's notifications and escalates overdue concerns.

One pass sends every due notification (one generic push per person, however many changes
wait) and raises the escalation of every concern whose clock ran out. Without `--once` it
passes again every `interval` seconds until stopped.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from careplan.concerns import service as concerns
from careplan.lib.clock import utc_now
from careplan.notify import service
from careplan.settings import Settings

log = logging.getLogger(__name__)


async def one_pass(settings: Settings, now: dt.datetime | None = None) -> str:
    now = now or utc_now()
    outbox = await service.deliver_due(settings, now)
    escalated = await concerns.escalate_overdue(now)
    return (
        f"notifications: {outbox.delivered} delivered to {outbox.people} people, "
        f"{outbox.retrying} to retry, {outbox.failed} failed; "
        f"concerns escalated: {len(escalated)}"
    )


async def run_worker(settings: Settings, *, once: bool = False, interval: int = 30) -> str:
    if not settings.push_enabled:
        log.warning("no VAPID keys: notifications stay in the outbox (careplan vapid-keys)")
    summary = await one_pass(settings)
    while not once:
        log.info(summary)
        await asyncio.sleep(interval)
        summary = await one_pass(settings)
    return summary
