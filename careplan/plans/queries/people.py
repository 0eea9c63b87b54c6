"""The people and agencies a plan's records name, read from tenancy's tables (a slice below
plans): the only place plans reads them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from careplan.tenancy.tables import Agency, Person


async def all_agencies_exist(ids: Iterable[str]) -> bool:
    """Whether every id names an agency (an audience of named agencies)."""
    wanted = [uuid.UUID(i) for i in ids]
    return await Agency.count().where(Agency.id.is_in(wanted)) == len(wanted)


async def agency_exists(agency_id: uuid.UUID) -> bool:
    return await Agency.exists().where(Agency.id == agency_id)


async def professional_exists(person_id: uuid.UUID) -> bool:
    return await Person.exists().where((Person.id == person_id) & (Person.kind == "professional"))
