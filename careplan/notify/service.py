"""Notify's use cases: a phone's push subscription, the outbox, and sending a push.

A subscription belongs to a device: the passkey the session signed in with (or, without one,
the session itself). A phone the parent said is shared keeps nothing and is never notified:
subscribing is refused here, whatever the page offered. Revoking a device (identity's
`revoke_device`) revokes its subscriptions in the same transaction; a push service that
answers 404 or 410 has forgotten the subscription, so it is deleted.

What a push says is fixed (`rules.GENERIC_PAYLOAD`): nothing from the plan ever goes in it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
from py_vapid import Vapid
from pywebpush import WebPushException, webpush_async

from careplan.audit import service as audit
from careplan.identity.sessions import ActiveSession
from careplan.identity.tables import Session
from careplan.lib.clock import utc_now
from careplan.lib.errors import Forbidden, Invalid
from careplan.lib.uow import change
from careplan.notify import endpoints, rules
from careplan.notify.schemas import PushSubscriptionIn
from careplan.notify.tables import Notification, PushSubscription
from careplan.settings import Settings

log = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 10
# A worker that claims a notification holds it this long before another may try it.
CLAIM_LEASE = dt.timedelta(minutes=5)
OUTBOX_BATCH = 200
SHARED_PHONE = (
    "Notifications are off on a phone that other people use. "
    "Sign in again and choose 'Yes, only I use it' to turn them on"
)
NO_PUSH = "Notifications are not set up on this service yet"


@dataclass(frozen=True)
class Device:
    """Which device a session is: its passkey, or the session itself when it has none."""

    session_id: uuid.UUID
    passkey_id: uuid.UUID | None

    def where(self) -> Any:
        if self.passkey_id is not None:
            return PushSubscription.passkey == self.passkey_id
        return PushSubscription.session == self.session_id


@dataclass(frozen=True)
class PhoneState:
    """What the "This phone" page says about the phone in hand."""

    shared: bool
    offline_copy: bool
    push_available: bool
    push_on: bool
    vapid_public_key: str | None


@dataclass(frozen=True)
class Delivery:
    """What happened to one round of pushes to a person's devices."""

    sent: int = 0
    gone: int = 0
    failed: int = 0
    refused: int = 0  # a push service not on the internet (now): skipped and reported


async def _device(session: ActiveSession) -> Device:
    row = await Session.select(Session.passkey).where(Session.id == session.id).first()
    return Device(session.id, row["passkey"] if row else None)


def _member(session: ActiveSession) -> None:
    if session.principal.kind != "family":
        raise Forbidden("Only a family member's phone has these settings")


async def phone_state(session: ActiveSession, settings: Settings) -> PhoneState:
    _member(session)
    push_on = False
    if not session.shared_device:
        device = await _device(session)
        push_on = (
            await PushSubscription.count().where(
                device.where()
                & (PushSubscription.person == session.principal.person_id)
                & PushSubscription.revoked_at.is_null()
            )
        ) > 0
    return PhoneState(
        shared=session.shared_device,
        offline_copy=not session.shared_device,
        push_available=settings.push_enabled and not session.shared_device,
        push_on=push_on,
        vapid_public_key=settings.vapid_public_key if not session.shared_device else None,
    )


