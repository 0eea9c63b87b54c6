"""Parents joining the portal: invitations, and the pending session they open.

An invitation is a link and a code, given apart (the link by text, the code by voice, say).
Only their SHA-256 is stored. Opening the link swaps it at once for a short "pending"
session (its own cookie, kind "pending", which `sessions.resolve` never accepts as a
sign-in), so the token never sits in the browser's history. The right code then marks the
invitation used and lets the pending session register a passkey; five wrong codes end it.
The member's portal account is made (by families' service) when the link is first opened.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from careplan.access import permissions
from careplan.access.permissions import is_current
from careplan.access.principal import Principal
from careplan.audit import service as audit
from careplan.families import service as families
from careplan.identity import queries
from careplan.identity.rules import MAX_ATTEMPTS, normalise_code, same, sha256
from careplan.identity.service import sessions
from careplan.identity.tables import Invitation, Session
from careplan.lib.clock import utc_now
from careplan.lib.errors import Invalid
from careplan.lib.uow import change

INVITATION_LIFETIME = dt.timedelta(hours=72)
PENDING_LIFETIME = dt.timedelta(minutes=15)
PENDING_COOKIE = "careplan_pending"


def digits(count: int) -> str:
    return "".join(str(secrets.randbelow(10)) for _ in range(count))


def portal_closed(member: dict[str, Any]) -> bool:
    """A member restricted from the portal, or who has left the family: no link or code
    lets them in."""
    return member["portal_restricted"] or not is_current(member["to_date"], dt.date.today())


async def invitable_member(access: permissions.FamilyAccess, member_id: Any) -> dict[str, Any]:
    """A member of the family who may be let into the portal (for an invitation or a code)."""
    member = await queries.family_member(access.family_id, member_id)
    if member["portal_restricted"]:
        raise Invalid("member", "this member is restricted from the family portal")
    if not is_current(member["to_date"], dt.date.today()):
        raise Invalid("member", "this member has left the family")
    return member


async def create_invitation(
    principal: Principal, family_id: Any, member_id: Any, base_url: str
) -> dict[str, Any]:
    access = (await permissions.professional_access(principal, family_id)).require_editor()
    member = await invitable_member(access, member_id)
    token = secrets.token_urlsafe(32)
    code = digits(6)
    now = utc_now()
    invitation = Invitation(
        id=uuid.uuid4(),
        family=access.family_id,
        member=member["id"],
        token_sha256=sha256(token),
        code_sha256=sha256(code),
        expires_at=now + INVITATION_LIFETIME,
        created_by=principal.person_id,
        created_at=now,
    )
    async with change():
        await invitation.save()
        await audit.record(
            actor=principal.person_id,
            action="invitation.created",
            record_type="invitation",
            record_id=invitation.id,
            family=access.family_id,
            local_authority=access.local_authority_id,
            after={"member": member["id"], "expires_at": invitation.expires_at},
        )
    return {
        "id": invitation.id,
        "member": member["id"],
        "link": f"{base_url.rstrip('/')}/auth/invite/{token}",
        "code": code,
        "expires_at": invitation.expires_at,
    }


def _invitation_live(row: dict[str, Any], now: dt.datetime) -> bool:
    return row["used_at"] is None and row["ended_at"] is None and row["expires_at"] > now


async def open_invitation(token: str, user_agent: str = "") -> str | None:
    """Swap an invitation link's token for a pending session; returns its cookie value, or
    None when the link is unknown, used, ended or expired."""
    now = utc_now()
    row = await Invitation.select().where(Invitation.token_sha256 == sha256(token)).first()
    member = await queries.member_portal(row["member"]) if row is not None else None
    restricted = member is not None and portal_closed(member)
    if row is None or not _invitation_live(row, now) or restricted:
        async with change():
            await audit.record(
                actor=None,
                action="invitation.refused",
                record_type="invitation",
                record_id=row["id"] if row else "unknown",
                family=row["family"] if row else None,
                after={"reason": "unknown" if row is None else "not_live"},
            )
        return None
    pending = secrets.token_urlsafe(32)
    async with change():
        person_id = await families.member_account(row["member"])
        session = Session(
            id=uuid.uuid4(),
            person=person_id,
            token_sha256=sessions.token_hash(pending),
            kind="pending",
            data=json.dumps(
                {"invitation": str(row["id"]), "member": str(row["member"]), "stage": "code"}
            ),
            last_seen_at=now,
            idle_seconds=int(PENDING_LIFETIME.total_seconds()),
            expires_at=min(now + PENDING_LIFETIME, row["expires_at"]),
            user_agent=user_agent[:300],
            created_at=now,
        )
        await session.save()
        await audit.record(
            actor=None,
            action="invitation.opened",
            record_type="invitation",
            record_id=row["id"],
            family=row["family"],
            after={"pending_session": session.id},
        )
    return pending


@dataclass(frozen=True)
class Pending:
    id: uuid.UUID
    person_id: uuid.UUID
    invitation_id: uuid.UUID
    member_id: uuid.UUID
    stage: str  # "code", then "register"


async def pending_session(token: str | None) -> Pending | None:
    if not token:
        return None
    row = (
        await Session.select(Session.id, Session.person, Session.data, Session.expires_at)
        .where(
            (Session.token_sha256 == sessions.token_hash(token))
            & (Session.kind == "pending")
            & Session.ended_at.is_null()
        )
        .first()
    )
    if row is None or row["expires_at"] <= utc_now():
        return None
    data = row["data"] if isinstance(row["data"], dict) else json.loads(row["data"] or "{}")
    return Pending(
        id=row["id"],
        person_id=row["person"],
        invitation_id=uuid.UUID(data["invitation"]),
        member_id=uuid.UUID(data["member"]),
        stage=data.get("stage", "code"),
    )


async def end_pending(session_id: uuid.UUID, reason: str) -> None:
    """Inside the caller's change()."""
    await Session.update({Session.ended_at: utc_now(), Session.ended_reason: reason}).where(
        (Session.id == session_id) & Session.ended_at.is_null()
    )


