"""OpenID Connect sign-in for professionals: a small adapter on Authlib's async client.

Authlib has no Litestar integration, so this module does what its framework mixins would:
discovery from `/.well-known/openid-configuration`, the authorization code flow with PKCE
(S256), `state` and `nonce`, the code exchanged through `AsyncOAuth2Client`, and the ID token
checked with joserfc against the provider's JWKS (signature, iss, aud, exp, iat, nonce).

State, nonce and PKCE verifier are kept in a short-lived, HttpOnly cookie that is encrypted
and authenticated with a key derived from the secret key for this one purpose (JWE, dir +
A256GCM): the browser carries it but can neither read nor change it, and it names the provider
it was made for. No table holds half-finished sign-ins.

A professional must already exist. They are found by (issuer, subject) in ExternalIdentity; the
first sign-in may match by e-mail only when the provider is trusted for e-mail and says the
address is verified, and then the ExternalIdentity row is made. Everyone else is refused.

Bearer tokens of a configured provider (JWT access tokens) are checked the same way
(signature, iss, aud = our client id, exp) and mapped to the person through ExternalIdentity.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx2
from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuthError
from joserfc import jwe, jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import KeySet, OctKey

from careplan import db
from careplan.access.principal import Principal, load_principal
from careplan.audit import service as audit
from careplan.identity import sessions
from careplan.identity.tables import ExternalIdentity
from careplan.lib.errors import Duplicate
from careplan.lib.uow import change
from careplan.settings import OidcProvider, Settings
from careplan.tenancy.tables import Person

DISCOVERY_PATH = "/.well-known/openid-configuration"
SCOPE = "openid email profile"
# Only asymmetric signatures: an HMAC one would be keyed by the client secret.
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
LEEWAY_SECONDS = 60  # clock skew between us and the provider
PENDING_COOKIE = "careplan_oidc"
PENDING_PATH = "/auth/oidc"
PENDING_LIFETIME_SECONDS = 10 * 60
METADATA_LIFETIME_SECONDS = 60 * 60
KEYS_REFRESH_AT_MOST_EVERY_SECONDS = 60
HTTP_TIMEOUT_SECONDS = 10.0


class OidcError(Exception):
    """A sign-in that cannot go on. `reason` is a short word for the audit trail."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


class ProviderUnavailable(OidcError):
    """The provider did not answer, or answered nonsense: nobody's fault here, try later."""


class Refused(OidcError):
    """The provider vouched for someone this service does not know, or may not trust."""


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


# One provider: discovery, keys, the code flow and token checks.


