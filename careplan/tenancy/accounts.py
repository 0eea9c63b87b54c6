"""A person's sign-in accounts and sessions, as far as tenancy needs them.

Making a professional may name their accounts at OpenID providers, and deactivating one ends
their sessions: both are identity's records, and identity sits above tenancy. So tenancy
does not import identity: it states here what it needs, and identity answers
(`careplan.identity.accounts`, registered by `careplan.wiring`), the way plans asks families
about episodes.
"""

from __future__ import annotations

import uuid
from typing import Protocol


class Accounts(Protocol):
    """What identity answers (see the module's docstring)."""

    async def link(
        self,
        person_id: uuid.UUID,
        issuer: str,
        subject: str,
        *,
        actor: uuid.UUID | None,
        how: str,
        field: str = "sign_ins",
    ) -> uuid.UUID:
        """Link an account at a provider to a person, inside the caller's change; one
        account, one person (Invalid naming `field` otherwise)."""
        ...

    async def end_sessions(
        self, person_id: uuid.UUID, reason: str, actor: uuid.UUID | None = None
    ) -> int:
        """End every live session of a person; how many there were."""
        ...


_accounts: list[Accounts] = []


def use(accounts: Accounts) -> None:
    """Who answers for accounts (wiring only)."""
    _accounts[:] = [accounts]


def accounts() -> Accounts:
    if not _accounts:
        raise RuntimeError("no answer for sign-in accounts: import careplan.wiring first")
    return _accounts[0]
