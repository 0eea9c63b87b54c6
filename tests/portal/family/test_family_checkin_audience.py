"""A parent's goal shows the check-ins of its thread as far as her audience goes (issue 13,
item 1: one audience rule): a check-in recorded on an earlier objective of the thread that
was not for her (for professionals only, say) stays out of her chart and list."""

from __future__ import annotations

import re

import pytest

from careplan.demo.builder import demo_id
from careplan.families.tables import Family
from careplan.plans.tables import Objective, ProgressEntry

pytestmark = pytest.mark.anyio

SCHOOL = demo_id("hartley:objective:school_cp")
SCHOOL_EARLY_HELP = demo_id("hartley:objective:school_eh")
ROW = '<tr class="govuk-table__row"><td class="govuk-table__cell">'


async def listed(client) -> int:
    """How many check-ins her goal holds: those drawn (and listed), and those earlier."""
    page = (await client.get(f"/family/goals/{SCHOOL}")).text
    goal = page[page.index(f'id="goal-{SCHOOL}"') :]
    earlier = re.search(r"There are (\d+) earlier", goal)
    return goal.count(ROW) + (int(earlier.group(1)) if earlier else 0)


async def test_check_ins_on_an_earlier_objective_not_for_her_stay_out_of_her_goal(
    browse_as,
) -> None:
    jess = await browse_as("person:jess")
    before = await listed(jess)
    earlier = await ProgressEntry.count().where(ProgressEntry.objective == SCHOOL_EARLY_HELP)
    assert before > earlier > 0
    # The early help episode's objective of the same thread, as if it had been for
    # professionals only; the family's revision bumped, as every change through the unit of
    # work bumps it (the page cache keeps her page by it).
    await Objective.update({Objective.audience_kind: "professionals"}).where(
        Objective.id == SCHOOL_EARLY_HELP
    )
    await Family.update({Family.revision: Family.revision + 1}).where(
        Family.id == demo_id("family:hartley")
    )
    assert await listed(await browse_as("person:jess")) == before - earlier
