"""Short-lived bearer tokens for the API (`careplan token --email E`), signed with joserfc.

HS256 with a key derived from the secret key for this one purpose, so a token can never be
confused with a session or CSRF value signed with the same secret.
"""

from __future__ import annotations

import hashlib
import time
import uuid

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

AUDIENCE = "careplan-api"
DEFAULT_LIFETIME_SECONDS = 15 * 60
MAX_LIFETIME_SECONDS = 12 * 60 * 60


class TokenError(ValueError):
    """A token that is malformed, forged, expired or meant for something else."""


def _key(secret: str) -> OctKey:
    return OctKey.import_key(hashlib.sha256(b"careplan api tokens\0" + secret.encode()).digest())


def mint(
    secret: str, issuer: str, person_id: uuid.UUID, lifetime: int = DEFAULT_LIFETIME_SECONDS
) -> str:
    if not 0 < lifetime <= MAX_LIFETIME_SECONDS:
        raise ValueError(f"a token lives between 1 second and {MAX_LIFETIME_SECONDS} seconds")
    now = int(time.time())
    claims = {
        "iss": issuer,
        "aud": AUDIENCE,
        "sub": str(person_id),
        "iat": now,
        "exp": now + lifetime,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode({"alg": "HS256", "typ": "JWT"}, claims, _key(secret))


def verify(secret: str, issuer: str, token: str) -> uuid.UUID:
    """The person a valid token speaks for; `TokenError` otherwise."""
    try:
        decoded = jwt.decode(token, _key(secret), algorithms=["HS256"])
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": AUDIENCE},
            exp={"essential": True},
            sub={"essential": True},
        ).validate(decoded.claims)
        return uuid.UUID(decoded.claims["sub"])
    except (JoseError, ValueError, KeyError) as error:
        raise TokenError("the token is not valid") from error
