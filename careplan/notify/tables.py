"""Notify's tables. A notification carries ids only; what a push shows is generic."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from careplan.families.tables import Family
from careplan.identity.tables import Passkey, Session
from careplan.lib.columns import Retained, restrict
from careplan.tenancy.tables import Person


class PushSubscription(Retained, Table):
    """One device's Web Push subscription (with VAPID)."""

    id = UUID(primary_key=True)
    person = restrict(Person)
    passkey = restrict(Passkey, null=True)
    session = restrict(Session, null=True)
    endpoint = Varchar(length=1000, unique=True)
    p256dh = Varchar(length=200)
    auth = Varchar(length=100)
    revoked_at = Timestamptz(null=True, default=None)


class Notification(Retained, Table):
    """The outbox: written in the change's transaction, delivered by the worker."""

    id = UUID(primary_key=True)
    person = restrict(Person)
    family = restrict(Family, null=True)
    kind = Varchar(length=40)
    payload = JSON(default="{}")
    deliver_after = Timestamptz()
    attempts = Integer(default=0)
    delivered_at = Timestamptz(null=True, default=None)
    failed_at = Timestamptz(null=True, default=None)
    last_error = Text(default="")


INDEXES = [
    "CREATE INDEX ix_notification_due ON notification (deliver_after) WHERE delivered_at IS NULL",
]
