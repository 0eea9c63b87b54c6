"""Meetings' use cases: the family's answers, meetings, views, decisions, disagreements.

Each use case checks access through `careplan.access.permissions`, runs in one write
transaction with its audit event, bumps the family's revision and queues its live event.
Notifications are outbox rows written in the same transaction, carrying ids only.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from careplan import db
from careplan.access import permissions
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.audit import service as audit
from careplan.families.tables import Member, TeamMember
from careplan.lib import events
from careplan.lib.clock import london_date, utc_now
from careplan.lib.columns import loaded
from careplan.lib.errors import Conflict, Forbidden, Invalid, NotFound
from careplan.lib.uow import change, touch_family, update_at_revision
from careplan.meetings import rules, schemas
from careplan.meetings.tables import (
    Agreement,
    AnswerSeen,
    Attendee,
    Decision,
    Disagreement,
    DisagreementStage,
    Meeting,
    MeetingView,
)
from careplan.notify.tables import Notification
from careplan.plans import service as plans
from careplan.plans.tables import FamilyView, Plan, PlanVersion
from careplan.tenancy.tables import AgencyAuthority, Person

# ---------------------------------------------------------------------------- presenting


def agreement_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "plan": row["plan"],
        "member": row["member"],
        "version": row["version_number"],
        "version_sha256": row["version_sha256"],
        "view_sha256": row["view_sha256"],
        "answer": row["answer"],
        "words": row["words"],
        "item_comments": loaded(row["item_comments"]),
        "answered_by": row["answered_by"],
        "replaces": row["replaces"],
        "created_at": row["created_at"],
    }


def meeting_out(row: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "id",
        "family",
        "plan",
        "kind",
        "purpose",
        "starts_at",
        "location",
        "location_confidential",
        "how_to_join",
        "chair",
        "quorate",
        "family_attendance",
        "status",
        "revision",
        "created_at",
    )
    out = {key: row[key] for key in keys}
    out["version"] = row["version_number"]
    return out


def attendee_out(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "person", "member", "agency", "name", "attended", "apologies")
    return {key: row[key] for key in keys}


def view_out(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "meeting", "attendee", "view", "reason", "recorded_by", "created_at")
    out = {key: row[key] for key in keys}
    out["version"] = row.get("version_number")
    return out


def decision_out(row: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "id",
        "meeting",
        "plan_needed",
        "category",
        "next_review_on",
        "notes",
        "decided_by",
        "created_at",
    )
    out = {key: row[key] for key in keys}
    out["version"] = row.get("version_number")
    return out


def stage_out(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("stage", "started_on", "deadline", "ended_on", "outcome")
    return {key: row[key] for key in keys}


def disagreement_out(
    row: dict[str, Any], stages: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    keys = (
        "id",
        "family",
        "meeting",
        "meeting_view",
        "raised_by",
        "about",
        "stage",
        "stage_deadline",
        "status",
        "resolved_on",
        "resolution",
        "revision",
        "created_at",
    )
    out = {key: row[key] for key in keys}
    if stages is not None:
        out["stages"] = [stage_out(s) for s in stages]
    return out


# ---------------------------------------------------------------------------- shared


def _today(now: dt.datetime | None = None) -> dt.date:
    return london_date(now or utc_now())


async def _key_worker(family_id: uuid.UUID) -> uuid.UUID | None:
    row = (
        await TeamMember.select(TeamMember.person)
        .where(
            (TeamMember.family == family_id)
            & (TeamMember.key_worker == True)
            & TeamMember.left_on.is_null()
        )
        .first()
    )
    return row["person"] if row else None


async def _notify(person: uuid.UUID, family_id: uuid.UUID, kind: str, **ids: Any) -> None:
    """Queue a notification in the caller's transaction: ids only, never words or names."""
    await Notification(
        id=uuid.uuid4(),
        person=person,
        family=family_id,
        kind=kind,
        payload=json.dumps({key: str(value) for key, value in ids.items()}),
        deliver_after=utc_now(),
    ).save()


