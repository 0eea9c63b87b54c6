"""The shapes of notify's requests: a browser's push subscription as PushManager gives it."""

from __future__ import annotations

import msgspec


class SubscriptionKeys(msgspec.Struct):
    p256dh: str
    auth: str


class PushSubscriptionIn(msgspec.Struct):
    """`PushSubscription.toJSON()`: the endpoint and its keys (expirationTime is ignored)."""

    endpoint: str
    keys: SubscriptionKeys
    expirationTime: int | float | None = None


class PushUnsubscribeIn(msgspec.Struct):
    endpoint: str
