"""The parties' acknowledgements of a plan's latest version: what the plans slice asks before
a plan is "agreed" (`careplan.plans.acknowledgements`, registered by `careplan.wiring`)."""

from __future__ import annotations

import uuid

from careplan.meetings.tables import Agreement, Attendee, Meeting, MeetingView
from careplan.plans.states import Acknowledgements
from careplan.plans.tables import PlanVersion

PARENTS = ("parent", "carer")


def attended(row: dict) -> bool:
    """Whether an attendee was there: taken at the meeting, or (before attendance was taken
    in three kinds) marked attended without apologies."""
    if row["attendance"] is not None:
        return row["attendance"] == "present"
    return bool(row["attended"]) and not row["apologies"]


async def acknowledgements(plan_id: uuid.UUID) -> Acknowledgements:
    version = (
        await PlanVersion.select(PlanVersion.id, PlanVersion.number)
        .where(PlanVersion.plan == plan_id)
        .order_by(PlanVersion.number, ascending=False)
        .first()
    )
    if version is None:
        return Acknowledgements()
    meeting = (
        await Meeting.select(Meeting.id)
        .where(
            (Meeting.plan == plan_id)
            & (Meeting.version == version["id"])
            & (Meeting.status == "held")
        )
        .order_by(Meeting.starts_at, ascending=False)
        .first()
    )
    answered = await Agreement.select(
        Agreement.member, Agreement.member.role.as_alias("role")
    ).where(Agreement.version == version["id"])
    parents = len({row["member"] for row in answered if row["role"] in PARENTS})
    if meeting is None:
        return Acknowledgements.of(version["number"], False, (), (), parents)
    attendees = await Attendee.select(
        Attendee.id,
        Attendee.agency.name.as_alias("agency_name"),
        Attendee.attendance,
        Attendee.attended,
        Attendee.apologies,
    ).where((Attendee.meeting == meeting["id"]) & Attendee.agency.is_not_null())
    viewed = {
        row["attendee"]
        for row in await MeetingView.select(MeetingView.attendee).where(
            MeetingView.meeting == meeting["id"]
        )
    }
    attending = {a["agency_name"] for a in attendees if attended(a)}
    with_view = {a["agency_name"] for a in attendees if a["id"] in viewed}
    return Acknowledgements.of(version["number"], True, attending, with_view, parents)
