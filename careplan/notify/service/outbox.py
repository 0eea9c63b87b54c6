"""The outbox: notifications written in the transaction of the change they tell of (ids
only), and the worker's pass that delivers them, one push per person however many wait.

`enqueue` is the outbox's one writer: every slice that tells someone something calls it.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from careplan.lib.clock import utc_now
from careplan.notify import rules
from careplan.notify.service.push import send_to_person
from careplan.notify.tables import Notification
from careplan.settings import Settings

# A worker that claims a notification holds it this long before another may try it.
CLAIM_LEASE = dt.timedelta(minutes=5)

OUTBOX_BATCH = 200


async def enqueue(
    person_id: uuid.UUID,
    kind: str,
    *,
    family_id: uuid.UUID | None = None,
    ids: Mapping[str, Any] | None = None,
    deliver_after: dt.datetime | None = None,
) -> uuid.UUID:
    """Add a notification to the outbox, inside the caller's `change()`: it is sent by the
    worker after commit, or not at all if the change rolls back. The one writer of the
    outbox. `ids` (each kept as text) are for the record only: never words or names, and no
    part of an outbox row is ever sent."""
    row = Notification(
        id=uuid.uuid4(),
        person=person_id,
        family=family_id,
        kind=kind[:40],
        payload=json.dumps({key: str(value) for key, value in (ids or {}).items()}),
        deliver_after=deliver_after or utc_now(),
    )
    await row.save()
    return row.id


@dataclass(frozen=True)
class OutboxPass:
    people: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


async def _claim(now: dt.datetime) -> list[dict[str, Any]]:
    """Due notifications this worker may send: each claimed by moving its attempt count on
    (an optimistic update, so two workers never send the same row)."""
    due = (
        await Notification.select(Notification.id, Notification.person, Notification.attempts)
        .where(
            Notification.delivered_at.is_null()
            & Notification.failed_at.is_null()
            & (Notification.deliver_after <= now)
        )
        .order_by(Notification.deliver_after)
        .limit(OUTBOX_BATCH)
    )
    claimed = []
    for row in due:
        won = (
            await Notification.update(
                {
                    Notification.attempts: row["attempts"] + 1,
                    Notification.deliver_after: now + CLAIM_LEASE,
                }
            )
            .where((Notification.id == row["id"]) & (Notification.attempts == row["attempts"]))
            .returning(Notification.id)
        )
        if won:
            claimed.append({**row, "attempts": row["attempts"] + 1})
    return claimed


async def deliver_due(settings: Settings, now: dt.datetime | None = None) -> OutboxPass:
    """One pass over the outbox: one push per person however many changes are waiting."""
    if not settings.push_enabled:
        return OutboxPass()  # kept in the outbox until VAPID keys are set
    now = now or utc_now()
    claimed = await _claim(now)
    by_person: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    for row in claimed:
        by_person[row["person"]].append(row)
    delivered = retrying = failed = 0
    for person_id, rows in by_person.items():
        result = await send_to_person(person_id, settings)
        # Delivered when no push failed and some channel took it (or the person has none):
        # a push refused because its service is not on the internet is not a delivery.
        ok = result.failed == 0 and (result.sent > 0 or result.refused == 0)
        for row in rows:
            if ok:
                await Notification.update({Notification.delivered_at: utc_now()}).where(
                    Notification.id == row["id"]
                )
                delivered += 1
                continue
            again = rules.next_attempt(row["attempts"], now)
            tried = result.sent + result.failed + result.refused
            error = f"{result.failed + result.refused} of {tried} pushes failed"
            if result.refused:
                error += f" ({result.refused} refused: not a push service on the internet)"
            if again is None:
                await Notification.update(
                    {Notification.failed_at: utc_now(), Notification.last_error: error}
                ).where(Notification.id == row["id"])
                failed += 1
            else:
                await Notification.update(
                    {Notification.deliver_after: again, Notification.last_error: error}
                ).where(Notification.id == row["id"])
                retrying += 1
    return OutboxPass(people=len(by_person), delivered=delivered, retrying=retrying, failed=failed)
