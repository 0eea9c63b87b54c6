"""Passkeys (WebAuthn, with the `webauthn` package): registration, sign-in, a family's devices.

The relying party is CAREPLAN_BASE_URL: its hostname is the RP ID and the URL itself the only
origin accepted. Challenges are single-use, expire in five minutes and are stored hashed; the
challenge of a response is found by parsing its clientDataJSON (never by comparing bytes),
consumed at once, and only then is the response verified, so a replay is refused. User
verification is required.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any
from urllib.parse import urlsplit

from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url, parse_client_data_json
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from careplan.access import permissions
from careplan.access.principal import Principal, load_principal
from careplan.audit import service as audit
from careplan.identity import queries
from careplan.identity.service.invitations import Pending, end_pending
from careplan.identity.tables import Passkey, Session, WebAuthnChallenge
from careplan.lib.clock import utc_now
from careplan.lib.errors import Invalid, NotFound
from careplan.lib.uow import change
from careplan.notify import service as notify

CHALLENGE_LIFETIME = dt.timedelta(minutes=5)
RP_NAME = "Careplan"


class PasskeyRefused(Exception):
    """A passkey response that cannot be accepted; the reason is for the audit trail only."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def relying_party(base_url: str) -> tuple[str, str]:
    """(RP ID, origin) of the service at base_url."""
    parts = urlsplit(base_url)
    return parts.hostname or "localhost", f"{parts.scheme}://{parts.netloc}"


def _challenge_hash(challenge: bytes) -> str:
    return hashlib.sha256(challenge).hexdigest()


async def _store_challenge(challenge: bytes, purpose: str, person: uuid.UUID | None) -> None:
    now = utc_now()
    await WebAuthnChallenge(
        id=uuid.uuid4(),
        person=person,
        purpose=purpose,
        challenge_sha256=_challenge_hash(challenge),
        expires_at=now + CHALLENGE_LIFETIME,
        created_at=now,
    ).save()


def _response_challenge(credential: dict[str, Any]) -> bytes:
    try:
        client_data = parse_client_data_json(
            base64url_to_bytes(credential["response"]["clientDataJSON"])
        )
    except Exception as error:  # any malformed response is refused the same way
        raise PasskeyRefused("malformed_client_data") from error
    return client_data.challenge


async def _consume_challenge(
    credential: dict[str, Any], purpose: str, person: uuid.UUID | None
) -> bytes:
    """The response's challenge, if it is one we issued for this purpose and is still unused;
    it is marked used now, whatever the verification then says."""
    challenge = _response_challenge(credential)
    now = utc_now()
    condition = (
        (WebAuthnChallenge.challenge_sha256 == _challenge_hash(challenge))
        & (WebAuthnChallenge.purpose == purpose)
        & WebAuthnChallenge.used_at.is_null()
        & (WebAuthnChallenge.expires_at > now)
    )
    if person is not None:
        condition = condition & (WebAuthnChallenge.person == person)
    async with change():
        rows = (
            await WebAuthnChallenge.update({WebAuthnChallenge.used_at: now})
            .where(condition)
            .returning(WebAuthnChallenge.id)
        )
    if not rows:
        raise PasskeyRefused("unknown_or_used_challenge")
    return challenge


async def _refused(action: str, reason: str, person: Any = None) -> None:
    async with change():
        await audit.record(
            actor=person,
            action=action,
            record_type="passkey",
            record_id="refused",
            after={"reason": reason},
        )


# --- registration --------------------------------------------------------------------------


async def registration_options(pending: Pending, base_url: str) -> str:
    rp_id, _ = relying_party(base_url)
    name = await queries.person_name(pending.person_id)
    name = "Parent" if name is None else name
    existing = await Passkey.select(Passkey.credential_id).where(
        (Passkey.person == pending.person_id) & Passkey.revoked_at.is_null()
    )
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=RP_NAME,
        user_id=pending.person_id.bytes,
        user_name=name,
        user_display_name=name,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(row["credential_id"]))
            for row in existing
        ],
        timeout=int(CHALLENGE_LIFETIME.total_seconds() * 1000),
    )
    async with change():
        await _store_challenge(options.challenge, "register", pending.person_id)
    return options_to_json(options)


async def register(
    pending: Pending, credential: dict[str, Any], base_url: str, device_name: str = ""
) -> uuid.UUID:
    """Verify a new passkey for the pending session's person and store it; returns its id.
    The parent's other devices are told; the pending session ends."""
    rp_id, origin = relying_party(base_url)
    try:
        challenge = await _consume_challenge(credential, "register", pending.person_id)
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            require_user_verification=True,
        )
    except PasskeyRefused as refusal:
        await _refused("passkey.register_refused", refusal.reason, pending.person_id)
        raise
    except (InvalidRegistrationResponse, KeyError, TypeError, ValueError) as error:
        await _refused("passkey.register_refused", "invalid_response", pending.person_id)
        raise PasskeyRefused("invalid_response") from error
    credential_id = bytes_to_base64url(verified.credential_id)
    if await Passkey.exists().where(Passkey.credential_id == credential_id):
        await _refused("passkey.register_refused", "known_credential", pending.person_id)
        raise PasskeyRefused("known_credential")
    transports = credential.get("response", {}).get("transports") or []
    now = utc_now()
    passkey = Passkey(
        id=uuid.uuid4(),
        person=pending.person_id,
        credential_id=credential_id,
        public_key=bytes_to_base64url(verified.credential_public_key),
        sign_count=verified.sign_count,
        transports=json.dumps([str(t) for t in transports][:10]),
        device_name=device_name[:120],
        last_used_at=now,
        created_at=now,
    )
    family_id = await queries.member_family(pending.member_id)
    async with change():
        await passkey.save()
        others = await Passkey.select(Passkey.id, Passkey.person).where(
            (Passkey.person == pending.person_id)
            & Passkey.revoked_at.is_null()
            & (Passkey.id != passkey.id)
        )
        for other in others:
            await notify.enqueue(
                other["person"],
                "device.added",
                family_id=family_id,
                ids={"passkey": passkey.id, "device": other["id"]},
                deliver_after=now,
            )
        await end_pending(pending.id, "passkey_registered")
        await audit.record(
            actor=pending.person_id,
            action="passkey.added",
            record_type="passkey",
            record_id=passkey.id,
            family=family_id,
            after={
                "person": pending.person_id,
                "invitation": pending.invitation_id,
                "devices_told": len(others),
            },
        )
    return passkey.id


