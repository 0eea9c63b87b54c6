"""The family's side of a meeting, for the family portal: what a member sees of their
family's meetings, the reports meant for them (from the day the reports open), and what they
send before a meeting (their interpreter's language, their own view, their own 0-10 scale).

What a member may see is decided in `careplan.access.meeting_sight`; this module only
carries it out. Never on the family's side: who wrote a report (its agency is named, its
author never), who raised anything, the chair's notes, the chair's reason for an exclusion,
and any professional's scale (before or after the chair's reveal). Each write is one
transaction with its audit event; the family's revision is bumped (pages and offline copies
are keyed by it) and a live event published after commit.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from careplan.access import meeting_sight
from careplan.access.audience import Audience
from careplan.access.meeting_sight import MeetingSight
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.lib.clock import london_date, utc_now
from careplan.lib.errors import Invalid, NotFound, Refused
from careplan.lib.uow import change
from careplan.meetings import family_reports
from careplan.meetings.queries import family_side as reads
from careplan.meetings.queries import people
from careplan.meetings.tables import Attendee, MeetingReport, MeetingScale
from careplan.notify import service as notify

MAX_VIEW = 4000
MAX_REASON = 2000
MAX_LANGUAGE = 100
CONFERENCES = ("initial_conference", "review_conference")
# A conference's categories in plain words ("under the category of neglect").
CATEGORY_WORDS = {
    "neglect": "neglect",
    "physical": "physical abuse",
    "physical_abuse": "physical abuse",
    "emotional": "emotional abuse",
    "emotional_abuse": "emotional abuse",
    "sexual": "sexual abuse",
    "sexual_abuse": "sexual abuse",
    "multiple": "more than one kind of harm",
}
REASON_NEEDED = "Say why you chose this number"
STARTED = (
    "The meeting has started, so this can no longer be changed. "
    "Tell your social worker if you want to add anything"
)


# ---------------------------------------------------------------------------- reading


async def _sights(
    principal: Principal, family_id: Any, meeting_ids: list[uuid.UUID] | None = None
) -> tuple[FamilyAccess, dict[str, Any], dict[uuid.UUID, dict[str, Any]]]:
    access, member = await meeting_sight.member_access(principal, family_id)
    attending = await reads.my_attendance(access.family_id, member["id"], meeting_ids)
    return access, member, attending


# A meeting is still "coming" (the family's next) until this long after it starts.
STILL_NEXT = dt.timedelta(hours=2)


def _summary(meeting: dict[str, Any], seen: MeetingSight) -> dict[str, Any]:
    details = seen.details
    coming = meeting["status"] == "scheduled" and meeting["starts_at"] >= utc_now() - STILL_NEXT
    confidential = bool(meeting["location_confidential"])
    return {
        "id": meeting["id"],
        "kind": meeting["kind"],
        "purpose": meeting["purpose"],
        "status": meeting["status"],
        "held": meeting["status"] == "held",
        "cancelled": meeting["status"] == "cancelled",
        "coming": coming,
        "starts_at": meeting["starts_at"] if details else None,
        "location": meeting["location"] if details and not confidential else "",
        "location_confidential": details and confidential,
        "how_to_join": meeting["how_to_join"] if details else "",
        "excluded_all": seen.excluded_all,
        "excluded_part": seen.excluded_part,
    }


async def my_meetings(principal: Principal, family_id: Any) -> list[dict[str, Any]]:
    """The family's meetings this member is shown, newest first (coming ones first)."""
    access, member, attending = await _sights(principal, family_id)
    shown = []
    for meeting in await reads.meetings_of(access.family_id):
        seen = meeting_sight.sight(member, meeting, attending.get(meeting["id"]))
        if seen is not None:
            shown.append(_summary(meeting, seen))
    return shown


