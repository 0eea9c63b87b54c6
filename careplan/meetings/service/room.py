"""In the meeting: attendance and quorum, the scales (blind until the chair reveals them).

Views and the chair's decisions are `careplan.meetings.service.meetings`; dissent from a
conference's decision is `careplan.meetings.service.dissents`. Access is decided by
`careplan.access.permissions` (`meeting_room`, `require_team_or_chair`,
`require_meeting_chair`); each use case is one change with its audit event."""

from __future__ import annotations

import uuid
from typing import Any

from careplan.access import permissions
from careplan.access.principal import Principal
from careplan.lib.clock import utc_now
from careplan.lib.errors import Forbidden, Invalid, NotFound
from careplan.lib.uow import change
from careplan.meetings import quorum, room_rules, schemas
from careplan.meetings.queries import people
from careplan.meetings.queries import room as room_reads
from careplan.meetings.service import meetings
from careplan.meetings.service import room_reads as shown
from careplan.meetings.service.room_access import MeetingAccess, meeting_access
from careplan.meetings.tables import Attendee, Meeting, MeetingScale


def _require_open(meeting: dict[str, Any]) -> None:
    if meeting["status"] == "cancelled":
        raise Invalid("meeting", "this meeting was cancelled")


async def _lock(meeting_id: uuid.UUID) -> dict[str, Any]:
    """Inside a change: bump the meeting's revision (its row is held until commit on
    PostgreSQL; SQLite's writes are serial) and read it again as it is now."""
    await Meeting.update(
        {Meeting.revision: Meeting.revision + 1, Meeting.updated_at: utc_now()},
        use_auto_update=False,
    ).where(Meeting.id == meeting_id)
    return await Meeting.select().where(Meeting.id == meeting_id).first()


# ---------------------------------------------------------------------------- attendance


async def _attendance_rows(
    meeting_id: uuid.UUID, given: list[schemas.AttendanceIn]
) -> list[tuple[dict[str, Any], schemas.AttendanceIn]]:
    rows = {row["id"]: row for row in await room_reads.attendees(meeting_id)}
    seen: set[uuid.UUID] = set()
    out = []
    for index, one in enumerate(given):
        if one.attendee not in rows:
            raise NotFound(f"attendees[{index}].attendee")
        if one.attendee in seen:
            raise Invalid(f"attendees[{index}].attendee", "is named twice")
        seen.add(one.attendee)
        out.append((rows[one.attendee], one))
    return out


async def record_attendance(
    principal: Principal, meeting_id: Any, data: schemas.NewAttendance
) -> dict[str, Any]:
    """Who was there, the family's attendance, the quorum it makes (stored on the meeting)
    and, for an inquorate conference, the chair's choice with its reason."""
    held = await meeting_access(principal, meeting_id)
    permissions.require_team_or_chair(held.team, held.chair, "record attendance")
    if data.inquorate_choice is not None or data.inquorate_reason.strip():
        permissions.require_meeting_chair(
            held.chair, "choose what happens when the conference is not quorate"
        )
    meeting = held.meeting
    _require_open(meeting)
    changes = await _attendance_rows(meeting["id"], data.attendees)
    previous_inquorate = await shown.previous_inquorate(meeting)
    async with change() as work:
        now = await _lock(meeting["id"])
        for row, one in changes:
            values: dict[Any, Any] = {
                Attendee.attendance: one.attendance,
                Attendee.attended: one.attendance == "present",
                Attendee.apologies: one.attendance == "apologies_with_report",
            }
            if one.direct_contact is not None:
                values[Attendee.direct_contact] = one.direct_contact
            await Attendee.update(values).where(Attendee.id == row["id"])
        found = await shown.quorum_of(now)
        values = {Meeting.quorate: found.quorate if found.taken else now["quorate"]}
        if data.family_attendance is not None:
            values[Meeting.family_attendance] = data.family_attendance
        if data.inquorate_choice is not None or data.inquorate_reason.strip():
            if not found.required or found.quorate:
                raise Invalid("inquorate_choice", "this meeting is quorate: no choice is needed")
            reason = quorum.check_inquorate_choice(data.inquorate_choice, data.inquorate_reason)
            quorum.check_not_twice(previous_inquorate, bool(now["pre_birth"]))
            values[Meeting.inquorate_choice] = data.inquorate_choice
            values[Meeting.inquorate_reason] = reason
        await Meeting.update(values).where(Meeting.id == meeting["id"])
        work.touch(held.family_id)
        await work.audit(
            actor=principal.person_id,
            action="meeting.attendance_recorded",
            record_type="meeting",
            record_id=meeting["id"],
            family=held.family_id,
            before={"quorate": meeting["quorate"], "inquorate_choice": meeting["inquorate_choice"]},
            after={
                "attendees": {str(row["id"]): one.attendance for row, one in changes},
                "family_attendance": data.family_attendance,
                "quorate": found.quorate,
                "inquorate_choice": data.inquorate_choice,
            },
        )
        work.event(held.family_id, "meeting.changed", meeting["id"])
    return await meetings.get_meeting(principal, meeting_id)