async def _professional_in(
    local_authority_id: uuid.UUID, person_id: uuid.UUID, field: str
) -> dict[str, Any]:
    """An active professional whose agency works with this local authority, else 404."""
    person = (
        await Person.select(Person.id, Person.name, Person.agency, Person.kind, Person.active)
        .where(Person.id == person_id)
        .first()
    )
    if (
        person is None
        or person["kind"] != "professional"
        or not person["active"]
        or person["agency"] is None
    ):
        raise NotFound(field)
    works_here = await AgencyAuthority.exists().where(
        (AgencyAuthority.agency == person["agency"])
        & (AgencyAuthority.local_authority == local_authority_id)
    )
    if not works_here:
        raise NotFound(field)
    return person


async def _professional_plan_access(
    principal: Principal, plan_id: Any, *, edit: bool
) -> FamilyAccess:
    access = await permissions.access_to_record(principal, Plan, plan_id, "plan")
    if access.is_member:
        raise NotFound("plan")
    if edit:
        access.require_editor()
    return access


# ---------------------------------------------------------------------------- agreements


async def _latest_view(member_id: uuid.UUID, plan_id: uuid.UUID) -> dict[str, Any] | None:
    return (
        await FamilyView.select(
            FamilyView.id,
            FamilyView.version,
            FamilyView.sha256,
            FamilyView.content,
            FamilyView.version.number.as_alias("number"),
            FamilyView.version.sha256.as_alias("version_sha256"),
        )
        .where((FamilyView.member == member_id) & (FamilyView.version.plan == plan_id))
        .order_by(FamilyView.created_at, ascending=False)
        .order_by(FamilyView.version.number, ascending=False)
        .first()
    )


def _agreement_query() -> Any:
    return Agreement.select(
        *Agreement.all_columns(), Agreement.version.number.as_alias("version_number")
    )


async def answer_plan(
    principal: Principal, plan_id: Any, data: schemas.NewAgreement
) -> dict[str, Any]:
    """A member answers their own latest view of the plan; a changed answer is a new row."""
    access = await permissions.access_to_record(principal, Plan, plan_id, "plan")
    if not access.is_member or access.member_id is None:
        raise NotFound("plan")
    plan_uuid = uuid.UUID(str(plan_id))
    rules.check_answer(data.answer, data.words, len(data.item_comments))
    agreement_id = uuid.uuid4()
    async with change():
        # A closed plan takes no answer (409). Its episode's row is held first, as in every
        # change to a plan, so a close and this answer go one after the other.
        await plans.require_open_plan(plan_uuid)
        # Bumping the family first takes its row lock (PostgreSQL) until commit: a share of a
        # new version and two answers from one family go one after the other.
        touch_family(access.family_id)
        view = await _latest_view(access.member_id, plan_uuid)
        if view is None:
            raise NotFound("view")
        if data.view_sha256 != view["sha256"]:
            raise Conflict(
                "view",
                {
                    "plan": plan_uuid,
                    "version": view["number"],
                    "version_sha256": view["version_sha256"],
                    "view_sha256": view["sha256"],
                },
            )
        bad = rules.unknown_item_comment(
            json.loads(view["content"]), [c.item for c in data.item_comments]
        )
        if bad is not None:
            raise NotFound(f"item_comments[{bad}].item")
        previous = (
            await Agreement.select(Agreement.id, Agreement.answer)
            .where((Agreement.member == access.member_id) & (Agreement.plan == plan_uuid))
            .order_by(Agreement.created_at, ascending=False)
            .first()
        )
        await Agreement(
            id=agreement_id,
            family=access.family_id,
            plan=plan_uuid,
            version=view["version"],
            family_view=view["id"],
            member=access.member_id,
            answer=data.answer,
            words=data.words,
            item_comments=json.dumps(
                [{"item": str(c.item), "comment": c.comment} for c in data.item_comments]
            ),
            version_sha256=view["version_sha256"],
            view_sha256=view["sha256"],
            answered_by=principal.person_id,
            replaces=previous["id"] if previous else None,
        ).save()
        if data.answer == "disagree":
            key_worker = await _key_worker(access.family_id)
            if key_worker is not None:
                await _notify(
                    key_worker,
                    access.family_id,
                    "agreement.disagreed",
                    agreement=agreement_id,
                    plan=plan_uuid,
                    member=access.member_id,
                )
        await audit.record(
            actor=principal.person_id,
            action="agreement.answered",
            record_type="agreement",
            record_id=agreement_id,
            family=access.family_id,
            before=None if previous is None else {"answer": previous["answer"]},
            after={
                "answer": data.answer,
                "version": view["number"],
                "view_sha256": view["sha256"],
                "replaces": previous["id"] if previous else None,
                "item_comments": len(data.item_comments),
            },
        )
        events.add(access.family_id, "agreement.answered", agreement_id)
    row = await _agreement_query().where(Agreement.id == agreement_id).first()
    return agreement_out(row)