async def my_next_meeting(principal: Principal, family_id: Any) -> dict[str, Any] | None:
    """The family's next meeting this member is shown (as `my_meetings` shows it), or None:
    read from the next few scheduled ones, whatever the family's history."""
    access, member = await meeting_sight.member_access(principal, family_id)
    coming = await reads.coming_meetings(access.family_id, utc_now() - STILL_NEXT)
    if not coming:
        return None
    ids = [meeting["id"] for meeting in coming]
    attending = await reads.my_attendance(access.family_id, member["id"], ids)
    for meeting in coming:
        seen = meeting_sight.sight(member, meeting, attending.get(meeting["id"]))
        if seen is not None:
            return _summary(meeting, seen)
    return None


async def _one(
    principal: Principal, family_id: Any, meeting_id: Any
) -> tuple[FamilyAccess, dict[str, Any], MeetingSight, dict[str, Any] | None]:
    try:
        meeting_uuid = uuid.UUID(str(meeting_id))
    except ValueError as error:
        raise NotFound("meeting") from error
    access, member, attending = await _sights(principal, family_id, [meeting_uuid])
    meeting = await reads.meeting(meeting_uuid, access.family_id)
    if meeting is None:
        raise NotFound("meeting")
    attendee = attending.get(meeting_uuid)
    seen = meeting_sight.require_sight(meeting_sight.sight(member, meeting, attendee))
    return access, meeting, seen, attendee


def open_for_answers(meeting: dict[str, Any], now: dt.datetime) -> bool:
    """A member's view and scale can be sent and changed until the meeting starts."""
    return meeting["status"] == "scheduled" and now < meeting["starts_at"]


def outcome_words(
    kind: str, decision: dict[str, Any] | None, children: list[dict[str, Any]]
) -> list[str]:
    """What was decided, in plain sentences for the family ("The conference decided Mia needs
    a child protection plan, under the category of neglect."). The next review date is said
    by the page (it formats dates)."""
    if decision is None and not children:
        return []
    if kind not in CONFERENCES:
        if decision is None:
            return []
        if decision["plan_needed"]:
            return ["The meeting agreed that the plan carries on."]
        return ["The meeting agreed that the plan is no longer needed."]
    said = []
    for child in children:
        name = child["known_as"] or child["given_name"]
        if child["plan_needed"]:
            category = CATEGORY_WORDS.get(child["category"] or "", "")
            under = f", under the category of {category}" if category else ""
            said.append(f"The conference decided {name} needs a child protection plan{under}.")
        else:
            said.append(f"The conference decided {name} does not need a child protection plan.")
    if said or decision is None:
        return said
    if decision["plan_needed"]:
        category = CATEGORY_WORDS.get(decision["category"] or "", "")
        under = f", under the category of {category}" if category else ""
        return [f"The conference decided a child protection plan is needed{under}."]
    return ["The conference decided a child protection plan is no longer needed."]


def _next_review(decision: dict[str, Any] | None, children: list[dict[str, Any]]) -> Any:
    dates = sorted({c["next_review_on"] for c in children if c["next_review_on"]})
    if dates:
        return dates[0]
    return None if decision is None else decision["next_review_on"]


def _report_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "title": row["title"],
        "body": row["body"],
        "from": row["agency_name"] if row["by_kind"] == "agency" else "",
        "updated_at": row["updated_at"],
    }


