"""OpenID Connect sign-in for professionals: the pending sign-in, and who the provider's
word makes signed in. The providers themselves (discovery, keys, the code flow, token checks)
are careplan.identity.providers.

State, nonce and PKCE verifier are kept in a short-lived, HttpOnly cookie that is encrypted
and authenticated with a key derived from the secret key for this one purpose (JWE, dir +
A256GCM): the browser carries it but can neither read nor change it, and it names the provider
it was made for. No table holds half-finished sign-ins.

A professional must already exist. They are found by (issuer, subject) in ExternalIdentity; the
first sign-in may match by e-mail only when the provider is trusted for e-mail and says the
address is verified, and then the ExternalIdentity row is made. Everyone else is refused.

Bearer tokens of a configured provider (JWT access tokens) are checked by the provider and
mapped to the person through ExternalIdentity.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from joserfc import jwe
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

from careplan import db
from careplan.access.principal import Principal, load_principal
from careplan.audit import service as audit
from careplan.identity import queries
from careplan.identity.providers import (
    OidcError,
    Provider,
    ProviderUnavailable,
    Refused,
    Registry,
)
from careplan.identity.service import sessions
from careplan.identity.tables import ExternalIdentity
from careplan.lib.errors import Duplicate
from careplan.lib.uow import change
from careplan.settings import Settings

__all__ = [  # what the edge uses of OpenID sign-in, the providers' errors included
    "PENDING_COOKIE",
    "PENDING_LIFETIME_SECONDS",
    "PENDING_PATH",
    "OidcError",
    "Provider",
    "ProviderUnavailable",
    "Refused",
    "Registry",
    "SignedIn",
    "check_state",
    "open_pending",
    "person_for_access_token",
    "record_failure",
    "redirect_uri",
    "registry",
    "seal_pending",
    "sign_in",
]

PENDING_COOKIE = "careplan_oidc"
PENDING_PATH = "/auth/oidc"
PENDING_LIFETIME_SECONDS = 10 * 60


# The pending sign-in cookie.


def _pending_key(secret: str) -> OctKey:
    return OctKey.import_key(hashlib.sha256(b"careplan oidc pending\0" + secret.encode()).digest())


def seal_pending(secret: str, pending: dict[str, Any]) -> str:
    body = {**pending, "exp": int(time.time()) + PENDING_LIFETIME_SECONDS}
    plaintext = json.dumps(body, separators=(",", ":")).encode()
    return jwe.encrypt_compact({"alg": "dir", "enc": "A256GCM"}, plaintext, _pending_key(secret))


def open_pending(secret: str, value: str | None) -> dict[str, Any]:
    """The pending sign-in a cookie holds; `OidcError("bad_state")` if none is usable."""
    if not value:
        raise OidcError("bad_state", "no sign-in was started in this browser, or it has expired")
    try:
        body = json.loads(jwe.decrypt_compact(value, _pending_key(secret)).plaintext or b"")
    except (JoseError, ValueError, TypeError) as error:
        raise OidcError("bad_state", "the sign-in could not be checked") from error
    if not isinstance(body, dict) or not isinstance(body.get("exp"), int):
        raise OidcError("bad_state", "the sign-in could not be checked")
    if body["exp"] <= time.time():
        raise OidcError("bad_state", "the sign-in took too long and has expired")
    return body


def check_state(pending: dict[str, Any], provider: str, state: str | None) -> None:
    if pending.get("provider") != provider:
        raise OidcError("bad_state", "the sign-in was started with another provider")
    expected = pending.get("state")
    if not state or not isinstance(expected, str):
        raise OidcError("bad_state", "the sign-in could not be checked")
    if not hmac.compare_digest(state.encode(), expected.encode()):
        raise OidcError("bad_state", "the sign-in could not be checked")


# The providers of this app.


def registry(app: Any) -> Registry:
    """The app's registry, made on first use from its settings."""
    state = app.state
    found = state.get("oidc_registry")
    if found is None:
        found = Registry(state.settings)
        state["oidc_registry"] = found
    return found


def redirect_uri(settings: Settings, provider: str) -> str:
    return f"{settings.base_url}{PENDING_PATH}/{provider}/callback"


# Use cases: who the provider's word makes signed in.


@dataclass(frozen=True)
class SignedIn:
    token: str
    principal: Principal
    matched_by: str


def _email_verified(claims: dict[str, Any]) -> bool:
    value = claims.get("email_verified")
    return value is True or (isinstance(value, str) and value.lower() == "true")


