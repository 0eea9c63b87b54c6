"""What the family's side of a meeting reads (read only): the family's meetings, a member's
own attendee row, the reports written for a meeting, a member's own view and scale, and the
decisions. Access is decided before these are called (`careplan.access.meeting_sight`); the
reads here never return who wrote a report, who raised anything, or a professional's scale.
"""

from __future__ import annotations

import uuid
from typing import Any

from careplan.families.tables import Member
from careplan.lib.columns import loaded
from careplan.meetings.tables import (
    Attendee,
    ChildDecision,
    Decision,
    Meeting,
    MeetingReport,
    MeetingScale,
)
from careplan.tenancy import queries as tenancy_reads

MEETING_COLUMNS = (
    Meeting.id,
    Meeting.family,
    Meeting.plan,
    Meeting.kind,
    Meeting.purpose,
    Meeting.starts_at,
    Meeting.location,
    Meeting.location_confidential,
    Meeting.how_to_join,
    Meeting.status,
    Meeting.pre_birth,
)


async def meetings_of(family_id: uuid.UUID) -> list[dict[str, Any]]:
    """The family's meetings, soonest last (newest first), with the version discussed."""
    return (
        await Meeting.select(*MEETING_COLUMNS, Meeting.version.number.as_alias("version_number"))
        .where(Meeting.family == family_id)
        .order_by(Meeting.starts_at, ascending=False)
    )


async def coming_meetings(family_id: uuid.UUID, since: Any, limit: int = 5) -> list[dict[str, Any]]:
    """The family's next few scheduled meetings (from `since`), soonest first: a bounded read
    whatever the family's history."""
    return (
        await Meeting.select(*MEETING_COLUMNS, Meeting.version.number.as_alias("version_number"))
        .where(
            (Meeting.family == family_id)
            & (Meeting.status == "scheduled")
            & (Meeting.starts_at >= since)
        )
        .order_by(Meeting.starts_at)
        .limit(limit)
    )


async def meeting(meeting_id: uuid.UUID, family_id: uuid.UUID) -> dict[str, Any] | None:
    return (
        await Meeting.select(*MEETING_COLUMNS, Meeting.version.number.as_alias("version_number"))
        .where((Meeting.id == meeting_id) & (Meeting.family == family_id))
        .first()
    )


async def my_attendance(
    family_id: uuid.UUID, member_id: uuid.UUID, meeting_ids: list[uuid.UUID] | None = None
) -> dict[uuid.UUID, dict]:
    """The member's attendee rows in the family's meetings (only in `meeting_ids` when given),
    by meeting."""
    where = (Attendee.family == family_id) & (Attendee.member == member_id)
    if meeting_ids is not None:
        if not meeting_ids:
            return {}
        where = where & Attendee.meeting.is_in(meeting_ids)
    rows = await Attendee.select(
        Attendee.id,
        Attendee.meeting,
        Attendee.excluded,
        Attendee.excluded_part,
        Attendee.interpreter,
    ).where(where)
    return {row["meeting"]: row for row in rows}


async def reports(meeting_id: uuid.UUID) -> list[dict[str, Any]]:
    """The meeting's reports with their audiences and the agency's name (never the author)."""
    rows = (
        await MeetingReport.select(
            MeetingReport.id,
            MeetingReport.by_kind,
            MeetingReport.member,
            MeetingReport.title,
            MeetingReport.body,
            MeetingReport.audience_kind,
            MeetingReport.audience_ids,
            MeetingReport.updated_at,
            MeetingReport.agency.name.as_alias("agency_name"),
        )
        .where(MeetingReport.meeting == meeting_id)
        .order_by(MeetingReport.created_at)
    )
    for row in rows:
        row["audience_ids"] = loaded(row["audience_ids"]) or []
    return rows


async def my_report(meeting_id: uuid.UUID, member_id: uuid.UUID) -> dict[str, Any] | None:
    """The member's own view before the meeting (their newest, should there be two)."""
    return (
        await MeetingReport.select(MeetingReport.id, MeetingReport.body, MeetingReport.updated_at)
        .where(
            (MeetingReport.meeting == meeting_id)
            & (MeetingReport.member == member_id)
            & (MeetingReport.by_kind == "member")
        )
        .order_by(MeetingReport.created_at, ascending=False)
        .first()
    )


async def my_scale(meeting_id: uuid.UUID, member_id: uuid.UUID) -> dict[str, Any] | None:
    """The member's own scale (never anyone else's)."""
    return (
        await MeetingScale.select(
            MeetingScale.id, MeetingScale.score, MeetingScale.reason, MeetingScale.updated_at
        )
        .where(
            (MeetingScale.meeting == meeting_id)
            & (MeetingScale.member == member_id)
            & (MeetingScale.by_kind != "professional")
        )
        .first()
    )


async def decision(meeting_id: uuid.UUID) -> dict[str, Any] | None:
    """The meeting-level decision: whether a plan is needed, its category, the next review
    (never the chair's notes: they are written for the professionals)."""
    return (
        await Decision.select(
            Decision.id, Decision.plan_needed, Decision.category, Decision.next_review_on
        )
        .where(Decision.meeting == meeting_id)
        .first()
    )


async def child_decisions(meeting_id: uuid.UUID) -> list[dict[str, Any]]:
    """The decision for each child, with the child's name."""
    return (
        await ChildDecision.select(
            ChildDecision.member,
            ChildDecision.plan_needed,
            ChildDecision.category,
            ChildDecision.next_review_on,
            ChildDecision.member.given_name.as_alias("given_name"),
            ChildDecision.member.known_as.as_alias("known_as"),
        )
        .where(ChildDecision.meeting == meeting_id)
        .order_by(ChildDecision.member.given_name)
    )


async def member_name(member_id: uuid.UUID) -> str:
    row = (
        await Member.select(Member.given_name, Member.family_name)
        .where(Member.id == member_id)
        .first()
    )
    return "" if row is None else f"{row['given_name']} {row['family_name']}".strip()


async def region_of(local_authority: uuid.UUID) -> str:
    """The local authority's bank-holiday region."""
    return await tenancy_reads.bank_holidays(local_authority)
