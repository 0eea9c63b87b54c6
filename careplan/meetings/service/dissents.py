"""A professional's dissent from a conference's decision (its own route, not the
disagreement stages): recorded at the meeting or within the local window after the decision
(72 hours unless a local setting `dissent_window_hours` says otherwise), reviewed by the
senior chair it names, the decision standing meanwhile: nothing about the decision changes
here. A review that does not settle it (`escalate`) carries it on as a professional
disagreement at the managers' stage.

The senior chair: the local setting `senior_chair` (a professional's id) when the local
authority names one; else the longest-serving manager of the chair's own agency in the
family's local authority (other than the chair and the dissenter). When neither exists the
dissent is kept with no reviewer, and the page says the administrator must name one.
"""

from __future__ import annotations

import uuid
from typing import Any

from careplan.access import permissions
from careplan.access.principal import Principal
from careplan.lib.clock import utc_now
from careplan.lib.errors import Forbidden, Invalid, NotFound, Refused
from careplan.lib.uow import change
from careplan.meetings import quorum, room_rules, schemas
from careplan.meetings.queries import room as room_reads
from careplan.meetings.service import disagreements
from careplan.meetings.service import room_reads as shown
from careplan.meetings.service.room_access import meeting_access, meeting_query
from careplan.meetings.tables import ConferenceDissent, Decision, Meeting


async def _senior_chair(
    local_authority: uuid.UUID | None,
    settings: dict[str, Any],
    chair: uuid.UUID,
    dissenter: uuid.UUID,
) -> uuid.UUID | None:
    named = await room_reads.active_professional(settings.get(room_rules.SENIOR_CHAIR_SETTING))
    if named is not None and named not in (chair, dissenter):
        return named
    agency = await room_reads.agency_of(chair)
    if local_authority is None or agency is None:
        return None
    return await room_reads.manager_of_agency(local_authority, agency, [chair, dissenter])


async def _document(dissent_id: uuid.UUID) -> dict[str, Any]:
    row = await ConferenceDissent.select().where(ConferenceDissent.id == dissent_id).first()
    return (await shown.dissents_document([row]))[0]


async def dissent(
    principal: Principal, meeting_id: Any, data: schemas.NewDissent
) -> dict[str, Any]:
    """A professional who was at the conference dissents from its decision, with a reason."""
    held = await meeting_access(principal, meeting_id)
    meeting = held.meeting
    if not room_rules.attended(held.attendee):
        raise Forbidden(
            "Only a professional who was at the conference can dissent from its decision"
        )
    if not quorum.needs_quorum(meeting["kind"]):
        raise Invalid("meeting", "only a conference's decision is dissented from here")
    reason = data.reason.strip()
    if not reason:
        raise Invalid("reason", "say why you dissent from the decision")
    decision = await Decision.select().where(Decision.meeting == meeting["id"]).first()
    if decision is None:
        raise Invalid("decision", "the chair has not recorded a decision yet")
    local_authority, settings = await room_reads.room_settings(held.family_id)
    hours = room_rules.dissent_hours(settings.get(room_rules.DISSENT_WINDOW_SETTING))
    ends_at = room_rules.dissent_window_ends(decision["created_at"], hours)
    room_rules.check_within_window(utc_now(), ends_at)
    reviewer = await _senior_chair(local_authority, settings, meeting["chair"], principal.person_id)
    dissent_id = uuid.uuid4()
    async with change() as work:
        waiting = await ConferenceDissent.exists().where(
            (ConferenceDissent.decision == decision["id"])
            & (ConferenceDissent.person == principal.person_id)
            & (ConferenceDissent.state == "waiting")
        )
        if waiting:
            raise Refused("Your dissent from this decision is already waiting for review", "reason")
        await ConferenceDissent(
            id=dissent_id,
            family=held.family_id,
            meeting=meeting["id"],
            decision=decision["id"],
            person=principal.person_id,
            agency=held.attendee["agency"] if held.attendee else None,
            reason=reason,
            window_ends_at=ends_at,
            reviewer=reviewer,
            updated_at=utc_now(),
        ).save()
        work.touch(held.family_id)
        await work.audit(
            actor=principal.person_id,
            action="conference_dissent.recorded",
            record_type="conference_dissent",
            record_id=dissent_id,
            family=held.family_id,
            after={"decision": decision["id"], "reviewer": reviewer, "window_ends_at": ends_at},
        )
        work.event(held.family_id, "meeting.changed", meeting["id"])
    return await _document(dissent_id)


