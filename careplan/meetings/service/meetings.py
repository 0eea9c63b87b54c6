"""Meetings on a plan: arranging one with its chair and attendees, reading it, each
attendee's view of the version discussed (a dissent opens a disagreement), and the chair's
decisions, after which the meeting is held."""

from __future__ import annotations

import uuid
from typing import Any

from careplan.access.principal import Principal
from careplan.lib.clock import london_date, utc_now
from careplan.lib.errors import Conflict, Forbidden, Invalid, NotFound
from careplan.lib.uow import change
from careplan.meetings import quorum, rules, schemas
from careplan.meetings.queries import people
from careplan.meetings.service import child_decisions, disagreements, room_reads
from careplan.meetings.service.agreements import standing_disagreements
from careplan.meetings.service.presenting import (
    attendee_out,
    decision_out,
    disagreement_out,
    meeting_out,
    view_out,
)
from careplan.meetings.service.room_access import MeetingAccess, meeting_access, meeting_query
from careplan.meetings.tables import Attendee, Decision, Disagreement, Meeting, MeetingView
from careplan.plans import service as plan_service


def _view_query() -> Any:
    return MeetingView.select(
        *MeetingView.all_columns(), MeetingView.version.number.as_alias("version_number")
    )


def _decision_query() -> Any:
    return Decision.select(
        *Decision.all_columns(), Decision.version.number.as_alias("version_number")
    )


async def _meeting_access(principal: Principal, meeting_id: Any) -> MeetingAccess:
    """The team (or the family's managers), the meeting's chair and its invited professional
    attendees: anyone else gets 404."""
    return await meeting_access(principal, meeting_id)


# Arranging a meeting: careplan.meetings.service.arranging.


# ---------------------------------------------------------------------------- reading


async def _meeting_document(meeting_id: uuid.UUID) -> dict[str, Any]:
    meeting = await meeting_query().where(Meeting.id == meeting_id).first()
    attendees = (
        await Attendee.select()
        .where(Attendee.meeting == meeting_id)
        .order_by(Attendee.created_at)
        .order_by(Attendee.name)
    )
    views = (
        await _view_query()
        .where(MeetingView.meeting == meeting_id)
        .order_by(MeetingView.created_at)
    )
    decision = await _decision_query().where(Decision.meeting == meeting_id).first()
    opened = (
        await Disagreement.select()
        .where(Disagreement.meeting == meeting_id)
        .order_by(Disagreement.created_at)
    )
    return {
        **meeting_out(meeting),
        "family_disagreements": await standing_disagreements(meeting["plan"]),
        "attendees": [attendee_out(a) for a in attendees],
        "views": [view_out(v) for v in views],
        "decision": None
        if decision is None
        else {
            **decision_out(decision),
            "children": await child_decisions.of_decision(meeting["family"], decision["id"]),
        },
        "disagreements": [disagreement_out(d) for d in opened],
    }


async def get_meeting(principal: Principal, meeting_id: Any) -> dict[str, Any]:
    held = await _meeting_access(principal, meeting_id)
    document = await _meeting_document(held.meeting["id"])
    return {**document, **await room_reads.extras(principal.person_id, held)}


# ---------------------------------------------------------------------------- views


def _require_discussable(meeting: dict[str, Any]) -> None:
    if meeting["status"] == "cancelled":
        raise Invalid("meeting", "this meeting was cancelled")
    if meeting["version"] is None:
        raise Invalid(
            "version",
            "this meeting has no plan version to give views or decisions on: "
            "arrange it on a version of the plan",
        )


async def _attendee(
    principal: Principal, meeting: dict[str, Any], attendee_id: uuid.UUID
) -> tuple[dict[str, Any], uuid.UUID]:
    """The meeting's attendee (404 otherwise) and who raises a dissent of theirs: the
    attendee's person, else the member's, else whoever records it."""
    attendee = (
        await Attendee.select()
        .where((Attendee.id == attendee_id) & (Attendee.meeting == meeting["id"]))
        .first()
    )
    if attendee is None:
        raise NotFound("attendee")
    raised_by = attendee["person"] or principal.person_id
    if attendee["person"] is None and attendee["member"] is not None:
        raised_by = await people.person_of_member(attendee["member"]) or principal.person_id
    return attendee, raised_by