async def list_agreements(principal: Principal, plan_id: Any) -> dict[str, Any]:
    """Every member's answers to this plan, newest last, with the view each last received."""
    access = await _professional_plan_access(principal, plan_id, edit=False)
    plan_uuid = uuid.UUID(str(plan_id))
    answers = (
        await _agreement_query().where(Agreement.plan == plan_uuid).order_by(Agreement.created_at)
    )
    views = (
        await FamilyView.select(
            FamilyView.member,
            FamilyView.sha256,
            FamilyView.version.number.as_alias("number"),
        )
        .where(FamilyView.version.plan == plan_uuid)
        .order_by(FamilyView.created_at)
        .order_by(FamilyView.version.number)
    )
    members = await Member.select(
        Member.id, Member.given_name, Member.family_name, Member.known_as, Member.role
    ).where(Member.family == access.family_id)
    latest_view = {v["member"]: v for v in views}
    seen = await _seen_of([row["id"] for row in answers])
    history: dict[Any, list[dict[str, Any]]] = {}
    for row in answers:
        history.setdefault(row["member"], []).append(
            {**agreement_out(row), "seen": seen.get(row["id"])}
        )
    out = []
    for member in members:
        if member["id"] not in latest_view and member["id"] not in history:
            continue
        view = latest_view.get(member["id"])
        answered = history.get(member["id"], [])
        current = answered[-1] if answered else None
        out.append(
            {
                "member": member["id"],
                "name": member["known_as"] or member["given_name"],
                "role": member["role"],
                "latest_view": None
                if view is None
                else {"version": view["number"], "sha256": view["sha256"]},
                "current": current,
                "answered_latest_view": bool(
                    current and view and current["view_sha256"] == view["sha256"]
                ),
                "history": answered,
            }
        )
    return {"plan": plan_uuid, "members": out}


# ---------------------------------------------------------------------------- answers seen


async def _seen_of(agreement_ids: list[Any]) -> dict[Any, dict[str, Any]]:
    """agreement -> who saw it and when, for those a professional has marked as seen."""
    if not agreement_ids:
        return {}
    rows = await AnswerSeen.select(
        AnswerSeen.agreement,
        AnswerSeen.created_at,
        AnswerSeen.seen_by,
        AnswerSeen.seen_by.name.as_alias("seen_by_name"),
    ).where(AnswerSeen.agreement.is_in(agreement_ids))
    return {
        row["agreement"]: {
            "by": row["seen_by"],
            "by_name": row["seen_by_name"],
            "at": row["created_at"],
        }
        for row in rows
    }


async def new_answers(principal: Principal, plan_id: Any) -> list[dict[str, Any]]:
    """Each family member's latest answer to the plan that no professional has marked as
    seen yet, disagreements first: what the editor shows at its top."""
    await _professional_plan_access(principal, plan_id, edit=False)
    plan_uuid = uuid.UUID(str(plan_id))
    answers = (
        await _agreement_query().where(Agreement.plan == plan_uuid).order_by(Agreement.created_at)
    )
    latest: dict[Any, dict[str, Any]] = {}
    before: dict[Any, dict[str, Any]] = {}
    for row in answers:
        if row["member"] in latest:
            before[row["member"]] = latest[row["member"]]
        latest[row["member"]] = row
    seen = await _seen_of([row["id"] for row in latest.values()])
    unseen = [row for row in latest.values() if row["id"] not in seen]
    if not unseen:
        return []
    names = {
        m["id"]: m
        for m in await Member.select(
            Member.id, Member.given_name, Member.family_name, Member.known_as
        ).where(Member.id.is_in([row["member"] for row in unseen]))
    }
    out = []
    for row in unseen:
        member = names.get(row["member"], {})
        was = before.get(row["member"])
        out.append(
            {
                **agreement_out(row),
                "name": " ".join(
                    p
                    for p in (
                        member.get("known_as") or member.get("given_name"),
                        member.get("family_name"),
                    )
                    if p
                ),
                "before": None
                if was is None
                else {"answer": was["answer"], "version": was["version_number"]},
            }
        )
    out.sort(key=lambda a: (a["answer"] != "disagree", a["created_at"]))
    return out