async def my_meeting(principal: Principal, family_id: Any, meeting_id: Any) -> dict[str, Any]:
    """One meeting as this member may see it: what it is for, when and where (if they may
    know), their interpreter, the reports meant for them once open, their own view and
    scale, and afterwards what was decided with links to their copies."""
    access, meeting, seen, attendee = await _one(principal, family_id, meeting_id)
    now = utc_now()
    region = await reads.region_of(access.local_authority_id)
    meeting_on = london_date(meeting["starts_at"])
    opens_on = family_reports.reports_open_on(meeting["kind"], meeting_on, region)
    today = london_date(now)
    reports_open = opens_on is None or today >= opens_on
    member = str(seen.member_id)
    reports = []
    if reports_open:
        for row in await reads.reports(meeting["id"]):
            audience = Audience.from_columns(row["audience_kind"], row["audience_ids"])
            mine = row["by_kind"] == "member" and row["member"] == seen.member_id
            if audience.includes_member(member) and not mine:
                reports.append(_report_out(row))
    decision = children = None
    if meeting["status"] == "held":
        decision = await reads.decision(meeting["id"])
        children = await reads.child_decisions(meeting["id"])
    held = meeting["status"] == "held"
    return {
        **_summary(meeting, seen),
        "plan": meeting["plan"],
        "pre_birth": meeting["pre_birth"],
        "interpreter": (attendee or {}).get("interpreter") or "",
        "reports_open_on": opens_on,
        "reports_open": reports_open,
        "reports": reports,
        "my_view": await reads.my_report(meeting["id"], seen.member_id),
        "my_scale": await reads.my_scale(meeting["id"], seen.member_id),
        "scale_by": seen.scale_by,
        "open_for_answers": open_for_answers(meeting, now),
        "outcome": outcome_words(meeting["kind"], decision, children or []) if held else [],
        "next_review_on": _next_review(decision, children or []) if held else None,
        "record_pdf": f"/api/v1/meetings/{meeting['id']}/record.pdf" if held else None,
        "agreed_pdf": (
            f"/api/v1/plans/{meeting['plan']}/versions/{meeting['version_number']}/agreed.pdf"
            if held and meeting["version_number"]
            else None
        ),
    }


# ---------------------------------------------------------------------------- writing


def _text(value: Any, field: str, what: str, limit: int, required: str | None = None) -> str:
    """A text a member sent, or Invalid naming the field in words they can act on."""
    text = str(value or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise Invalid(field, required)
    if len(text) > limit:
        raise Invalid(field, f"{what} must be {limit} characters or fewer")
    if "\x00" in text:
        raise Invalid(field, f"{what} has a character we cannot save: please take it out")
    return text


async def _attendee_for(
    access: FamilyAccess, meeting: dict[str, Any], seen: MeetingSight
) -> uuid.UUID:
    """The member's attendee row, made now for a parent shown a meeting they were not named
    on (a parent with parental responsibility is invited unless excluded). Inside a change."""
    if seen.attendee_id is not None:
        return seen.attendee_id
    attendee_id = uuid.uuid4()
    await Attendee(
        id=attendee_id,
        family=access.family_id,
        meeting=meeting["id"],
        member=seen.member_id,
        name=await reads.member_name(seen.member_id),
        role="Parent" if seen.scale_by == "parent" else "Child",
    ).save()
    return attendee_id


async def ask_for_interpreter(
    principal: Principal, family_id: Any, meeting_id: Any, language: str
) -> dict[str, Any]:
    """The member asks for an interpreter for this meeting: the language goes on their
    attendee row, audited, and their social worker (the key worker) is told."""
    access, meeting, seen, attendee = await _one(principal, family_id, meeting_id)
    language = _text(
        language, "language", "The language", MAX_LANGUAGE, "Enter the language you want to use"
    )
    if meeting["status"] != "scheduled":
        raise Refused("This meeting has already happened or was cancelled", field="language")
    before = (attendee or {}).get("interpreter") or ""
    async with change() as work:
        attendee_id = await _attendee_for(access, meeting, seen)
        await Attendee.update({Attendee.interpreter: language}).where(Attendee.id == attendee_id)
        key_worker = await people.key_worker(access.family_id)
        if key_worker is not None:
            await notify.enqueue(
                key_worker,
                "meeting.interpreter_asked",
                family_id=access.family_id,
                ids={"meeting": meeting["id"], "member": seen.member_id},
            )
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action="meeting.interpreter_asked",
            record_type="attendee",
            record_id=attendee_id,
            family=access.family_id,
            before={"interpreter": before},
            after={"interpreter": language, "meeting": meeting["id"]},
        )
        work.event(access.family_id, "meeting.changed", meeting["id"])
    return {"interpreter": language}


async def _writable(
    principal: Principal, family_id: Any, meeting_id: Any, field: str
) -> tuple[FamilyAccess, dict[str, Any], MeetingSight]:
    access, meeting, seen, _ = await _one(principal, family_id, meeting_id)
    if not open_for_answers(meeting, utc_now()):
        raise Refused(STARTED, field=field)
    return access, meeting, seen


