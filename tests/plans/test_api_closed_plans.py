"""A closed episode's plan is read-only, and closing decides every open objective (issue 13,
item 7; DESIGN.md invariant 5).

Every change to a closed plan answers 409 with the reason and writes nothing. Closing checks
the open objectives inside its own write transaction, so a close racing an added objective
either decides it or is refused, on both engines, with no 500 and no deadlock. A check-in sent
before a close (queued offline) is never lost: it goes where the goal's thread continues, or is
kept with the decided goal's history, and says which.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import uuid
from typing import Any

import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.families.tables import Family
from careplan.plans.tables import Objective, ProgressEntry
from tests.families.closing import approved

pytestmark = pytest.mark.anyio

TODAY = dt.date.today()
HARTLEY = demo_id("family:hartley")
CP_EPISODE = demo_id("hartley:episode:child_protection")
CP_PLAN = demo_id("hartley:plan:child_protection")
SCHOOL_CP = demo_id("hartley:objective:school_cp")
SCHOOL_THREAD = demo_id("hartley:thread:school")
CHECKS_CIN = demo_id("hartley:objective:checks_cin")  # achieved when the CIN episode closed
LOVE = demo_id("hartley:item:love")
LEO = demo_id("hartley:member:leo")
JESS = demo_id("hartley:member:jess")
CLOSED_SAID = f"This plan is closed: its episode ended on {TODAY.day} {TODAY:%B %Y}."


async def written() -> tuple[int, int]:
    family = await Family.select(Family.revision).where(Family.id == HARTLEY).first()
    return await AuditEvent.count(), family["revision"]


async def close_hartley_cp(priya: Any, decision: str = "carry") -> dict[str, Any]:
    """Close the Hartleys' child protection episode, deciding each open objective."""
    plan = (await priya.get(f"/api/v1/plans/{CP_PLAN}")).json()
    decisions = [
        {"id": o["id"], "decision": decision, "reason": "Moving on"}
        for o in plan["objectives"]
        if o["status"] == "open"
    ]
    assert decisions
    asked = await priya.post(
        f"/api/v1/episodes/{CP_EPISODE}/close",
        json={
            "closed_on": TODAY.isoformat(),
            "outcome": "step_down",
            "reason": "Things are better: family help from here.",
            "objectives": decisions,
        },
    )
    closed = await approved(priya, asked)  # her manager approves stepping it down
    assert closed.status_code == 200, closed.text
    return closed.json()


async def open_hartley_early_help(priya: Any, carry: list[Any]) -> dict[str, Any]:
    opened = await priya.post(
        f"/api/v1/families/{HARTLEY}/episodes",
        json={
            "kind": "early_help",
            "children": [{"member": str(LEO)}],
            "opened_on": TODAY.isoformat(),
            "reason": "Stepped down to family help.",
            "previous": str(CP_EPISODE),
            "link": "step_down",
            "carry_over": [str(t) for t in carry],
        },
    )
    assert opened.status_code == 201, opened.text
    return opened.json()


def refused_as_closed(response: Any) -> bool:
    return response.status_code == 409 and response.json()["detail"].startswith(CLOSED_SAID)


# ---------------------------------------------------------------------------- read-only


