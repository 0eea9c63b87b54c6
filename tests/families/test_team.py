"""A family's team as it changes, through the API: someone leaves it (with a reason, kept as
history; their access ends at once), someone already on it becomes its key worker."""

from __future__ import annotations

import datetime as dt

import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.families.tables import Family, TeamMember

pytestmark = pytest.mark.anyio

HARTLEY = demo_id("family:hartley")
EPISODE = demo_id("hartley:episode:child_protection")
TEAM = f"/api/v1/families/{HARTLEY}/team"


def person(key: str) -> str:
    return str(demo_id(f"person:{key}"))


async def snapshot() -> tuple[int, int, list[tuple]]:
    family = await Family.select(Family.revision).where(Family.id == HARTLEY).first()
    rows = await TeamMember.select(
        TeamMember.person, TeamMember.key_worker, TeamMember.left_on, TeamMember.revision
    ).where(TeamMember.family == HARTLEY)
    team = sorted((str(r["person"]), r["key_worker"], r["left_on"], r["revision"]) for r in rows)
    return await AuditEvent.count(), family["revision"], team


async def team_row(key: str) -> dict:
    return (
        await TeamMember.select()
        .where((TeamMember.family == HARTLEY) & (TeamMember.person == person(key)))
        .first()
    )


async def test_the_key_worker_removes_someone_who_keeps_their_history_and_loses_access(
    as_,
) -> None:
    tom = as_("tom")
    assert (await tom.get(f"/api/v1/families/{HARTLEY}")).status_code == 200
    before = (await Family.select(Family.revision).where(Family.id == HARTLEY).first())["revision"]
    response = await as_("priya").request(
        "DELETE", f"{TEAM}/{person('tom')}", json={"reason": "Early help has stepped back."}
    )
    assert response.status_code == 200, response.text
    left = response.json()
    assert left["person"] == person("tom")
    assert left["left_on"] == dt.date.today().isoformat()
    assert left["left_by"] == person("priya")
    assert left["left_reason"] == "Early help has stepped back."
    # History kept: the row is there, ended, with who and why.
    row = await team_row("tom")
    assert row["left_on"] == dt.date.today()
    assert str(row["left_by"]) == person("priya")
    after = (await Family.select(Family.revision).where(Family.id == HARTLEY).first())["revision"]
    assert after == before + 1
    event = await AuditEvent.select().order_by(AuditEvent.sequence, ascending=False).first()
    assert event["action"] == "team.left" and str(event["actor"]) == person("priya")
    # His access ends at once: the family, its episode and its plan are not found.
    assert (await tom.get(f"/api/v1/families/{HARTLEY}")).status_code == 404
    assert (await tom.get(f"/api/v1/episodes/{EPISODE}/plan")).status_code == 404
    assert HARTLEY not in {f["id"] for f in (await tom.get("/api/v1/families")).json()}
    # The family's team no longer lists him.
    team = (await as_("priya").get(f"/api/v1/families/{HARTLEY}")).json()["team"]
    assert person("tom") not in {t["person"] for t in team}


