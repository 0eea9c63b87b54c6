"""Before the meeting, over HTTP (issue 18): arranging one with every field, its statutory
due date (a later date needs a reason), a version taken now, a plan's meetings coming and
past, agencies' reports and who sees them; refusals for the people it is not for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.lib.calendar import add_working_days
from careplan.lib.clock import utc_now
from careplan.meetings.tables import Attendee, Meeting, MeetingReport
from careplan.plans.tables import PlanVersion
from tests.meetings.conftest import HARTLEY_PLAN, headers, needs_routes

pytestmark = [pytest.mark.anyio, needs_routes]

PLAN = f"/api/v1/plans/{HARTLEY_PLAN}"
ROBERT = str(demo_id("person:robert"))
JESS = str(demo_id("hartley:member:jess"))
KIERAN = str(demo_id("hartley:member:kieran"))
REVIEW = demo_id("hartley:meeting:review")
CORE_GROUP = demo_id("hartley:meeting:core_group")


def when(days: int, hour: int = 10) -> str:
    moment = (utc_now() + dt.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )
    return moment.isoformat()


def fields(response: httpx.Response) -> list[str]:
    return [f["field"] for f in response.json().get("fields", [])]


def review(**values: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "review_conference",
        "starts_at": when(14),
        "chair": ROBERT,
        "purpose": "To review the plan for Leo and Mia.",
        "location": "Northmere Civic Centre, Room 4",
        "how_to_join": "Come in person, or ask Priya for a video link.",
        "version": 2,
        "attendees": [
            {
                "person": str(demo_id("person:priya")),
                "role": "Social worker",
                "direct_contact": True,
            },
            {"person": str(demo_id("person:grace")), "role": "Health visitor"},
            {"person": str(demo_id("person:nadia")), "role": "CPN", "direct_contact": False},
            {"member": JESS, "role": "Mother", "interpreter": "Polish"},
            {
                "member": KIERAN,
                "role": "Father",
                "excluded": "part",
                "excluded_part": "The police update",
                "exclusion_reason": "Police information that cannot yet be shared.",
            },
        ],
    }
    body.update(values)
    return body


async def counts() -> tuple[int, int, int, int]:
    return (
        await Meeting.count(),
        await Attendee.count(),
        await PlanVersion.count(),
        await MeetingReport.count(),
    )


async def test_a_review_conference_is_arranged_with_every_field(http: httpx.AsyncClient) -> None:
    response = await http.post(f"{PLAN}/meetings", json=review(), headers=headers("priya"))
    assert response.status_code == 201, response.text
    meeting = response.json()
    assert meeting["kind"] == "review_conference"
    assert meeting["pre_birth"] is False
    assert meeting["version"] == 2 and len(meeting["version_sha256"]) == 64
    # Six months after the last review (held ten days before the demo's day).
    assert meeting["due_on"] is not None and meeting["timing_reason"] is None
    by_name = {a["name"]: a for a in meeting["attendees"]}
    assert by_name["Jess Hartley"]["interpreter"] == "Polish"
    assert by_name["Jess Hartley"]["role"] == "Mother"
    kieran = by_name["Kieran Hartley"]
    assert (kieran["excluded"], kieran["excluded_part"]) == ("part", "The police update")
    assert kieran["exclusion_reason"] == "Police information that cannot yet be shared."
    assert by_name["Nadia Kowalski"]["direct_contact"] is False
    assert by_name["Grace Okafor"]["direct_contact"] is True
    event = await AuditEvent.select().where(AuditEvent.record_id == meeting["id"]).first()
    assert event["action"] == "meeting.arranged"


async def test_a_version_taken_now_is_fixed_on_the_meeting(http: httpx.AsyncClient) -> None:
    before = await PlanVersion.count()
    body = review(version=None, take_version=True, pre_birth=True)
    response = await http.post(f"{PLAN}/meetings", json=body, headers=headers("priya"))
    assert response.status_code == 201, response.text
    meeting = response.json()
    assert await PlanVersion.count() == before + 1
    taken = (
        await PlanVersion.select(PlanVersion.number, PlanVersion.sha256, PlanVersion.label)
        .where(PlanVersion.plan == HARTLEY_PLAN)
        .order_by(PlanVersion.number, ascending=False)
        .first()
    )
    assert meeting["version"] == taken["number"] and meeting["version_sha256"] == taken["sha256"]
    assert taken["label"].startswith("For the review child protection conference on ")
    assert meeting["pre_birth"] is True


async def test_a_late_review_needs_a_reason_that_names_its_due_date(
    http: httpx.AsyncClient,
) -> None:
    before = await counts()
    late = review(starts_at=when(240))
    response = await http.post(f"{PLAN}/meetings", json=late, headers=headers("priya"))
    assert response.status_code == 422, response.text
    assert fields(response) == ["timing_reason"]
    assert "was due by" in response.text
    assert await counts() == before
    late["timing_reason"] = "The family asked for it after the summer."
    response = await http.post(f"{PLAN}/meetings", json=late, headers=headers("priya"))
    assert response.status_code == 201, response.text
    meeting = response.json()
    assert meeting["timing_reason"] == "The family asked for it after the summer."
    assert dt.date.fromisoformat(meeting["due_on"]) < dt.date.fromisoformat(late["starts_at"][:10])


async def test_an_initial_conference_is_due_15_working_days_after_the_strategy_discussion(
    http: httpx.AsyncClient,
) -> None:
    strategy = {
        "kind": "strategy_discussion",
        "starts_at": when(-20),
        "chair": str(demo_id("person:helen")),
        "attendees": [{"person": str(demo_id("person:laura")), "role": "Police"}],
    }
    response = await http.post(f"{PLAN}/meetings", json=strategy, headers=headers("priya"))
    assert response.status_code == 201, response.text
    icpc = review(kind="initial_conference", version=None, starts_at=when(10))
    response = await http.post(f"{PLAN}/meetings", json=icpc, headers=headers("priya"))
    assert response.status_code == 422, response.text
    assert fields(response) == ["timing_reason"]
    icpc["timing_reason"] = "The chair was ill."
    response = await http.post(f"{PLAN}/meetings", json=icpc, headers=headers("priya"))
    assert response.status_code == 201, response.text
    due = dt.date.fromisoformat(response.json()["due_on"])
    started = dt.date.fromisoformat(strategy["starts_at"][:10])
    assert due == add_working_days(started, 15)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"kind": "core_group", "pre_birth": True, "chair": str(demo_id("person:priya"))},
            "pre_birth",
        ),
        ({"take_version": True}, "take_version"),
        (
            {"attendees": [{"person": str(demo_id("person:grace")), "interpreter": "Urdu"}]},
            "attendees[0].interpreter",
        ),
        (
            {
                "attendees": [
                    {
                        "person": str(demo_id("person:grace")),
                        "excluded": "all",
                        "exclusion_reason": "x",
                    }
                ]
            },
            "attendees[0].excluded",
        ),
        ({"attendees": [{"member": JESS, "excluded": "all"}]}, "attendees[0].exclusion_reason"),
        (
            {"attendees": [{"member": JESS, "excluded": "part", "exclusion_reason": "Why"}]},
            "attendees[0].excluded_part",
        ),
        ({"attendees": [{"member": JESS, "excluded": "some"}]}, "attendees[0].excluded"),
        ({"chair": str(demo_id("person:helen"))}, "chair"),
    ],
)
async def test_a_bad_arrangement_names_its_field_and_writes_nothing(
    http: httpx.AsyncClient, change: dict[str, Any], field: str
) -> None:
    before = await counts()
    response = await http.post(f"{PLAN}/meetings", json=review(**change), headers=headers("priya"))
    assert response.status_code in (400, 422), response.text
    assert (
        any(f.startswith(field) or field in f for f in fields(response)) or field in response.text
    )
    assert await counts() == before


@pytest.mark.parametrize(
    ("who", "kind", "status"),
    [
        ("laura", "review_conference", 403),  # police on the team: a partner agency
        ("tom", "review_conference", 403),  # early help on the team: not a conference
        ("chloe", "review_conference", 404),  # a social worker outside the team
        ("sophie", "review_conference", 404),  # a parent of another family
        ("jess", "review_conference", 404),  # a parent of this family
    ],
)
async def test_who_may_not_arrange_is_refused(
    http: httpx.AsyncClient, who: str, kind: str, status: int
) -> None:
    before = await counts()
    response = await http.post(f"{PLAN}/meetings", json=review(kind=kind), headers=headers(who))
    assert response.status_code == status, response.text
    if status == 403:
        assert "arrange a meeting" in response.json()["detail"]
    assert await counts() == before


async def test_early_help_arranges_a_team_around_the_family(http: httpx.AsyncClient) -> None:
    body = review(kind="team_around_the_family", chair=str(demo_id("person:tom")))
    response = await http.post(f"{PLAN}/meetings", json=body, headers=headers("tom"))
    assert response.status_code == 201, response.text


async def test_a_plans_meetings_come_first_then_past(http: httpx.AsyncClient) -> None:
    response = await http.get(f"{PLAN}/meetings", headers=headers("priya"))
    assert response.status_code == 200, response.text
    listed = response.json()
    assert [m["id"] for m in listed["coming"]] == [str(CORE_GROUP)]
    assert [m["id"] for m in listed["past"]] == [str(REVIEW)]
    past = listed["past"][0]
    assert past["chair_name"] == "Robert Ellis"
    assert past["version"] == 2 and len(past["version_sha256"]) == 64
    assert past["place"] == "Northmere Civic Centre, Room 4"
    confidential = review(location_confidential=True, starts_at=when(1))
    arranged = await http.post(f"{PLAN}/meetings", json=confidential, headers=headers("priya"))
    assert arranged.status_code == 201, arranged.text
    # The chair (from outside the team) and the manager read it too.
    for who in ("robert", "helen"):
        listed = (await http.get(f"{PLAN}/meetings", headers=headers(who))).json()
        assert listed["coming"][0]["id"] == arranged.json()["id"]
        assert listed["coming"][0]["place"] == ""
        assert listed["coming"][0]["location_confidential"] is True


@pytest.mark.parametrize("who", ["chloe", "sophie", "jess"])
async def test_a_plans_meetings_are_not_found_for_others(http: httpx.AsyncClient, who: str) -> None:
    response = await http.get(f"{PLAN}/meetings", headers=headers(who))
    assert response.status_code == 404, response.text


async def test_reports_are_added_by_agencies_and_read_within_their_audience(
    http: httpx.AsyncClient,
) -> None:
    url = f"/api/v1/meetings/{CORE_GROUP}/reports"
    police = str(demo_id("agency:police"))
    for who, title, audience in (
        ("grace", "Health visiting", "family"),
        ("laura", "Police", {"agencies": [police]}),
        ("daniel", "School", {"members": [JESS]}),
        ("priya", "Social care", "professionals"),
    ):
        response = await http.post(
            url,
            json={"title": title, "body": f"{title} report.", "audience": audience},
            headers=headers(who),
        )
        assert response.status_code == 201, response.text
        report = response.json()
        assert report["by_kind"] == "agency" and report["author_name"]
    seen = {
        who: [r["title"] for r in (await http.get(url, headers=headers(who))).json()]
        for who in ("grace", "laura", "helen")
    }
    assert seen["laura"] == ["Health visiting", "Police", "School", "Social care"]
    assert seen["grace"] == ["Health visiting", "School", "Social care"]
    assert seen["helen"] == ["Health visiting", "School", "Social care"]
    event = await AuditEvent.select().where(AuditEvent.action == "meeting_report.added").first()
    assert event is not None


async def test_an_invited_professional_outside_the_team_adds_their_report(
    http: httpx.AsyncClient,
) -> None:
    body = review(
        attendees=[{"person": str(demo_id("person:chloe")), "role": "Previous social worker"}]
    )
    meeting = (await http.post(f"{PLAN}/meetings", json=body, headers=headers("priya"))).json()
    url = f"/api/v1/meetings/{meeting['id']}/reports"
    report = {"title": "History", "body": "What I knew of the family."}
    response = await http.post(url, json=report, headers=headers("chloe"))
    assert response.status_code == 201, response.text
    assert [r["title"] for r in (await http.get(url, headers=headers("chloe"))).json()] == [
        "History"
    ]
    # Not invited to the core group: it stays unknown to them.
    other = f"/api/v1/meetings/{CORE_GROUP}/reports"
    assert (await http.post(other, json=report, headers=headers("chloe"))).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "", "body": "b"}, "title"),
        ({"title": "t", "body": "b", "audience": "everyone"}, "audience"),
        (
            {
                "title": "t",
                "body": "b",
                "audience": {"members": [str(demo_id("osei:member:abena"))]},
            },
            "audience.members",
        ),
    ],
)
async def test_a_bad_report_names_its_field(
    http: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    before = await MeetingReport.count()
    url = f"/api/v1/meetings/{CORE_GROUP}/reports"
    response = await http.post(url, json=body, headers=headers("grace"))
    assert response.status_code in (400, 404, 422), response.text
    assert field in response.text
    assert await MeetingReport.count() == before


@pytest.mark.parametrize(("who", "status"), [("sophie", 404), ("jess", 404), ("chloe", 404)])
async def test_reports_are_refused_to_others(
    http: httpx.AsyncClient, who: str, status: int
) -> None:
    url = f"/api/v1/meetings/{CORE_GROUP}/reports"
    assert (await http.get(url, headers=headers(who))).status_code == status
    response = await http.post(url, json={"title": "t", "body": "b"}, headers=headers(who))
    assert response.status_code == status
