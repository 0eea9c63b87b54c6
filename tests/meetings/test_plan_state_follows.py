"""The plan's state moves with its meetings (issue 18, item 8): arranging a review conference
puts the plan under review; the conference's decision makes it active again or steps it
down, each move recorded with who moved it, why and the meeting; a move that does not apply
to the plan's state leaves the plan as it is."""

from __future__ import annotations

import pytest
from piccolo.engine.base import Engine

from careplan.meetings import schemas, service
from careplan.plans.tables import Plan, PlanStateChange
from tests.meetings.conftest import HARTLEY_PLAN, principal
from tests.meetings.test_room import LEO, MIA, conference, quorate

pytestmark = pytest.mark.anyio


async def state() -> str:
    return (await Plan.select(Plan.state).where(Plan.id == HARTLEY_PLAN).first())["state"]


async def moves(meeting_id) -> list[tuple[str, str, str]]:
    rows = (
        await PlanStateChange.select()
        .where(PlanStateChange.meeting == meeting_id)
        .order_by(PlanStateChange.created_at)
    )
    return [(r["from_state"], r["to_state"], r["reason"]) for r in rows]


def for_each_child(needed: bool) -> schemas.NewDecision:
    return schemas.NewDecision(
        plan_needed=needed,
        category="neglect" if needed else None,
        children=[
            schemas.ChildDecisionIn(
                member=child, plan_needed=needed, category="neglect" if needed else None
            )
            for child in (LEO, MIA)
        ],
    )


async def test_a_review_puts_the_plan_under_review_and_its_decision_makes_it_active(
    demo: Engine,
) -> None:
    assert await state() == "active"
    meeting = await conference(kind="review_conference")
    assert await state() == "under_review"
    await quorate(meeting)
    await service.record_decision(await principal("robert"), meeting["id"], for_each_child(True))
    assert await state() == "active"
    assert [m[:2] for m in await moves(meeting["id"])] == [
        ("active", "under_review"),
        ("under_review", "active"),
    ]


async def test_a_review_that_ends_every_childs_plan_steps_it_down(demo: Engine) -> None:
    meeting = await conference(kind="review_conference")
    await quorate(meeting)
    await service.record_decision(await principal("robert"), meeting["id"], for_each_child(False))
    assert await state() == "stepped_down"
    said = await moves(meeting["id"])
    assert said[-1][:2] == ("under_review", "stepped_down")
    assert "no child needs a plan" in said[-1][2]


async def test_a_move_that_does_not_apply_leaves_the_plan_as_it_is(demo: Engine) -> None:
    # An initial conference on a plan already active: it cannot go back to an outline.
    meeting = await conference(kind="initial_conference")
    await quorate(meeting)
    await service.record_decision(await principal("robert"), meeting["id"], for_each_child(True))
    assert await state() == "active"
    assert await moves(meeting["id"]) == []
