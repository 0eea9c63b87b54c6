"""Concurrent duplicates never answer 500: two requests that make the same record at the same
moment answer as a repeat would (the stored row) or 409, and nothing is half-written.

Each race is real: two HTTP requests through the app at once (asyncio.gather), many pairs, on
whichever engine the suite runs (SQLite and PostgreSQL).
"""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from careplan.demo.builder import demo_id
from careplan.families.tables import TeamMember
from careplan.meetings.tables import Agreement
from careplan.plans.tables import FamilyView, ProgressEntry

pytestmark = pytest.mark.anyio

SCHOOL = str(demo_id("hartley:objective:school_cp"))
PLAN = str(demo_id("hartley:plan:child_protection"))
PAIRS = 25


async def pair(first, second) -> list[httpx.Response]:
    return list(await asyncio.gather(first, second))


async def test_the_same_check_in_sent_twice_at_once_is_stored_once_and_both_succeed(as_) -> None:
    jess = as_("person:jess")
    for _ in range(PAIRS):
        body = {"client_uuid": str(uuid.uuid4()), "value": "4", "note": "Sent twice"}
        url = f"/api/v1/objectives/{SCHOOL}/progress"
        answers = await pair(jess.post(url, json=body), jess.post(url, json=body))
        assert sorted(a.status_code for a in answers) == [200, 201], [a.text for a in answers]
        assert answers[0].json()["id"] == answers[1].json()["id"]
        stored = await ProgressEntry.count().where(ProgressEntry.client_uuid == body["client_uuid"])
        assert stored == 1


async def test_the_phone_tells_the_parent_her_check_in_was_saved_when_sent_twice_at_once(
    browse_as,
) -> None:
    phone = await browse_as("person:jess")
    url = f"/family/goals/{SCHOOL}/check-ins"
    for _ in range(PAIRS):
        form = {
            "client_uuid": str(uuid.uuid4()),
            "value": "4",
            "note": "Retried",
            "_csrf_token": phone.csrf,
        }
        answers = await pair(phone.post(url, data=form), phone.post(url, data=form))
        assert [a.status_code for a in answers] == [303, 303], [a.text[:300] for a in answers]
        assert all("saved=" in a.headers["location"] for a in answers)
        stored = await ProgressEntry.count().where(ProgressEntry.client_uuid == form["client_uuid"])
        assert stored == 1


async def test_a_version_shared_twice_at_once_makes_each_view_once(as_) -> None:
    priya = as_("priya")
    for _ in range(PAIRS // 2):
        taken = await priya.post(f"/api/v1/plans/{PLAN}/versions", json={})
        number = taken.json()["number"]
        url = f"/api/v1/plans/{PLAN}/versions/{number}/share"
        answers = await pair(priya.post(url), priya.post(url))
        assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
        assert answers[0].json()["views"] and answers[0].json() == answers[1].json()
        views = await FamilyView.select(FamilyView.member).where(
            (FamilyView.version.plan == PLAN) & (FamilyView.version.number == number)
        )
        members = [v["member"] for v in views]
        assert len(members) == len(set(members)) == len(answers[0].json()["views"])


async def test_two_key_workers_named_at_once_leave_one_key_worker(as_) -> None:
    chloe = as_("chloe")
    for _ in range(PAIRS // 2):
        created = await chloe.post(
            "/api/v1/families",
            json={"name": "Ash family", "members": [{"given_name": "Rowan", "role": "parent"}]},
        )
        family = created.json()["id"]
        url = f"/api/v1/families/{family}/team"

        def name(key: str) -> dict:
            person = str(demo_id(f"person:{key}"))
            return {"person": person, "role": "social_worker", "key_worker": True}

        answers = await pair(chloe.post(url, json=name("priya")), chloe.post(url, json=name("tom")))
        statuses = [a.status_code for a in answers]
        assert all(s in (201, 409) for s in statuses) and 201 in statuses, statuses
        key_workers = await TeamMember.count().where(
            (TeamMember.family == family)
            & (TeamMember.key_worker == True)
            & TeamMember.left_on.is_null()
        )
        assert key_workers == 1
        # The same person named twice at once: once on the team, the other told so.
        again = name("grace")
        answers = await pair(chloe.post(url, json=again), chloe.post(url, json=again))
        statuses = sorted(a.status_code for a in answers)
        assert statuses[0] == 201 and statuses[1] in (409, 422), statuses
        on_team = await TeamMember.count().where(
            (TeamMember.family == family)
            & (TeamMember.person == demo_id("person:grace"))
            & TeamMember.left_on.is_null()
        )
        assert on_team == 1


async def test_the_same_answer_sent_twice_at_once_is_kept_once_and_both_get_it(as_) -> None:
    jess = as_("person:jess")
    view = (await jess.get("/api/v1/me/view")).json()
    url = f"/api/v1/plans/{PLAN}/agreements"
    for index in range(PAIRS):
        body = {"answer": "agree", "view_sha256": view["sha256"], "words": f"Twice {index}"}
        answers = await pair(jess.post(url, json=body), jess.post(url, json=body))
        assert [a.status_code for a in answers] == [201, 201], [a.text for a in answers]
        assert answers[0].json() == answers[1].json()
        assert await Agreement.count().where(Agreement.words == body["words"]) == 1