# --- sign-in -------------------------------------------------------------------------------


async def authentication_options(base_url: str) -> str:
    rp_id, _ = relying_party(base_url)
    options = generate_authentication_options(
        rp_id=rp_id,
        user_verification=UserVerificationRequirement.REQUIRED,
        timeout=int(CHALLENGE_LIFETIME.total_seconds() * 1000),
    )
    async with change():
        await _store_challenge(options.challenge, "sign_in", None)
    return options_to_json(options)


async def authenticate(credential: dict[str, Any], base_url: str) -> tuple[Principal, uuid.UUID]:
    """The principal and passkey a sign-in response proves, or PasskeyRefused."""
    rp_id, origin = relying_party(base_url)
    try:
        challenge = await _consume_challenge(credential, "sign_in", None)
        raw_id = bytes_to_base64url(base64url_to_bytes(str(credential["rawId"])))
    except PasskeyRefused as refusal:
        await _refused("passkey.sign_in_refused", refusal.reason)
        raise
    except (KeyError, TypeError, ValueError) as error:
        await _refused("passkey.sign_in_refused", "invalid_response")
        raise PasskeyRefused("invalid_response") from error
    row = (
        await Passkey.select()
        .where((Passkey.credential_id == raw_id) & Passkey.revoked_at.is_null())
        .first()
    )
    if row is None:
        await _refused("passkey.sign_in_refused", "unknown_or_revoked_passkey")
        raise PasskeyRefused("unknown_or_revoked_passkey")
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=base64url_to_bytes(row["public_key"]),
            credential_current_sign_count=row["sign_count"],
            require_user_verification=True,
        )
    except (InvalidAuthenticationResponse, KeyError, TypeError, ValueError) as error:
        await _refused("passkey.sign_in_refused", "invalid_response", row["person"])
        raise PasskeyRefused("invalid_response") from error
    user_handle = (credential.get("response") or {}).get("userHandle")
    if user_handle and base64url_to_bytes(str(user_handle)) != row["person"].bytes:
        await _refused("passkey.sign_in_refused", "user_handle_mismatch", row["person"])
        raise PasskeyRefused("user_handle_mismatch")
    principal = await load_principal(row["person"])
    if principal is None:
        await _refused("passkey.sign_in_refused", "inactive_person", row["person"])
        raise PasskeyRefused("inactive_person")
    await Passkey.update(
        {Passkey.sign_count: verified.new_sign_count, Passkey.last_used_at: utc_now()}
    ).where(Passkey.id == row["id"])
    return principal, row["id"]


# --- a family's devices, for its key worker ------------------------------------------------


async def list_devices(principal: Principal, family_id: Any) -> list[dict[str, Any]]:
    access = await permissions.professional_access(principal, family_id)
    return await queries.family_devices(access.family_id)


async def revoke_device(principal: Principal, family_id: Any, passkey_id: Any) -> None:
    """Revoke one device: its sessions end and its push subscriptions stop."""
    access = (await permissions.professional_access(principal, family_id)).require_editor()
    try:
        passkey_uuid = uuid.UUID(str(passkey_id))
    except ValueError as error:
        raise NotFound("device") from error
    people = await queries.family_people(access.family_id)
    row = (
        await Passkey.select(Passkey.id, Passkey.person, Passkey.revoked_at)
        .where(Passkey.id == passkey_uuid)
        .first()
    )
    if row is None or row["person"] not in people:
        raise NotFound("device")
    if row["revoked_at"] is not None:
        raise Invalid("passkey_id", "this device is already revoked")
    now = utc_now()
    async with change():
        await Passkey.update(
            {Passkey.revoked_at: now, Passkey.revoked_by: principal.person_id}
        ).where(Passkey.id == passkey_uuid)
        ended = (
            await Session.update({Session.ended_at: now, Session.ended_reason: "device_revoked"})
            .where((Session.passkey == passkey_uuid) & Session.ended_at.is_null())
            .returning(Session.id)
        )
        pushes = await notify.revoke_passkey_subscriptions(passkey_uuid, now)
        await audit.record(
            actor=principal.person_id,
            action="passkey.revoked",
            record_type="passkey",
            record_id=passkey_uuid,
            family=access.family_id,
            local_authority=access.local_authority_id,
            after={
                "member": people[row["person"]],
                "sessions_ended": len(ended),
                "push_subscriptions_revoked": pushes,
            },
        )
