"""What the chair's record of a meeting is made from (issue 18, item 9), read whole: the
meeting, its attendance, the version and the family's views of it, each agency's view, the
scales, the decisions, dissent, the family's own words and the corrections. Who reads which
part of it is decided by `careplan.meetings.record_rules` (pure) on what is read here."""

from __future__ import annotations

import json
import uuid
from typing import Any

from careplan.families.tables import Member
from careplan.lib.columns import loaded
from careplan.meetings.tables import (
    Agreement,
    Attendee,
    ChildDecision,
    ConferenceDissent,
    Decision,
    Meeting,
    MeetingAnnotation,
    MeetingReport,
    MeetingScale,
    MeetingView,
)
from careplan.plans.tables import FamilyView, Plan, PlanVersion
from careplan.tenancy.tables import Person


def _audience(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "audience_kind": row.pop("audience_kind"),
        "audience_ids": loaded(row.pop("audience_ids")),
    }


async def meeting_row(meeting_id: uuid.UUID) -> dict[str, Any] | None:
    return (
        await Meeting.select(
            *Meeting.all_columns(),
            Meeting.chair.name.as_alias("chair_name"),
            Meeting.chair.agency.name.as_alias("chair_agency"),
            Meeting.version.number.as_alias("version_number"),
            Meeting.version.sha256.as_alias("version_sha256"),
            Meeting.version.content.as_alias("version_content"),
            Meeting.plan.state.as_alias("plan_state"),
            Meeting.family.local_authority.as_alias("local_authority"),
            Meeting.family.name.as_alias("family_name"),
        )
        .where(Meeting.id == meeting_id)
        .first()
    )


async def _people(ids: set[Any]) -> dict[str, str]:
    wanted = [uuid.UUID(str(i)) for i in ids if i]
    if not wanted:
        return {}
    rows = await Person.select(Person.id, Person.name).where(Person.id.is_in(wanted))
    return {str(r["id"]): r["name"] for r in rows}


async def member_names(family_id: uuid.UUID) -> dict[str, str]:
    rows = await Member.select(
        Member.id, Member.given_name, Member.family_name, Member.known_as
    ).where(Member.family == family_id)
    return {
        str(r["id"]): f"{r['known_as'] or r['given_name']} {r['family_name']}".strip() for r in rows
    }


async def record_parts(meeting: dict[str, Any]) -> dict[str, Any]:
    """Every part of the record of `meeting` (a row of `meeting_row`), unfiltered."""
    meeting_id, version_id = meeting["id"], meeting["version"]
    attendees = (
        await Attendee.select(*Attendee.all_columns(), Attendee.agency.name.as_alias("agency_name"))
        .where(Attendee.meeting == meeting_id)
        .order_by(Attendee.created_at)
        .order_by(Attendee.name)
    )
    views = (
        await MeetingView.select(
            MeetingView.id,
            MeetingView.attendee,
            MeetingView.view,
            MeetingView.reason,
            MeetingView.attendee.name.as_alias("name"),
            MeetingView.attendee.agency.name.as_alias("agency_name"),
        )
        .where(MeetingView.meeting == meeting_id)
        .order_by(MeetingView.created_at)
    )
    scales = (
        await MeetingScale.select(
            *MeetingScale.all_columns(),
            MeetingScale.person.name.as_alias("person_name"),
            MeetingScale.agency.name.as_alias("agency_name"),
        )
        .where(MeetingScale.meeting == meeting_id)
        .order_by(MeetingScale.created_at)
    )
    for scale in scales:
        scale.update(_audience(scale))
    reports = (
        await MeetingReport.select(
            *MeetingReport.all_columns(), MeetingReport.agency.name.as_alias("agency_name")
        )
        .where(MeetingReport.meeting == meeting_id)
        .order_by(MeetingReport.created_at)
    )
    for report in reports:
        report.update(_audience(report))
    decision = (
        await Decision.select(*Decision.all_columns(), Decision.decided_by.name.as_alias("by"))
        .where(Decision.meeting == meeting_id)
        .first()
    )
    children = (
        await ChildDecision.select(
            *ChildDecision.all_columns(),
            ChildDecision.lead_social_worker.name.as_alias("lead_name"),
        )
        .where(ChildDecision.meeting == meeting_id)
        .order_by(ChildDecision.created_at)
        .output(load_json=True)
    )
    dissents = (
        await ConferenceDissent.select(
            *ConferenceDissent.all_columns(),
            ConferenceDissent.person.name.as_alias("person_name"),
            ConferenceDissent.agency.name.as_alias("agency_name"),
        )
        .where(ConferenceDissent.meeting == meeting_id)
        .order_by(ConferenceDissent.created_at)
    )
    annotations = (
        await MeetingAnnotation.select(
            *MeetingAnnotation.all_columns(), MeetingAnnotation.author.name.as_alias("by")
        )
        .where(MeetingAnnotation.meeting == meeting_id)
        .order_by(MeetingAnnotation.created_at)
    )
    family_views: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    if version_id is not None:
        family_views = await views_of_version(version_id)
        answers = await answers_on(version_id)
    core = {p for c in children for p in (loaded(c["core_group"]) or [])}
    return {
        "attendees": attendees,
        "views": views,
        "scales": scales,
        "reports": reports,
        "decision": decision,
        "children": children,
        "dissents": dissents,
        "annotations": annotations,
        "family_views": family_views,
        "answers": answers,
        "member_names": await member_names(meeting["family"]),
        "people": await _people(core),
        "version_document": (
            None if meeting["version_content"] is None else json.loads(meeting["version_content"])
        ),
    }


async def version_of_plan(plan_id: uuid.UUID, number: int) -> dict[str, Any] | None:
    return (
        await PlanVersion.select(
            PlanVersion.id,
            PlanVersion.family,
            PlanVersion.number,
            PlanVersion.sha256,
            PlanVersion.content,
            PlanVersion.created_at,
        )
        .where((PlanVersion.plan == plan_id) & (PlanVersion.number == number))
        .first()
    )


async def last_meeting_on(version_id: uuid.UUID) -> dict[str, Any] | None:
    """The last meeting held on the version (the one that discussed it), if any."""
    row = (
        await Meeting.select(Meeting.id)
        .where((Meeting.version == version_id) & (Meeting.status == "held"))
        .order_by(Meeting.starts_at, ascending=False)
        .first()
    )
    return None if row is None else await meeting_row(row["id"])


async def plan_family(plan_id: uuid.UUID) -> uuid.UUID | None:
    row = await Plan.select(Plan.family).where(Plan.id == plan_id).first()
    return None if row is None else row["family"]


async def views_of_version(version_id: uuid.UUID) -> list[dict[str, Any]]:
    """The family's views of a version (each member's, with its fingerprint and content)."""
    return await FamilyView.select(FamilyView.member, FamilyView.sha256, FamilyView.content).where(
        FamilyView.version == version_id
    )


async def answers_on(version_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every answer to a view of the version, oldest first."""
    return (
        await Agreement.select(
            Agreement.id,
            Agreement.member,
            Agreement.answer,
            Agreement.words,
            Agreement.view_sha256,
            Agreement.version_sha256,
            Agreement.created_at,
        )
        .where(Agreement.version == version_id)
        .order_by(Agreement.created_at)
    )
