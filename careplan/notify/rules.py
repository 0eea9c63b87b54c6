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
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

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


# A host name as push services have them: ASCII labels of letters, digits and hyphens.
HOST_NAME = re.compile(
    r"^(?=.{1,253}\.?$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$"
)
INTERNET_ONLY = "must be a push service on the internet"
# IPv6 prefixes that carry an IPv4 address through a NAT64 gateway (RFC 6052, RFC 8215).
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")


@dataclass(frozen=True)
class Endpoint:
    """Where a push goes, checked for its shape: `allowed` when its host is one a setting names
    (a local push service of the tests or the demo), which is then not resolved or checked."""

    url: str
    scheme: str
    host: str
    port: int
    allowed: bool = False


def _port(parts: SplitResult) -> int:
    try:
        port = parts.port
    except ValueError as error:
        raise SubscriptionRefused("endpoint", "has a port that is not a number") from error
    return port if port is not None else (443 if parts.scheme == "https" else 80)


def allowed_host(host: str, port: int, allowed_hosts: Iterable[str]) -> bool:
    """Whether a host (and port) is one of the setting's `host` or `host:port` entries."""
    for entry in allowed_hosts:
        parts = urlsplit(f"//{entry}")
        if (parts.hostname or "") == host and (parts.port is None or parts.port == port):
            return True
    return False


def public_address(address: str) -> bool:
    """An address on the internet: not loopback, private, link-local, reserved, multicast or
    shared (`is_global`), nor an IPv6 form of an IPv4 address that is not."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in NAT64_LOCAL:
            return False
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if ip in NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and not embedded.is_global:
            return False
    return ip.is_global and not ip.is_multicast


def check_endpoint(value: str, allowed_hosts: Iterable[str] = ()) -> Endpoint:
    """An endpoint's shape, before its host is resolved: https, a host written as a name or as
    a canonical address on the internet (never 127.1, 2130706433, 0x7f000001, 0177.0.0.1 ...),
    no user or password. A host the setting allows may be http and anywhere."""
    value = value.strip()
    if not value or len(value) > MAX_ENDPOINT_LENGTH:
        raise SubscriptionRefused("endpoint", f"must be an address of 1 to {MAX_ENDPOINT_LENGTH}")
    parts = urlsplit(value)
    host = parts.hostname or ""
    if parts.scheme not in {"http", "https"} or not host or parts.username or parts.password:
        raise SubscriptionRefused("endpoint", "must be a push service's address")
    port = _port(parts)
    if allowed_host(host, port, allowed_hosts):
        return Endpoint(value, parts.scheme, host, port, allowed=True)
    if parts.scheme != "https":
        raise SubscriptionRefused("endpoint", "must be an https address")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        # The server posts to this address: never let a subscription aim it inside the network.
        if not public_address(host):
            raise SubscriptionRefused("endpoint", INTERNET_ONLY)
        return Endpoint(value, parts.scheme, host, port)
    labels = host.rstrip(".").split(".")
    numeric = labels[-1].isdigit() or labels[-1].startswith("0x")
    if not HOST_NAME.match(host) or numeric or labels[-1] == "localhost":
        # Other spellings of an address (127.1, 2130706433, 0x7f000001, 0177.0.0.1) are
        # read as addresses by the resolver: a host must be a name or an address written
        # the one canonical way. A `localhost` name is this machine (RFC 6761); any other
        # name is resolved and its addresses checked (careplan.notify.network).
        raise SubscriptionRefused("endpoint", INTERNET_ONLY)
    return Endpoint(value, parts.scheme, host, port)


def check_subscription(
    endpoint: str, p256dh: str, auth: str, *, allowed_hosts: Iterable[str] = ()
) -> Subscription:
    """A subscription as the browser's PushManager made it, or SubscriptionRefused. Its host's
    addresses are checked by the caller (`careplan.notify.network`): this is pure."""
    endpoint = check_endpoint(endpoint, allowed_hosts).url
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
