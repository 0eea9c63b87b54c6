"""Reads of tenancy's own tables for the slices above it and the edge."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from careplan.lib.calendar import DEFAULT_REGION
from careplan.tenancy.tables import LocalAuthority, LocalSetting, Person, StatutoryClock


async def people_by_email(emails: Iterable[str]) -> dict[str, uuid.UUID]:
    """e-mail -> person, for those of these addresses that someone has."""
    wanted = list(emails)
    if not wanted:
        return {}
    rows = await Person.select(Person.id, Person.email).where(Person.email.is_in(wanted))
    return {row["email"]: row["id"] for row in rows}


async def statutory_clocks(local_authorities: Iterable[uuid.UUID]) -> list[dict[str, Any]]:
    """The local authorities' own statutory clocks: local_authority, bank_holidays (its
    region), code, working_days, months; a local authority with no clock of its own gives one
    row whose code is None. One statement."""
    authorities = list(local_authorities)
    if not authorities:
        return []
    marks = ", ".join("{}" for _ in authorities)
    return await StatutoryClock.raw(
        "SELECT la.id AS local_authority, la.bank_holidays, c.code, c.working_days, c.months"
        " FROM local_authority la LEFT JOIN statutory_clock c ON c.local_authority = la.id"
        f" WHERE la.id IN ({marks})",
        *authorities,
    )


async def clock(local_authority: uuid.UUID, code: str) -> dict[str, Any]:
    """One of the local authority's clocks as it set it: working_days and months (both None
    when it has no such clock), and bank_holidays, its region. One statement."""
    rows = await StatutoryClock.raw(
        "SELECT la.bank_holidays, c.working_days, c.months FROM local_authority la"
        " LEFT JOIN statutory_clock c ON c.local_authority = la.id AND c.code = {}"
        " WHERE la.id = {}",
        code,
        local_authority,
    )
    if not rows:
        return {"bank_holidays": DEFAULT_REGION, "working_days": None, "months": None}
    return rows[0]


async def bank_holidays(local_authority: uuid.UUID) -> str:
    """The local authority's bank-holiday region (careplan.lib.calendar.REGIONS)."""
    row = (
        await LocalAuthority.select(LocalAuthority.bank_holidays)
        .where(LocalAuthority.id == local_authority)
        .first()
    )
    return row["bank_holidays"] if row else DEFAULT_REGION


async def local_setting(local_authority: uuid.UUID, key: str) -> Any:
    """A local authority's setting under `key` (its JSON loaded), or None when it has none."""
    row = (
        await LocalSetting.select(LocalSetting.value)
        .where((LocalSetting.local_authority == local_authority) & (LocalSetting.key == key))
        .output(load_json=True)
        .first()
    )
    return None if row is None else row["value"]