async def subscribe(
    session: ActiveSession, data: PushSubscriptionIn, settings: Settings
) -> uuid.UUID:
    """Turn push on for this phone: store (or renew) its subscription. Refused on a shared
    phone and where push is not set up."""
    _member(session)
    if session.shared_device:
        raise Forbidden(SHARED_PHONE)
    if not settings.push_enabled:
        raise Forbidden(NO_PUSH)
    try:
        checked = rules.check_subscription(
            data.endpoint,
            data.keys.p256dh,
            data.keys.auth,
            allowed_hosts=settings.push_allow_hosts,
        )
        # Its host must resolve to the internet alone (checked again at every push).
        await endpoints.resolve_public(
            rules.check_endpoint(checked.endpoint, settings.push_allow_hosts)
        )
    except rules.SubscriptionRefused as error:
        raise Invalid(error.field, error.message) from error
    device = await _device(session)
    person = session.principal.person_id
    values = {
        PushSubscription.person: person,
        PushSubscription.passkey: device.passkey_id,
        PushSubscription.session: device.session_id,
        PushSubscription.p256dh: checked.p256dh,
        PushSubscription.auth: checked.auth,
        PushSubscription.revoked_at: None,
    }
    async with change():
        existing = (
            await PushSubscription.select(PushSubscription.id)
            .where(PushSubscription.endpoint == checked.endpoint)
            .first()
        )
        if existing is not None:
            subscription_id = existing["id"]
            await PushSubscription.update(values).where(PushSubscription.id == subscription_id)
        else:
            subscription_id = uuid.uuid4()
            await PushSubscription.insert(
                PushSubscription(
                    id=subscription_id,
                    person=person,
                    passkey=device.passkey_id,
                    session=device.session_id,
                    endpoint=checked.endpoint,
                    p256dh=checked.p256dh,
                    auth=checked.auth,
                )
            )
        # One subscription per device: an older one of this phone (a new endpoint) stops.
        replaced = (
            await PushSubscription.update({PushSubscription.revoked_at: utc_now()})
            .where(
                device.where()
                & (PushSubscription.id != subscription_id)
                & PushSubscription.revoked_at.is_null()
            )
            .returning(PushSubscription.id)
        )
        await audit.record(
            actor=person,
            action="push.subscribed",
            record_type="push_subscription",
            record_id=subscription_id,
            after={
                "device": "passkey" if device.passkey_id else "session",
                "replaced": len(replaced),
            },
        )
    return subscription_id


async def unsubscribe(session: ActiveSession, endpoint: str) -> bool:
    """Turn push off for this phone. False when the endpoint was not this person's live one."""
    _member(session)
    person = session.principal.person_id
    async with change():
        rows = (
            await PushSubscription.update({PushSubscription.revoked_at: utc_now()})
            .where(
                (PushSubscription.endpoint == endpoint.strip())
                & (PushSubscription.person == person)
                & PushSubscription.revoked_at.is_null()
            )
            .returning(PushSubscription.id)
        )
        for row in rows:
            await audit.record(
                actor=person,
                action="push.unsubscribed",
                record_type="push_subscription",
                record_id=row["id"],
                after={"by": "member"},
            )
    return bool(rows)


async def forget_device(session: ActiveSession, reason: str = "phone_cleared") -> int:
    """Stop every push to the phone this session is on (a phone cleared, a shared phone)."""
    device = await _device(session)
    person = session.principal.person_id
    async with change():
        rows = (
            await PushSubscription.update({PushSubscription.revoked_at: utc_now()})
            .where(
                device.where()
                & (PushSubscription.person == person)
                & PushSubscription.revoked_at.is_null()
            )
            .returning(PushSubscription.id)
        )
        if rows:
            await audit.record(
                actor=person,
                action="push.device_forgotten",
                record_type="session",
                record_id=session.id,
                after={"reason": reason, "subscriptions": len(rows)},
            )
    return len(rows)


async def revoke_passkey_subscriptions(passkey_id: uuid.UUID, now: dt.datetime) -> int:
    """Inside the change that revokes a device (identity's `revoke_device`): stop every push
    to it. Returns how many subscriptions it had."""
    rows = (
        await PushSubscription.update({PushSubscription.revoked_at: now})
        .where((PushSubscription.passkey == passkey_id) & PushSubscription.revoked_at.is_null())
        .returning(PushSubscription.id)
    )
    return len(rows)


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
    async with change():
        await PushSubscription.delete().where(PushSubscription.id == subscription_id)
        await audit.record(
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
    async with change():
        await audit.record(
            actor=None,
            action="push.refused",
            record_type="push_subscription",
            record_id=subscription_id,
            before={"person": person_id},
            after={"reason": reason},
        )


async def send_to_person(person_id: uuid.UUID, settings: Settings) -> Delivery:
    """Send the one generic push to each of a person's live subscriptions whose push service
    is on the internet (endpoints.push_session checks every connection it makes)."""
    if not settings.push_enabled:
        return Delivery()
    rows = await live_subscriptions(person_id)
    if not rows:
        return Delivery()
    vapid = Vapid.from_string(settings.vapid_private_key)
    sent = gone = failed = refused = 0
    async with endpoints.push_session(settings.push_allow_hosts, SEND_TIMEOUT_SECONDS) as http:
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
                reason = endpoints.refused_reason(error)
                if reason is not None:
                    await _report_refused(row["id"], person_id, reason)
                    refused += 1
                else:
                    log.warning("push service unreachable: %s", type(error).__name__)
                    failed += 1
    return Delivery(sent=sent, gone=gone, failed=failed, refused=refused)


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
