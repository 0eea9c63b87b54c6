"""A plan's state, moved with its meetings (issue 18, item 8): `move` checks the move
(careplan.plans.states), writes a PlanStateChange (who, why, the meeting if any) and the plan's
new state, audited, in one change. `move_in` does the same inside a change already open (the
conference's decision moves the plan in its own unit of work)."""

from __future__ import annotations

import uuid
from typing import Any

from careplan.access import authority
from careplan.access.principal import Principal
from careplan.lib.errors import Invalid, Refused
from careplan.lib.uow import Work, change
from careplan.plans import acknowledgements, states
from careplan.plans.service.checking import plan_access, require_open_plan
from careplan.plans.tables import Plan, PlanStateChange

HISTORY_COLUMNS = (
    PlanStateChange.id,
    PlanStateChange.from_state,
    PlanStateChange.to_state,
    PlanStateChange.moved_by,
    PlanStateChange.moved_by.name.as_alias("moved_by_name"),
    PlanStateChange.reason,
    PlanStateChange.meeting,
    PlanStateChange.created_at,
)


def _check(to: str, reason: str) -> str:
    problem = states.check_move_input(to, reason)
    if problem is not None:
        raise Invalid(*problem)
    return reason.strip()


async def move_in(
    work: Work,
    actor: uuid.UUID,
    plan_id: uuid.UUID,
    to: str,
    reason: str,
    *,
    meeting: uuid.UUID | None = None,
    revision: int | None = None,
) -> dict[str, Any]:
    """Move the plan to `to` inside the open change `work`: Invalid (422) for an unknown state
    or no reason, Refused (409, naming `state`) for a move not allowed or an "agreed" without
    every party's acknowledgement, Conflict when `revision` is given and stale."""
    reason = _check(to, reason)
    plan = (
        await Plan.select(Plan.id, Plan.family, Plan.state, Plan.revision)
        .where(Plan.id == plan_id)
        .first()
    )
    refused = states.move_refusal(plan["state"], to)
    if refused is None and to == "agreed":
        refused = states.agreed_refusal(await acknowledgements.of_plan(plan_id))
    if refused is not None:
        raise Refused(f"The plan cannot move to {states.STATE_NAMES[to]}: {refused}", "state")
    expected = plan["revision"] if revision is None else revision
    row = await work.update(
        Plan,
        plan_id,
        expected,
        {Plan.state: to},
        "plan",
        lambda current: {"state": current["state"], "revision": current["revision"]},
    )
    change_id = uuid.uuid4()
    await PlanStateChange(
        id=change_id,
        family=plan["family"],
        plan=plan_id,
        from_state=plan["state"],
        to_state=to,
        moved_by=actor,
        reason=reason,
        meeting=meeting,
    ).save()
    work.touch(plan["family"])
    await work.audit(
        actor=actor,
        action="plan.state_moved",
        record_type="plan",
        record_id=plan_id,
        family=plan["family"],
        before={"state": plan["state"]},
        after={"state": to, "reason": reason, "meeting": meeting},
    )
    work.event(plan["family"], "family.changed", plan["family"])
    return {"state": to, "revision": row["revision"], "change": change_id}


async def follow_meeting(
    work: Work, actor: uuid.UUID, plan_id: uuid.UUID, to: str, reason: str, meeting: uuid.UUID
) -> bool:
    """Move the plan as a meeting moved it (a review arranged, a conference's decision), inside
    the meeting's own change, when the move applies to the plan's state; otherwise leave the
    plan as it is (a review of a plan already under review, a plan that has ended), which is
    not an error of the meeting's. Whether it moved."""
    current = await Plan.select(Plan.state).where(Plan.id == plan_id).first()
    if current is None or states.move_refusal(current["state"], to) is not None:
        return False
    if to == "agreed":
        return False  # only people agree a plan, each party acknowledging it
    await move_in(work, actor, plan_id, to, reason, meeting=meeting)
    return True


async def move(
    principal: Principal,
    plan_id: Any,
    to: str,
    reason: str,
    *,
    revision: int | None = None,
    meeting: uuid.UUID | None = None,
) -> dict[str, Any]:
    """A professional moves the plan (authority `plan.state`); see `move_in`."""
    access, plan = await plan_access(principal, plan_id, edit=True)
    _check(to, reason)
    await authority.require(access, "plan.state")
    async with change() as work:
        await require_open_plan(plan["id"], plan["episode"])
        await move_in(
            work, principal.person_id, plan["id"], to, reason, meeting=meeting, revision=revision
        )
    return await state_of(plan["id"])


async def history(plan_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every move of the plan, oldest first."""
    return (
        await PlanStateChange.select(*HISTORY_COLUMNS)
        .where(PlanStateChange.plan == plan_id)
        .order_by(PlanStateChange.created_at)
    )


async def state_of(plan_id: uuid.UUID) -> dict[str, Any]:
    """The plan's state, where it may move next, and its history."""
    plan = await Plan.select(Plan.state, Plan.revision).where(Plan.id == plan_id).first()
    return {
        "state": plan["state"],
        "revision": plan["revision"],
        "next_states": list(states.next_states(plan["state"])),
        "history": await history(plan_id),
    }


async def state_page(principal: Principal, plan_id: Any) -> dict[str, Any]:
    """What the plan's state page shows a professional who may read the plan: its state,
    where it may move, its history, and why they may not move it (None when they may)."""
    access, plan = await plan_access(principal, plan_id, edit=False)
    refusal = (
        await authority.refusal(access, "plan.state")
        if access.can_edit_plan
        else ("You are reading this plan as the chair of a meeting: you cannot move it")
    )
    return {
        "plan": plan["id"],
        "family": plan["family"],
        **await state_of(plan["id"]),
        "refusal": refusal,
    }