async def mark_answer_seen(
    principal: Principal, agreement_id: Any, plan_id: Any = None
) -> dict[str, Any]:
    """A professional working with the family has seen this answer: recorded once, with who
    and when, and audited. Marking it again (a double click, a colleague at the same moment)
    answers with the record already there."""
    access = await permissions.access_to_record(principal, Agreement, agreement_id, "agreement")
    if access.is_member:
        raise NotFound("agreement")
    access.require_editor()
    agreement = await _agreement_query().where(Agreement.id == uuid.UUID(str(agreement_id))).first()
    if plan_id is not None and str(agreement["plan"]) != str(plan_id):
        raise NotFound("agreement")
    found = await _seen_of([agreement["id"]])
    if agreement["id"] in found:
        return {"agreement": agreement_out(agreement), "seen": found[agreement["id"]], "new": False}
    seen_id = uuid.uuid4()
    try:
        async with change():
            await AnswerSeen(
                id=seen_id,
                family=access.family_id,
                agreement=agreement["id"],
                seen_by=principal.person_id,
            ).save()
            touch_family(access.family_id)
            await audit.record(
                actor=principal.person_id,
                action="agreement.seen",
                record_type="agreement",
                record_id=agreement["id"],
                family=access.family_id,
                after={"seen_by": principal.person_id, "answer": agreement["answer"]},
            )
            events.add(access.family_id, "agreement.seen", agreement["id"])
    except db.INTEGRITY_ERRORS:
        # Someone marked it at the same moment: theirs is the record.
        found = await _seen_of([agreement["id"]])
        if agreement["id"] not in found:
            raise
        return {"agreement": agreement_out(agreement), "seen": found[agreement["id"]], "new": False}
    found = await _seen_of([agreement["id"]])
    return {"agreement": agreement_out(agreement), "seen": found[agreement["id"]], "new": True}


# ---------------------------------------------------------------------------- meetings


@dataclass(frozen=True)
class MeetingAccess:
    """A professional's hold on a meeting: through the family's team, as its chair, or both."""

    family_id: uuid.UUID
    meeting: dict[str, Any]
    team: FamilyAccess | None
    chair: bool


def _meeting_query() -> Any:
    return Meeting.select(*Meeting.all_columns(), Meeting.version.number.as_alias("version_number"))


async def _meeting_access(principal: Principal, meeting_id: Any) -> MeetingAccess:
    """The team (or the family's managers) and the meeting's chair: anyone else gets 404."""
    if not principal.is_professional:
        raise NotFound("meeting")
    family_id = await permissions.family_of(Meeting, meeting_id, "meeting")
    meeting = await _meeting_query().where(Meeting.id == uuid.UUID(str(meeting_id))).first()
    team, chair = await permissions.team_or_chair(principal, family_id, meeting["chair"], "meeting")
    return MeetingAccess(family_id=family_id, meeting=meeting, team=team, chair=chair)