async def _dissent_access(
    principal: Principal, dissent_id: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The dissent and its meeting, for the meeting's room and its senior chair; else 404."""
    if not principal.is_professional:
        raise NotFound("dissent")
    family_id = await permissions.family_of(ConferenceDissent, dissent_id, "dissent")
    row = (
        await ConferenceDissent.select()
        .where(ConferenceDissent.id == uuid.UUID(str(dissent_id)))
        .first()
    )
    meeting = await meeting_query().where(Meeting.id == row["meeting"]).first()
    attendee = await room_reads.attendee_of(meeting["id"], principal.person_id)
    await permissions.dissent_reader(
        principal, family_id, meeting["chair"], attendee is not None, row["reviewer"]
    )
    return row, meeting


async def get_dissent(principal: Principal, dissent_id: Any) -> dict[str, Any]:
    row, _ = await _dissent_access(principal, dissent_id)
    return await _document(row["id"])


async def dissent_page(principal: Principal, dissent_id: Any) -> dict[str, Any]:
    """The dissent with its meeting and decision, and whether the reader may review it."""
    row, meeting = await _dissent_access(principal, dissent_id)
    decision = await Decision.select().where(Decision.id == row["decision"]).first()
    refusal = None
    try:
        permissions.require_dissent_reviewer(principal, row["reviewer"])
    except Forbidden as refused:
        refusal = refused.detail
    return {
        "dissent": await _document(row["id"]),
        "meeting": meeting,
        "decision": decision,
        "refusal": refusal,
    }


async def review(
    principal: Principal, dissent_id: Any, data: schemas.DissentReview
) -> dict[str, Any]:
    """The senior chair's review: the decision stands or was changed, in words; with
    `escalate`, it goes on as a disagreement at the managers' stage. Once."""
    row, meeting = await _dissent_access(principal, dissent_id)
    permissions.require_dissent_reviewer(principal, row["reviewer"])
    if row["state"] != "waiting":
        raise Refused(
            f"This dissent was already reviewed ({row['state'].replace('_', ' ')})", "result"
        )
    outcome = room_rules.check_review_words(data.outcome)
    said = "The decision stands" if data.result == "decision_stands" else "The decision was changed"
    state = "escalated" if data.escalate else data.result
    words = f"{said}: {outcome}" if data.escalate else outcome
    revision = row["revision"] if data.revision is None else data.revision
    async with change() as work:
        disagreement_id = None
        if data.escalate:
            disagreement_id = await disagreements.open_disagreement(
                work,
                principal,
                row["family"],
                meeting["id"],
                None,
                row["person"],
                row["reason"],
                stage="managers",
            )
        values: dict[Any, Any] = {
            ConferenceDissent.state: state,
            ConferenceDissent.outcome: words,
            ConferenceDissent.reviewed_at: utc_now(),
            ConferenceDissent.updated_at: utc_now(),
        }
        if disagreement_id is not None:
            values[ConferenceDissent.disagreement] = disagreement_id
        await work.update(ConferenceDissent, row["id"], revision, values, "dissent")
        work.touch(row["family"])
        await work.audit(
            actor=principal.person_id,
            action="conference_dissent.reviewed",
            record_type="conference_dissent",
            record_id=row["id"],
            family=row["family"],
            before={"state": row["state"]},
            after={
                "state": state,
                "result": data.result,
                "outcome": outcome,
                "disagreement": disagreement_id,
            },
        )
        work.event(row["family"], "meeting.changed", meeting["id"])
    return await _document(row["id"])
