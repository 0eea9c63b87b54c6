"""Server-side sessions: the cookie holds a random token, the database holds its hash.

A new token at every sign-in (so a token planted before sign-in is worth nothing), an idle
time-out and an absolute lifetime by kind, and an end that is recorded: sign-out, a revoked
device, a deactivated person. A parent who says the phone is not theirs alone gets a short
session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from careplan import db
from careplan.access.principal import (
    AUTHORITY_TABLE,
    GRANT_CURRENT,
    GRANT_FIELDS,
    GRANT_TABLE,
    PERSON_FIELDS,
    Principal,
    principal_of,
)
from careplan.audit import service as audit
from careplan.identity.tables import Session
from careplan.lib.replica import on_primary
from careplan.lib.uow import change

COOKIE = "careplan_session"
# (idle, absolute) lifetimes.
LIFETIMES = {
    "professional": (dt.timedelta(minutes=30), dt.timedelta(hours=12)),
    "family": (dt.timedelta(days=7), dt.timedelta(days=30)),
    "family_shared_device": (dt.timedelta(minutes=15), dt.timedelta(hours=1)),
}
# Why a member's sessions end when their family portal closes (they were restricted): the
# next request that brings such a session's cookie is told to clear the site (see
# `portal_closed`), whatever it asks. Said to no one: the parent is shown a neutral page.
PORTAL_CLOSED = "portal_closed"
# Writing last_seen_at on every request would make every read a write: once a minute is enough.
TOUCH_EVERY = dt.timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class ActiveSession:
    id: uuid.UUID
    principal: Principal
    kind: str
    shared_device: bool
    passkey_id: uuid.UUID | None = None  # the device it was signed in on, if by a passkey


async def start(
    principal: Principal,
    *,
    user_agent: str = "",
    shared_device: bool = False,
    how: str = "sign_in",
    passkey: uuid.UUID | None = None,
) -> str:
    """A new session for a principal who just proved who they are; returns the cookie value."""
    kind = "professional" if principal.is_professional else "family"
    lifetime_key = "family_shared_device" if kind == "family" and shared_device else kind
    idle, absolute = LIFETIMES[lifetime_key]
    token = secrets.token_urlsafe(32)
    now = _now()
    session = Session(
        id=uuid.uuid4(),
        person=principal.person_id,
        token_sha256=token_hash(token),
        kind=kind,
        passkey=passkey,
        shared_device=shared_device,
        last_seen_at=now,
        idle_seconds=int(idle.total_seconds()),
        expires_at=now + absolute,
        user_agent=user_agent[:300],
    )
    async with change():
        await session.save()
        await audit.record(
            actor=principal.person_id,
            action="session.started",
            record_type="session",
            record_id=session.id,
            after={"how": how, "kind": kind, "shared_device": shared_device},
        )
    return token


# The session with its person and, for a professional, their current role grants, in one
# statement (a row a grant; one row with no grant for a parent or someone who holds none).
# Written once, not built by the ORM on each request: it runs on every request, and building
# a joined select costs more than running it.
_SESSION = Session._meta.tablename
_PERSON = Session.person._foreign_key_meta.resolved_references._meta.tablename
_RESOLVE = (
    'SELECT s."id", s."person", s."kind", s."shared_device", s."passkey", s."expires_at", '
    's."last_seen_at", s."idle_seconds", '
    + ", ".join(f'p."{name}" AS "person_{name}"' for name in PERSON_FIELDS)
    + ", "
    + ", ".join(f'g."{name}" AS "grant_{name}"' for name in GRANT_FIELDS)
    + ', la."revision" AS "grant_rules_revision"'
    + f' FROM "{_SESSION}" s JOIN "{_PERSON}" p ON p."id" = s."person"'
    + f' LEFT JOIN "{GRANT_TABLE}" g ON g."person" = s."person"'
    + """ AND p."kind" = 'professional' AND """
    + GRANT_CURRENT.format(grant="g")
    + f' LEFT JOIN "{AUTHORITY_TABLE}" la ON la."id" = g."local_authority"'
    + """ WHERE s."token_sha256" = {} AND s."ended_at" IS NULL AND s."kind" <> 'pending'"""
)


@on_primary
async def resolve(token: str) -> ActiveSession | None:
    """The live session a cookie names, or None (unknown, ended, idle too long, expired).

    Read from the database on every request, never remembered between requests: a sign-out,
    a deactivation or an expiry elsewhere (another worker) takes effect at once."""
    # A pending session (an invitation link opened, no code yet) signs no one in.
    rows = await db.fetch(Session, _RESOLVE, token_hash(token))
    if not rows:
        return None
    row = rows[0]
    now = _now()
    if now >= row["expires_at"] or now - row["last_seen_at"] > dt.timedelta(
        seconds=row["idle_seconds"]
    ):
        await _end(row["id"], "timed_out")
        return None
    person = {name: row[f"person_{name}"] for name in PERSON_FIELDS}
    grants = [
        {name: one[f"grant_{name}"] for name in (*GRANT_FIELDS, "rules_revision")}
        for one in rows
        if one["id"] == row["id"] and one["grant_role"] is not None
    ]
    principal = await principal_of(row["person"], person, grants) if person["active"] else None
    if principal is None:
        await _end(row["id"], "deactivated")
        return None
    if now - row["last_seen_at"] > TOUCH_EVERY:
        await Session.update({Session.last_seen_at: now}).where(Session.id == row["id"])
    return ActiveSession(
        row["id"], principal, row["kind"], row["shared_device"], passkey_id=row["passkey"]
    )


@on_primary
async def portal_closed(token: str) -> bool:
    """Whether the session a cookie names was ended because its person's family portal closed
    (`PORTAL_CLOSED`). Asked only of a cookie that names no live session."""
    return await Session.exists().where(
        (Session.token_sha256 == token_hash(token)) & (Session.ended_reason == PORTAL_CLOSED)
    )


async def _end(session_id: uuid.UUID, reason: str) -> None:
    await Session.update({Session.ended_at: _now(), Session.ended_reason: reason}).where(
        (Session.id == session_id) & Session.ended_at.is_null()
    )


async def end(session_id: uuid.UUID, person_id: uuid.UUID, reason: str) -> bool:
    """End one of a person's own sessions. False when there was no such live session."""
    async with change():
        rows = (
            await Session.update({Session.ended_at: _now(), Session.ended_reason: reason})
            .where(
                (Session.id == session_id)
                & (Session.person == person_id)
                & Session.ended_at.is_null()
            )
            .returning(Session.id)
        )
        if rows:
            await audit.record(
                actor=person_id,
                action="session.ended",
                record_type="session",
                record_id=session_id,
                after={"reason": reason},
            )
    return bool(rows)


async def end_all(person_id: uuid.UUID, reason: str, actor: uuid.UUID | None = None) -> int:
    """End every live session of a person (deactivation, say)."""
    async with change():
        rows = (
            await Session.update({Session.ended_at: _now(), Session.ended_reason: reason})
            .where((Session.person == person_id) & Session.ended_at.is_null())
            .returning(Session.id)
        )
        await audit.record(
            actor=actor,
            action="sessions.ended",
            record_type="person",
            record_id=person_id,
            after={"reason": reason, "count": len(rows)},
        )
    return len(rows)


async def live_sessions(person_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = (
        await Session.select(
            Session.id,
            Session.kind,
            Session.created_at,
            Session.last_seen_at,
            Session.expires_at,
            Session.user_agent,
            Session.shared_device,
        )
        .where(
            (Session.person == person_id) & Session.ended_at.is_null() & (Session.kind != "pending")
        )
        .order_by(Session.last_seen_at, ascending=False)
    )
    now = _now()
    return [row for row in rows if row["expires_at"] > now]


async def sign_out(session: ActiveSession | None) -> None:
    """End the session a person signs out of (nothing to do when there is none)."""
    if session is not None:
        await end(session.id, session.principal.person_id, "signed_out")
