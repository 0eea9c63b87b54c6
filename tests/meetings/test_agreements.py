"""A family member's answer to the plan they saw: bound to both hashes, with its history."""

from __future__ import annotations

import json

import pytest
from piccolo.engine.base import Engine

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.lib.errors import Conflict, NotFound
from careplan.meetings import schemas, service
from careplan.meetings.tables import Agreement
from careplan.notify.tables import Notification
from careplan.plans.tables import FamilyView, PlanVersion
from tests.meetings.conftest import HARTLEY, HARTLEY_PLAN, hartley_view, principal

pytestmark = pytest.mark.anyio

WORRY_FOOD = demo_id("hartley:item:worry_food")
VISITOR = demo_id("hartley:item:visitor")  # for professionals only


async def view_hash(number: int, member: str) -> str:
    row = (
        await FamilyView.select(FamilyView.sha256)
        .where(FamilyView.id == hartley_view(number, member))
        .first()
    )
    return row["sha256"]


async def test_an_answer_is_bound_to_the_version_and_the_view_it_was_given_on(
    demo: Engine,
) -> None:
    kieran = await principal("kieran")
    seen = await view_hash(2, "kieran")
    answer = await service.answer_plan(
        kieran,
        HARTLEY_PLAN,
        schemas.NewAgreement(
            answer="agree_with_comments",
            view_sha256=seen,
            words="  I'll do the mornings.  ",
            item_comments=[schemas.ItemComment(item=WORRY_FOOD, comment="We eat together now.")],
        ),
    )
    version = (
        await PlanVersion.select(PlanVersion.sha256)
        .where(PlanVersion.id == demo_id(f"hartley:version:{HARTLEY_PLAN}:2"))
        .first()
    )
    assert answer["version"] == 2
    assert answer["view_sha256"] == seen
    assert answer["version_sha256"] == version["sha256"]
    assert answer["words"] == "  I'll do the mornings.  "  # verbatim
    assert answer["item_comments"] == [{"item": str(WORRY_FOOD), "comment": "We eat together now."}]
    assert answer["member"] == demo_id("hartley:member:kieran")
    # Kieran's earlier answer (to version 1) is kept, and the new one points to it.
    assert answer["replaces"] == demo_id("hartley:agreement:kieran:1")
    event = await AuditEvent.select().where(AuditEvent.record_id == str(answer["id"])).first()
    assert event["action"] == "agreement.answered"


async def test_changing_an_answer_keeps_the_history(demo: Engine) -> None:
    jess = await principal("jess")
    seen = await view_hash(2, "jess")
    first = await service.answer_plan(
        jess, HARTLEY_PLAN, schemas.NewAgreement(answer="agree", view_sha256=seen)
    )
    second = await service.answer_plan(
        jess,
        HARTLEY_PLAN,
        schemas.NewAgreement(answer="disagree", view_sha256=seen, words="I changed my mind."),
    )
    assert first["replaces"] == demo_id("hartley:agreement:jess:2")
    assert second["replaces"] == first["id"]
    rows = (
        await Agreement.select(Agreement.answer, Agreement.words)
        .where(Agreement.member == demo_id("hartley:member:jess"))
        .order_by(Agreement.created_at)
    )
    assert [r["answer"] for r in rows] == ["agree_with_comments", "agree", "disagree"]
    assert rows[0]["words"].startswith("I agree with most of it.")  # never overwritten

    listing = await service.list_agreements(await principal("priya"), HARTLEY_PLAN)
    mine = next(m for m in listing["members"] if m["member"] == demo_id("hartley:member:jess"))
    assert mine["current"]["answer"] == "disagree"
    assert [a["answer"] for a in mine["history"]] == [
        "agree_with_comments",
        "agree",
        "disagree",
    ]
    assert mine["answered_latest_view"] is True


async def test_an_answer_to_a_stale_view_gets_409(demo: Engine) -> None:
    kieran = await principal("kieran")
    stale = await view_hash(1, "kieran")
    before = await Agreement.count()
    with pytest.raises(Conflict) as caught:
        await service.answer_plan(
            kieran, HARTLEY_PLAN, schemas.NewAgreement(answer="agree", view_sha256=stale)
        )
    assert caught.value.current["view_sha256"] == await view_hash(2, "kieran")
    assert caught.value.current["version"] == 2
    assert await Agreement.count() == before


async def test_a_disagreement_tells_the_key_worker_with_ids_only(demo: Engine) -> None:
    jess = await principal("jess")
    answer = await service.answer_plan(
        jess,
        HARTLEY_PLAN,
        schemas.NewAgreement(
            answer="disagree", view_sha256=await view_hash(2, "jess"), words="No."
        ),
    )
    rows = await Notification.select().where(Notification.kind == "agreement.disagreed")
    assert len(rows) == 1
    assert rows[0]["person"] == demo_id("person:priya")
    assert rows[0]["family"] == HARTLEY
    payload = json.loads(rows[0]["payload"])
    assert payload["agreement"] == str(answer["id"])
    assert "No." not in rows[0]["payload"]
    # It goes on the agenda of the plan's meetings.
    meeting = await service.get_meeting(
        await principal("priya"), demo_id("hartley:meeting:core_group")
    )
    assert [a["id"] for a in meeting["family_disagreements"]] == [answer["id"]]


async def test_an_agreement_queues_no_notification(demo: Engine) -> None:
    await service.answer_plan(
        await principal("jess"),
        HARTLEY_PLAN,
        schemas.NewAgreement(answer="agree", view_sha256=await view_hash(2, "jess")),
    )
    assert await Notification.count() == 0


async def test_a_comment_on_an_item_outside_the_members_view_is_404(demo: Engine) -> None:
    with pytest.raises(NotFound) as caught:
        await service.answer_plan(
            await principal("jess"),
            HARTLEY_PLAN,
            schemas.NewAgreement(
                answer="agree_with_comments",
                view_sha256=await view_hash(2, "jess"),
                item_comments=[
                    schemas.ItemComment(item=WORRY_FOOD, comment="Fine."),
                    schemas.ItemComment(item=VISITOR, comment="Who?"),
                ],
            ),
        )
    assert caught.value.what == "item_comments[1].item"


async def test_a_parent_of_another_family_cannot_answer(demo: Engine) -> None:
    abena = await principal("abena")
    agreements, events = await Agreement.count(), await AuditEvent.count()
    with pytest.raises(NotFound):
        await service.answer_plan(
            abena,
            HARTLEY_PLAN,
            schemas.NewAgreement(answer="agree", view_sha256=await view_hash(2, "jess")),
        )
    assert await Agreement.count() == agreements
    assert await AuditEvent.count() == events


async def test_a_professional_cannot_answer_for_the_family(demo: Engine) -> None:
    with pytest.raises(NotFound):
        await service.answer_plan(
            await principal("priya"),
            HARTLEY_PLAN,
            schemas.NewAgreement(answer="agree", view_sha256=await view_hash(2, "jess")),
        )


async def test_the_family_cannot_read_everyones_answers(demo: Engine) -> None:
    with pytest.raises(NotFound):
        await service.list_agreements(await principal("jess"), HARTLEY_PLAN)
    with pytest.raises(NotFound):
        await service.list_agreements(await principal("chloe"), HARTLEY_PLAN)