async def test_every_change_to_a_closed_plan_answers_409_and_writes_nothing(as_) -> None:
    priya, jess = as_("priya"), as_("person:jess")
    view = (await jess.get("/api/v1/me/view")).json()
    assert view["plan"] == str(CP_PLAN)
    love = (await priya.get(f"/api/v1/plans/{CP_PLAN}")).json()["sections"]["strength"]
    love_revision = next(i["revision"] for i in love if i["id"] == str(LOVE))
    await close_hartley_cp(priya)
    plan = (await priya.get(f"/api/v1/plans/{CP_PLAN}")).json()
    school = next(o for o in plan["objectives"] if o["id"] == str(SCHOOL_CP))
    before = await written()
    base = f"/api/v1/plans/{CP_PLAN}"
    attempts = {
        "add an item": priya.post(
            f"{base}/items", json={"section": "strength", "text": "Leo reads every night."}
        ),
        "change an item": priya.patch(
            f"/api/v1/items/{LOVE}", json={"revision": love_revision, "text": "Changed."}
        ),
        "remove an item": priya.request(
            "DELETE",
            f"/api/v1/items/{LOVE}",
            json={"revision": love_revision, "reason": "No longer true"},
        ),
        "add an objective": priya.post(
            f"{base}/objectives",
            json={
                "title": "Leo reads every night",
                "measure": {"kind": "count", "target": "7"},
                "owner": {"kind": "member", "id": str(JESS)},
            },
        ),
        "change an objective": priya.patch(
            f"/api/v1/objectives/{SCHOOL_CP}",
            json={"revision": school["revision"], "title": "Changed"},
        ),
        "record a score": priya.post(
            f"{base}/scaling", json={"score": 6, "by_kind": "professional", "reason": "Better."}
        ),
        "take a version": priya.post(f"{base}/versions", json={"label": "After the close"}),
        "share a version": priya.post(f"{base}/versions/1/share"),
        "arrange a meeting": priya.post(
            f"{base}/meetings",
            json={
                "kind": "core_group",
                "starts_at": (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).isoformat(),
                "chair": str(demo_id("person:robert")),
            },
        ),
        "answer the plan": jess.post(
            f"{base}/agreements", json={"answer": "agree", "view_sha256": view["sha256"]}
        ),
    }
    for what, request in attempts.items():
        response = await request
        assert refused_as_closed(response), (what, response.status_code, response.text)
        assert "Open a new episode to carry on" in response.json()["detail"], what
    assert await written() == before
    assert await Objective.count().where(Objective.plan == CP_PLAN) == len(plan["objectives"])
    assert plan["closed_on"] == TODAY.isoformat()  # the plan says so when read


# ---------------------------------------------------------------------------- check-ins


async def test_a_repeated_answer_after_the_close_gets_the_answer_kept(as_) -> None:
    """A parent's answer sent again after the plan closed (a retry after a lost reply) is
    answered with the answer kept before the close; a new answer is refused."""
    priya, jess = as_("priya"), as_("person:jess")
    view = (await jess.get("/api/v1/me/view")).json()
    said = {"answer": "agree", "view_sha256": view["sha256"], "words": "Thank you."}
    kept = await jess.post(f"/api/v1/plans/{CP_PLAN}/agreements", json=said)
    assert kept.status_code == 201, kept.text
    await close_hartley_cp(priya)
    before = await written()
    again = await jess.post(f"/api/v1/plans/{CP_PLAN}/agreements", json=said)
    assert again.status_code == 201, again.text
    assert again.json() == kept.json()
    changed = await jess.post(
        f"/api/v1/plans/{CP_PLAN}/agreements", json={**said, "words": "Thanks."}
    )
    assert refused_as_closed(changed), changed.text
    assert await written() == before


async def test_a_check_in_on_a_carried_goal_is_stored_where_its_thread_continues(as_) -> None:
    priya, jess = as_("priya"), as_("person:jess")
    await close_hartley_cp(priya)
    body = {"client_uuid": str(uuid.uuid4()), "value": "4", "note": "Queued on the bus"}
    # Sent after the close, before a new plan: kept on the thread, to carry with it.
    waiting = await jess.post(f"/api/v1/objectives/{SCHOOL_CP}/progress", json=body)
    assert waiting.status_code == 201, waiting.text
    assert waiting.json()["outcome"] == "carried"
    assert waiting.json()["objective"] == str(SCHOOL_CP)
    assert waiting.json()["thread"] == str(SCHOOL_THREAD)

    episode = await open_hartley_early_help(priya, [SCHOOL_THREAD])
    new_plan = (await priya.get(f"/api/v1/plans/{episode['plan']}")).json()
    (carried,) = [o for o in new_plan["objectives"] if o["thread"] == str(SCHOOL_THREAD)]
    later = {"client_uuid": str(uuid.uuid4()), "value": "5"}
    # Sent to the old goal (a page or a queue from before): it goes on in the new plan.
    moved = await jess.post(f"/api/v1/objectives/{SCHOOL_CP}/progress", json=later)
    assert moved.status_code == 201, moved.text
    assert moved.json()["objective"] == carried["id"]
    assert moved.json()["outcome"] == "carried"
    assert moved.json()["message"] == (
        "Your check-in was saved. This goal is now part of your new plan, "
        "and your check-in goes with it."
    )
    # Sent again (an offline retry): stored once, and said the same.
    again = await jess.post(f"/api/v1/objectives/{SCHOOL_CP}/progress", json=later)
    assert again.status_code == 200
    assert again.json()["id"] == moved.json()["id"] and again.json()["outcome"] == "carried"
    assert await ProgressEntry.count().where(ProgressEntry.client_uuid == later["client_uuid"]) == 1
    # Both are in the thread's history, and the new plan's latest progress is the last one.
    thread = (await priya.get(f"/api/v1/threads/{SCHOOL_THREAD}")).json()
    assert {p["id"] for p in thread["progress"]} >= {waiting.json()["id"], moved.json()["id"]}


