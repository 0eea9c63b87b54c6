"""A six-year family story told through the API: the threads carry across the episodes."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from tests.families.closing import approved

pytestmark = pytest.mark.anyio

TODAY = dt.date.today()


def years_ago(years: float) -> str:
    return (TODAY - dt.timedelta(days=int(365 * years))).isoformat()


async def test_six_years_of_episodes_keep_their_objectives_threads_and_history(as_) -> None:
    priya = as_("priya")
    created = await priya.post(
        "/api/v1/families",
        json={
            "name": "Brook family",
            "members": [
                {
                    "given_name": "Dana",
                    "family_name": "Brook",
                    "role": "parent",
                    "parental_responsibility": True,
                },
                {
                    "given_name": "Eli",
                    "family_name": "Brook",
                    "role": "child",
                    "date_of_birth": years_ago(9),
                },
            ],
        },
    )
    assert created.status_code == 201, created.text
    family = created.json()
    dana, eli = (m["id"] for m in family["members"])

    async def open_episode(kind: str, opened: str, carry: list[str]) -> dict:
        response = await priya.post(
            f"/api/v1/families/{family['id']}/episodes",
            json={
                "kind": kind,
                "children": [{"member": eli}],
                "opened_on": opened,
                "reason": f"{kind} starts",
                "carry_over": carry,
            },
        )
        assert response.status_code == 201, response.text
        return response.json()

    async def objective(plan: str, title: str, kind: str, target: str) -> dict:
        response = await priya.post(
            f"/api/v1/plans/{plan}/objectives",
            json={
                "title": title,
                "measure": {"kind": kind, "target": target, "baseline": "0"},
                "owner": {"kind": "member", "id": dana},
            },
        )
        assert response.status_code == 201, response.text
        return response.json()

    async def progress(objective_id: str, value: str, on: str) -> None:
        response = await priya.post(
            f"/api/v1/objectives/{objective_id}/progress",
            json={
                "client_uuid": str(uuid.uuid4()),
                "value": value,
                "recorded_on": on,
            },
        )
        assert response.status_code == 201, response.text

    async def close(episode: str, closed: str, outcome: str, decisions: list[dict]) -> None:
        response = await priya.post(
            f"/api/v1/episodes/{episode}/close",
            json={
                "closed_on": closed,
                "outcome": outcome,
                "reason": "moving on",
                "objectives": decisions,
            },
        )
        assert response.status_code == 200, response.text

    early = await open_episode("early_help", years_ago(6), [])
    school = await objective(early["plan"], "Eli gets to school on time", "count", "5")
    course = await objective(early["plan"], "Dana finishes a parenting course", "count", "10")
    await progress(school["id"], "2", years_ago(5.5))
    await progress(course["id"], "3", years_ago(5.5))
    await close(
        early["id"],
        years_ago(4.5),
        "step_up",
        [
            {"id": school["id"], "decision": "carry"},
            {"id": course["id"], "decision": "dropped", "reason": "The course closed."},
        ],
    )

    cin = await open_episode("child_in_need", years_ago(4.5), [school["thread"]])
    cin_plan = (await priya.get(f"/api/v1/plans/{cin['plan']}")).json()
    carried = cin_plan["objectives"][0]
    assert carried["thread"] == school["thread"] and carried["status"] == "open"
    jabs = await objective(cin["plan"], "Eli's jabs are up to date", "yes_no", "1")
    await progress(carried["id"], "3", years_ago(4))
    await progress(jabs["id"], "1", years_ago(3.5))
    await close(
        cin["id"],
        years_ago(2),
        "step_up",
        [
            {"id": carried["id"], "decision": "carry"},
            {"id": jabs["id"], "decision": "achieved"},
        ],
    )

    cp = await open_episode("child_protection", years_ago(2), [school["thread"]])
    cp_plan = (await priya.get(f"/api/v1/plans/{cp['plan']}")).json()
    await progress(cp_plan["objectives"][0]["id"], "5", years_ago(0.5))

    timeline = (await priya.get(f"/api/v1/families/{family['id']}/timeline")).json()
    assert [e["kind"] for e in timeline["episodes"]] == [
        "early_help",
        "child_in_need",
        "child_protection",
    ]
    assert timeline["episodes"][1]["previous"] == early["id"]
    threads = {t["title"]: t for t in timeline["threads"]}
    assert threads["Eli gets to school on time"]["episodes"] == [early["id"], cin["id"], cp["id"]]
    assert threads["Eli gets to school on time"]["latest"]["value"] == "5"
    assert threads["Dana finishes a parenting course"]["status"] == "dropped"
    assert threads["Dana finishes a parenting course"]["end_reason"] == "The course closed."
    assert threads["Eli's jabs are up to date"]["status"] == "achieved"

    life = (await priya.get(f"/api/v1/threads/{school['thread']}")).json()
    assert [o["episode_kind"] for o in life["objectives"]] == [
        "early_help",
        "child_in_need",
        "child_protection",
    ]
    assert [p["value"] for p in life["progress"]] == ["2", "3", "5"]


async def test_closing_needs_a_decision_for_every_open_objective(as_) -> None:
    priya = as_("priya")
    timeline = (await priya.get("/api/v1/families")).json()
    hartley = next(f for f in timeline if f["name"] == "Hartley family")
    episodes = (await priya.get(f"/api/v1/families/{hartley['id']}/timeline")).json()["episodes"]
    current = episodes[-1]
    response = await priya.post(
        f"/api/v1/episodes/{current['id']}/close",
        json={
            "closed_on": TODAY.isoformat(),
            "outcome": "step_down",
            "reason": "Better now.",
            "objectives": [],
        },
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "objectives"
    assert "Leo gets to school on time" in response.json()["detail"]
    after = (await priya.get(f"/api/v1/episodes/{current['id']}")).json()
    assert after["closed_on"] is None


async def test_closing_for_withdrawn_consent_needs_a_managers_challenge_first(as_) -> None:
    priya, helen = as_("priya"), as_("helen")
    families = (await priya.get("/api/v1/families")).json()
    novak = next(f for f in families if f["name"] == "Novak family")
    episode = (await priya.get(f"/api/v1/families/{novak['id']}/timeline")).json()["episodes"][0]
    body = {
        "closed_on": TODAY.isoformat(),
        "outcome": "consent_withdrawn",
        "reason": "The parents withdrew consent.",
        "objectives": [],
    }
    refused = await priya.post(f"/api/v1/episodes/{episode['id']}/close", json=body)
    assert refused.status_code == 422
    assert refused.json()["fields"][0]["field"] == "outcome"
    not_manager = await priya.post(
        f"/api/v1/episodes/{episode['id']}/challenge", json={"challenge": "Why?"}
    )
    assert not_manager.status_code == 403
    challenged = await helen.post(
        f"/api/v1/episodes/{episode['id']}/challenge",
        json={"challenge": "Has an interpreter explained the plan?"},
    )
    assert challenged.status_code == 201, challenged.text
    asked = await priya.post(f"/api/v1/episodes/{episode['id']}/close", json=body)
    assert asked.status_code == 202, asked.text  # child protection: her manager approves it
    closed = await approved(priya, asked)
    assert closed.status_code == 200, closed.text
