"""A plan's state moves with its meetings (issue 18, item 8): the allowed moves, "agreed" only
with every party's acknowledgement and a parent's answer (said in the refusal), each move a
PlanStateChange with who and why, audited; who may move it (authority `plan.state`)."""

from __future__ import annotations

import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.lib.errors import Refused
from careplan.lib.uow import change
from careplan.meetings.tables import Agreement, MeetingView
from careplan.plans import service
from careplan.plans.states import Acknowledgements, agreed_refusal, move_refusal, next_states
from careplan.plans.tables import Plan, PlanStateChange
from tests.api.test_access import PLAN

STATE = f"/api/v1/plans/{PLAN}/state"


# ---------------------------------------------------------------------------- pure rules


@pytest.mark.parametrize(
    ("state", "to", "allowed"),
    [
        ("outline", "detailed", True),
        ("detailed", "agreed", True),
        ("agreed", "active", True),
        ("active", "under_review", True),
        ("under_review", "active", True),
        ("under_review", "ended", True),
        ("outline", "stepped_down", True),
        ("outline", "agreed", False),
        ("active", "outline", False),
        ("ended", "active", False),
        ("stepped_down", "ended", False),
        ("active", "active", False),
    ],
)
def test_the_moves_a_plan_may_make(state, to, allowed) -> None:
    assert (move_refusal(state, to) is None) is allowed


def test_an_ended_plan_moves_no_more() -> None:
    assert next_states("ended") == ()
    assert next_states("under_review") == ("active", "ended", "stepped_down")


def test_agreed_needs_every_agency_at_the_meeting_and_a_parent() -> None:
    assert "take a version" in agreed_refusal(Acknowledgements())
    assert "no meeting has discussed version 2" in agreed_refusal(
        Acknowledgements.of(2, False, (), (), 1)
    )
    missing = agreed_refusal(Acknowledgements.of(2, True, {"Police", "School"}, {"School"}, 1))
    assert "still to give one: Police" in missing
    assert "a parent or carer must answer" in agreed_refusal(
        Acknowledgements.of(2, True, {"School"}, {"School"}, 0)
    )
    assert agreed_refusal(Acknowledgements.of(2, True, {"School"}, {"School"}, 1)) is None


# ---------------------------------------------------------------------------- the service

pytestmark_anyio = pytest.mark.anyio


async def start_at(state: str) -> None:
    """Whatever the demo holds, the plan starts in `state` with no moves recorded."""
    await PlanStateChange.delete().where(PlanStateChange.plan == PLAN)
    await Plan.update({Plan.state: state}).where(Plan.id == PLAN)


@pytestmark_anyio
async def test_a_move_is_recorded_with_who_and_why_and_audited(as_) -> None:
    await start_at("active")
    moved = await as_("priya").post(
        STATE, json={"state": "under_review", "reason": "Review booked"}
    )
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["state"] == "under_review"
    assert body["history"][-1]["to_state"] == "under_review"
    assert body["history"][-1]["moved_by"] == str(demo_id("person:priya"))
    plan = (await as_("priya").get(f"/api/v1/plans/{PLAN}")).json()
    assert (
        plan["state"] == "under_review" and plan["state_history"][-1]["reason"] == "Review booked"
    )
    assert await AuditEvent.count().where(AuditEvent.action == "plan.state_moved") == 1


@pytestmark_anyio
async def test_a_move_not_allowed_is_409_naming_state(as_) -> None:
    await start_at("active")
    refused = await as_("priya").post(STATE, json={"state": "outline", "reason": "Start again"})
    assert refused.status_code == 409
    assert "state" in refused.text and "can move only to" in refused.text
    assert await PlanStateChange.count() == 0


@pytestmark_anyio
async def test_bad_input_is_422_naming_the_field(as_) -> None:
    unknown = await as_("priya").post(STATE, json={"state": "finished", "reason": "r"})
    assert unknown.status_code == 422 and "state" in unknown.text
    no_reason = await as_("priya").post(STATE, json={"state": "under_review", "reason": " "})
    assert no_reason.status_code == 422 and "reason" in no_reason.text


@pytestmark_anyio
async def test_a_stale_revision_is_409_and_nothing_moves(as_) -> None:
    await start_at("active")
    plan = await Plan.select(Plan.revision).where(Plan.id == PLAN).first()
    stale = await as_("priya").post(
        STATE,
        json={"state": "under_review", "reason": "r", "revision": plan["revision"] - 1},
    )
    assert stale.status_code == 409
    assert (await Plan.select(Plan.state).where(Plan.id == PLAN).first())["state"] == "active"


