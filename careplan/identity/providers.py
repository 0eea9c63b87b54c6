"""OpenID providers: a small adapter on Authlib's async client, one per configured provider.

Authlib has no Litestar integration, so this module does what its framework mixins would:
discovery from `/.well-known/openid-configuration`, the authorization code flow with PKCE
(S256), `state` and `nonce`, the code exchanged through `AsyncOAuth2Client`, and the ID token
checked with joserfc against the provider's JWKS (signature, iss, aud, exp, iat, nonce).
Bearer tokens of a configured provider (JWT access tokens) are checked the same way
(signature, iss, aud = our client id, exp). No database: who the claims name is the
service's business (careplan.identity.service.oidc).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import secrets
import time
from typing import Any

import httpx2
from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuthError
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import KeySet

from careplan.settings import OidcProvider, Settings

DISCOVERY_PATH = "/.well-known/openid-configuration"
SCOPE = "openid email profile"
# Only asymmetric signatures: an HMAC one would be keyed by the client secret.
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
LEEWAY_SECONDS = 60  # clock skew between us and the provider
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
