"""A push service on this machine, for end-to-end tests without the internet.

It does what a browser vendor's push service and the browser do between them: checks the
VAPID JWT (RFC 8292: ES256 signed by the key in `k`, `aud` its own origin, `exp` within a
day, a `sub`), then decrypts the aes128gcm body (RFC 8291) with the subscriber's private key
and auth secret, as the phone would. A subscriber is a real P-256 key pair.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


@dataclass
class Subscriber:
    """A phone's side of a subscription: its key pair and auth secret."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)

    def subscription(self) -> dict[str, Any]:
        """As the browser's PushSubscription.toJSON() gives it."""
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)},
        }


@dataclass
class Received:
    path: str
    claims: dict[str, Any]
    vapid_key: str
    ttl: str | None
    plaintext: bytes


class PushReceiver:
    def __init__(self) -> None:
        self.subscribers: dict[str, Subscriber] = {}
        self.received: list[Received] = []
        self.refused: list[str] = []
        self.answer: dict[str, int] = {}  # path -> status to answer (410: gone)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status, problem = receiver.handle(self.path, dict(self.headers.items()), body)
                if problem:
                    receiver.refused.append(problem)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> PushReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def new_subscriber(self) -> Subscriber:
        path = f"/push/{secrets.token_urlsafe(16)}"
        subscriber = Subscriber(endpoint=self.origin + path)
        self.subscribers[path] = subscriber
        return subscriber

    def _check_vapid(self, authorization: str) -> tuple[dict[str, Any], str]:
        scheme, _, params = authorization.partition(" ")
        if scheme.lower() != "vapid":
            raise ValueError(f"not a vapid Authorization: {scheme}")
        parts = dict(p.split("=", 1) for p in params.split(","))
        token, key = parts["t"], parts["k"]
        header_b64, claims_b64, signature_b64 = token.split(".")
        header = json.loads(unb64url(header_b64))
        if header.get("alg") != "ES256":
            raise ValueError("VAPID JWT is not ES256")
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
        signature = unb64url(signature_b64)
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        try:
            public.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature as error:
            raise ValueError("VAPID signature does not verify") from error
        claims = json.loads(unb64url(claims_b64))
        if claims.get("aud") != self.origin:
            raise ValueError(f"aud {claims.get('aud')!r} is not {self.origin!r}")
        now = time.time()
        if not now < claims.get("exp", 0) <= now + 24 * 3600:
            raise ValueError("exp is not within the next 24 hours")
        if not str(claims.get("sub", "")).startswith(("mailto:", "https://")):
            raise ValueError("no sub")
        return claims, key

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, str | None]:
        subscriber = self.subscribers.get(path)
        if subscriber is None:
            return 404, f"unknown subscription {path}"
        if path in self.answer:
            return self.answer[path], None
        lower = {k.lower(): v for k, v in headers.items()}
        try:
            claims, key = self._check_vapid(lower.get("authorization", ""))
        except (ValueError, KeyError) as error:
            return 401, str(error)
        if lower.get("content-encoding") != "aes128gcm":
            return 400, f"content-encoding {lower.get('content-encoding')!r}"
        try:
            plaintext = http_ece.decrypt(
                body,
                private_key=subscriber.private_key,
                auth_secret=subscriber.auth,
                version="aes128gcm",
            )
        except Exception as error:
            return 400, f"cannot decrypt: {error!r}"
        self.received.append(Received(path, claims, key, lower.get("ttl"), plaintext))
        return 201, None