async def test_a_check_in_on_an_ended_goal_is_kept_with_its_history(as_) -> None:
    jess = as_("person:jess")
    body = {"client_uuid": str(uuid.uuid4()), "value": "1"}
    response = await jess.post(f"/api/v1/objectives/{CHECKS_CIN}/progress", json=body)
    assert response.status_code == 201, response.text
    entry = response.json()
    assert entry["objective"] == str(CHECKS_CIN) and entry["outcome"] == "ended"
    assert entry["message"] == (
        "Your check-in was saved. This goal has ended, so your check-in is kept with its history."
    )
    again = await jess.post(f"/api/v1/objectives/{CHECKS_CIN}/progress", json=body)
    assert again.status_code == 200 and again.json()["id"] == entry["id"]


# ---------------------------------------------------------------------------- races


async def new_family(priya: Any) -> tuple[str, str, str]:
    created = await priya.post(
        "/api/v1/families",
        json={
            "name": "Race family",
            "members": [
                {"given_name": "Ada", "role": "parent", "parental_responsibility": True},
                {"given_name": "Ben", "role": "child"},
            ],
        },
    )
    assert created.status_code == 201, created.text
    family = created.json()
    parent, child = (m["id"] for m in family["members"])
    return family["id"], parent, child


async def open_episode(priya: Any, family: str, child: str) -> dict[str, Any]:
    opened = await priya.post(
        f"/api/v1/families/{family}/episodes",
        json={
            "kind": "early_help",
            "children": [{"member": child}],
            "opened_on": TODAY.isoformat(),
            "reason": "A round of the race.",
        },
    )
    assert opened.status_code == 201, opened.text
    return opened.json()


async def close(priya: Any, episode: str, decisions: list[dict[str, Any]]) -> Any:
    return await priya.post(
        f"/api/v1/episodes/{episode}/close",
        json={
            "closed_on": TODAY.isoformat(),
            "outcome": "goals_met",
            "reason": "Done.",
            "objectives": decisions,
        },
    )


async def later(seconds: float, coroutine: Any) -> Any:
    await asyncio.sleep(seconds)
    return await coroutine


async def open_objectives_of_closed_plans() -> list[dict[str, Any]]:
    return await Objective.select(Objective.id, Objective.title).where(
        (Objective.status == "open")
        & Objective.removed_at.is_null()
        & Objective.plan.episode.closed_on.is_not_null()
    )


ROUNDS = 20


