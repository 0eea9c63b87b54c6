"""Who chairs a meeting of which family: what access asks (`careplan.access.chairs`). The
reads run for any professional who reaches a family neither through its team nor as a
manager, and for every caseload, so they are built once (careplan.db.Prepared)."""

from __future__ import annotations

import uuid

from careplan import db
from careplan.meetings.tables import Meeting

_FAMILY, _PERSON = db.marker(), db.marker()

_CHAIRS = db.Prepared(
    Meeting.select(Meeting.id)
    .where(
        (Meeting.family == _FAMILY) & (Meeting.chair == _PERSON) & (Meeting.status != "cancelled")
    )
    .first(),
    _FAMILY,
    _PERSON,
)
_CHAIRED = db.Prepared(
    Meeting.select(Meeting.family, Meeting.family.revision.as_alias("revision")).where(
        (Meeting.chair == _PERSON) & (Meeting.status != "cancelled")
    ),
    _PERSON,
)


async def chairs(family_id: uuid.UUID, person_id: uuid.UUID) -> bool:
    return bool(await _CHAIRS.rows(family_id, person_id))


async def chaired_families(person_id: uuid.UUID) -> dict[uuid.UUID, int]:
    return {row["family"]: row["revision"] for row in await _CHAIRED.rows(person_id)}
