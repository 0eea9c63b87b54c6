"""A person's sign-in accounts and sessions as the slices below identity ask for them
(`careplan.tenancy.accounts`, `careplan.families.portal_accounts`): answered here and
registered by `careplan.wiring`. Those slices sit below identity, so they ask instead of
importing."""

from __future__ import annotations

import uuid

from careplan.identity.external import link
from careplan.identity.service import sessions
from careplan.lib.clock import utc_now
from careplan.notify import service as notify

__all__ = ["close_portal", "end_sessions", "link"]


async def end_sessions(person_id: uuid.UUID, reason: str, actor: uuid.UUID | None = None) -> int:
    return await sessions.end_all(person_id, reason, actor=actor)


async def close_portal(person_id: uuid.UUID, actor: uuid.UUID | None) -> dict[str, int]:
    """A member's portal closed (restricted): every session ends, marked so that the next
    request from their browser clears what it kept (`sessions.PORTAL_CLOSED`), and every
    push subscription of theirs is revoked. Inside the caller's change."""
    ended = await sessions.end_all(person_id, sessions.PORTAL_CLOSED, actor=actor)
    revoked = await notify.revoke_person_subscriptions(person_id, utc_now())
    return {"sessions": ended, "subscriptions": revoked}