# ---------------------------------------------------------------------------- scales


async def _whose_scale(
    principal: Principal, held: MeetingAccess, data: schemas.NewScale
) -> dict[str, Any]:
    """Whose score this is: the principal's own (an invited professional), an attendee's
    told to the chair, or a family member's told in the room."""
    if data.by_kind is not None and data.member is None:
        raise Invalid("by_kind", "is given only with a family member (member)")
    if data.member is not None:
        if data.attendee is not None:
            raise Invalid("attendee", "name either an attendee or a family member, not both")
        permissions.require_team_or_chair(held.team, held.chair, "record a family member's scale")
        await people.member_of_family(data.member, held.family_id, "member")
        member = (await room_reads.members(held.family_id))[data.member]
        by_kind = data.by_kind or ("child" if member["role"] == "child" else "parent")
        return {"by_kind": by_kind, "member": data.member, "person": None, "agency": None}
    if data.attendee is not None:
        permissions.require_meeting_chair(held.chair, "enter a score for an attendee")
        rows = {row["id"]: row for row in await room_reads.attendees(held.meeting["id"])}
        attendee = rows.get(data.attendee)
        if attendee is None:
            raise NotFound("attendee")
        if attendee["person"] is None:
            raise Invalid("attendee", "is a family member: give their score as a member's (member)")
        return {
            "by_kind": "professional",
            "person": attendee["person"],
            "agency": attendee["agency"],
            "member": None,
        }
    if held.attendee is None:
        raise Forbidden(
            "Only the meeting's professional attendees give their own score: "
            "ask the chair to add you to the meeting"
        )
    return {
        "by_kind": "professional",
        "person": principal.person_id,
        "agency": held.attendee["agency"],
        "member": None,
    }


async def record_scale(
    principal: Principal, meeting_id: Any, data: schemas.NewScale
) -> dict[str, Any]:
    """A 0-10 score with its reason. Before the reveal a score may be changed (the last one
    counts); after it, a change is refused (409). Answers the scales as the principal may
    read them."""
    held = await meeting_access(principal, meeting_id)
    _require_open(held.meeting)
    reason = room_rules.check_scale_reason(data.reason)
    whose = await _whose_scale(principal, held, data)
    async with change() as work:
        now = await _lock(held.meeting["id"])
        key = (
            MeetingScale.member == whose["member"]
            if whose["member"] is not None
            else MeetingScale.person == whose["person"]
        )
        existing = (
            await MeetingScale.select(MeetingScale.id)
            .where((MeetingScale.meeting == now["id"]) & key)
            .first()
        )
        room_rules.check_unrevealed(now["scales_revealed_at"], existing)
        values = {"score": data.score, "reason": reason, "entered_by": principal.person_id}
        if existing is None:
            scale_id = uuid.uuid4()
            await MeetingScale(
                id=scale_id,
                family=held.family_id,
                meeting=now["id"],
                updated_at=utc_now(),
                **whose,
                **values,
            ).save()
        else:
            scale_id = existing["id"]
            await MeetingScale.update(
                {
                    MeetingScale.score: data.score,
                    MeetingScale.reason: reason,
                    MeetingScale.entered_by: principal.person_id,
                    MeetingScale.updated_at: utc_now(),
                }
            ).where(MeetingScale.id == scale_id)
        work.touch(held.family_id)
        # The score itself is kept on its row, not in the audit trail: no one reads another
        # professional's score before the reveal, wherever they look.
        await work.audit(
            actor=principal.person_id,
            action="meeting_scale.changed" if existing else "meeting_scale.entered",
            record_type="meeting_scale",
            record_id=scale_id,
            family=held.family_id,
            after={
                "meeting": now["id"],
                "by_kind": whose["by_kind"],
                "person": whose["person"],
                "member": whose["member"],
            },
        )
        work.event(held.family_id, "meeting.changed", now["id"])
    meeting = await Meeting.select().where(Meeting.id == held.meeting["id"]).first()
    return await shown.scales_document(principal.person_id, meeting)


async def reveal(principal: Principal, meeting_id: Any) -> dict[str, Any]:
    """The chair shows every scale together (once; again, it answers as it is)."""
    held = await meeting_access(principal, meeting_id)
    permissions.require_meeting_chair(held.chair, "reveal the scales")
    _require_open(held.meeting)
    async with change() as work:
        now = await _lock(held.meeting["id"])
        if now["scales_revealed_at"] is None:
            at = utc_now()
            await Meeting.update({Meeting.scales_revealed_at: at}).where(Meeting.id == now["id"])
            work.touch(held.family_id)
            await work.audit(
                actor=principal.person_id,
                action="meeting.scales_revealed",
                record_type="meeting",
                record_id=now["id"],
                family=held.family_id,
                after={"scales_revealed_at": at},
            )
            work.event(held.family_id, "meeting.changed", now["id"])
    meeting = await Meeting.select().where(Meeting.id == held.meeting["id"]).first()
    return {
        "meeting": meeting["id"],
        "scales": await shown.scales_document(principal.person_id, meeting),
    }
