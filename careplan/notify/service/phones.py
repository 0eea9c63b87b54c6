"""A phone's push subscription: whether the phone may have one, turning push on and off,
forgetting a phone, and stopping every push to a revoked device.

A subscription belongs to a device: the passkey the session signed in with (or, without one,
the session itself). A phone the parent said is shared keeps nothing and is never notified:
subscribing is refused here, whatever the page offered. Revoking a device (identity's
`revoke_device`) revokes its subscriptions in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from careplan.access.principal import Principal
from careplan.lib.clock import utc_now
from careplan.lib.errors import Forbidden, Invalid
from careplan.lib.uow import change
from careplan.notify import network, rules
from careplan.notify.schemas import PushSubscriptionIn
from careplan.notify.tables import PushSubscription
from careplan.settings import Settings

SHARED_PHONE = (
    "Notifications are off on a phone that other people use. "
    "Sign in again and choose 'Yes, only I use it' to turn them on"
)

NO_PUSH = "Notifications are not set up on this service yet"


class PhoneSession(Protocol):
    """The session a phone is signed in with, as identity's `ActiveSession` holds it (notify
    sits below identity, so it names only what it reads)."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def principal(self) -> Principal: ...

    @property
    def shared_device(self) -> bool: ...

    @property
    def passkey_id(self) -> uuid.UUID | None: ...


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


def _device(session: PhoneSession) -> Device:
    return Device(session.id, session.passkey_id)


def _member(session: PhoneSession) -> None:
    if session.principal.kind != "family":
        raise Forbidden("Only a family member's phone has these settings")


async def phone_state(session: PhoneSession, settings: Settings) -> PhoneState:
    _member(session)
    push_on = False
    if not session.shared_device:
        device = _device(session)
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


async def _checked(data: PushSubscriptionIn, settings: Settings) -> rules.Subscription:
    """The subscription as the rules accept it, its host resolving to the internet alone
    (checked again at every push); 422 naming the field otherwise."""
    try:
        checked = rules.check_subscription(
            data.endpoint,
            data.keys.p256dh,
            data.keys.auth,
            allowed_hosts=settings.push_allow_hosts,
        )
        await network.resolve_public(
            rules.check_endpoint(checked.endpoint, settings.push_allow_hosts)
        )
    except rules.SubscriptionRefused as error:
        raise Invalid(error.field, error.message) from error
    return checked


async def _keep_subscription(
    person: uuid.UUID, device: Device, checked: rules.Subscription
) -> uuid.UUID:
    """Inside a change: store the subscription, or renew the one with its endpoint."""
    existing = (
        await PushSubscription.select(PushSubscription.id)
        .where(PushSubscription.endpoint == checked.endpoint)
        .first()
    )
    if existing is not None:
        await PushSubscription.update(
            {
                PushSubscription.person: person,
                PushSubscription.passkey: device.passkey_id,
                PushSubscription.session: device.session_id,
                PushSubscription.p256dh: checked.p256dh,
                PushSubscription.auth: checked.auth,
                PushSubscription.revoked_at: None,
            }
        ).where(PushSubscription.id == existing["id"])
        return existing["id"]
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
    return subscription_id


async def subscribe(
    session: PhoneSession, data: PushSubscriptionIn, settings: Settings
) -> uuid.UUID:
    """Turn push on for this phone: store (or renew) its subscription. Refused on a shared
    phone and where push is not set up."""
    _member(session)
    if session.shared_device:
        raise Forbidden(SHARED_PHONE)
    if not settings.push_enabled:
        raise Forbidden(NO_PUSH)
    checked = await _checked(data, settings)
    device = _device(session)
    person = session.principal.person_id
    async with change() as work:
        subscription_id = await _keep_subscription(person, device, checked)
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
        await work.audit(
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


async def unsubscribe(session: PhoneSession, endpoint: str) -> bool:
    """Turn push off for this phone. False when the endpoint was not this person's live one."""
    _member(session)
    person = session.principal.person_id
    async with change() as work:
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
            await work.audit(
                actor=person,
                action="push.unsubscribed",
                record_type="push_subscription",
                record_id=row["id"],
                after={"by": "member"},
            )
    return bool(rows)


async def forget_device(session: PhoneSession, reason: str = "phone_cleared") -> int:
    """Stop every push to the phone this session is on (a phone cleared, a shared phone)."""
    device = _device(session)
    person = session.principal.person_id
    async with change() as work:
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
            await work.audit(
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


async def revoke_person_subscriptions(person_id: uuid.UUID, now: dt.datetime) -> int:
    """Inside the change that closes a member's portal (a restriction): stop every push to
    every device of the person. Returns how many subscriptions they had."""
    rows = (
        await PushSubscription.update({PushSubscription.revoked_at: now})
        .where((PushSubscription.person == person_id) & PushSubscription.revoked_at.is_null())
        .returning(PushSubscription.id)
    )
    return len(rows)
