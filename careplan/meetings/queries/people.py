"""What the meetings slice reads of families and tenancy: the family's members and key
worker, and the professionals who may chair or attend a meeting. Read only."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from careplan.access import permissions
from careplan.families.tables import Member, TeamMember
from careplan.lib.errors import NotFound
from careplan.tenancy.tables import AgencyAuthority, Person, RoleGrant


async def key_worker(family_id: uuid.UUID) -> uuid.UUID | None:
    """The family's key worker now, if it has one."""
    row = (
        await TeamMember.select(TeamMember.person)
        .where(
            (TeamMember.family == family_id)
            & (TeamMember.key_worker == True)
            & TeamMember.left_on.is_null()
        )
        .first()
    )
    return row["person"] if row else None


async def professional_in(
    local_authority_id: uuid.UUID, person_id: uuid.UUID, field: str
) -> dict[str, Any]:
    """An active professional whose agency works with this local authority, else 404."""
    person = (
        await Person.select(Person.id, Person.name, Person.agency, Person.kind, Person.active)
        .where(Person.id == person_id)
        .first()
    )
    if (
        person is None
        or person["kind"] != "professional"
        or not person["active"]
        or person["agency"] is None
    ):
        raise NotFound(field)
    works_here = await AgencyAuthority.exists().where(
        (AgencyAuthority.agency == person["agency"])
        & (AgencyAuthority.local_authority == local_authority_id)
    )
    if not works_here:
        raise NotFound(field)
    return person


async def member_of_family(
    member_id: uuid.UUID, family_id: uuid.UUID, field: str
) -> dict[str, Any]:
    """A member of this family (id, given and family name), else 404 naming the field."""
    await permissions.require_same_family(Member, [member_id], family_id, field)
    return (
        await Member.select(Member.id, Member.given_name, Member.family_name)
        .where(Member.id == member_id)
        .first()
    )


async def person_of_member(member_id: uuid.UUID) -> uuid.UUID | None:
    """The person a member signs in as, if they have one."""
    row = await Member.select(Member.person).where(Member.id == member_id).first()
    return (row or {}).get("person")


async def members_of_family(family_id: uuid.UUID) -> list[dict[str, Any]]:
    """The family's members: id, names and role."""
    return await Member.select(
        Member.id, Member.given_name, Member.family_name, Member.known_as, Member.role
    ).where(Member.family == family_id)


async def member_names(member_ids: Iterable[Any]) -> dict[Any, dict[str, Any]]:
    """member -> their names (given, family, known as)."""
    rows = await Member.select(
        Member.id, Member.given_name, Member.family_name, Member.known_as
    ).where(Member.id.is_in(list(member_ids)))
    return {row["id"]: row for row in rows}


async def ties_to_team(
    family_id: uuid.UUID, local_authority_id: uuid.UUID, person_id: uuid.UUID
) -> tuple[bool, bool]:
    """Whether the person is on the family's team now, and whether they manage (a manager's
    role, not revoked, in the local authority) an agency someone of the team is from."""
    team = await TeamMember.select(TeamMember.person, TeamMember.agency).where(
        (TeamMember.family == family_id) & TeamMember.left_on.is_null()
    )
    managed = await RoleGrant.select(RoleGrant.agency).where(
        (RoleGrant.person == person_id)
        & (RoleGrant.role == "manager")
        & (RoleGrant.local_authority == local_authority_id)
        & RoleGrant.revoked_at.is_null()
    )
    agencies = {row["agency"] for row in managed if row["agency"] is not None}
    on_team = any(row["person"] == person_id for row in team)
    return on_team, any(row["agency"] in agencies for row in team)