async def record_view(
    principal: Principal, meeting_id: Any, data: schemas.NewView
) -> dict[str, Any]:
    """An attendee's view of the version discussed; a dissent opens a disagreement."""
    held = await _meeting_access(principal, meeting_id)
    meeting = held.meeting
    _require_discussable(meeting)
    quorum.require_choice_if_inquorate(
        meeting["kind"], meeting["quorate"], meeting["inquorate_choice"]
    )
    reason = rules.check_view(data.view, data.reason)
    attendee, raised_by = await _attendee(principal, meeting, data.attendee)
    if not held.takes_record and attendee["person"] != principal.person_id:
        raise Forbidden("An invited attendee gives only their own view")
    view_id = uuid.uuid4()
    disagreement_id = None
    async with change() as work:
        existing = (
            await _view_query()
            .where(
                (MeetingView.meeting == meeting["id"]) & (MeetingView.attendee == attendee["id"])
            )
            .first()
        )
        if existing is not None:
            raise Conflict("view", view_out(existing))
        await MeetingView(
            id=view_id,
            family=held.family_id,
            meeting=meeting["id"],
            attendee=attendee["id"],
            version=meeting["version"],
            view=data.view,
            reason=reason,
            recorded_by=principal.person_id,
        ).save()
        work.touch(held.family_id)
        await work.audit(
            actor=principal.person_id,
            action="meeting_view.recorded",
            record_type="meeting_view",
            record_id=view_id,
            family=held.family_id,
            after={"attendee": attendee["id"], "view": data.view, "version": meeting["version"]},
        )
        if data.view == "dissent":
            disagreement_id = await disagreements.open_disagreement(
                work, principal, held.family_id, meeting["id"], view_id, raised_by, reason
            )
        work.event(held.family_id, "meeting.changed", meeting["id"])
    out = view_out(await _view_query().where(MeetingView.id == view_id).first())
    out["disagreement"] = (
        None if disagreement_id is None else await disagreements.document(disagreement_id)
    )
    return out


# ---------------------------------------------------------------------------- decisions


async def record_decision(
    principal: Principal, meeting_id: Any, data: schemas.NewDecision
) -> dict[str, Any]:
    """The chair's decisions on the version discussed; the meeting is then held."""
    held = await _meeting_access(principal, meeting_id)
    if not held.chair:
        raise Forbidden("Only the chair of this meeting can record its decisions")
    meeting = held.meeting
    _require_discussable(meeting)
    quorum.require_choice_if_inquorate(
        meeting["kind"], meeting["quorate"], meeting["inquorate_choice"]
    )
    held_on = london_date(meeting["starts_at"])
    rules.check_decision(data.plan_needed, data.category, data.next_review_on, held_on)
    children = await child_decisions.checked(
        held.family_id, meeting["plan"], held_on, data.children
    )
    decision_id = uuid.uuid4()
    async with change() as work:
        # Updating the meeting first locks its row (PostgreSQL): a second decision waits, then
        # finds the first.
        await Meeting.update(
            {
                Meeting.status: "held",
                Meeting.revision: Meeting.revision + 1,
                Meeting.updated_at: utc_now(),
            },
            use_auto_update=False,
        ).where(Meeting.id == meeting["id"])
        existing = await _decision_query().where(Decision.meeting == meeting["id"]).first()
        if existing is not None:
            raise Conflict("decision", decision_out(existing))
        await Decision(
            id=decision_id,
            family=held.family_id,
            meeting=meeting["id"],
            version=meeting["version"],
            plan_needed=data.plan_needed,
            category=data.category,
            next_review_on=data.next_review_on,
            notes=data.notes.strip(),
            decided_by=principal.person_id,
        ).save()
        await child_decisions.save(held.family_id, meeting["id"], decision_id, children)
        work.touch(held.family_id)
        await work.audit(
            actor=principal.person_id,
            action="decision.recorded",
            record_type="decision",
            record_id=decision_id,
            family=held.family_id,
            before={"status": meeting["status"]},
            after={
                "meeting": meeting["id"],
                "version": meeting["version"],
                "plan_needed": data.plan_needed,
                "category": data.category,
                "next_review_on": data.next_review_on,
                "status": "held",
                "children": children,
            },
        )
        needed = any(child["plan_needed"] for child in children) if children else data.plan_needed
        moved = rules.plan_state_after_decision(meeting["kind"], needed)
        if moved is not None:
            await plan_service.follow_meeting(
                work, principal.person_id, meeting["plan"], *moved, meeting["id"]
            )
        work.event(held.family_id, "meeting.changed", meeting["id"])
    row = await _decision_query().where(Decision.id == decision_id).first()
    out = decision_out(row)
    out["children"] = await child_decisions.of_decision(held.family_id, decision_id)
    return {**out, "meeting_status": "held"}
