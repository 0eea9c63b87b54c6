"""A family's members as access sees them: who they are and whether they can read the
family portal (its account, whether it is in use, whether their portal is turned off).

For the slices below families (plans above all) that name members or share with them: a
plan's audience and what an item is about name members, and sharing a version gives each
member a view that only some of them can read. Access reads families' tables (the layout's
one exemption, see `careplan.access`), so those slices need not.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from careplan.access import permissions
from careplan.families.tables import Member
from careplan.lib.errors import NotFound
from careplan.lib.replica import on_primary


@on_primary
async def require_members(ids: Iterable[Any], family_id: uuid.UUID, field: str) -> None:
    """Every member id named in a body belongs to the family; one that does not answers 404
    naming the field."""
    await permissions.require_same_family(Member, ids, family_id, field)


async def members_of(family_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every member the family has had (those who left too, with `to_date`): id, names, role,
    `portal_restricted`, `person` (their portal account, or None) and `account_active`."""
    return await Member.select(
        Member.id,
        Member.given_name,
        Member.family_name,
        Member.known_as,
        Member.role,
        Member.portal_restricted,
        Member.to_date,
        Member.person,
        Member.person.active.as_alias("account_active"),
    ).where(Member.family == family_id)


async def person_of(member_id: Any, family_id: uuid.UUID) -> uuid.UUID | None:
    """The portal account of a member of the family (None without one); NotFound("member")
    for anyone else."""
    row = (
        await Member.select(Member.person)
        .where((Member.id == member_id) & (Member.family == family_id))
        .first()
    )
    if row is None:
        raise NotFound("member")
    return row["person"]


async def names(member_ids: Iterable[Any]) -> dict[uuid.UUID, dict[str, Any]]:
    """Each member's given name and role, by id (members of families already checked)."""
    wanted = list({uuid.UUID(str(i)) for i in member_ids})
    if not wanted:
        return {}
    rows = await Member.select(Member.id, Member.given_name, Member.role).where(
        Member.id.is_in(wanted)
    )
    return {row["id"]: row for row in rows}