async def test_a_close_racing_an_added_objective_never_leaves_it_open(as_, record_property):
    """Real concurrency, many rounds: the close and the add each run in their own write
    transaction, at the same time. Either the add lands first and the close is refused
    naming it (then decided), or the close lands first and the add is refused (409)."""
    priya = as_("priya")
    family, parent, child = await new_family(priya)
    seen = {"close first": 0, "add first": 0}
    for round_ in range(ROUNDS):
        episode = await open_episode(priya, family, child)
        title = f"Ben sleeps in his own bed ({round_})"
        add = priya.post(
            f"/api/v1/plans/{episode['plan']}/objectives",
            json={
                "title": title,
                "measure": {"kind": "count", "target": "7"},
                "owner": {"kind": "member", "id": parent},
            },
        )
        jitter = random.uniform(0, 0.01)
        closed, added = await asyncio.gather(
            close(priya, episode["id"], []), later(jitter if round_ % 2 else 0, add)
        )
        assert closed.status_code in (200, 409, 422), closed.text
        assert added.status_code in (201, 409), added.text
        if closed.status_code == 200:
            assert refused_as_closed(added), added.text
            assert not await Objective.exists().where(Objective.title == title)
            seen["close first"] += 1
        else:
            # The objective landed first: the close was refused, naming it, and wrote nothing.
            assert added.status_code == 201, added.text
            assert title in closed.json()["detail"], closed.text
            decided = await close(
                priya, episode["id"], [{"id": added.json()["id"], "decision": "achieved"}]
            )
            assert decided.status_code == 200, decided.text
            seen["add first"] += 1
        assert await open_objectives_of_closed_plans() == []
    record_property("close raced an added objective", seen)


async def test_a_check_in_racing_a_close_is_never_lost(as_, record_property) -> None:
    priya = as_("priya")
    family, parent, child = await new_family(priya)
    outcomes: dict[str, int] = {}
    for round_ in range(ROUNDS):
        episode = await open_episode(priya, family, child)
        objective = await priya.post(
            f"/api/v1/plans/{episode['plan']}/objectives",
            json={
                "title": f"Ben reads every night ({round_})",
                "measure": {"kind": "count", "target": "7"},
                "owner": {"kind": "member", "id": parent},
            },
        )
        assert objective.status_code == 201, objective.text
        body = {"client_uuid": str(uuid.uuid4()), "value": "3"}
        check_in = priya.post(f"/api/v1/objectives/{objective.json()['id']}/progress", json=body)
        decision = "carry" if round_ % 2 else "achieved"
        closed, sent = await asyncio.gather(
            close(priya, episode["id"], [{"id": objective.json()["id"], "decision": decision}]),
            later(random.uniform(0, 0.01), check_in),
        )
        assert closed.status_code == 200, closed.text
        assert sent.status_code == 201, sent.text
        outcome = sent.json()["outcome"]
        assert outcome in ("recorded", "carried" if decision == "carry" else "ended")
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        stored = await ProgressEntry.select(ProgressEntry.objective).where(
            ProgressEntry.client_uuid == body["client_uuid"]
        )
        assert stored == [{"objective": uuid.UUID(objective.json()["id"])}]
        assert await open_objectives_of_closed_plans() == []
    record_property("check-in raced a close", outcomes)


async def test_a_decided_objective_is_not_changed_even_at_its_current_revision(as_) -> None:
    """An objective already decided (a close's decision met in a race, say) takes no change:
    422 naming its status, before any question of revision, and nothing is written."""
    priya = as_("priya")
    await Objective.update({Objective.status: "achieved"}, use_auto_update=False).where(
        Objective.id == SCHOOL_CP
    )
    stored = (
        await Objective.select(Objective.revision, Objective.title)
        .where(Objective.id == SCHOOL_CP)
        .first()
    )
    before = await written()
    for revision in (stored["revision"], stored["revision"] + 1):
        response = await priya.patch(
            f"/api/v1/objectives/{SCHOOL_CP}", json={"revision": revision, "title": "Changed"}
        )
        assert response.status_code == 422, response.text
        assert "status" in response.text and "only an open objective" in response.text
    assert await written() == before
    after = (
        await Objective.select(Objective.revision, Objective.title)
        .where(Objective.id == SCHOOL_CP)
        .first()
    )
    assert after == stored
    await Objective.update({Objective.status: "open"}, use_auto_update=False).where(
        Objective.id == SCHOOL_CP
    )
    fresh = await priya.patch(
        f"/api/v1/objectives/{SCHOOL_CP}", json={"revision": stored["revision"] + 1, "title": "X"}
    )
    assert fresh.status_code == 409, fresh.text  # open again: a stale revision is a conflict
