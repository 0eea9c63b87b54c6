"""One-time codes: for a parent whose phone cannot hold a passkey, a short (shared-device)
session. The code alone identifies it: its first part is a handle from which the row's id is
derived (uuid5), its second a secret, so wrong tries count against that code.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any

from careplan.access import permissions
from careplan.access.principal import Principal, load_principal
from careplan.audit import service as audit
from careplan.families import service as families
from careplan.identity import queries, rules
from careplan.identity.rules import (
    HANDLE_ALPHABET,
    HANDLE_LENGTH,
    MAX_ATTEMPTS,
    normalise_code,
    same,
    sha256,
)
from careplan.identity.service import sessions
from careplan.identity.service.invitations import digits, invitable_member, portal_closed
from careplan.identity.tables import OneTimeCode
from careplan.lib.clock import utc_now
from careplan.lib.errors import Invalid, NotFound
from careplan.lib.uow import change

ONE_TIME_CODE_LIFETIME = dt.timedelta(minutes=15)


async def create_one_time_code(
    principal: Principal, family_id: Any, member_id: Any
) -> dict[str, Any]:
    access = (await permissions.professional_access(principal, family_id)).require_editor()
    member = await invitable_member(access, member_id)
    now = utc_now()
    for _ in range(10):
        handle = "".join(secrets.choice(HANDLE_ALPHABET) for _ in range(HANDLE_LENGTH))
        if not await OneTimeCode.exists().where(OneTimeCode.id == rules.code_id(handle)):
            break
    else:  # pragma: no cover - 20 million handles
        raise Invalid("member", "no code could be made: try again")
    code = f"{handle}-{digits(6)}"
    row = OneTimeCode(
        id=rules.code_id(handle),
        family=access.family_id,
        member=member["id"],
        code_sha256=sha256(normalise_code(code)),
        expires_at=now + ONE_TIME_CODE_LIFETIME,
        created_by=principal.person_id,
        created_at=now,
    )
    async with change():
        await row.save()
        await audit.record(
            actor=principal.person_id,
            action="one_time_code.created",
            record_type="one_time_code",
            record_id=row.id,
            family=access.family_id,
            local_authority=access.local_authority_id,
            after={"member": member["id"], "expires_at": row.expires_at},
        )
    return {"id": row.id, "member": member["id"], "code": code, "expires_at": row.expires_at}


async def _claim_one_time_code_attempt(code_id: uuid.UUID, now: dt.datetime) -> int | None:
    """Count one try at a one-time code before it is compared (as an invitation's code is,
    see invitations): the try's number, or None when the code is used, expired or out of
    tries."""
    rows = await (
        OneTimeCode.update(
            {OneTimeCode.failed_attempts: OneTimeCode.failed_attempts + 1}, use_auto_update=False
        )
        .where(
            (OneTimeCode.id == code_id)
            & OneTimeCode.used_at.is_null()
            & (OneTimeCode.expires_at > now)
            & (OneTimeCode.failed_attempts < MAX_ATTEMPTS)
        )
        .returning(OneTimeCode.failed_attempts)
    )
    return rows[0]["failed_attempts"] if rows else None


async def use_one_time_code(code: str, user_agent: str = "") -> str | None:
    """A short (shared-device) session for the member a one-time code was given to; returns the
    session cookie value, or None (the attempt is counted and audited). Every try is counted
    before the code is compared, so at most five codes are ever compared."""
    code = normalise_code(code)
    handle = code[:HANDLE_LENGTH]
    now = utc_now()
    async with change():
        code_id = rules.code_id(handle) if len(handle) == HANDLE_LENGTH else None
        attempt = await _claim_one_time_code_attempt(code_id, now) if code_id else None
        row = (
            await OneTimeCode.select().where(OneTimeCode.id == code_id).first() if code_id else None
        )
        live = row is not None and attempt is not None
        member = await queries.member_portal(row["member"]) if row is not None else None
        allowed = member is not None and not portal_closed(member)
        if row is not None and live and allowed and same(code, row["code_sha256"]):
            # The right code is not a failed try: give back the one counted above.
            await OneTimeCode.update(
                {
                    OneTimeCode.used_at: now,
                    OneTimeCode.failed_attempts: OneTimeCode.failed_attempts - 1,
                },
                use_auto_update=False,
            ).where(OneTimeCode.id == row["id"])
            person_id = await families.member_account(row["member"])
            await audit.record(
                actor=person_id,
                action="one_time_code.used",
                record_type="one_time_code",
                record_id=row["id"],
                family=row["family"],
                after={"member": row["member"]},
            )
        else:
            person_id = None
            await audit.record(
                actor=None,
                action="one_time_code.failed",
                record_type="one_time_code",
                record_id=row["id"] if row else "unknown",
                family=row["family"] if row else None,
                after={"reason": "wrong_code" if live else "not_live"},
            )
    if person_id is None:
        return None
    principal = await load_principal(person_id)
    if principal is None:
        raise NotFound("person")
    return await sessions.start(
        principal, user_agent=user_agent, shared_device=True, how="one_time_code"
    )
