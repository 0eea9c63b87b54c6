"""What arranging a meeting reads (read only): the family's earlier meetings and the local
authority's clocks for its due date, a plan's meetings for its list, and the attendees and
reports of one meeting."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from careplan.families.queries.tenancy import professionals_working_for
from careplan.families.tables import Member, TeamMember
from careplan.lib.clock import london_date
from careplan.lib.columns import loaded
from careplan.meetings.tables import Attendee, Meeting, MeetingReport
from careplan.meetings.timing import CLOCK_CODES, Earlier
from careplan.plans.tables import Plan, PlanVersion
from careplan.tenancy import queries as tenancy
from careplan.tenancy.tables import Agency, StatutoryClock


async def earlier_meetings(family_id: uuid.UUID, before: dt.datetime) -> list[Earlier]:
    """The family's meetings (not cancelled) that start before `before`: kind and date."""
    rows = await Meeting.select(Meeting.kind, Meeting.starts_at).where(
        (Meeting.family == family_id)
        & (Meeting.status != "cancelled")
        & (Meeting.starts_at < before)
    )
    return [Earlier(row["kind"], london_date(row["starts_at"])) for row in rows]


async def clocks(
    local_authority: uuid.UUID,
) -> tuple[dict[str, tuple[int | None, int | None]], str]:
    """The local authority's own meeting clocks (code -> working days, months) and its
    bank-holiday region."""
    rows = await StatutoryClock.select(
        StatutoryClock.code, StatutoryClock.working_days, StatutoryClock.months
    ).where(
        (StatutoryClock.local_authority == local_authority)
        & StatutoryClock.code.is_in(list(CLOCK_CODES))
    )
    values = {row["code"]: (row["working_days"], row["months"]) for row in rows}
    return values, await tenancy.bank_holidays(local_authority)


def _summary_query() -> Any:
    return Meeting.select(
        Meeting.id,
        Meeting.kind,
        Meeting.pre_birth,
        Meeting.starts_at,
        Meeting.status,
        Meeting.chair,
        Meeting.chair.name.as_alias("chair_name"),
        Meeting.version.number.as_alias("version"),
        Meeting.version.sha256.as_alias("version_sha256"),
        Meeting.due_on,
        Meeting.location,
        Meeting.location_confidential,
    )


async def plan_meetings(plan_id: uuid.UUID) -> list[dict[str, Any]]:
    """A plan's meetings, by when they start."""
    return await _summary_query().where(Meeting.plan == plan_id).order_by(Meeting.starts_at)


async def family_meetings(family_id: uuid.UUID) -> list[dict[str, Any]]:
    """A family's meetings on any of its plans, by when they start."""
    return await _summary_query().where(Meeting.family == family_id).order_by(Meeting.starts_at)


async def version_meetings(version_id: uuid.UUID) -> list[dict[str, Any]]:
    """The meetings that discuss a version, by when they start."""
    return await _summary_query().where(Meeting.version == version_id).order_by(Meeting.starts_at)


async def invited_professional(
    meeting_id: uuid.UUID, person_id: uuid.UUID
) -> dict[str, Any] | None:
    """The professional's attendee row at the meeting, if they are invited."""
    return (
        await Attendee.select(Attendee.id, Attendee.agency)
        .where((Attendee.meeting == meeting_id) & (Attendee.person == person_id))
        .first()
    )


async def agencies_exist(ids: list[str]) -> bool:
    wanted = {uuid.UUID(i) for i in ids}
    rows = await Agency.select(Agency.id).where(Agency.id.is_in(list(wanted)))
    return len(rows) == len(wanted)


def _report_query() -> Any:
    return MeetingReport.select(
        *MeetingReport.all_columns(),
        MeetingReport.agency.name.as_alias("agency_name"),
        MeetingReport.author.name.as_alias("author_name"),
    )


async def reports(meeting_id: uuid.UUID) -> list[dict[str, Any]]:
    """The meeting's reports, oldest first, their audience ids loaded."""
    rows = (
        await _report_query()
        .where(MeetingReport.meeting == meeting_id)
        .order_by(MeetingReport.created_at)
    )
    return [{**row, "audience_ids": loaded(row["audience_ids"])} for row in rows]


async def report(report_id: uuid.UUID) -> dict[str, Any]:
    row = await _report_query().where(MeetingReport.id == report_id).first()
    return {**row, "audience_ids": loaded(row["audience_ids"])}


# ---------------------------------------------------------------------------- the pages


async def plan_and_family(plan_id: uuid.UUID) -> dict[str, Any]:
    """A plan's family (id and name) and its episode (kind, closed_on)."""
    return (
        await Plan.select(
            Plan.id,
            Plan.family,
            Plan.family.name.as_alias("family_name"),
            Plan.episode.kind.as_alias("episode_kind"),
            Plan.episode.closed_on.as_alias("closed_on"),
        )
        .where(Plan.id == plan_id)
        .first()
    )


async def open_plans(family_id: uuid.UUID) -> list[dict[str, Any]]:
    """The family's plans whose episode is open: id and the episode's kind."""
    return await Plan.select(Plan.id, Plan.episode.kind.as_alias("episode_kind")).where(
        (Plan.family == family_id) & Plan.episode.closed_on.is_null()
    )


async def versions_of(plan_id: uuid.UUID) -> list[dict[str, Any]]:
    """A plan's versions, newest first: number, label, sha256, when taken."""
    return (
        await PlanVersion.select(
            PlanVersion.number, PlanVersion.label, PlanVersion.sha256, PlanVersion.created_at
        )
        .where(PlanVersion.plan == plan_id)
        .order_by(PlanVersion.number, ascending=False)
    )


async def professionals(local_authority: uuid.UUID) -> list[dict[str, Any]]:
    """Every active professional working with the local authority (by agency, then name):
    the families slice's read of it, the same list the team's "add someone" page offers."""
    return await professionals_working_for(local_authority)


async def team_people(family_id: uuid.UUID) -> set[uuid.UUID]:
    rows = await TeamMember.select(TeamMember.person).where(
        (TeamMember.family == family_id) & TeamMember.left_on.is_null()
    )
    return {row["person"] for row in rows}


async def current_members(family_id: uuid.UUID) -> list[dict[str, Any]]:
    """The family's members now: id, names, role, language and interpreter."""
    return (
        await Member.select(
            Member.id,
            Member.given_name,
            Member.family_name,
            Member.known_as,
            Member.role,
            Member.relationship,
            Member.preferred_language,
            Member.interpreter_needed,
            Member.to_date,
        )
        .where(Member.family == family_id)
        .order_by(Member.given_name)
    )


async def meeting_context(meeting_id: uuid.UUID) -> dict[str, Any]:
    """What a meeting's page shows besides the meeting: the family's name, the chair's."""
    return (
        await Meeting.select(
            Meeting.family.name.as_alias("family_name"),
            Meeting.chair.name.as_alias("chair_name"),
            Meeting.chair.job_title.as_alias("chair_job_title"),
        )
        .where(Meeting.id == meeting_id)
        .first()
    )


async def version_id(plan_id: uuid.UUID, number: int) -> uuid.UUID | None:
    row = (
        await PlanVersion.select(PlanVersion.id)
        .where((PlanVersion.plan == plan_id) & (PlanVersion.number == number))
        .first()
    )
    return None if row is None else row["id"]
