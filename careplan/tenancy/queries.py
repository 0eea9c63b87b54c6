"""Reads of tenancy's own tables for the slices above it and the edge."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from careplan.tenancy.tables import Person


async def people_by_email(emails: Iterable[str]) -> dict[str, uuid.UUID]:
    """e-mail -> person, for those of these addresses that someone has."""
    wanted = list(emails)
    if not wanted:
        return {}
    rows = await Person.select(Person.id, Person.email).where(Person.email.is_in(wanted))
    return {row["email"]: row["id"] for row in rows}