async def _record_refusal(provider: Provider, reason: str, claims: dict[str, Any]) -> None:
    async with change():
        await audit.record(
            actor=None,
            action="sign_in.failed",
            record_type="sign_in",
            record_id=reason,
            after={
                "how": f"oidc:{provider.name}",
                "issuer": provider.config.issuer,
                "subject": claims.get("sub"),
                "email": claims.get("email"),
            },
        )


async def record_failure(provider: Provider | None, name: str, error: OidcError) -> None:
    """A failed sign-in for the audit trail (no token, no code: only what and where)."""
    async with change():
        await audit.record(
            actor=None,
            action="sign_in.failed",
            record_type="sign_in",
            record_id=error.reason,
            after={
                "how": f"oidc:{name}",
                "issuer": provider.config.issuer if provider else None,
                "detail": error.message,
            },
        )


async def _person_by_subject(issuer: str, subject: str) -> tuple[uuid.UUID, uuid.UUID] | None:
    row = (
        await ExternalIdentity.select(ExternalIdentity.id, ExternalIdentity.person)
        .where((ExternalIdentity.issuer == issuer) & (ExternalIdentity.subject == subject))
        .first()
    )
    return (row["id"], row["person"]) if row else None


async def sign_in(provider: Provider, claims: dict[str, Any], user_agent: str) -> SignedIn:
    """Start a session for the professional the checked claims name; `Refused` otherwise."""
    issuer, subject = provider.config.issuer, str(claims["sub"])
    now = dt.datetime.now(dt.UTC)
    try:
        found = await _person_by_subject(issuer, subject)
        matched_by = "subject"
        if found is None:
            email = claims.get("email")
            if not provider.config.trust_email or not isinstance(email, str):
                raise Refused("unknown_person", "no professional is known by this account")
            if not _email_verified(claims):
                raise Refused("email_not_verified", "the provider has not verified the e-mail")
            person_by_email = await queries.active_professional(email)
            if person_by_email is None:
                raise Refused("unknown_person", "no professional has this e-mail address")
            if await ExternalIdentity.exists().where(
                (ExternalIdentity.person == person_by_email)
                & (ExternalIdentity.issuer == issuer)
                # The same account, linked a moment ago by a sign-in running alongside this
                # one, is not another account: the insert below meets it and carries on.
                & (ExternalIdentity.subject != subject)
            ):
                # Already linked to another account at this provider: never a second one.
                raise Refused("other_account", "the person signs in with another account here")
            found, matched_by = (uuid.uuid4(), person_by_email), "email"
        identity_id, person_id = found
        principal = await load_principal(person_id)
        if principal is None or not principal.is_professional:
            raise Refused("inactive_person", "the account is not active")
    except Refused as refused:
        await _record_refusal(provider, refused.reason, claims)
        raise
    try:
        await _record_sign_in(provider, identity_id, person_id, subject, matched_by, now)
    except (Duplicate, *db.INTEGRITY_ERRORS):
        # Two first sign-ins of the same account at once: the other one linked it. Nothing
        # of this attempt was written; carry on with the link it made.
        found = await _person_by_subject(issuer, subject)
        if found is None or found[1] != person_id:
            raise
        identity_id, matched_by = found[0], "subject"
        await _record_sign_in(provider, identity_id, person_id, subject, matched_by, now)
    token = await sessions.start(principal, user_agent=user_agent, how=f"oidc:{provider.name}")
    return SignedIn(token, principal, matched_by)


async def _record_sign_in(
    provider: Provider,
    identity_id: uuid.UUID,
    person_id: uuid.UUID,
    subject: str,
    matched_by: str,
    now: dt.datetime,
) -> None:
    issuer = provider.config.issuer
    async with change():
        if matched_by == "email":
            await ExternalIdentity(
                id=identity_id, person=person_id, issuer=issuer, subject=subject, created_at=now
            ).save()
            await audit.record(
                actor=person_id,
                action="external_identity.linked",
                record_type="external_identity",
                record_id=identity_id,
                after={"issuer": issuer, "subject": subject, "by": "verified_email"},
            )
        await ExternalIdentity.update({ExternalIdentity.last_sign_in_at: now}).where(
            ExternalIdentity.id == identity_id
        )
        await audit.record(
            actor=person_id,
            action="sign_in.succeeded",
            record_type="external_identity",
            record_id=identity_id,
            after={"how": f"oidc:{provider.name}", "issuer": issuer, "matched_by": matched_by},
        )


async def person_for_access_token(provider: Provider, token: str) -> uuid.UUID | None:
    """The person a provider's valid access token speaks for; None if not linked here."""
    claims = await provider.validate_access_token(token)
    found = await _person_by_subject(provider.config.issuer, str(claims["sub"]))
    return found[1] if found else None