@dataclass(frozen=True)
class CodeResult:
    ok: bool
    ended: bool = False
    attempts_left: int = 0


async def _claim_invitation_attempt(invitation_id: uuid.UUID, now: dt.datetime) -> int | None:
    """Count one try at an invitation's code before the code is compared: one conditional
    `UPDATE ... SET failed_attempts = failed_attempts + 1 WHERE ... < 5 RETURNING`, so that
    concurrent tries can never evaluate more than five codes (on PostgreSQL the row lock it
    takes makes a concurrent try wait and re-check the condition; on SQLite the write
    transaction is already serialised). Returns the try's number, or None when the invitation
    is used, ended, expired or out of tries. Inside the caller's change()."""
    rows = await (
        Invitation.update(
            {Invitation.failed_attempts: Invitation.failed_attempts + 1}, use_auto_update=False
        )
        .where(
            (Invitation.id == invitation_id)
            & Invitation.used_at.is_null()
            & Invitation.ended_at.is_null()
            & (Invitation.expires_at > now)
            & (Invitation.failed_attempts < MAX_ATTEMPTS)
        )
        .returning(Invitation.failed_attempts)
    )
    return rows[0]["failed_attempts"] if rows else None


async def check_invitation_code(pending: Pending, code: str) -> CodeResult:
    """The code given with the link: right, it marks the invitation used and lets the pending
    session register a passkey; wrong five times, it ends the invitation. Every try is counted
    before its code is compared, so at most five codes are ever compared."""
    now = utc_now()
    code = normalise_code(code)
    async with change():
        attempt = await _claim_invitation_attempt(pending.invitation_id, now)
        row = await Invitation.select().where(Invitation.id == pending.invitation_id).first()
        if attempt is None or row is None:
            await end_pending(pending.id, "invitation_not_live")
            await audit.record(
                actor=None,
                action="invitation.code_refused",
                record_type="invitation",
                record_id=pending.invitation_id,
                family=row["family"] if row else None,
                after={"reason": "not_live"},
            )
            return CodeResult(ok=False, ended=True)
        member = await queries.member_portal(row["member"])
        if code and same(code, row["code_sha256"]) and not portal_closed(member):
            # The right code is not a failed try: give back the one counted above.
            await Invitation.update(
                {
                    Invitation.used_at: now,
                    Invitation.failed_attempts: Invitation.failed_attempts - 1,
                },
                use_auto_update=False,
            ).where((Invitation.id == row["id"]) & Invitation.used_at.is_null())
            person_id = await families.member_account(row["member"])
            await Session.update(
                {
                    Session.data: json.dumps(
                        {
                            "invitation": str(row["id"]),
                            "member": str(row["member"]),
                            "stage": "register",
                        }
                    ),
                    Session.person: person_id,
                }
            ).where(Session.id == pending.id)
            await audit.record(
                actor=person_id,
                action="invitation.used",
                record_type="invitation",
                record_id=row["id"],
                family=row["family"],
                after={"member": row["member"]},
            )
            return CodeResult(ok=True)
        ended = attempt >= MAX_ATTEMPTS
        if ended:
            await Invitation.update(
                {Invitation.ended_at: now, Invitation.ended_reason: "too_many_attempts"},
                use_auto_update=False,
            ).where(Invitation.id == row["id"])
            await end_pending(pending.id, "too_many_attempts")
        await audit.record(
            actor=None,
            action="invitation.code_failed",
            record_type="invitation",
            record_id=row["id"],
            family=row["family"],
            after={"failed_attempts": attempt, "ended": ended},
        )
    return CodeResult(ok=False, ended=ended, attempts_left=MAX_ATTEMPTS - attempt)
