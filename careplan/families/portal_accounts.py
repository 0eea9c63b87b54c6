"""A member's portal account, as far as families needs it when a member's portal closes.

Restricting a member from the portal (or ending their membership) must take effect at once:
their sessions end and no push reaches their phones. Sessions are identity's records and
identity sits above families, so families does not import it: it states here what it needs,
and identity answers (`careplan.identity.accounts`, registered by `careplan.wiring`), the way
tenancy asks identity to end a deactivated person's sessions.
"""

from __future__ import annotations

import uuid
from typing import Protocol


class PortalAccounts(Protocol):
    """What identity answers (see the module's docstring)."""

    async def close_portal(self, person_id: uuid.UUID, actor: uuid.UUID | None) -> dict[str, int]:
        """Inside the caller's change: end every live session of the person (so that the next
        request from their phone clears what it kept) and stop every push to their devices.
        How many of each there were: `sessions`, `subscriptions`."""
        ...


_accounts: list[PortalAccounts] = []


def use(accounts: PortalAccounts) -> None:
    """Who answers for portal accounts (wiring only)."""
    _accounts[:] = [accounts]


async def close_portal(person_id: uuid.UUID, actor: uuid.UUID | None) -> dict[str, int]:
    if not _accounts:
        raise RuntimeError("no answer for portal accounts: import careplan.wiring first")
    return await _accounts[0].close_portal(person_id, actor)