async def create_meeting(
    principal: Principal, plan_id: Any, data: schemas.NewMeeting
) -> dict[str, Any]:
    access = await _professional_plan_access(principal, plan_id, edit=True)
    plan_uuid = uuid.UUID(str(plan_id))
    rules.check_meeting_time(data.starts_at, utc_now())
    version_id = None
    if data.version is not None:
        version = (
            await PlanVersion.select(PlanVersion.id)
            .where((PlanVersion.plan == plan_uuid) & (PlanVersion.number == data.version))
            .first()
        )
        if version is None:
            raise NotFound("version")
        version_id = version["id"]
    await _professional_in(access.local_authority_id, data.chair, "chair")
    attendees: list[dict[str, Any]] = []
    seen: set[uuid.UUID] = set()
    for index, given in enumerate(data.attendees):
        field = f"attendees[{index}]"
        if (given.person is None) == (given.member is None):
            raise Invalid(field, "name either a person (a professional) or a member of the family")
        if given.person is not None:
            person = await _professional_in(
                access.local_authority_id, given.person, f"{field}.person"
            )
            key = person["id"]
            row = {"person": key, "agency": person["agency"], "name": person["name"]}
        else:
            await permissions.require_same_family(
                Member, [given.member], access.family_id, f"{field}.member"
            )
            member = (
                await Member.select(Member.id, Member.given_name, Member.family_name)
                .where(Member.id == given.member)
                .first()
            )
            key = member["id"]
            name = f"{member['given_name']} {member['family_name']}".strip()
            row = {"member": key, "name": name}
        if key in seen:
            raise Invalid(field, "is named twice")
        seen.add(key)
        attendees.append({**row, "apologies": given.apologies})
    meeting_id = uuid.uuid4()
    async with change():
        await plans.require_open_plan(plan_uuid)  # a closed plan takes no new meeting (409)
        await Meeting(
            id=meeting_id,
            family=access.family_id,
            plan=plan_uuid,
            version=version_id,
            kind=data.kind,
            purpose=data.purpose.strip(),
            starts_at=data.starts_at.astimezone(dt.UTC),
            location=data.location.strip(),
            location_confidential=data.location_confidential,
            how_to_join=data.how_to_join.strip(),
            chair=data.chair,
            updated_at=utc_now(),
        ).save()
        for attendee in attendees:
            await Attendee(
                id=uuid.uuid4(),
                family=access.family_id,
                meeting=meeting_id,
                attended=not attendee["apologies"],
                **attendee,
            ).save()
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="meeting.arranged",
            record_type="meeting",
            record_id=meeting_id,
            family=access.family_id,
            after={
                "kind": data.kind,
                "starts_at": data.starts_at,
                "chair": data.chair,
                "version": data.version,
                "attendees": len(attendees),
            },
        )
        events.add(access.family_id, "meeting.changed", meeting_id)
    return await _meeting_document(meeting_id)


async def _meeting_document(meeting_id: uuid.UUID) -> dict[str, Any]:
    meeting = await _meeting_query().where(Meeting.id == meeting_id).first()
    attendees = (
        await Attendee.select()
        .where(Attendee.meeting == meeting_id)
        .order_by(Attendee.created_at)
        .order_by(Attendee.name)
    )
    views = (
        await MeetingView.select(
            *MeetingView.all_columns(), MeetingView.version.number.as_alias("version_number")
        )
        .where(MeetingView.meeting == meeting_id)
        .order_by(MeetingView.created_at)
    )
    decision = (
        await Decision.select(
            *Decision.all_columns(), Decision.version.number.as_alias("version_number")
        )
        .where(Decision.meeting == meeting_id)
        .first()
    )
    disagreements = (
        await Disagreement.select()
        .where(Disagreement.meeting == meeting_id)
        .order_by(Disagreement.created_at)
    )
    return {
        **meeting_out(meeting),
        "family_disagreements": await _standing_disagreements(meeting["plan"]),
        "attendees": [attendee_out(a) for a in attendees],
        "views": [view_out(v) for v in views],
        "decision": None if decision is None else decision_out(decision),
        "disagreements": [disagreement_out(d) for d in disagreements],
    }


async def _standing_disagreements(plan_id: uuid.UUID) -> list[dict[str, Any]]:
    """For the agenda: each member whose latest answer to the plan is "disagree"."""
    answers = (
        await _agreement_query().where(Agreement.plan == plan_id).order_by(Agreement.created_at)
    )
    latest = {row["member"]: row for row in answers}
    return [agreement_out(row) for row in latest.values() if row["answer"] == "disagree"]


async def get_meeting(principal: Principal, meeting_id: Any) -> dict[str, Any]:
    held = await _meeting_access(principal, meeting_id)
    return await _meeting_document(held.meeting["id"])


def _require_discussable(meeting: dict[str, Any]) -> None:
    if meeting["status"] == "cancelled":
        raise Invalid("meeting", "this meeting was cancelled")
    if meeting["version"] is None:
        raise Invalid(
            "version",
            "this meeting has no plan version to give views or decisions on: "
            "arrange it on a version of the plan",
        )