async def save_my_view(
    principal: Principal, family_id: Any, meeting_id: Any, words: str
) -> dict[str, Any]:
    """The member's own view before the meeting, in their words: a report by the member,
    for the professionals and themselves. Changed (not added to) until the meeting starts."""
    access, meeting, seen = await _writable(principal, family_id, meeting_id, "view")
    words = _text(words, "view", "Your view", MAX_VIEW, "Write your view, in your own words")
    now = utc_now()
    audience = Audience(kind="members", ids=(str(seen.member_id),))
    async with change() as work:
        mine = await reads.my_report(meeting["id"], seen.member_id)
        if mine is None:
            report_id = uuid.uuid4()
            await MeetingReport(
                id=report_id,
                family=access.family_id,
                meeting=meeting["id"],
                by_kind="member",
                member=seen.member_id,
                author=principal.person_id,
                title="My view",
                body=words,
                updated_at=now,
                audience_kind=audience.kind,
                audience_ids=json.dumps(list(audience.ids)),
            ).save()
        else:
            report_id = mine["id"]
            await MeetingReport.update(
                {MeetingReport.body: words, MeetingReport.updated_at: now}
            ).where(MeetingReport.id == report_id)
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action="meeting_report.member_view_saved",
            record_type="meeting_report",
            record_id=report_id,
            family=access.family_id,
            before=None if mine is None else {"characters": len(mine["body"])},
            after={"meeting": meeting["id"], "characters": len(words)},
        )
        work.event(access.family_id, "meeting.changed", meeting["id"])
    return {"id": report_id, "body": words}


def scale_problems(score: Any, reason: Any) -> dict[str, str]:
    """Everything wrong with a scale as sent, by field (a page shows them all at once)."""
    problems = {}
    for field, check in (
        ("score", lambda: _score(score)),
        ("reason", lambda: _text(reason, "reason", "Why", MAX_REASON, REASON_NEEDED)),
    ):
        try:
            check()
        except Invalid as error:
            problems[field] = error.message
    return problems


def _score(raw: Any) -> int:
    text = str(raw if raw is not None else "").strip()
    if not text.isdigit() or not 0 <= int(text) <= 10:
        raise Invalid("score", "Choose a number from 0 to 10")
    return int(text)


async def save_my_scale(
    principal: Principal, family_id: Any, meeting_id: Any, score: Any, reason: str
) -> dict[str, Any]:
    """The member's own 0-10 scale and why: a parent's (or a child's), kept apart from the
    professionals'. One per member per meeting, changed until the meeting starts."""
    access, meeting, seen = await _writable(principal, family_id, meeting_id, "score")
    value = _score(score)
    reason = _text(reason, "reason", "Why", MAX_REASON, REASON_NEEDED)
    now = utc_now()
    audience = Audience(kind="members", ids=(str(seen.member_id),))
    async with change() as work:
        mine = await reads.my_scale(meeting["id"], seen.member_id)
        if mine is None:
            scale_id = uuid.uuid4()
            await MeetingScale(
                id=scale_id,
                family=access.family_id,
                meeting=meeting["id"],
                by_kind=seen.scale_by,
                member=seen.member_id,
                score=value,
                reason=reason,
                entered_by=principal.person_id,
                updated_at=now,
                audience_kind=audience.kind,
                audience_ids=json.dumps(list(audience.ids)),
            ).save()
        else:
            scale_id = mine["id"]
            await MeetingScale.update(
                {
                    MeetingScale.score: value,
                    MeetingScale.reason: reason,
                    MeetingScale.entered_by: principal.person_id,
                    MeetingScale.updated_at: now,
                }
            ).where(MeetingScale.id == scale_id)
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action="meeting_scale.family_saved",
            record_type="meeting_scale",
            record_id=scale_id,
            family=access.family_id,
            before=None if mine is None else {"score": mine["score"]},
            after={"meeting": meeting["id"], "score": value, "by_kind": seen.scale_by},
        )
        work.event(access.family_id, "meeting.changed", meeting["id"])
    return {"id": scale_id, "score": value, "reason": reason}
