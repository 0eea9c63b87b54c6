"""The agreed plan as a PDF's content (issue 18, item 10): the version, every party's
acknowledgement (each agency's view at the meeting that discussed it; the family's answers in
their own words, bound to their views' fingerprints), and the plain statement that the plan can
be used as evidence in court proceedings. A family member's copy holds only their own view."""

from __future__ import annotations

import json
import uuid
from typing import Any

from careplan.access.principal import Principal
from careplan.lib.columns import loaded
from careplan.lib.errors import NotFound
from careplan.meetings import record_rules
from careplan.meetings.queries import plans
from careplan.meetings.queries import record as queries
from careplan.meetings.service.record import record_access
from careplan.plans.rules import readable_document

EVIDENCE = (
    "This plan can be used as evidence in court proceedings, for example if the local "
    "authority asks a court to decide about the children. Agreeing to it is not consent to "
    "anything else."
)


async def _meeting_for(principal: Principal, version_id: uuid.UUID) -> dict[str, Any] | None:
    """The last meeting on the version, if the reader may read its record (a member kept out
    of it reads the plan without the meeting)."""
    meeting = await queries.last_meeting_on(version_id)
    if meeting is None:
        return None
    try:
        await record_access(principal, meeting["id"])
    except NotFound:
        return None
    return meeting


async def get_agreed(principal: Principal, plan_id: Any, number: int) -> dict[str, Any]:
    access = await plans.plan_access(principal, plan_id)
    plan_uuid = uuid.UUID(str(plan_id))
    version = await queries.version_of_plan(plan_uuid, number)
    if version is None:
        raise NotFound(f"version {number}")
    member = str(access.member_id) if access.is_member else None
    views = await queries.views_of_version(version["id"])
    if member is not None:
        mine = [v for v in views if str(v["member"]) == member]
        if not mine:
            raise NotFound(f"version {number}")  # not shared with them: it is not theirs
        document = loaded(mine[0]["content"])
    else:
        document = readable_document(json.loads(version["content"]), access.sees)[0]
    names = await queries.member_names(access.family_id)
    meeting = await _meeting_for(principal, version["id"])
    agencies: list[dict[str, Any]] = []
    held: dict[str, Any] | None = None
    if meeting is not None:
        reader = record_rules.Reader(sees=access.sees, member=member)
        record = record_rules.build_record(meeting, await queries.record_parts(meeting), reader, {})
        agencies, held = record["views"], record["meeting"]
    return {
        "copy": "member" if member else "whole",
        "plan": {"id": plan_uuid},
        "version": {"number": version["number"], "sha256": version["sha256"]},
        "family_views": [
            {
                "member": str(v["member"]),
                "name": names.get(str(v["member"]), ""),
                "sha256": v["sha256"],
            }
            for v in views
            if member is None or str(v["member"]) == member
        ],
        "sections": record_rules.version_sections(document),
        "objectives": record_rules.objectives_of(document),
        "meeting": held,
        "views": agencies,
        "family_words": record_rules.family_words(
            await queries.answers_on(version["id"]), names, member
        ),
        "evidence": EVIDENCE,
    }
