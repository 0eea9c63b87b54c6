"""What the workspace's meeting pages show (issue 18, before the meeting): the form that
arranges a meeting, a meeting's own page with its reports, the form of an agency's report.
Access as the API's: decided in careplan.access, never in a page."""

from __future__ import annotations

import uuid
from typing import Any

from careplan.access import authority
from careplan.access.principal import Principal
from careplan.lib.clock import utc_now
from careplan.lib.errors import Forbidden
from careplan.meetings import timing
from careplan.meetings.queries import arranging as reads
from careplan.meetings.queries import plans
from careplan.meetings.service.arranging import KIND_NAMES, coming_and_past, due_date, may_arrange
from careplan.meetings.service.meetings import _meeting_document
from careplan.meetings.service.reports import readable_reports, report_access
from careplan.meetings.vocabulary import MEETING_KINDS

# How far ahead the form asks when each kind is due: anything earlier counts (a due date
# runs from the meetings held before the one arranged).
_FAR = 800


async def arrange_form(principal: Principal, plan_id: Any) -> dict[str, Any]:
    """The plan and its family, who may be invited (professionals by agency, the family's
    members now), the plan's versions, and when each kind of meeting is due. 404 for whom
    the plan is not theirs, 403 naming the action for whom may not arrange one."""
    access = await plans.professional_plan_access(principal, plan_id, edit=True)
    if not await may_arrange(access):
        await authority.require(access, "meeting.arrange", "review_conference")
    plan_uuid = uuid.UUID(str(plan_id))
    plan = await reads.plan_and_family(plan_uuid)
    team = await reads.team_people(access.family_id)
    people = [
        {**p, "on_team": p["id"] in team}
        for p in await reads.professionals(access.local_authority_id)
    ]
    by_agency: dict[str, list[dict[str, Any]]] = {}
    for person in people:
        by_agency.setdefault(person["agency_name"], []).append(person)
    today = utc_now().date()
    members = [
        m
        for m in await reads.current_members(access.family_id)
        if not m["to_date"] or m["to_date"] >= today
    ]
    far = utc_now().replace(year=utc_now().year + 2)
    due = {}
    for kind in ("initial_conference", "core_group", "review_conference"):
        found = await due_date(access, kind, far)
        if found is not None:
            due[kind] = found.on
    allowed = [
        kind for kind in MEETING_KINDS if await authority.may(access, "meeting.arrange", kind)
    ]
    return {
        "plan": plan,
        "family": {"id": access.family_id, "name": plan["family_name"]},
        "by_agency": by_agency,
        "people": people,
        "members": members,
        "versions": await reads.versions_of(plan_uuid),
        "due": due,
        "kinds": allowed,
        "kind_names": KIND_NAMES,
    }


async def meeting_page(principal: Principal, meeting_id: Any) -> dict[str, Any]:
    """A meeting as its page shows it: the meeting, its family and chair's names, the reports
    the reader may see, and whether they may add their agency's. For the team, their
    managers, the chair and the professionals invited; 404 to anyone else."""
    held = await report_access(principal, meeting_id)
    meeting = await _meeting_document(held.meeting["id"])
    names = await reads.meeting_context(held.meeting["id"])
    return {
        "meeting": meeting,
        **names,
        "reports": await readable_reports(principal, held.meeting["id"]),
        "may_add_report": held.may_write and principal.agency_id is not None,
        "may_read_family": held.team is not None or held.chair,
        "kind_name": KIND_NAMES.get(meeting["kind"], meeting["kind"]),
    }


async def report_form(principal: Principal, meeting_id: Any) -> dict[str, Any]:
    """What the form of an agency's report shows; 403 for who may read but not add one."""
    page = await meeting_page(principal, meeting_id)
    if not page["may_add_report"]:
        raise Forbidden(
            "Only a professional on the family's team or invited to this meeting can add "
            "their agency's report"
        )
    members = await reads.current_members(page["meeting"]["family"])
    return {**page, "members": members}


async def meetings_of_family(
    access: Any, *, may_arrange: bool, open_plans: list[dict[str, Any]]
) -> dict[str, Any]:
    """A family page's meetings section (one statement): coming and past, and where to
    arrange one for who may. The page has decided already whether the reader may arrange one
    (`authority.allowed(access, "meeting.arrange")`, with its other actions) and read the
    family's open plans (`open_plans`: id, episode_kind), so nothing is read twice."""
    coming, past = coming_and_past(await reads.family_meetings(access.family_id))
    arrange = access.can_edit_plan and may_arrange and bool(open_plans)
    return {
        "coming": coming,
        "past": past,
        "may_arrange": arrange,
        "open_plans": open_plans if arrange else [],
        "kind_names": KIND_NAMES,
    }


async def meetings_of_plan(
    principal: Principal, plan_id: Any, version_number: int | None = None
) -> dict[str, Any]:
    """A plan's meetings (those discussing one version of it, when `version_number` is
    given), coming and past, and whether the reader may arrange one on it."""
    access = await plans.professional_plan_access(principal, plan_id, edit=False)
    plan_uuid = uuid.UUID(str(plan_id))
    if version_number is None:
        rows = await reads.plan_meetings(plan_uuid)
    else:
        found = await reads.version_id(plan_uuid, version_number)
        rows = [] if found is None else await reads.version_meetings(found)
    coming, past = coming_and_past(rows)
    plan = await reads.plan_and_family(plan_uuid)
    arrange = access.can_edit_plan and plan["closed_on"] is None and await may_arrange(access)
    return {
        "coming": coming,
        "past": past,
        "may_arrange": arrange,
        "open_plans": [{"id": plan_uuid, "episode_kind": plan["episode_kind"]}] if arrange else [],
        "kind_names": KIND_NAMES,
    }


def long_date(day: Any) -> str:
    return timing.long_date(day)
