"""Opening and closing episodes through the test client (issue 7, item 6)."""

from __future__ import annotations

import datetime as dt

import pytest

from careplan.demo.builder import demo_id
from careplan.families.tables import ClosureApproval, Episode
from careplan.plans.tables import Objective, ObjectiveThread, Plan

pytestmark = pytest.mark.anyio

FAMILY = demo_id("family:hartley")
EPISODE = demo_id("hartley:episode:child_protection")
LEO = demo_id("hartley:member:leo")
SCHOOL = demo_id("hartley:thread:school")
OBJECTIVES = {
    name: demo_id(f"hartley:objective:{name}")
    for name in ("school_cp", "home_cp", "appointments_cp", "alone_cp")
}
HTMX = {"HX-Request": "true"}
NEW = f"/workspace/families/{FAMILY}/episodes/new"
CLOSE = f"/workspace/episodes/{EPISODE}/close"
TODAY = dt.date.today()


def on(name: str, day: dt.date = TODAY) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


async def test_the_open_form_offers_the_kinds_the_children_and_the_objectives_to_carry(
    browse_as,
) -> None:
    client = await browse_as("priya")
    response = await client.get(NEW)
    assert response.status_code == 200
    for words in ("Child in need", "Early help", "Leo", "Mia", "Leo gets to school on time"):
        assert words in response.text, words
    assert "Kieran finishes the parenting course" not in response.text  # dropped long ago
    fragment = await client.get(NEW, headers=HTMX)
    assert fragment.text.lstrip().startswith('<div class="govuk-grid-row" id="episode"')


async def test_opening_without_the_answers_names_each_field_and_writes_nothing(browse_as) -> None:
    client = await browse_as("priya")
    before = await Episode.count()
    response = await client.post(
        NEW, data={"_csrf_token": client.csrf, "opened_on-day": "31", "opened_on-month": "2"}
    )
    assert response.status_code == 422
    assert "There is a problem" in response.text
    for anchor, words in (
        ("#kind", "Choose the kind of episode"),
        ("#children", "Choose at least one child"),
        ("#opened_on", "The date it opened must be a real date"),
        ("#reason", "Enter why the episode is opening"),
    ):
        assert f'<a href="{anchor}">{words}' in response.text, anchor
    assert await Episode.count() == before
    fragment = await client.post(NEW, data={"kind": "child_in_need"}, headers=HTMX)
    assert fragment.status_code == 200 and "There is a problem" in fragment.text
    assert "<html" not in fragment.text


async def test_a_second_open_episode_of_the_same_kind_is_refused_on_the_kind(browse_as) -> None:
    client = await browse_as("priya")
    response = await client.post(
        NEW,
        data={
            "_csrf_token": client.csrf,
            "kind": "child_protection",
            "children": str(LEO),
            "reason": "Again.",
            **on("opened_on"),
        },
    )
    assert response.status_code == 422
    assert '<a href="#kind">' in response.text
    assert "already has an open child protection episode" in response.text


async def test_opening_an_episode_carries_the_chosen_objectives_into_its_plan(browse_as) -> None:
    client = await browse_as("priya")
    response = await client.post(
        NEW,
        data={
            "_csrf_token": client.csrf,
            "kind": "child_in_need",
            "children": str(LEO),
            "reason": "Leo asked for help at school.",
            "carry_over": str(SCHOOL),
            **on("opened_on"),
        },
    )
    assert response.status_code == 303
    plan_id = response.headers["location"].rsplit("/", 1)[1]
    plan = await Plan.select().where(Plan.id == plan_id).first()
    episode = await Episode.select().where(Episode.id == plan["episode"]).first()
    assert (
        episode["kind"] == "child_in_need"
        and episode["open_reason"] == "Leo asked for help at school."
    )
    carried = await Objective.select().where(Objective.plan == plan["id"])
    assert [o["thread"] for o in carried] == [SCHOOL]
    editor = await client.get(response.headers["location"])
    assert editor.status_code == 200 and "Leo gets to school on time" in editor.text


async def test_the_close_form_asks_about_every_open_objective(browse_as) -> None:
    client = await browse_as("priya")
    response = await client.get(CLOSE)
    assert response.status_code == 200
    for objective in OBJECTIVES.values():
        assert f'name="decision-{objective}"' in response.text
    fragment = await client.get(CLOSE, headers=HTMX)
    assert "<html" not in fragment.text and 'id="episode"' in fragment.text