async def record_view(
    principal: Principal, meeting_id: Any, data: schemas.NewView
) -> dict[str, Any]:
    """An attendee's view of the version discussed; a dissent opens a disagreement."""
    held = await _meeting_access(principal, meeting_id)
    meeting = held.meeting
    _require_discussable(meeting)
    reason = rules.check_view(data.view, data.reason)
    attendee = (
        await Attendee.select()
        .where((Attendee.id == data.attendee) & (Attendee.meeting == meeting["id"]))
        .first()
    )
    if attendee is None:
        raise NotFound("attendee")
    raised_by = attendee["person"] or principal.person_id
    if attendee["person"] is None and attendee["member"] is not None:
        member = await Member.select(Member.person).where(Member.id == attendee["member"]).first()
        raised_by = (member or {}).get("person") or principal.person_id
    view_id = uuid.uuid4()
    disagreement_id = uuid.uuid4() if data.view == "dissent" else None
    today = _today()
    async with change():
        touch_family(held.family_id)
        existing = (
            await MeetingView.select(
                *MeetingView.all_columns(), MeetingView.version.number.as_alias("version_number")
            )
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
        await audit.record(
            actor=principal.person_id,
            action="meeting_view.recorded",
            record_type="meeting_view",
            record_id=view_id,
            family=held.family_id,
            after={"attendee": attendee["id"], "view": data.view, "version": meeting["version"]},
        )
        if disagreement_id is not None:
            stage = rules.first_stage()
            deadline = rules.stage_deadline(stage, today)
            await Disagreement(
                id=disagreement_id,
                family=held.family_id,
                meeting=meeting["id"],
                meeting_view=view_id,
                raised_by=raised_by,
                about=reason,
                stage=stage,
                stage_deadline=deadline,
                updated_at=utc_now(),
            ).save()
            await DisagreementStage(
                id=uuid.uuid4(),
                family=held.family_id,
                disagreement=disagreement_id,
                stage=stage,
                started_on=today,
                deadline=deadline,
            ).save()
            await audit.record(
                actor=principal.person_id,
                action="disagreement.opened",
                record_type="disagreement",
                record_id=disagreement_id,
                family=held.family_id,
                after={"meeting_view": view_id, "stage": stage, "stage_deadline": deadline},
            )
            events.add(held.family_id, "disagreement.changed", disagreement_id)
        events.add(held.family_id, "meeting.changed", meeting["id"])
    row = (
        await MeetingView.select(
            *MeetingView.all_columns(), MeetingView.version.number.as_alias("version_number")
        )
        .where(MeetingView.id == view_id)
        .first()
    )
    out = view_out(row)
    out["disagreement"] = None if disagreement_id is None else await _disagreement(disagreement_id)
    return out


async def record_decision(
    principal: Principal, meeting_id: Any, data: schemas.NewDecision
) -> dict[str, Any]:
    """The chair's decisions on the version discussed; the meeting is then held."""
    held = await _meeting_access(principal, meeting_id)
    if not held.chair:
        raise Forbidden("Only the chair of this meeting can record its decisions")
    meeting = held.meeting
    _require_discussable(meeting)
    rules.check_decision(
        data.plan_needed,
        data.category,
        data.next_review_on,
        london_date(meeting["starts_at"]),
    )
    decision_id = uuid.uuid4()
    now = utc_now()
    async with change():
        # Updating the meeting first locks its row (PostgreSQL): a second decision waits, then
        # finds the first.
        await Meeting.update(
            {
                Meeting.status: "held",
                Meeting.revision: Meeting.revision + 1,
                Meeting.updated_at: now,
            },
            use_auto_update=False,
        ).where(Meeting.id == meeting["id"])
        existing = (
            await Decision.select(
                *Decision.all_columns(), Decision.version.number.as_alias("version_number")
            )
            .where(Decision.meeting == meeting["id"])
            .first()
        )
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
        touch_family(held.family_id)
        await audit.record(
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
            },
        )
        events.add(held.family_id, "meeting.changed", meeting["id"])
    row = (
        await Decision.select(
            *Decision.all_columns(), Decision.version.number.as_alias("version_number")
        )
        .where(Decision.id == decision_id)
        .first()
    )
    return {**decision_out(row), "meeting_status": "held"}


