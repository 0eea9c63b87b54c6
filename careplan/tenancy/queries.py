"""Reads of tenancy's own tables for the slices above it and the edge."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from careplan.tenancy.tables import Person, StatutoryClock


async def people_by_email(emails: Iterable[str]) -> dict[str, uuid.UUID]:
    """e-mail -> person, for those of these addresses that someone has."""
    wanted = list(emails)
    if not wanted:
        return {}
    rows = await Person.select(Person.id, Person.email).where(Person.email.is_in(wanted))
    return {row["email"]: row["id"] for row in rows}


async def statutory_clocks(local_authorities: Iterable[uuid.UUID]) -> list[dict[str, Any]]:
    """The local authorities' own statutory clocks: local_authority, code, working_days,
    months. One statement."""
    authorities = list(local_authorities)
    if not authorities:
        return []
    marks = ", ".join("{}" for _ in authorities)
    return await StatutoryClock.raw(
        "SELECT local_authority, code, working_days, months FROM statutory_clock"
        f" WHERE local_authority IN ({marks})",
        *authorities,
    )