async def test_closing_without_deciding_an_objective_names_it_and_writes_nothing(
    browse_as,
) -> None:
    client = await browse_as("priya")
    decisions = {f"decision-{o}": "carry" for o in OBJECTIVES.values()}
    del decisions[f"decision-{OBJECTIVES['home_cp']}"]
    decisions[f"decision-{OBJECTIVES['alone_cp']}"] = "dropped"
    response = await client.post(
        CLOSE,
        data={
            "_csrf_token": client.csrf,
            "outcome": "step_down",
            "reason": "Safer now.",
            **on("closed_on"),
            **decisions,
        },
    )
    assert response.status_code == 422
    assert (
        f'<a href="#decision-{OBJECTIVES["home_cp"]}">Choose what happens to '
        "“Home is safe and clean enough for the children”"
    ) in response.text
    assert f'<a href="#reason-{OBJECTIVES["alone_cp"]}">Say why' in response.text
    episode = await Episode.select().where(Episode.id == EPISODE).first()
    assert episode["closed_on"] is None
    statuses = await Objective.select(Objective.status).where(
        Objective.id.is_in(list(OBJECTIVES.values()))
    )
    assert {s["status"] for s in statuses} == {"open"}
    early = await client.post(
        CLOSE,
        data={"outcome": "step_down", "reason": "x", **on("closed_on", dt.date(2000, 1, 1))},
        headers=HTMX,
    )
    assert early.status_code == 200 and "There is a problem" in early.text


async def test_closing_decides_every_open_objective(browse_as) -> None:
    client = await browse_as("priya")
    decisions = {
        OBJECTIVES["school_cp"]: ("carry", ""),
        OBJECTIVES["home_cp"]: ("achieved", ""),
        OBJECTIVES["appointments_cp"]: ("dropped", "The clinic closed."),
        OBJECTIVES["alone_cp"]: ("carry", ""),
    }
    form = {
        "_csrf_token": client.csrf,
        "outcome": "step_down",
        "reason": "Safer now.",
        **on("closed_on"),
    }
    for objective, (decision, reason) in decisions.items():
        form[f"decision-{objective}"] = decision
        form[f"reason-{objective}"] = reason
    # First, what closing ends, to check: nothing is closed yet.
    check = await client.post(CLOSE, data=form)
    assert check.status_code == 200
    assert "Check before you close the child protection episode" in check.text
    assert "Review conference: due by" in check.text  # the statutory date it stops
    assert "The clinic closed." in check.text and "achieved" in check.text
    assert (await Episode.select().where(Episode.id == EPISODE).first())["closed_on"] is None
    changed = await client.post(CLOSE, data={**form, "change": "yes", "confirmed": "yes"})
    assert changed.status_code == 200 and 'value="Safer now.' not in changed.text
    assert "Safer now." in changed.text and "Continue" in changed.text  # the form, as it was
    assert (await Episode.select().where(Episode.id == EPISODE).first())["closed_on"] is None
    assert "Ask for approval" in check.text  # child protection: her manager approves it
    asked = await client.post(CLOSE, data={**form, "confirmed": "yes"})
    assert asked.status_code == 200
    assert "Sent to Helen Marsh for approval" in asked.text
    assert (await Episode.select().where(Episode.id == EPISODE).first())["closed_on"] is None
    waiting = await client.get(CLOSE)
    assert "It is waiting for a manager's approval" in waiting.text
    assert 'name="outcome"' not in waiting.text  # one request at a time
    approval = (await ClosureApproval.select(ClosureApproval.id).first())["id"]
    helen = await browse_as("helen")
    response = await helen.post(
        f"/workspace/approvals/{approval}/approve", data={"_csrf_token": helen.csrf}
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/workspace/approvals?done=approved")
    episode = await Episode.select().where(Episode.id == EPISODE).first()
    assert episode["closed_on"] == TODAY and episode["close_outcome"] == "step_down"
    rows = {r["id"]: r for r in await Objective.select().where(Objective.id.is_in(list(decisions)))}
    assert rows[OBJECTIVES["school_cp"]]["status"] == "carried"
    assert rows[OBJECTIVES["home_cp"]]["status"] == "achieved"
    assert rows[OBJECTIVES["appointments_cp"]]["decided_reason"] == "The clinic closed."
    thread = (
        await ObjectiveThread.select()
        .where(ObjectiveThread.id == rows[OBJECTIVES["home_cp"]]["thread"])
        .first()
    )
    assert thread["status"] == "achieved"
    closed = await client.get(CLOSE)
    assert "This episode closed on" in closed.text


async def test_a_stranger_cannot_open_or_close_an_episode(browse_as) -> None:
    client = await browse_as("chloe")
    before = await Episode.count()
    assert (await client.get(NEW)).status_code == 404
    assert (await client.post(NEW, data={"kind": "early_help"})).status_code == 404
    assert (await client.post(CLOSE, data={"outcome": "other"})).status_code == 404
    assert await Episode.count() == before
