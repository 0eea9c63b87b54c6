"""The plans service's use cases added for the plan editor: moving an item, who last changed
one, one item or objective for its editor, and the latest progress of a plan's objectives."""

from __future__ import annotations

import pytest

from careplan.access.principal import load_principal
from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.lib.errors import Conflict, Invalid, NotFound
from careplan.plans import schemas
from careplan.plans import service as plans
from careplan.plans.tables import Item

pytestmark = pytest.mark.anyio

PLAN = demo_id("hartley:plan:child_protection")
LOVE = demo_id("hartley:item:love")
ATTENDANCE = demo_id("hartley:item:attendance")
SCHOOL = demo_id("hartley:objective:school_cp")


async def who(key: str):
    principal = await load_principal(demo_id(f"person:{key}"))
    assert principal is not None
    return principal


async def positions() -> dict:
    rows = await Item.select(Item.id, Item.position, Item.revision).where(
        Item.id.is_in([LOVE, ATTENDANCE])
    )
    return {row["id"]: (row["position"], row["revision"]) for row in rows}


async def test_moving_an_item_swaps_it_with_its_neighbour_with_an_audit_event(demo) -> None:
    priya = await who("priya")
    events = await AuditEvent.count()
    moved = await plans.move_item(priya, LOVE, "down", 1)
    assert moved["position"] == 1 and moved["revision"] == 2
    # The neighbour takes the place; its own revision is left alone (its words did not change).
    assert await positions() == {LOVE: (1, 2), ATTENDANCE: (0, 1)}
    assert await AuditEvent.count() == events + 1
    last = await AuditEvent.select().order_by(AuditEvent.sequence, ascending=False).first()
    assert last["action"] == "item.moved"
    # At the end of its section an item stays where it is.
    await plans.move_item(priya, LOVE, "down", 2)
    assert (await positions())[LOVE][0] == 1


async def test_a_stale_move_raises_conflict_and_changes_nothing(demo) -> None:
    priya = await who("priya")
    await plans.move_item(priya, LOVE, "down", 1)
    before = await positions()
    with pytest.raises(Conflict):
        await plans.move_item(priya, LOVE, "up", 1)
    assert await positions() == before
    with pytest.raises(Invalid):
        await plans.move_item(priya, LOVE, "sideways", 2)


async def test_only_the_team_can_move_an_item(demo) -> None:
    with pytest.raises(NotFound):
        await plans.move_item(await who("chloe"), LOVE, "down", 1)
    with pytest.raises(NotFound):
        await plans.move_item(await who("jess"), LOVE, "down", 1)
    assert (await positions())[LOVE] == (0, 1)


async def test_the_last_change_of_an_item_names_who_made_it(demo) -> None:
    tom = await who("tom")
    await plans.patch_item(tom, LOVE, schemas.ItemPatch(revision=1, text="Tom's words."))
    changed = await plans.last_change(await who("priya"), LOVE)
    assert changed is not None and changed["by"].startswith("Tom")


async def test_an_item_and_an_objective_for_their_editor(demo) -> None:
    priya = await who("priya")
    item = await plans.get_item(priya, LOVE)
    assert item["plan"] == PLAN and item["section"] == "strength"
    objective = await plans.get_objective(priya, SCHOOL)
    assert objective["plan"] == PLAN
    with pytest.raises(NotFound):
        await plans.get_item(await who("chloe"), LOVE)
    with pytest.raises(NotFound):
        await plans.get_objective(await who("jess"), SCHOOL)


async def test_the_latest_progress_of_each_objective(demo) -> None:
    progress = await plans.latest_progress(await who("priya"), PLAN)
    latest = progress[str(SCHOOL)]
    assert latest["value"] and latest["recorded_on"]
    with pytest.raises(NotFound):
        await plans.latest_progress(await who("chloe"), PLAN)
