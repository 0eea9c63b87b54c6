"""Notify's rules: what a push may say, which subscriptions are acceptable, when to retry.

Pure functions: no I/O, no framework.

A push is seen on a lock screen, often by someone else. So what is sent is one fixed, generic
payload whatever happened (the service worker shows its own fixed text and ignores even
that): never a name, a worry, a place or an id.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec

# The only text a notification shows (static/family/sw.js has the same words).
NOTIFICATION_TITLE = "Your plan has changed"
NOTIFICATION_BODY = "Open it to see what is new."
# The whole payload of every push. No field of a notification's outbox row is ever added.
GENERIC_PAYLOAD = json.dumps({"v": 1, "kind": "changed"}, separators=(",", ":"))
# How long a push service keeps an undelivered push: a day, then it is stale.
PUSH_TTL_SECONDS = 24 * 60 * 60
MAX_ENDPOINT_LENGTH = 1000
# Retries of an outbox row that could not be delivered: after these delays, it fails.
RETRY_DELAYS = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
)
# A push service's answers that mean "this subscription is gone": forget it.
GONE_STATUSES = frozenset({404, 410})


class SubscriptionRefused(ValueError):
    """A subscription that cannot be used; `field` names the part at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Subscription:
    """A browser's push subscription, checked: where to send, and the keys to encrypt with."""

    endpoint: str
    p256dh: str
    auth: str

    def info(self) -> dict[str, object]:
        """The shape pywebpush takes (as PushSubscription.toJSON() gives it)."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


def _b64url_bytes(value: str, field: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (ValueError, TypeError) as error:
        raise SubscriptionRefused(field, "is not base64url") from error


def _endpoint(value: str, allow_loopback: bool) -> str:
    value = value.strip()
    if not value or len(value) > MAX_ENDPOINT_LENGTH:
        raise SubscriptionRefused("endpoint", f"must be an address of 1 to {MAX_ENDPOINT_LENGTH}")
    parts = urlsplit(value)
    host = parts.hostname or ""
    if not host or parts.username or parts.password:
        raise SubscriptionRefused("endpoint", "must be a push service's address")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    loopback = host == "localhost" or (address is not None and address.is_loopback)
    if loopback:
        # A push receiver on this machine: only when the service itself is (tests, the demo).
        if allow_loopback and parts.scheme in {"http", "https"}:
            return value
        raise SubscriptionRefused("endpoint", "must be a push service on the internet")
    if parts.scheme != "https":
        raise SubscriptionRefused("endpoint", "must be an https address")
    if address is not None and not address.is_global:
        # The server posts to this address: never let a subscription aim it inside the network.
        raise SubscriptionRefused("endpoint", "must be a push service on the internet")
    return value


def check_subscription(
    endpoint: str, p256dh: str, auth: str, *, allow_loopback: bool = False
) -> Subscription:
    """A subscription as the browser's PushManager made it, or SubscriptionRefused."""
    endpoint = _endpoint(endpoint, allow_loopback)
    point = _b64url_bytes(p256dh.strip(), "keys.p256dh")
    if len(point) != 65 or point[0] != 4:
        raise SubscriptionRefused("keys.p256dh", "must be an uncompressed P-256 public key")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError as error:
        raise SubscriptionRefused("keys.p256dh", "is not a point on P-256") from error
    secret = _b64url_bytes(auth.strip(), "keys.auth")
    if len(secret) != 16:
        raise SubscriptionRefused("keys.auth", "must be 16 bytes")
    return Subscription(endpoint=endpoint, p256dh=p256dh.strip(), auth=auth.strip())


def push_audience(endpoint: str) -> str:
    """The VAPID `aud` of a push service: its scheme, host and port."""
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def next_attempt(attempts: int, now: dt.datetime) -> dt.datetime | None:
    """When to try an undelivered notification again after `attempts` tries; None: give up."""
    if attempts < 1 or attempts > len(RETRY_DELAYS):
        return None
    return now + RETRY_DELAYS[attempts - 1]
