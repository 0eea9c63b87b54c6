"""What the meeting room reads besides the meeting's own rows: its attendees' agencies (for
quorum), the family's previous conference, the children a decision is about, the local
settings of the room (quorum, the dissent window, the senior chair) and people's names."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from careplan.families.tables import EpisodeChild, Family, Member
from careplan.lib.columns import loaded
from careplan.meetings import quorum
from careplan.meetings.tables import Attendee, Meeting
from careplan.plans.tables import Plan, PlanVersion
from careplan.tenancy.tables import Agency, Person, RoleGrant

ROOM_SETTINGS = (quorum.SETTING, "dissent_window_hours", "senior_chair")

_SETTINGS_SQL = """
SELECT f.local_authority, s.key, s.value
FROM family f
LEFT JOIN local_setting s ON s.local_authority = f.local_authority AND s.key IN ({}, {}, {})
WHERE f.id = {}
"""


async def room_settings(family_id: uuid.UUID) -> tuple[uuid.UUID | None, dict[str, Any]]:
    """The family's local authority and its room settings that are set. One statement."""
    rows = await Meeting.raw(_SETTINGS_SQL, *ROOM_SETTINGS, family_id)
    if not rows:
        return None, {}
    values = {row["key"]: loaded(row["value"]) for row in rows if row["key"] is not None}
    return rows[0]["local_authority"], values


async def attendee_of(meeting_id: uuid.UUID, person_id: uuid.UUID) -> dict[str, Any] | None:
    """The principal's own attendee row at the meeting, if they were invited."""
    return (
        await Attendee.select()
        .where((Attendee.meeting == meeting_id) & (Attendee.person == person_id))
        .first()
    )


async def attendees(meeting_id: uuid.UUID) -> list[dict[str, Any]]:
    """The meeting's attendees with their agency's kind and name, in order."""
    return (
        await Attendee.select(
            *Attendee.all_columns(),
            Attendee.agency.kind.as_alias("agency_kind"),
            Attendee.agency.name.as_alias("agency_name"),
        )
        .where(Attendee.meeting == meeting_id)
        .order_by(Attendee.created_at)
        .order_by(Attendee.name)
    )


def presences(rows: Iterable[dict[str, Any]]) -> list[quorum.Presence]:
    return [
        quorum.Presence(
            agency=row["agency"],
            agency_kind=row["agency_kind"],
            agency_name=row["agency_name"] or "",
            attendance=row["attendance"],
            direct_contact=bool(row["direct_contact"]),
        )
        for row in rows
        if row["person"] is not None
    ]


async def previous_conference(meeting: dict[str, Any]) -> dict[str, Any] | None:
    """The family's conference before this one (not cancelled), if any."""
    return (
        await Meeting.select(Meeting.id, Meeting.quorate, Meeting.inquorate_choice)
        .where(
            (Meeting.family == meeting["family"])
            & (Meeting.id != meeting["id"])
            & Meeting.kind.is_in(list(quorum.CONFERENCES))
            & (Meeting.status != "cancelled")
            & (Meeting.starts_at < meeting["starts_at"])
        )
        .order_by(Meeting.starts_at, ascending=False)
        .first()
    )


async def children_of_plan(plan_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """The children the plan's episode is for, by member id, with their names."""
    plan = await Plan.select(Plan.episode).where(Plan.id == plan_id).first()
    if plan is None:
        return {}
    rows = await EpisodeChild.select(
        EpisodeChild.member,
        EpisodeChild.member.given_name.as_alias("given_name"),
        EpisodeChild.member.known_as.as_alias("known_as"),
    ).where(EpisodeChild.episode == plan["episode"])
    return {row["member"]: row["known_as"] or row["given_name"] for row in rows}


async def members(family_id: uuid.UUID) -> dict[uuid.UUID, dict[str, Any]]:
    """The family's members by id (name and role)."""
    rows = await Member.select(
        Member.id, Member.given_name, Member.family_name, Member.known_as, Member.role
    ).where(Member.family == family_id)
    return {row["id"]: row for row in rows}


async def names(person_ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = list({p for p in person_ids if p is not None})
    if not wanted:
        return {}
    rows = await Person.select(Person.id, Person.name).where(Person.id.is_in(wanted))
    return {row["id"]: row["name"] for row in rows}


async def agency_of(person_id: uuid.UUID) -> uuid.UUID | None:
    row = await Person.select(Person.agency).where(Person.id == person_id).first()
    return None if row is None else row["agency"]


async def agency_names(agency_ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = list({a for a in agency_ids if a is not None})
    if not wanted:
        return {}
    rows = await Agency.select(Agency.id, Agency.name).where(Agency.id.is_in(wanted))
    return {row["id"]: row["name"] for row in rows}


async def active_professional(person_id: Any) -> uuid.UUID | None:
    try:
        person_id = uuid.UUID(str(person_id))
    except ValueError:
        return None
    row = (
        await Person.select(Person.id)
        .where((Person.id == person_id) & (Person.active == True) & (Person.kind == "professional"))
        .first()
    )
    return None if row is None else row["id"]


async def manager_of_agency(
    local_authority: uuid.UUID, agency: uuid.UUID, not_these: Iterable[uuid.UUID]
) -> uuid.UUID | None:
    """The longest-serving manager of the agency in the local authority, other than these."""
    skip = list(not_these)
    query = RoleGrant.select(RoleGrant.person).where(
        (RoleGrant.role == "manager")
        & (RoleGrant.agency == agency)
        & (RoleGrant.local_authority == local_authority)
        & RoleGrant.revoked_at.is_null()
        & (RoleGrant.person.active == True)
    )
    if skip:
        query = query.where(RoleGrant.person.not_in(skip))
    row = await query.order_by(RoleGrant.created_at).first()
    return None if row is None else row["person"]


async def version_of(version_id: uuid.UUID) -> dict[str, Any] | None:
    """The meeting's fixed version: its number, label, fingerprint and stored content."""
    return (
        await PlanVersion.select(
            PlanVersion.id,
            PlanVersion.number,
            PlanVersion.label,
            PlanVersion.sha256,
            PlanVersion.content,
            PlanVersion.created_at,
        )
        .where(PlanVersion.id == version_id)
        .first()
    )


async def family_name(family_id: uuid.UUID) -> str:
    row = await Family.select(Family.name).where(Family.id == family_id).first()
    return "" if row is None else row["name"]
