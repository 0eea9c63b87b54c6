"""What identity reads of the slices below it: people (tenancy) and a family's members
(families). Read only: a member's portal account is made by families' service, a person by
tenancy's."""

from __future__ import annotations

import uuid
from typing import Any

from careplan.access import permissions
from careplan.families.tables import Member
from careplan.identity.tables import Passkey
from careplan.tenancy.tables import Person


async def active_professional(email: str) -> uuid.UUID | None:
    """The active professional with this e-mail address, if there is one."""
    row = (
        await Person.select(Person.id)
        .where(
            (Person.email == email.strip().lower())
            & (Person.kind == "professional")
            & (Person.active == True)
        )
        .first()
    )
    return row["id"] if row else None


async def person_name(person_id: uuid.UUID) -> str | None:
    row = await Person.select(Person.name).where(Person.id == person_id).first()
    return row["name"] if row else None


async def family_member(family_id: uuid.UUID, member_id: Any) -> dict[str, Any]:
    """A member of this family, by the id a request names (404 for any other)."""
    await permissions.require_same_family(Member, [member_id], family_id, "member")
    return await Member.select().where(Member.id == uuid.UUID(str(member_id))).first()


async def member_portal(member_id: uuid.UUID) -> dict[str, Any] | None:
    """Whether a member may use the family portal: `portal_restricted` and `to_date`."""
    return (
        await Member.select(Member.portal_restricted, Member.to_date)
        .where(Member.id == member_id)
        .first()
    )


async def member_family(member_id: uuid.UUID) -> uuid.UUID | None:
    row = await Member.select(Member.family).where(Member.id == member_id).first()
    return row["family"] if row else None


async def family_people(family_id: uuid.UUID) -> dict[uuid.UUID, uuid.UUID]:
    """person -> member, for the family's members with a portal account."""
    rows = await Member.select(Member.id, Member.person).where(
        (Member.family == family_id) & Member.person.is_not_null()
    )
    return {row["person"]: row["id"] for row in rows}


_FAMILY_DEVICES_SQL = """
SELECT pk.id, pk.person, pk.device_name, pk.created_at, pk.last_used_at, pk.revoked_at,
       m.id AS member
FROM passkey pk JOIN member m ON m.person = pk.person
WHERE m.family = {}
ORDER BY pk.created_at DESC
"""


async def family_devices(family_id: uuid.UUID) -> list[dict[str, Any]]:
    """The passkeys (enrolled devices) of the family's members with a portal account, newest
    first, each with its member (a person is a member of a family at most once). One
    statement."""
    return await Passkey.raw(_FAMILY_DEVICES_SQL, family_id)
