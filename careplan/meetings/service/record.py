"""The chair's record of a meeting and the outcome letter (issue 18, item 9): read as each
reader may read them (careplan.meetings.record_rules), sent by the chair (the letter within 1
working day, the record within 15: the local authority's clocks `chair_letter` and
`chair_record`), and corrected after sending only by annotations, never by edits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from careplan.access import permissions
from careplan.access.permissions import FamilyAccess, professional_sees
from careplan.access.principal import Principal
from careplan.lib.clock import london_date, utc_now
from careplan.lib.errors import Invalid, NotFound, Refused
from careplan.lib.uow import change
from careplan.meetings import record_rules
from careplan.meetings.queries import caseload
from careplan.meetings.queries import record as queries
from careplan.meetings.tables import Attendee, Meeting, MeetingAnnotation
from careplan.tenancy import queries as tenancy

MOST_CORRECTION = 4000


@dataclass(frozen=True)
class RecordAccess:
    """Who reads a meeting's record, and how: `team` (None for a chair from outside the team
    or a member), `chair`, or a member's `access`."""

    meeting: dict[str, Any]
    access: FamilyAccess | None
    chair: bool

    @property
    def member(self) -> str | None:
        if self.access is not None and self.access.is_member:
            return str(self.access.member_id)
        return None


def _uuid(value: Any, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise NotFound(what) from error


async def record_access(principal: Principal, meeting_id: Any) -> RecordAccess:
    """The reader's hold on the meeting's record: 404 for anyone who may not read it, and for
    a member kept out of the whole meeting or of a meeting between professionals only."""
    meeting_uuid = _uuid(meeting_id, "meeting")
    family_id = await permissions.family_of(Meeting, meeting_uuid, "meeting")
    meeting = await queries.meeting_row(meeting_uuid)
    if meeting is None:
        raise NotFound("meeting")
    access, chair = await permissions.meeting_record_reader(principal, family_id, meeting["chair"])
    if access is not None and access.is_member:
        attendee = (
            await Attendee.select(Attendee.excluded)
            .where((Attendee.meeting == meeting_uuid) & (Attendee.member == access.member_id))
            .first()
        )
        excluded = None if attendee is None else attendee["excluded"]
        if not record_rules.member_may_read(meeting, excluded):
            raise NotFound("meeting")
    return RecordAccess(meeting=meeting, access=access, chair=chair)


async def _dates(meeting: dict[str, Any]) -> dict[str, Any]:
    """When the letter and the record are due: the local authority's clocks, in its region."""
    letter = await tenancy.clock(meeting["local_authority"], "chair_letter")
    record = await tenancy.clock(meeting["local_authority"], "chair_record")
    return record_rules.due_dates(
        london_date(meeting["starts_at"]),
        letter["bank_holidays"],
        letter["working_days"] or record_rules.LETTER_DAYS,
        record["working_days"] or record_rules.RECORD_DAYS,
    )


def _reader(principal: Principal, held: RecordAccess) -> record_rules.Reader:
    if held.member is not None:
        return record_rules.Reader(sees=held.access.sees, member=held.member)  # type: ignore[union-attr]
    if held.access is not None:
        return record_rules.Reader(sees=held.access.sees)
    return record_rules.Reader(sees=lambda audience: professional_sees(principal, audience))


async def read_record(principal: Principal, held: RecordAccess) -> dict[str, Any]:
    meeting = held.meeting
    parts = await queries.record_parts(meeting)
    record = record_rules.build_record(
        meeting, parts, _reader(principal, held), await _dates(meeting)
    )
    record["you_chair"] = held.chair
    return record


async def get_record(principal: Principal, meeting_id: Any) -> dict[str, Any]:
    """The chair's record (JSON, the letter's and the PDFs' content), as the reader may read it."""
    return await read_record(principal, await record_access(principal, meeting_id))


# ---------------------------------------------------------------------------- the chair's


SENDING = {
    "letter": (Meeting.letter_sent_at, "letter_sent_at", "meeting.letter_sent", "outcome letter"),
    "record": (Meeting.record_sent_at, "record_sent_at", "meeting.record_sent", "record"),
}


async def send(principal: Principal, meeting_id: Any, what: str) -> dict[str, Any]:
    """The chair sends the outcome letter or the record (once): when is recorded, audited.
    Sent already: 409 naming it. Only the chair (403 to the rest of the meeting's readers)."""
    column, key, action, words = SENDING[what]
    held = await record_access(principal, meeting_id)
    if held.member is not None:
        raise NotFound("meeting")
    permissions.require_meeting_chair(held.chair, f"send the {words}")
    meeting = held.meeting
    if meeting["status"] != "held":
        raise Refused(f"The {words} is sent after the meeting is held and decided", "meeting")
    now = utc_now()
    async with change() as work:
        updated = (
            await Meeting.update(
                {column: now, Meeting.revision: Meeting.revision + 1, Meeting.updated_at: now},
                use_auto_update=False,
            )
            .where((Meeting.id == meeting["id"]) & column.is_null())
            .returning(Meeting.id)
        )
        if not updated:
            raise Refused(f"The {words} was sent already", key)
        work.touch(meeting["family"])
        await work.audit(
            actor=principal.person_id,
            action=action,
            record_type="meeting",
            record_id=meeting["id"],
            family=meeting["family"],
            after={key: now, "version": meeting["version_number"]},
        )
        work.event(meeting["family"], "meeting.changed", meeting["id"])
    return await get_record(principal, meeting["id"])


async def add_correction(principal: Principal, meeting_id: Any, text: str) -> dict[str, Any]:
    """A correction to a record already sent: an annotation kept beside it, never an edit."""
    held = await record_access(principal, meeting_id)
    if held.member is not None:
        raise NotFound("meeting")
    permissions.require_meeting_chair(held.chair, "correct its record")
    words = (text or "").strip()
    if not words:
        raise Invalid("text", "write the correction")
    if len(words) > MOST_CORRECTION:
        raise Invalid("text", f"must be at most {MOST_CORRECTION} characters")
    meeting = held.meeting
    if meeting["record_sent_at"] is None and meeting["letter_sent_at"] is None:
        raise Refused(
            "Nothing has been sent yet: a correction is added after the letter or record is sent",
            "text",
        )
    annotation_id = uuid.uuid4()
    async with change() as work:
        await MeetingAnnotation(
            id=annotation_id,
            family=meeting["family"],
            meeting=meeting["id"],
            author=principal.person_id,
            text=words,
        ).save()
        work.touch(meeting["family"])
        await work.audit(
            actor=principal.person_id,
            action="meeting.corrected",
            record_type="meeting_annotation",
            record_id=annotation_id,
            family=meeting["family"],
            after={"meeting": meeting["id"], "text": words},
        )
        work.event(meeting["family"], "meeting.changed", meeting["id"])
    return await get_record(principal, meeting["id"])


async def chair_dues(principal: Principal, today: Any) -> list[dict[str, Any]]:
    """The professional's own letters and records to send as a chair, overdue first (the
    caseload shows them). Only their own meetings: nothing of a family is read here that the
    meeting's record would not show its chair."""
    if not principal.is_professional:
        return []
    return record_rules.chair_dues(await caseload.chair_to_send(principal.person_id), today)