async def test_a_manager_removes_someone_from_a_team_she_manages(as_) -> None:
    response = await as_("helen").request(
        "DELETE", f"{TEAM}/{person('daniel')}", json={"reason": "Daniel has left the school."}
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": 3}])
async def test_a_removal_without_a_reason_names_the_reason_and_changes_nothing(as_, body) -> None:
    before = await snapshot()
    response = await as_("priya").request("DELETE", f"{TEAM}/{person('tom')}", json=body)
    assert response.status_code == 422, response.text
    assert "reason" in response.json()["detail"]
    assert await snapshot() == before


async def test_the_key_worker_cannot_be_removed_until_another_is_made_key_worker(as_) -> None:
    before = await snapshot()
    refused = await as_("helen").request(
        "DELETE", f"{TEAM}/{person('priya')}", json={"reason": "Moving team."}
    )
    assert refused.status_code == 422, refused.text
    assert "person" in refused.json()["detail"] and "key worker" in refused.json()["detail"]
    assert await snapshot() == before
    grace = await team_row("grace")
    made = await as_("helen").patch(
        f"{TEAM}/{person('grace')}", json={"key_worker": True, "revision": grace["revision"]}
    )
    assert made.status_code == 200, made.text
    removed = await as_("helen").request(
        "DELETE", f"{TEAM}/{person('priya')}", json={"reason": "Moving team."}
    )
    assert removed.status_code == 200, removed.text


@pytest.mark.parametrize("key", ["chloe", "sam", "nobody"])
async def test_removing_someone_not_on_the_team_is_not_found(as_, key) -> None:
    before = await snapshot()
    target = person(key) if key != "nobody" else "not-a-uuid"
    response = await as_("priya").request("DELETE", f"{TEAM}/{target}", json={"reason": "r"})
    assert response.status_code == 404, response.text
    assert await snapshot() == before


async def test_someone_who_has_left_cannot_be_removed_twice(as_) -> None:
    priya = as_("priya")
    first = await priya.request("DELETE", f"{TEAM}/{person('tom')}", json={"reason": "Gone."})
    assert first.status_code == 200
    before = await snapshot()
    again = await priya.request("DELETE", f"{TEAM}/{person('tom')}", json={"reason": "Gone."})
    assert again.status_code == 404
    assert await snapshot() == before


@pytest.mark.parametrize("who", ["laura", "grace", "tom"])
async def test_partners_on_the_team_are_refused_and_nothing_changes(as_, who) -> None:
    """A police sergeant, a health visitor, and an early help family support worker who is not
    the key worker: on the team, so told what they cannot do and who can (403)."""
    before = await snapshot()
    target = "daniel"
    removed = await as_(who).request("DELETE", f"{TEAM}/{person(target)}", json={"reason": "r"})
    assert removed.status_code == 403, removed.text
    assert "take someone off the team" in removed.json()["detail"]
    assert "key worker" in removed.json()["detail"]
    row = await team_row("amir")
    made = await as_(who).patch(
        f"{TEAM}/{person('amir')}", json={"key_worker": True, "revision": row["revision"]}
    )
    assert made.status_code == 403, made.text
    assert "change the key worker" in made.json()["detail"]
    assert await snapshot() == before


async def test_someone_on_the_team_becomes_key_worker_and_the_one_before_stays(as_) -> None:
    grace = await team_row("grace")
    response = await as_("priya").patch(
        f"{TEAM}/{person('grace')}", json={"key_worker": True, "revision": grace["revision"]}
    )
    assert response.status_code == 200, response.text
    team = {t["person"]: t for t in response.json()["team"]}
    assert team[person("grace")]["key_worker"] is True
    assert team[person("priya")]["key_worker"] is False  # still on the team
    assert [p for p, t in team.items() if t["key_worker"]] == [person("grace")]
    event = await AuditEvent.select().order_by(AuditEvent.sequence, ascending=False).first()
    assert event["action"] == "team.key_worker"
    # Priya is no longer key worker, nor of children's social care's managers: she may still
    # change the team, as children's social care on it.
    tom = await team_row("tom")
    again = await as_("priya").patch(
        f"{TEAM}/{person('tom')}", json={"key_worker": True, "revision": tom["revision"]}
    )
    assert again.status_code == 200, again.text


async def test_a_stale_or_missing_revision_changes_no_key_worker(as_) -> None:
    before = await snapshot()
    missing = await as_("priya").patch(f"{TEAM}/{person('grace')}", json={"key_worker": True})
    assert missing.status_code == 428, missing.text
    stale = await as_("priya").patch(
        f"{TEAM}/{person('grace')}", json={"key_worker": True, "revision": 99}
    )
    assert stale.status_code == 409, stale.text
    assert await snapshot() == before


@pytest.mark.parametrize("body", [{"key_worker": False, "revision": 1}, {"revision": 1}])
async def test_a_family_is_never_left_without_its_key_worker(as_, body) -> None:
    before = await snapshot()
    response = await as_("priya").patch(f"{TEAM}/{person('priya')}", json=body)
    assert response.status_code == 422, response.text
    assert "key_worker" in response.json()["detail"]
    assert await snapshot() == before


async def test_only_someone_on_the_team_can_be_made_key_worker(as_) -> None:
    before = await snapshot()
    response = await as_("priya").patch(
        f"{TEAM}/{person('chloe')}", json={"key_worker": True, "revision": 1}
    )
    assert response.status_code == 404, response.text
    assert await snapshot() == before


async def test_two_at_once_leave_one_key_worker_and_one_removal(as_) -> None:
    """Two key workers named at the same moment: one wins (the other is refused, 409), never
    two key workers and never a 500. The same person removed twice at once: once."""
    import asyncio

    grace, tom = await team_row("grace"), await team_row("tom")
    answers = await asyncio.gather(
        as_("priya").patch(
            f"{TEAM}/{person('grace')}", json={"key_worker": True, "revision": grace["revision"]}
        ),
        as_("helen").patch(
            f"{TEAM}/{person('tom')}", json={"key_worker": True, "revision": tom["revision"]}
        ),
    )
    assert all(a.status_code in (200, 409) for a in answers), [a.text for a in answers]
    assert 200 in {a.status_code for a in answers}
    leads = await TeamMember.count().where(
        (TeamMember.family == HARTLEY)
        & TeamMember.left_on.is_null()
        & (TeamMember.key_worker == True)
    )
    assert leads == 1
    removals = await asyncio.gather(
        *(
            as_(who).request("DELETE", f"{TEAM}/{person('daniel')}", json={"reason": "Left."})
            for who in ("helen", "priya")
        )
    )
    assert sorted(r.status_code for r in removals) == [200, 404], [r.text for r in removals]
    assert await TeamMember.count().where(TeamMember.left_reason == "Left.") == 1