def unverified_claims(token: str) -> dict[str, Any] | None:
    """The claims of a compact JWS, NOT checked: only to choose who should check it."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        padded = parts[1] + "=" * (-len(parts[1]) % 4)
        claims = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, binascii.Error):
        return None
    return claims if isinstance(claims, dict) else None


class Provider:
    """A configured OpenID provider, with its discovery document and keys cached."""

    def __init__(self, config: OidcProvider) -> None:
        self.config = config
        self._metadata: dict[str, Any] | None = None
        self._metadata_at = 0.0
        self._keys: KeySet | None = None
        self._keys_at = 0.0
        self._lock = asyncio.Lock()

    @property
    def name(self) -> str:
        return self.config.name

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            async with httpx2.AsyncClient(timeout=HTTP_TIMEOUT_SECONDS) as http:
                response = await http.get(url, headers={"Accept": "application/json"})
            response.raise_for_status()
            document = response.json()
        except (httpx2.HTTPError, ValueError) as error:
            raise ProviderUnavailable(
                "provider_unavailable", f"{self.config.label} is not answering"
            ) from error
        if not isinstance(document, dict):
            raise ProviderUnavailable(
                "provider_unavailable", f"{self.config.label} answered something unexpected"
            )
        return document

    async def metadata(self) -> dict[str, Any]:
        now = time.monotonic()
        if self._metadata is not None and now - self._metadata_at < METADATA_LIFETIME_SECONDS:
            return self._metadata
        async with self._lock:
            if self._metadata is None or now - self._metadata_at >= METADATA_LIFETIME_SECONDS:
                url = self.config.issuer.rstrip("/") + DISCOVERY_PATH
                document = await self._get_json(url)
                # OpenID Connect Discovery 1.0, 4.3: the issuer must be exactly the one asked.
                if document.get("issuer") != self.config.issuer:
                    raise ProviderUnavailable(
                        "provider_misconfigured",
                        f"{self.config.label} names another issuer than the one configured",
                    )
                for needed in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                    if not isinstance(document.get(needed), str):
                        raise ProviderUnavailable(
                            "provider_misconfigured", f"{self.config.label} has no {needed}"
                        )
                self._metadata, self._metadata_at = document, time.monotonic()
        assert self._metadata is not None
        return self._metadata

    async def keys(self, *, refresh: bool = False) -> KeySet:
        now = time.monotonic()
        stale = refresh and now - self._keys_at >= KEYS_REFRESH_AT_MOST_EVERY_SECONDS
        if self._keys is not None and not stale:
            return self._keys
        metadata = await self.metadata()
        document = await self._get_json(metadata["jwks_uri"])
        try:
            keys = KeySet.import_key_set(document)  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError, KeyError) as error:
            raise ProviderUnavailable(
                "provider_misconfigured", f"{self.config.label} published unusable keys"
            ) from error
        self._keys, self._keys_at = keys, time.monotonic()
        return keys

    async def algorithms(self) -> list[str]:
        metadata = await self.metadata()
        offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        allowed = [alg for alg in offered if alg in ASYMMETRIC_ALGORITHMS]
        return allowed or ["RS256"]

    def _client(self, redirect_uri: str, metadata: dict[str, Any]) -> AsyncOAuth2Client:
        methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        method = (
            "client_secret_post"
            if "client_secret_basic" not in methods and "client_secret_post" in methods
            else "client_secret_basic"
        )
        return AsyncOAuth2Client(
            client_id=self.config.client_id,
            client_secret=self.config.client_secret,
            scope=SCOPE,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method=method,
            timeout=HTTP_TIMEOUT_SECONDS,
        )

    async def begin(self, redirect_uri: str) -> tuple[str, dict[str, Any]]:
        """The provider's authorization URL, and what to keep until the browser comes back."""
        metadata = await self.metadata()
        state = secrets.token_urlsafe(32)
        nonce = secrets.token_urlsafe(32)
        verifier = secrets.token_urlsafe(64)  # 86 characters: RFC 7636 asks 43 to 128
        async with self._client(redirect_uri, metadata) as client:
            url, _ = client.create_authorization_url(
                metadata["authorization_endpoint"],
                state=state,
                code_verifier=verifier,
                nonce=nonce,
            )
        pending = {"provider": self.name, "state": state, "nonce": nonce, "verifier": verifier}
        return url, pending

    async def finish(self, *, code: str, redirect_uri: str, pending: dict[str, Any]) -> dict:
        """Exchange the code (with the PKCE verifier) and return the checked ID token's claims."""
        metadata = await self.metadata()
        try:
            async with self._client(redirect_uri, metadata) as client:
                token = await client.fetch_token(
                    metadata["token_endpoint"],
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=pending["verifier"],
                    redirect_uri=redirect_uri,
                )
        except OAuthError as error:
            raise OidcError("code_refused", f"{self.config.label} refused the sign-in") from error
        except (httpx2.HTTPError, ValueError) as error:
            raise ProviderUnavailable(
                "provider_unavailable", f"{self.config.label} is not answering"
            ) from error
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise OidcError("no_id_token", f"{self.config.label} sent no ID token")
        return await self.validate_id_token(id_token, nonce=pending["nonce"])

    async def _decode(self, token: str) -> dict[str, Any]:
        """Check the signature against the provider's keys (fetched again for a new key id)."""
        algorithms = await self.algorithms()
        keys = await self.keys()
        try:
            header = json.loads(
                base64.urlsafe_b64decode(
                    token.split(".")[0] + "=" * (-len(token.split(".")[0]) % 4)
                )
            )
            kid = header.get("kid") if isinstance(header, dict) else None
        except (ValueError, binascii.Error):
            kid = None
        if kid is not None and all(key.kid != kid for key in keys.keys):
            keys = await self.keys(refresh=True)  # the provider may have rotated its keys
        try:
            decoded = jwt.decode(token, keys, algorithms=algorithms)
        except (JoseError, ValueError, TypeError, KeyError) as error:
            raise OidcError(
                "bad_signature", "the token's signature could not be checked"
            ) from error
        if not isinstance(decoded.claims, dict):
            raise OidcError("bad_token", "the token holds no claims")
        return decoded.claims

    def _check(self, claims: dict[str, Any], registry: jwt.JWTClaimsRegistry, what: str) -> None:
        try:
            registry.validate(claims)
        except JoseError as error:
            reason = "expired" if isinstance(error, ExpiredTokenError) else f"bad_{what}"
            raise OidcError(reason, f"the {what} is not valid ({error})") from error

    async def validate_id_token(self, token: str, *, nonce: str) -> dict[str, Any]:
        """The claims of an ID token for us: signature, iss, aud, azp, exp, iat and nonce."""
        claims = await self._decode(token)
        self._check(
            claims,
            jwt.JWTClaimsRegistry(
                leeway=LEEWAY_SECONDS,
                iss={"essential": True, "value": self.config.issuer},
                aud={"essential": True, "value": self.config.client_id},
                exp={"essential": True},
                iat={"essential": True},
                sub={"essential": True},
                nonce={"essential": True, "value": nonce},
            ),
            "id_token",
        )
        audience = claims["aud"]
        if isinstance(audience, list) and len(audience) > 1:
            if claims.get("azp") != self.config.client_id:
                raise OidcError("bad_id_token", "the ID token was issued to another client")
        return claims

    async def validate_access_token(self, token: str) -> dict[str, Any]:
        """The claims of a JWT access token for us: signature, iss, aud = client id, exp."""
        claims = await self._decode(token)
        self._check(
            claims,
            jwt.JWTClaimsRegistry(
                leeway=LEEWAY_SECONDS,
                iss={"essential": True, "value": self.config.issuer},
                aud={"essential": True, "value": self.config.client_id},
                exp={"essential": True},
                sub={"essential": True},
            ),
            "access_token",
        )
        return claims


