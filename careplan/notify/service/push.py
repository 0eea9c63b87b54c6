"""Sending a push: the one generic push to each of a person's live subscriptions whose push
service is on the internet. A push service that answers 404 or 410 has forgotten the
subscription, so it is deleted; one not on the internet (now) is skipped and reported.

What a push says is fixed (`rules.GENERIC_PAYLOAD`): nothing from the plan ever goes in it.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

import aiohttp
from py_vapid import Vapid
from pywebpush import WebPushException, webpush_async

from careplan.lib.uow import change
from careplan.notify import network, rules
from careplan.notify.tables import PushSubscription
from careplan.settings import Settings

log = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Delivery:
    """What happened to one round of pushes to a person's devices."""

    sent: int = 0
    gone: int = 0
    failed: int = 0
    refused: int = 0  # a push service not on the internet (now): skipped and reported


async def live_subscriptions(person_id: uuid.UUID) -> list[dict[str, Any]]:
    """A person's subscriptions that may be sent to: not revoked, on a device not revoked, of
    a person still active."""
    return await PushSubscription.select(
        PushSubscription.id,
        PushSubscription.endpoint,
        PushSubscription.p256dh,
        PushSubscription.auth,
    ).where(
        (PushSubscription.person == person_id)
        & PushSubscription.revoked_at.is_null()
        & PushSubscription.passkey.revoked_at.is_null()
        & (PushSubscription.person.active == True)
    )


def _status_of(error: WebPushException) -> int | None:
    response = getattr(error, "response", None)
    status = getattr(response, "status", None) or getattr(response, "status_code", None)
    return int(status) if status is not None else None


async def _forget_gone(subscription_id: uuid.UUID, person_id: uuid.UUID, status: int) -> None:
    async with change() as work:
        await PushSubscription.delete().where(PushSubscription.id == subscription_id)
        await work.audit(
            actor=None,
            action="push.gone",
            record_type="push_subscription",
            record_id=subscription_id,
            before={"person": person_id},
            after={"status": status},
        )


async def _report_refused(subscription_id: uuid.UUID, person_id: uuid.UUID, reason: str) -> None:
    """A subscription whose push service is (now) not on the internet: not sent to, and
    said so in the log and the audit trail. It stays, for its owner to renew or revoke."""
    log.warning("push to a subscription refused: %s", reason)
    async with change() as work:
        await work.audit(
            actor=None,
            action="push.refused",
            record_type="push_subscription",
            record_id=subscription_id,
            before={"person": person_id},
            after={"reason": reason},
        )


async def send_to_person(person_id: uuid.UUID, settings: Settings) -> Delivery:
    """Send the one generic push to each of a person's live subscriptions whose push service
    is on the internet (network.push_session checks every connection it makes)."""
    if not settings.push_enabled:
        return Delivery()
    rows = await live_subscriptions(person_id)
    if not rows:
        return Delivery()
    vapid = Vapid.from_string(settings.vapid_private_key)
    sent = gone = failed = refused = 0
    async with network.push_session(settings.push_allow_hosts, SEND_TIMEOUT_SECONDS) as http:
        for row in rows:
            subscription = rules.Subscription(row["endpoint"], row["p256dh"], row["auth"])
            try:
                await webpush_async(
                    subscription.info(),  # type: ignore[arg-type]
                    data=rules.GENERIC_PAYLOAD,
                    vapid_private_key=vapid,
                    # pywebpush writes `aud` and `exp` into this dict: a fresh one every call,
                    # or a second push service would get the first one's audience.
                    vapid_claims={"sub": settings.vapid_subject or ""},
                    ttl=rules.PUSH_TTL_SECONDS,
                    timeout=SEND_TIMEOUT_SECONDS,
                    headers={"Urgency": "normal"},
                    aiohttp_session=http,
                )
                sent += 1
            except WebPushException as error:
                status = _status_of(error)
                if status in rules.GONE_STATUSES:
                    await _forget_gone(row["id"], person_id, status)
                    gone += 1
                else:
                    log.warning("push to a subscription failed with status %s", status)
                    failed += 1
            except (rules.SubscriptionRefused, TimeoutError, aiohttp.ClientError, OSError) as error:
                reason = network.refused_reason(error)
                if reason is not None:
                    await _report_refused(row["id"], person_id, reason)
                    refused += 1
                else:
                    log.warning("push service unreachable: %s", type(error).__name__)
                    failed += 1
    return Delivery(sent=sent, gone=gone, failed=failed, refused=refused)