@pytestmark_anyio
async def test_agreed_is_refused_until_every_party_acknowledged(as_) -> None:
    await Plan.update({Plan.state: "detailed"}).where(Plan.id == PLAN)
    # The demo's review conference on version 2: every agency that attended gave a view
    # (Amir, the GP, sent apologies), and Jess answered her view of version 2. Without Tom's
    # view, his agency is named as still to give one.
    tom = demo_id("hartley:view:tom")
    await MeetingView.delete().where(MeetingView.id == tom)
    refused = await as_("priya").post(STATE, json={"state": "agreed", "reason": "Signed"})
    assert refused.status_code == 409
    assert "still to give one" in refused.json()["detail"]
    assert (await Plan.select(Plan.state).where(Plan.id == PLAN).first())["state"] == "detailed"


@pytestmark_anyio
async def test_agreed_with_every_view_and_a_parent_answer(as_) -> None:
    await Plan.update({Plan.state: "detailed"}).where(Plan.id == PLAN)
    assert await Agreement.count().where(Agreement.member == demo_id("hartley:member:jess"))
    agreed = await as_("priya").post(STATE, json={"state": "agreed", "reason": "All agreed"})
    assert agreed.status_code == 200, agreed.text


@pytestmark_anyio
async def test_a_new_version_needs_its_own_meeting_before_it_is_agreed(as_) -> None:
    await Plan.update({Plan.state: "detailed"}).where(Plan.id == PLAN)
    taken = await as_("priya").post(f"/api/v1/plans/{PLAN}/versions", json={})
    number = taken.json()["number"]
    refused = await as_("priya").post(STATE, json={"state": "agreed", "reason": "Signed"})
    assert refused.status_code == 409
    assert f"no meeting has discussed version {number}" in refused.json()["detail"]


@pytestmark_anyio
async def test_move_in_runs_inside_a_change_already_open(demo) -> None:
    await start_at("active")
    async with change() as work:
        await service.move_in(
            work, demo_id("person:robert"), PLAN, "under_review", "The conference decided"
        )
        await service.move_in(work, demo_id("person:robert"), PLAN, "active", "Reviewed")
    rows = await PlanStateChange.select().where(PlanStateChange.plan == PLAN)
    assert [r["to_state"] for r in rows] == ["under_review", "active"]
    with pytest.raises(Refused):
        async with change() as work:
            await service.move_in(work, demo_id("person:robert"), PLAN, "detailed", "r")


@pytestmark_anyio
@pytest.mark.parametrize("who", ["laura", "daniel"])
async def test_a_partner_agency_on_the_team_is_refused_403(as_, who) -> None:
    await start_at("active")
    refused = await as_(who).post(STATE, json={"state": "under_review", "reason": "r"})
    assert refused.status_code == 403
    assert "move the plan" in refused.json()["detail"]


@pytestmark_anyio
@pytest.mark.parametrize("who", ["person:sophie", "chloe", "person:jess"])
async def test_strangers_and_parents_get_404(as_, who) -> None:
    assert (
        await as_(who).post(STATE, json={"state": "under_review", "reason": "r"})
    ).status_code == 404


@pytestmark_anyio
async def test_the_state_page_moves_the_plan_and_shows_its_history(browse_as) -> None:
    await start_at("active")
    priya = await browse_as("priya")
    page = await priya.get(f"/workspace/plans/{PLAN}/state")
    assert page.status_code == 200 and "Move the plan" in page.text
    empty = await priya.post(
        f"/workspace/plans/{PLAN}/state",
        data={"_csrf_token": priya.csrf, "state": "under_review", "reason": ""},
    )
    assert empty.status_code == 422 and "Enter why the plan moves" in empty.text
    wrong = await priya.post(
        f"/workspace/plans/{PLAN}/state",
        data={"_csrf_token": priya.csrf, "state": "outline", "reason": "Again"},
    )
    assert wrong.status_code == 409 and "can move only to" in wrong.text
    done = await priya.post(
        f"/workspace/plans/{PLAN}/state",
        data={"_csrf_token": priya.csrf, "state": "under_review", "reason": "Review booked"},
    )
    assert done.status_code == 303
    page = await priya.get(f"/workspace/plans/{PLAN}/state?moved=1")
    assert "The plan is now under review" in page.text and "Review booked" in page.text
    editor = await priya.get(f"/workspace/plans/{PLAN}")
    assert 'id="plan-state"' in editor.text and "under review" in editor.text
    family = await priya.get(f"/workspace/families/{demo_id('family:hartley')}")
    assert "Under review" in family.text


@pytestmark_anyio
async def test_a_partner_reads_the_state_page_and_is_told_who_may_move_it(browse_as) -> None:
    laura = await browse_as("laura")
    page = await laura.get(f"/workspace/plans/{PLAN}/state")
    assert page.status_code == 200 and 'id="refusal"' in page.text
    refused = await laura.post(
        f"/workspace/plans/{PLAN}/state",
        data={"_csrf_token": laura.csrf, "state": "under_review", "reason": "r"},
    )
    assert refused.status_code == 403