class Registry:
    """The providers of one app, by name and by issuer."""

    def __init__(self, settings: Settings) -> None:
        self.providers = {p.name: Provider(p) for p in settings.oidc_providers}

    def get(self, name: str) -> Provider | None:
        return self.providers.get(name)

    def by_issuer(self, issuer: object) -> Provider | None:
        return next((p for p in self.providers.values() if p.config.issuer == issuer), None)

    def for_token(self, token: str) -> Provider | None:
        """The provider a bearer token says it comes from, if it is one of ours."""
        claims = unverified_claims(token)
        return self.by_issuer(claims.get("iss")) if claims else None


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
            person = (
                await Person.select(Person.id)
                .where(
                    (Person.email == email.strip().lower())
                    & (Person.kind == "professional")
                    & (Person.active == True)
                )
                .first()
            )
            if person is None:
                raise Refused("unknown_person", "no professional has this e-mail address")
            if await ExternalIdentity.exists().where(
                (ExternalIdentity.person == person["id"])
                & (ExternalIdentity.issuer == issuer)
                # The same account, linked a moment ago by a sign-in running alongside this
                # one, is not another account: the insert below meets it and carries on.
                & (ExternalIdentity.subject != subject)
            ):
                # Already linked to another account at this provider: never a second one.
                raise Refused("other_account", "the person signs in with another account here")
            found, matched_by = (uuid.uuid4(), person["id"]), "email"
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
