"""A person's sign-in accounts and sessions as tenancy asks for them
(`careplan.tenancy.accounts`): answered here and registered by `careplan.wiring`. Tenancy sits
below identity, so it asks instead of importing."""

from __future__ import annotations

import uuid

from careplan.identity.external import link
from careplan.identity.service import sessions

__all__ = ["end_sessions", "link"]


async def end_sessions(person_id: uuid.UUID, reason: str, actor: uuid.UUID | None = None) -> int:
    return await sessions.end_all(person_id, reason, actor=actor)
