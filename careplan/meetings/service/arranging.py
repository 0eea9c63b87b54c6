"""Arranging a meeting on a plan (issue 18): who may (the authority `meeting.arrange`), its
chair (independent for a conference), its attendees with their roles, interpreters and
exclusions, its statutory due date from the local clocks (a later date needs a reason), and
the version it discusses (one taken before, or one taken now). And a plan's meetings, coming
then past."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from careplan.access import authority
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.lib.clock import london_date, utc_now
from careplan.lib.errors import Invalid, NotFound
from careplan.lib.uow import change
from careplan.meetings import rules, schemas, timing
from careplan.meetings.queries import arranging as reads
from careplan.meetings.queries import people, plans
from careplan.meetings.service.meetings import _meeting_document
from careplan.meetings.tables import Attendee, Meeting
from careplan.plans import schemas as plan_schemas
from careplan.plans import service as plan_service

KIND_NAMES = {
    "core_group": "core group",
    "initial_conference": "initial child protection conference",
    "review_conference": "review child protection conference",
    "child_in_need_review": "child in need review",
    "team_around_the_family": "team around the family meeting",
    "looked_after_review": "looked-after review",
    "strategy_discussion": "strategy discussion",
}


def _check_member_only(index: int, one: schemas.AttendeeIn) -> None:
    """Interpreters and exclusions are a family member's; an exclusion says which part (when
    it is a part) and why."""
    field = f"attendees[{index}]"
    if one.person is not None:
        if one.interpreter.strip():
            raise Invalid(f"{field}.interpreter", "an interpreter is arranged for a family member")
        if one.excluded is not None:
            raise Invalid(f"{field}.excluded", "only a family member can be excluded")
        return
    if one.excluded is None:
        if one.excluded_part.strip() or one.exclusion_reason.strip():
            raise Invalid(f"{field}.excluded", 'say whether they are excluded from "all" or "part"')
        return
    if one.excluded == "part" and not one.excluded_part.strip():
        raise Invalid(
            f"{field}.excluded_part", "say which part of the meeting they are excluded from"
        )
    if not one.exclusion_reason.strip():
        raise Invalid(
            f"{field}.exclusion_reason", "say why they are excluded: an exclusion needs a reason"
        )


async def _attendees(access: FamilyAccess, given: list[schemas.AttendeeIn]) -> list[dict[str, Any]]:
    """Each attendee named once: a professional working with the local authority, or a
    member of the family (404 naming the field otherwise), with what they bring."""
    attendees: list[dict[str, Any]] = []
    seen: set[uuid.UUID] = set()
    for index, one in enumerate(given):
        field = f"attendees[{index}]"
        if (one.person is None) == (one.member is None):
            raise Invalid(field, "name either a person (a professional) or a member of the family")
        _check_member_only(index, one)
        if one.person is not None:
            person = await people.professional_in(
                access.local_authority_id, one.person, f"{field}.person"
            )
            key = person["id"]
            row = {"person": key, "agency": person["agency"], "name": person["name"]}
        else:
            member = await people.member_of_family(one.member, access.family_id, f"{field}.member")
            key = member["id"]
            name = f"{member['given_name']} {member['family_name']}".strip()
            row = {"member": key, "name": name}
        if key in seen:
            raise Invalid(field, "is named twice")
        seen.add(key)
        excluded = one.excluded if one.member is not None else None
        attendees.append(
            {
                **row,
                "apologies": one.apologies,
                "role": one.role.strip(),
                "direct_contact": one.direct_contact if one.person is not None else False,
                "interpreter": one.interpreter.strip(),
                "excluded": excluded,
                "excluded_part": one.excluded_part.strip() if excluded == "part" else "",
                "exclusion_reason": one.exclusion_reason.strip() if excluded else "",
            }
        )
    return attendees


async def due_date(access: FamilyAccess, kind: str, starts_at: dt.datetime) -> timing.Due | None:
    """When a meeting of `kind` starting at `starts_at` is due by the local clocks."""
    earlier = await reads.earlier_meetings(access.family_id, starts_at)
    clocks, region = await reads.clocks(access.local_authority_id)
    return timing.due(kind, earlier, clocks, region)


async def may_arrange(access: FamilyAccess) -> bool:
    """Whether the person may arrange a meeting of any kind on the family's plans (what a
    page offers)."""
    for kind in ("review_conference", "team_around_the_family"):
        if await authority.may(access, "meeting.arrange", kind):
            return True
    return False


async def create_meeting(
    principal: Principal, plan_id: Any, data: schemas.NewMeeting
) -> dict[str, Any]:
    access = await plans.professional_plan_access(principal, plan_id, edit=True)
    await authority.require(access, "meeting.arrange", data.kind)
    plan_uuid = uuid.UUID(str(plan_id))
    rules.check_meeting_time(data.starts_at, utc_now())
    timing.check_pre_birth(data.kind, data.pre_birth)
    if data.take_version and data.version is not None:
        raise Invalid("take_version", "choose a version, or take a new one now: not both")
    version_id = None
    if data.version is not None:
        version_id = await plans.version_id(plan_uuid, data.version)
        if version_id is None:
            raise NotFound("version")
    await people.professional_in(access.local_authority_id, data.chair, "chair")
    ties = await people.ties_to_team(access.family_id, access.local_authority_id, data.chair)
    rules.check_independent_chair(data.kind, *ties)
    attendees = await _attendees(access, data.attendees)
    due = await due_date(access, data.kind, data.starts_at)
    reason = timing.check_timing(
        london_date(data.starts_at), None if due is None else due.on, data.timing_reason
    )
    taken = None
    if data.take_version:
        # The plan's own use case: its own transaction, audited; a version taken is a
        # snapshot, harmless if the meeting were then refused (everything is checked first).
        on = timing.long_date(london_date(data.starts_at))
        label = f"For the {KIND_NAMES.get(data.kind, 'meeting')} on {on}"
        taken = await plan_service.take_version(
            principal, plan_uuid, plan_schemas.NewVersion(label=label[:200])
        )
        version_id = taken["id"]
    meeting_id = uuid.uuid4()
    async with change() as work:
        await plan_service.require_open_plan(plan_uuid)  # a closed plan takes no meeting (409)
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
            pre_birth=data.pre_birth,
            due_on=None if due is None else due.on,
            timing_reason=reason,
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
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action="meeting.arranged",
            record_type="meeting",
            record_id=meeting_id,
            family=access.family_id,
            after={
                "kind": data.kind,
                "pre_birth": data.pre_birth,
                "starts_at": data.starts_at,
                "chair": data.chair,
                "version": data.version if taken is None else taken["number"],
                "version_taken": taken is not None,
                "due_on": None if due is None else due.on,
                "timing_reason": reason,
                "attendees": len(attendees),
                "excluded": sum(1 for a in attendees if a["excluded"]),
            },
        )
        moved = rules.plan_state_on_arranging(data.kind)
        if moved is not None:
            await plan_service.follow_meeting(
                work, principal.person_id, plan_uuid, *moved, meeting_id
            )
        work.event(access.family_id, "meeting.changed", meeting_id)
    return await _meeting_document(meeting_id)


# ---------------------------------------------------------------------------- a plan's list


def summary(row: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """A meeting in a list: the place left out when it is confidential."""
    confidential = bool(row["location_confidential"])
    return {
        "id": row["id"],
        "kind": row["kind"],
        "pre_birth": bool(row["pre_birth"]),
        "starts_at": row["starts_at"],
        "status": row["status"],
        "chair": row["chair"],
        "chair_name": row["chair_name"] or "",
        "version": row["version"],
        "version_sha256": row["version_sha256"],
        "due_on": row["due_on"],
        "place": "" if confidential else row["location"],
        "location_confidential": confidential,
        "coming": row["status"] == "scheduled" and row["starts_at"] >= now - STILL_COMING,
    }


# A meeting stays "coming" until this long after it starts (it is being held).
STILL_COMING = dt.timedelta(hours=3)


def coming_and_past(
    rows: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Meetings coming (soonest first) and past (latest first)."""
    now = utc_now()
    out = [summary(row, now) for row in rows]
    coming = [m for m in out if m["coming"]]
    past = [m for m in out if not m["coming"]]
    coming.sort(key=lambda m: m["starts_at"])
    past.sort(key=lambda m: m["starts_at"], reverse=True)
    return coming, past


async def list_meetings(principal: Principal, plan_id: Any) -> dict[str, Any]:
    """A plan's meetings: for its team, their managers and the family's chairs (404 to
    anyone else, a family member too)."""
    await plans.professional_plan_access(principal, plan_id, edit=False)
    plan_uuid = uuid.UUID(str(plan_id))
    coming, past = coming_and_past(await reads.plan_meetings(plan_uuid))
    return {"plan": plan_uuid, "coming": coming, "past": past}