# ---------------------------------------------------------------------------- disagreements


async def _disagreement(disagreement_id: uuid.UUID) -> dict[str, Any]:
    row = await Disagreement.select().where(Disagreement.id == disagreement_id).first()
    stages = (
        await DisagreementStage.select()
        .where(DisagreementStage.disagreement == disagreement_id)
        .order_by(DisagreementStage.started_on)
        .order_by(DisagreementStage.created_at)
    )
    return disagreement_out(row, stages)


async def _disagreement_access(
    principal: Principal, disagreement_id: Any
) -> tuple[FamilyAccess, dict[str, Any]]:
    access = await permissions.access_to_record(
        principal, Disagreement, disagreement_id, "disagreement"
    )
    if access.is_member:
        raise NotFound("disagreement")
    access.require_editor()
    row = (
        await Disagreement.select()
        .where(Disagreement.id == uuid.UUID(str(disagreement_id)))
        .first()
    )
    return access, row


async def get_disagreement(principal: Principal, disagreement_id: Any) -> dict[str, Any]:
    _, row = await _disagreement_access(principal, disagreement_id)
    return await _disagreement(row["id"])


async def escalate(
    principal: Principal, disagreement_id: Any, data: schemas.Escalation
) -> dict[str, Any]:
    """Move an open disagreement to its next stage, with that stage's deadline."""
    access, row = await _disagreement_access(principal, disagreement_id)
    rules.require_open(row["status"])
    stage = rules.next_stage(row["stage"])
    today = _today()
    deadline = rules.stage_deadline(stage, today)
    outcome = data.outcome.strip() or f"Not settled by the {row['stage'].replace('_', ' ')}"
    revision = row["revision"] if data.revision is None else data.revision
    async with change():
        await update_at_revision(
            Disagreement,
            row["id"],
            revision,
            {Disagreement.stage: stage, Disagreement.stage_deadline: deadline},
            "disagreement",
            present=disagreement_out,
        )
        await DisagreementStage.update(
            {DisagreementStage.ended_on: today, DisagreementStage.outcome: outcome}
        ).where(
            (DisagreementStage.disagreement == row["id"])
            & (DisagreementStage.stage == row["stage"])
            & DisagreementStage.ended_on.is_null()
        )
        await DisagreementStage(
            id=uuid.uuid4(),
            family=access.family_id,
            disagreement=row["id"],
            stage=stage,
            started_on=today,
            deadline=deadline,
        ).save()
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="disagreement.escalated",
            record_type="disagreement",
            record_id=row["id"],
            family=access.family_id,
            before={"stage": row["stage"], "stage_deadline": row["stage_deadline"]},
            after={"stage": stage, "stage_deadline": deadline, "outcome": outcome},
        )
        events.add(access.family_id, "disagreement.changed", row["id"])
    return await _disagreement(row["id"])


async def resolve(
    principal: Principal, disagreement_id: Any, data: schemas.Resolution
) -> dict[str, Any]:
    access, row = await _disagreement_access(principal, disagreement_id)
    rules.require_open(row["status"])
    resolution = data.resolution.strip()
    if not resolution:
        raise Invalid("resolution", "say how the disagreement was resolved")
    today = _today()
    revision = row["revision"] if data.revision is None else data.revision
    async with change():
        await update_at_revision(
            Disagreement,
            row["id"],
            revision,
            {
                Disagreement.status: "resolved",
                Disagreement.resolved_on: today,
                Disagreement.resolution: resolution,
            },
            "disagreement",
            present=disagreement_out,
        )
        await DisagreementStage.update(
            {DisagreementStage.ended_on: today, DisagreementStage.outcome: resolution}
        ).where(
            (DisagreementStage.disagreement == row["id"]) & DisagreementStage.ended_on.is_null()
        )
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="disagreement.resolved",
            record_type="disagreement",
            record_id=row["id"],
            family=access.family_id,
            before={"status": row["status"], "stage": row["stage"]},
            after={"status": "resolved", "resolved_on": today, "resolution": resolution},
        )
        events.add(access.family_id, "disagreement.changed", row["id"])
    return await _disagreement(row["id"])
