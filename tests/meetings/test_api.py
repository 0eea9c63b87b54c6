"""The meetings routes over HTTP: statuses, field names, nothing half-written.

These run once careplan/app.py serves the controllers (skipped, saying so, until then).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.lib.calendar import add_working_days
from careplan.lib.clock import london_date, utc_now
from careplan.meetings.tables import Agreement, MeetingView
from careplan.notify.tables import Notification
from careplan.plans.tables import FamilyView
from tests.meetings.conftest import HARTLEY_PLAN, hartley_view, headers, needs_routes

pytestmark = [pytest.mark.anyio, needs_routes]

PLAN = f"/api/v1/plans/{HARTLEY_PLAN}"


async def view_hash(number: int, member: str) -> str:
    row = (
        await FamilyView.select(FamilyView.sha256)
        .where(FamilyView.id == hartley_view(number, member))
        .first()
    )
    return row["sha256"]


def fields(response: httpx.Response) -> list[str]:
    return [f["field"] for f in response.json().get("fields", [])]


async def test_a_parent_answers_and_the_team_sees_the_history(http: httpx.AsyncClient) -> None:
    seen = await view_hash(2, "jess")
    first = await http.post(
        f"{PLAN}/agreements",
        json={"answer": "agree", "view_sha256": seen, "words": "OK."},
        headers=headers("jess"),
    )
    assert first.status_code == 201, first.text
    second = await http.post(
        f"{PLAN}/agreements",
        json={
            "answer": "disagree",
            "view_sha256": seen,
            "words": "Actually, no.",
            "item_comments": [
                {"item": str(demo_id("hartley:item:worry_food")), "comment": "Not true."}
            ],
        },
        headers=headers("jess"),
    )
    assert second.status_code == 201, second.text
    assert second.json()["replaces"] == first.json()["id"]
    listing = await http.get(f"{PLAN}/agreements", headers=headers("priya"))
    assert listing.status_code == 200
    jess = next(
        m for m in listing.json()["members"] if m["member"] == str(demo_id("hartley:member:jess"))
    )
    assert [a["answer"] for a in jess["history"]] == ["agree_with_comments", "agree", "disagree"]
    assert (await http.get(f"{PLAN}/agreements", headers=headers("jess"))).status_code == 404


async def test_an_answer_to_a_stale_view_gets_409(http: httpx.AsyncClient) -> None:
    response = await http.post(
        f"{PLAN}/agreements",
        json={"answer": "agree", "view_sha256": await view_hash(1, "kieran")},
        headers=headers("kieran"),
    )
    assert response.status_code == 409
    assert response.json()["current"]["view_sha256"] == await view_hash(2, "kieran")


async def test_a_parent_of_another_family_cannot_answer(http: httpx.AsyncClient) -> None:
    before, events = await Agreement.count(), await AuditEvent.count()
    response = await http.post(
        f"{PLAN}/agreements",
        json={"answer": "agree", "view_sha256": await view_hash(2, "jess")},
        headers=headers("abena"),
    )
    assert response.status_code == 404
    assert await Agreement.count() == before
    assert await AuditEvent.count() == events


async def test_professionals_get_404_on_the_answer_route(http: httpx.AsyncClient) -> None:
    response = await http.post(
        f"{PLAN}/agreements",
        json={"answer": "agree", "view_sha256": await view_hash(2, "jess")},
        headers=headers("priya"),
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answer": "maybe"}, "answer"),
        ({"answer": "agree", "words": "x" * 4001}, "words"),
        ({"answer": "agree", "view_sha256": "abc"}, "view_sha256"),
        ({"answer": "agree", "item_comments": [{"item": "not-a-uuid", "comment": "x"}]}, None),
    ],
)
async def test_bad_answers_get_422_naming_the_field(
    http: httpx.AsyncClient, body: dict[str, Any], field: str | None
) -> None:
    body = {"view_sha256": await view_hash(2, "jess"), **body}
    response = await http.post(f"{PLAN}/agreements", json=body, headers=headers("jess"))
    assert response.status_code == 422, response.text
    if field:
        assert any(f.startswith(field) for f in fields(response)), response.text


async def test_a_comment_on_an_item_not_in_the_view_is_404_naming_it(
    http: httpx.AsyncClient,
) -> None:
    response = await http.post(
        f"{PLAN}/agreements",
        json={
            "answer": "agree_with_comments",
            "view_sha256": await view_hash(2, "jess"),
            "item_comments": [{"item": str(demo_id("hartley:item:visitor")), "comment": "?"}],
        },
        headers=headers("jess"),
    )
    assert response.status_code == 404
    assert "item_comments[0].item" in response.json()["detail"]


async def answers_kept() -> tuple[int, int, int]:
    """The answers stored, their audit events, the notifications they queued."""
    return (
        await Agreement.count(),
        await AuditEvent.count().where(AuditEvent.action == "agreement.answered"),
        await Notification.count(),
    )


async def test_the_same_answer_sent_twice_is_kept_once_and_answered_the_same(
    http: httpx.AsyncClient,
) -> None:
    body = {
        "answer": "disagree",
        "view_sha256": await view_hash(2, "jess"),
        "words": "Not yet.",
        "item_comments": [
            {"item": str(demo_id("hartley:item:worry_food")), "comment": "Not true."}
        ],
    }
    before = await answers_kept()
    first = await http.post(f"{PLAN}/agreements", json=body, headers=headers("jess"))
    again = await http.post(f"{PLAN}/agreements", json=body, headers=headers("jess"))
    assert first.status_code == again.status_code == 201, again.text
    assert again.json() == first.json()
    # One answer, one audit event, one notification to the key worker.
    assert await answers_kept() == (before[0] + 1, before[1] + 1, before[2] + 1)


async def test_a_different_answer_after_a_repeat_is_kept(http: httpx.AsyncClient) -> None:
    seen = await view_hash(2, "jess")
    said = {"answer": "agree", "view_sha256": seen, "words": "OK."}
    before = await Agreement.count()
    first = (await http.post(f"{PLAN}/agreements", json=said, headers=headers("jess"))).json()
    await http.post(f"{PLAN}/agreements", json=said, headers=headers("jess"))
    for changed in ({**said, "words": "OK!"}, {**said, "answer": "agree_with_comments"}, said):
        response = await http.post(f"{PLAN}/agreements", json=changed, headers=headers("jess"))
        assert response.status_code == 201, response.text
        assert response.json()["id"] != first["id"]
        first = response.json()
    assert await Agreement.count() == before + 4
    history = (
        await Agreement.select(Agreement.words, Agreement.answer)
        .where(Agreement.member == demo_id("hartley:member:jess"))
        .order_by(Agreement.created_at)
    )
    assert [(a["answer"], a["words"]) for a in history[-4:]] == [
        ("agree", "OK."),
        ("agree", "OK!"),
        ("agree_with_comments", "OK."),
        ("agree", "OK."),
    ]


async def test_the_same_answer_to_an_older_view_is_409_not_a_repeat(
    http: httpx.AsyncClient,
) -> None:
    """Kieran answered version 1's view; version 2's is his now: the same answer again to the
    old view is stale (409), not a repeat."""
    old = await view_hash(1, "kieran")
    last = (
        await Agreement.select(Agreement.answer, Agreement.words, Agreement.view_sha256)
        .where(Agreement.member == demo_id("hartley:member:kieran"))
        .order_by(Agreement.created_at, ascending=False)
        .first()
    )
    assert last["view_sha256"] == old
    before = await Agreement.count()
    response = await http.post(
        f"{PLAN}/agreements",
        json={"answer": last["answer"], "words": last["words"], "view_sha256": old},
        headers=headers("kieran"),
    )
    assert response.status_code == 409
    assert await Agreement.count() == before


async def arrange(http: httpx.AsyncClient, **values: Any) -> httpx.Response:
    body = {
        "kind": "core_group",
        "starts_at": (utc_now() + dt.timedelta(days=2)).isoformat(),
        "purpose": "To check the plan.",
        "location": "Family centre",
        "chair": str(demo_id("person:robert")),
        "version": 2,
        "attendees": [
            {"person": str(demo_id("person:laura"))},
            {"person": str(demo_id("person:priya"))},
            {"member": str(demo_id("hartley:member:jess"))},
        ],
        **values,
    }
    return await http.post(f"{PLAN}/meetings", json=body, headers=headers("priya"))


def attendee(meeting: dict[str, Any], name: str) -> str:
    return next(a["id"] for a in meeting["attendees"] if a["name"].startswith(name))


async def test_a_meeting_a_dissent_and_the_chairs_decision(http: httpx.AsyncClient) -> None:
    response = await arrange(http)
    assert response.status_code == 201, response.text
    meeting = response.json()
    views = f"/api/v1/meetings/{meeting['id']}/views"

    outsider = await http.post(
        views,
        json={"attendee": attendee(meeting, "Priya"), "view": "agree"},
        headers=headers("chloe"),
    )
    assert outsider.status_code == 404
    no_reason = await http.post(
        views,
        json={"attendee": attendee(meeting, "Laura"), "view": "dissent"},
        headers=headers("priya"),
    )
    assert no_reason.status_code == 422
    assert fields(no_reason) == ["reason"]
    assert await MeetingView.count().where(MeetingView.meeting == meeting["id"]) == 0

    dissent = await http.post(
        views,
        json={"attendee": attendee(meeting, "Laura"), "view": "dissent", "reason": "The visitor."},
        headers=headers("robert"),
    )
    assert dissent.status_code == 201, dissent.text
    disagreement = dissent.json()["disagreement"]
    today = london_date(utc_now())
    assert disagreement["stage"] == "practitioners"
    assert disagreement["stage_deadline"] == add_working_days(today, 5).isoformat()

    decisions = f"/api/v1/meetings/{meeting['id']}/decisions"
    body = {"plan_needed": True, "category": "neglect", "next_review_on": "2099-01-01"}
    assert (await http.post(decisions, json=body, headers=headers("priya"))).status_code == 403
    assert (await http.post(decisions, json=body, headers=headers("chloe"))).status_code == 404
    decided = await http.post(decisions, json=body, headers=headers("robert"))
    assert decided.status_code == 201, decided.text
    again = await http.post(decisions, json=body, headers=headers("robert"))
    assert again.status_code == 409
    read = await http.get(f"/api/v1/meetings/{meeting['id']}", headers=headers("priya"))
    assert read.json()["status"] == "held"
    assert read.json()["decision"]["category"] == "neglect"

    disagreement_url = f"/api/v1/disagreements/{disagreement['id']}"
    escalated = await http.post(f"{disagreement_url}/escalate", headers=headers("priya"))
    assert escalated.status_code == 200, escalated.text
    assert escalated.json()["stage"] == "managers"
    resolved = await http.post(
        f"{disagreement_url}/resolve", json={"resolution": "Agreed."}, headers=headers("laura")
    )
    assert resolved.status_code == 200
    assert resolved.json()["status"] == "resolved"
    bad = await http.post(f"{disagreement_url}/resolve", json={}, headers=headers("laura"))
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("values", "status", "field"),
    [
        ({"starts_at": "2026-12-01T10:00:00"}, 422, "starts_at"),
        ({"kind": "party"}, 422, "kind"),
        ({"chair": "not-a-uuid"}, 422, "chair"),
        ({"attendees": [{"member": str(demo_id("osei:member:abena"))}]}, 404, None),
        ({"version": 99}, 404, None),
    ],
)
async def test_a_bad_meeting_gets_a_clear_4xx(
    http: httpx.AsyncClient, values: dict[str, Any], status: int, field: str | None
) -> None:
    response = await arrange(http, **values)
    assert response.status_code == status, response.text
    if field:
        assert fields(response) == [field]


async def test_a_view_on_a_meeting_without_a_version_names_the_version(
    http: httpx.AsyncClient,
) -> None:
    response = await http.post(
        f"/api/v1/meetings/{demo_id('novak:meeting:icpc')}/views",
        json={"attendee": str(demo_id("nobody")), "view": "agree"},
        headers=headers("robert"),
    )
    assert response.status_code == 422
    assert fields(response) == ["version"]


async def test_ids_that_are_not_uuids_are_404(http: httpx.AsyncClient) -> None:
    for path in (
        "/api/v1/meetings/nope",
        "/api/v1/disagreements/nope",
        "/api/v1/plans/nope/agreements",
    ):
        assert (await http.get(path, headers=headers("priya"))).status_code == 404
