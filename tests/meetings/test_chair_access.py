"""The chair of a meeting reads the family, read-only, without joining its team (issue 17,
item 4): Robert Ellis, the independent chair of the Hartleys' review conference, reads their
plan, its versions, the family's views and the meeting; he changes nothing; every read of his
is on the audit chain; and of a family whose meetings he does not chair he learns nothing.
"""

from __future__ import annotations

import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.families.tables import Family, TeamMember
from careplan.meetings.tables import Meeting
from tests.api.test_access import FAMILY, MEETING, PLAN, ROUTES

pytestmark = pytest.mark.anyio

EPISODE = demo_id("hartley:episode:child_protection")
WHITFIELD = demo_id("family:whitfield")
# What the chair reads: the family, its plan and versions, the family's views, the meeting.
CHAIR_READS = [
    f"/api/v1/families/{FAMILY}",
    f"/api/v1/families/{FAMILY}/timeline",
    f"/api/v1/episodes/{EPISODE}",
    f"/api/v1/episodes/{EPISODE}/plan",
    f"/api/v1/plans/{PLAN}",
    f"/api/v1/plans/{PLAN}/versions/2",
    f"/api/v1/plans/{PLAN}/diff?from=1&to=2",
    f"/api/v1/plans/{PLAN}/agreements",
    f"/api/v1/meetings/{MEETING}",
]
# The routes that change something of the Hartleys' (every one but reads and the few that
# are anyone's own or open to any professional: a concern goes to the front door).
OPEN_TO_ANY_PROFESSIONAL = {
    ("POST", "/api/v1/families/{family_id:str}/concerns"),
    ("POST", "/api/v1/families"),
    ("POST", "/api/v1/plain-language/check"),
}
CHANGES = [
    key
    for key, route in sorted(ROUTES.items())
    if route.method != "GET"
    and key not in OPEN_TO_ANY_PROFESSIONAL
    and not route.path.startswith(("/api/v1/me", "/api/v1/agencies", "/api/v1/professionals"))
]


async def chair_reads() -> int:
    return await AuditEvent.count().where(AuditEvent.action == "family.read_by_chair")


@pytest.mark.parametrize("path", CHAIR_READS)
async def test_the_chair_reads_the_family_he_chairs_a_meeting_of_and_it_is_audited(
    as_, path
) -> None:
    before = await chair_reads()
    response = await as_("person:robert").get(path)
    assert response.status_code == 200, response.text
    assert await chair_reads() > before  # each record the request reads, where it keeps no memo
    event = (
        await AuditEvent.select(AuditEvent.actor, AuditEvent.family)
        .where(AuditEvent.action == "family.read_by_chair")
        .order_by(AuditEvent.sequence, ascending=False)
        .first()
    )
    assert str(event["actor"]) == str(demo_id("person:robert"))
    assert str(event["family"]) == str(FAMILY)


async def test_the_family_says_he_reads_it_as_its_chair(as_) -> None:
    family = (await as_("person:robert").get(f"/api/v1/families/{FAMILY}")).json()
    assert family["your_access"] == "chair"


@pytest.mark.parametrize("key", CHANGES, ids=lambda k: f"{k[0]} {k[1]}")
async def test_the_chair_changes_nothing(as_, key) -> None:
    route = ROUTES[key]
    revision = (await Family.select(Family.revision).where(Family.id == FAMILY).first())["revision"]
    others = await AuditEvent.count().where(AuditEvent.action != "family.read_by_chair")
    response = await as_("person:robert").request(route.method, route.path, json=route.body)
    assert response.status_code in (403, 404), response.text
    after = await Family.select(Family.revision).where(Family.id == FAMILY).first()
    assert after["revision"] == revision
    assert await AuditEvent.count().where(AuditEvent.action != "family.read_by_chair") == others


async def test_a_family_he_chairs_no_meeting_of_is_not_found(as_) -> None:
    before = await chair_reads()
    response = await as_("person:robert").get(f"/api/v1/families/{WHITFIELD}")
    assert response.status_code == 404
    assert "Whitfield" not in response.text
    assert await chair_reads() == before


async def test_a_cancelled_meeting_gives_its_chair_nothing(as_) -> None:
    await Meeting.update({Meeting.status: "cancelled"}).where(
        (Meeting.family == FAMILY) & (Meeting.chair == demo_id("person:robert"))
    )
    response = await as_("person:robert").get(f"/api/v1/plans/{PLAN}")
    assert response.status_code == 404


async def test_his_list_of_families_has_the_ones_he_chairs_and_no_other(as_) -> None:
    response = await as_("person:robert").get("/api/v1/families")
    assert response.status_code == 200
    names = {family["name"] for family in response.json()}
    assert any("Hartley" in name for name in names)
    assert not any("Whitfield" in name for name in names)


async def test_someone_taken_off_the_team_reads_nothing_though_they_chair_its_core_group(
    as_,
) -> None:
    priya = demo_id("person:priya")
    assert await Meeting.exists().where((Meeting.family == FAMILY) & (Meeting.chair == priya))
    grace = demo_id("person:grace")
    row = (
        await TeamMember.select(TeamMember.revision)
        .where(
            (TeamMember.family == FAMILY)
            & (TeamMember.person == grace)
            & TeamMember.left_on.is_null()
        )
        .first()
    )
    handed_over = await as_("person:helen").patch(
        f"/api/v1/families/{FAMILY}/team/{grace}",
        json={"key_worker": True, "revision": row["revision"]},
    )
    assert handed_over.status_code == 200, handed_over.text
    taken_off = await as_("person:helen").request(
        "DELETE",
        f"/api/v1/families/{FAMILY}/team/{priya}",
        json={"reason": "Moved to another team."},
    )
    assert taken_off.status_code in (200, 204), taken_off.text
    assert (await as_("person:priya").get(f"/api/v1/plans/{PLAN}")).status_code == 404
    families = (await as_("person:priya").get("/api/v1/families")).json()
    assert str(FAMILY) not in {family["id"] for family in families}
