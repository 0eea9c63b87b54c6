"""A parent's goals on a phone (issue 14, items 9 and 10), through the real routes.

A check-in offers the measure's whole span ("Nights out of 7" with target 6 offered 0 to 6);
the chart's value axis runs to the same maximum; its labels fit the picture and do not
overlap; "What it means" says the goal; a goal whose date has passed says what happens now.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from careplan.demo.builder import demo_id
from careplan.plans.tables import Objective, ProgressEntry
from portal.family.charts import CHAR, FONT
from tests.conftest import DEMO_DAY

pytestmark = pytest.mark.anyio

PLAN = demo_id("hartley:plan:child_protection")
SCHOOL = demo_id("hartley:objective:school_cp")
APPOINTMENTS = demo_id("hartley:objective:appointments_cp")
KOFI_SLEEP = demo_id("osei:objective:sleep")
TEXT = re.compile(r'<text x="([0-9.]+)" y="([0-9.]+)"(?: text-anchor="(\w+)")?[^>]*>([^<]*)</text>')


def goal_block(page: str, objective: uuid.UUID) -> str:
    block = page[page.index(f'id="goal-{objective}"') :]
    return block[: block.index("</section>")]


def radios(block: str) -> list[str]:
    return re.findall(r'name="value" type="radio" value="([^"]+)"', block)


def texts(block: str) -> list[tuple[float, float, str, str]]:
    svg = block[block.index("<svg") : block.index("</svg>")]
    width = float(re.search(r'viewBox="0 0 ([0-9.]+)', svg).group(1))
    found = [(float(x), float(y), anchor or "start", t) for x, y, anchor, t in TEXT.findall(svg)]
    assert found
    return [(x, y, anchor, t) for x, y, anchor, t in found], width


def span(x: float, anchor: str, text: str) -> tuple[float, float]:
    width = len(text) * CHAR
    start = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    return start, start + width


async def test_a_check_in_offers_the_measures_maximum(browse_as) -> None:
    abena = await browse_as("person:abena")
    goal = goal_block((await abena.get("/family/goals")).text, KOFI_SLEEP)
    assert radios(goal) == [str(n) for n in range(8)]  # nights out of 7: 0 to 7
    sent = str(uuid.uuid4())
    saved = await abena.post(
        f"/family/goals/{KOFI_SLEEP}/check-ins",
        data={"_csrf_token": abena.csrf, "client_uuid": sent, "value": "7"},
    )
    assert saved.status_code == 303
    row = await ProgressEntry.select().where(ProgressEntry.client_uuid == uuid.UUID(sent)).first()
    assert row["value"] == "7"
    before = await ProgressEntry.count()
    refused = await abena.post(
        f"/family/goals/{KOFI_SLEEP}/check-ins",
        data={"_csrf_token": abena.csrf, "client_uuid": str(uuid.uuid4()), "value": "8"},
    )
    assert refused.status_code == 422
    assert "Enter a number from 0 to 7" in refused.text
    assert await ProgressEntry.count() == before


async def test_the_chart_runs_to_the_measures_maximum_and_its_words_fit(browse_as) -> None:
    jess = await browse_as("person:jess")
    page = (await jess.get("/family/goals")).text
    for objective, top in (
        (SCHOOL, "5"),  # days on time out of 5 (the axis said 6)
        (APPOINTMENTS, "100%"),
        (demo_id("hartley:objective:home_cp"), "10"),
        (demo_id("hartley:objective:alone_cp"), "15"),  # an open count: 12 and a little room
    ):
        goal = goal_block(page, objective)
        found, width = texts(goal)
        axis = [t for x, _, anchor, t in found if anchor == "end" and x < 60]
        assert axis[-1] == top, (objective, axis)
        assert f"The scale runs from 0 to {top}." in goal or top == "100%"
        for x, _, anchor, text in found:
            start, end = span(x, anchor, text)
            assert 0 <= start and end <= width, (objective, text, start, end)
        # No two words drawn on the same line overlap.
        placed = sorted((y, *span(x, anchor, t), t) for x, y, anchor, t in found)
        for i, (y, start, end, text) in enumerate(placed):
            for y2, start2, end2, text2 in placed[i + 1 :]:
                if abs(y2 - y) < FONT:
                    assert end <= start2 or end2 <= start, (objective, text, text2)
        # Dates in full, as everywhere.
        assert re.search(r">[0-9]{1,2} [A-Z][a-z]+ 20[0-9]{2}</text>", goal), objective


async def test_what_it_means_is_the_goal_and_a_passed_date_says_what_happens_now(
    as_, browse_as
) -> None:
    jess = await browse_as("person:jess")
    goal = goal_block((await jess.get("/family/goals")).text, SCHOOL)
    meaning = re.search(r"What it means\s*</dt>\s*<dd[^>]*>\s*([^<]+?)\s*<", goal).group(1)
    assert meaning == "The aim is 5 days on time out of 5 by 1 March 2027."
    assert "Leo misses the start of lessons" not in meaning  # that is why it matters
    # The key worker moves the date to yesterday and shares the plan again.
    priya = as_("priya")
    yesterday = dt.date.today() - dt.timedelta(days=1)
    moved = await priya.patch(
        f"/api/v1/objectives/{SCHOOL}", json={"due_on": yesterday.isoformat(), "revision": 1}
    )
    assert moved.status_code == 200, moved.text
    number = (await priya.post(f"/api/v1/plans/{PLAN}/versions", json={})).json()["number"]
    assert (await priya.post(f"/api/v1/plans/{PLAN}/versions/{number}/share")).status_code == 200
    goal = goal_block((await jess.get("/family/goals")).text, SCHOOL)
    assert (
        "The date for this goal has passed. It stays in your plan and you can still tell us how "
        "it is going. Your key worker will talk with you about it at your next meeting."
    ) in goal
    assert "This date has passed. You can ask your key worker what happens now." not in goal
    assert 'name="value" type="radio"' in goal  # and a check-in can still be recorded


async def test_the_demos_goals_in_force_are_due_after_the_day_it_is_loaded(demo) -> None:
    due = await Objective.select(Objective.title, Objective.due_on).where(
        (Objective.status == "open")
        & Objective.removed_at.is_null()
        & Objective.plan.episode.closed_on.is_null()
        & Objective.due_on.is_not_null()
    )
    assert len(due) >= 3
    for objective in due:
        assert objective["due_on"] > DEMO_DAY, objective
