"""The chair's decision for each child of the family (a conference decides separately for
each): checked before the decision's change, saved inside it, read with it."""

from __future__ import annotations

import uuid
from typing import Any

from careplan.lib.errors import Invalid
from careplan.meetings import schemas
from careplan.meetings.queries import people
from careplan.meetings.queries import room as room_reads
from careplan.meetings.tables import ChildDecision

CHILD_KEYS = (
    "member",
    "plan_needed",
    "category",
    "lead_social_worker",
    "next_review_on",
)


async def checked(
    family_id: uuid.UUID,
    plan_id: uuid.UUID,
    held_on: Any,
    given: list[schemas.ChildDecisionIn],
) -> list[dict[str, Any]]:
    """Each child's decision as it will be saved (Invalid naming `children[i].field`): the
    member is a child of the plan's episode, named once; a plan needs its category; the
    lead social worker and the core group are professionals working with the local
    authority; the next review is after the meeting."""
    if not given:
        return []
    children = await room_reads.children_of_plan(plan_id)
    local_authority_id, _ = await room_reads.room_settings(family_id)
    seen: set[uuid.UUID] = set()
    rows: list[dict[str, Any]] = []
    for index, one in enumerate(given):
        field = f"children[{index}]"
        if one.member not in children:
            raise Invalid(f"{field}.member", "is not a child this plan is for")
        if one.member in seen:
            raise Invalid(f"{field}.member", "is named twice")
        seen.add(one.member)
        if one.plan_needed and one.category is None:
            raise Invalid(f"{field}.category", "choose the category of the child protection plan")
        if not one.plan_needed and one.category is not None:
            raise Invalid(f"{field}.category", "a category is given only when a plan is needed")
        if one.next_review_on is not None and one.next_review_on <= held_on:
            raise Invalid(f"{field}.next_review_on", "must be after the meeting")
        if local_authority_id is not None:
            if one.lead_social_worker is not None:
                await people.professional_in(
                    local_authority_id, one.lead_social_worker, f"{field}.lead_social_worker"
                )
            for n, person in enumerate(one.core_group):
                await people.professional_in(local_authority_id, person, f"{field}.core_group[{n}]")
        if len(set(one.core_group)) != len(one.core_group):
            raise Invalid(f"{field}.core_group", "names someone twice")
        rows.append(
            {
                "member": one.member,
                "plan_needed": one.plan_needed,
                "category": one.category,
                "lead_social_worker": one.lead_social_worker,
                "core_group": [str(p) for p in one.core_group],
                "next_review_on": one.next_review_on,
            }
        )
    return rows


async def save(
    family_id: uuid.UUID, meeting_id: uuid.UUID, decision_id: uuid.UUID, rows: list[dict[str, Any]]
) -> None:
    """Inside the decision's change."""
    for row in rows:
        await ChildDecision(
            id=uuid.uuid4(), family=family_id, meeting=meeting_id, decision=decision_id, **row
        ).save()


async def of_decision(family_id: uuid.UUID, decision_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = (
        await ChildDecision.select()
        .where(ChildDecision.decision == decision_id)
        .order_by(ChildDecision.created_at)
        .output(load_json=True)
    )
    if not rows:
        return []
    members = await room_reads.members(family_id)
    out = []
    for row in rows:
        member = members.get(row["member"], {})
        one = {key: row[key] for key in CHILD_KEYS}
        one["name"] = member.get("known_as") or member.get("given_name") or ""
        one["core_group"] = [uuid.UUID(str(p)) for p in row["core_group"] or []]
        out.append(one)
    return out
