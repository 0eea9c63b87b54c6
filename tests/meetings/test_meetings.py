"""Meetings: who was there, what each thought of the version, the chair's decision, and the
professional disagreement a dissent opens."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from piccolo.engine.base import Engine

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.lib import calendar, clock
from careplan.lib.clock import utc_now
from careplan.lib.errors import Conflict, Forbidden, Invalid, NotFound
from careplan.meetings import rules, schemas, service
from careplan.meetings.tables import (
    Attendee,
    Decision,
    Disagreement,
    DisagreementStage,
    Meeting,
    MeetingView,
)
from tests.meetings.conftest import HARTLEY_PLAN, principal

pytestmark = pytest.mark.anyio

NOVAK_ICPC = demo_id("novak:meeting:icpc")  # no version yet


def new_meeting(**values: Any) -> schemas.NewMeeting:
    base: dict[str, Any] = {
        "kind": "core_group",
        "starts_at": utc_now() + dt.timedelta(days=2),
        "chair": demo_id("person:robert"),
        "purpose": "To check how the plan is going.",
        "location": "Family centre",
        "version": 2,
        "attendees": [
            schemas.AttendeeIn(person=demo_id("person:priya")),
            schemas.AttendeeIn(person=demo_id("person:laura")),
            schemas.AttendeeIn(person=demo_id("person:daniel")),
            schemas.AttendeeIn(member=demo_id("hartley:member:jess")),
        ],
    }
    base.update(values)
    return schemas.NewMeeting(**base)


async def arranged() -> dict[str, Any]:
    return await service.create_meeting(await principal("priya"), HARTLEY_PLAN, new_meeting())


def attendee(meeting: dict[str, Any], name: str) -> Any:
    return next(a["id"] for a in meeting["attendees"] if a["name"].startswith(name))


async def test_a_meeting_is_arranged_on_a_version_with_its_attendees(demo: Engine) -> None:
    meeting = await arranged()
    assert meeting["version"] == 2
    assert meeting["status"] == "scheduled"
    assert meeting["chair"] == demo_id("person:robert")
    names = sorted(a["name"] for a in meeting["attendees"])
    assert names == ["Daniel Price", "Jess Hartley", "Laura Bennett", "Priya Raman"]
    laura = next(a for a in meeting["attendees"] if a["name"] == "Laura Bennett")
    assert laura["agency"] == demo_id("agency:police")
    event = await AuditEvent.select().where(AuditEvent.record_id == str(meeting["id"])).first()
    assert event["action"] == "meeting.arranged"


async def test_an_attendee_from_another_family_is_404_and_nothing_is_written(
    demo: Engine,
) -> None:
    meetings, attendees = await Meeting.count(), await Attendee.count()
    with pytest.raises(NotFound) as caught:
        await service.create_meeting(
            await principal("priya"),
            HARTLEY_PLAN,
            new_meeting(
                attendees=[
                    schemas.AttendeeIn(person=demo_id("person:priya")),
                    schemas.AttendeeIn(member=demo_id("osei:member:abena")),
                ]
            ),
        )
    assert caught.value.what == "attendees[1].member"
    assert await Meeting.count() == meetings
    assert await Attendee.count() == attendees


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"version": 9}, "version"),
        ({"chair": demo_id("person:jess")}, "chair"),
        ({"attendees": [schemas.AttendeeIn()]}, "attendees[0]"),
        (
            {
                "attendees": [
                    schemas.AttendeeIn(person=demo_id("person:laura")),
                    schemas.AttendeeIn(person=demo_id("person:laura")),
                ]
            },
            "attendees[1]",
        ),
        ({"starts_at": utc_now() + dt.timedelta(days=3000)}, "starts_at"),
    ],
)
async def test_a_bad_meeting_names_its_field(
    demo: Engine, values: dict[str, Any], field: str
) -> None:
    with pytest.raises((Invalid, NotFound)) as caught:
        await service.create_meeting(await principal("priya"), HARTLEY_PLAN, new_meeting(**values))
    error = caught.value
    assert (error.field if isinstance(error, Invalid) else error.what) == field


@pytest.mark.parametrize("chair", ["priya", "helen"])
async def test_a_conference_s_chair_must_be_independent_of_the_case(
    demo: Engine, chair: str
) -> None:
    """Priya is on the team; Helen manages children's social care, which Priya is from."""
    meetings = await Meeting.count()
    with pytest.raises(Invalid) as caught:
        await service.create_meeting(
            await principal("priya"),
            HARTLEY_PLAN,
            new_meeting(kind="review_conference", chair=demo_id(f"person:{chair}")),
        )
    assert caught.value.field == "chair" and "independent" in caught.value.message
    assert await Meeting.count() == meetings
    # A core group may be chaired from the team; a conference by an independent chair.
    core_group = new_meeting(chair=demo_id(f"person:{chair}"))
    assert await service.create_meeting(await principal("priya"), HARTLEY_PLAN, core_group)
    conference = new_meeting(kind="review_conference")  # Robert, the independent chair
    assert await service.create_meeting(await principal("priya"), HARTLEY_PLAN, conference)


async def test_only_the_team_arranges_meetings(demo: Engine) -> None:
    for outsider in ("chloe", "jess"):
        with pytest.raises(NotFound):
            await service.create_meeting(await principal(outsider), HARTLEY_PLAN, new_meeting())


async def test_a_dissent_opens_a_disagreement_with_a_deadline_in_working_days(
    demo: Engine,
) -> None:
    meeting = await arranged()
    robert = await principal("robert")  # the chair, not on the family's team
    view = await service.record_view(
        robert,
        meeting["id"],
        schemas.NewView(
            attendee=attendee(meeting, "Laura"),
            view="dissent",
            reason="The visitor to the home is not dealt with.",
        ),
    )
    today = clock.london_date(utc_now())
    disagreement = view["disagreement"]
    assert view["view"] == "dissent"
    assert view["version"] == 2
    assert disagreement["stage"] == "practitioners"
    assert disagreement["status"] == "open"
    assert disagreement["raised_by"] == demo_id("person:laura")
    assert disagreement["about"] == "The visitor to the home is not dealt with."
    deadline = disagreement["stage_deadline"]
    assert deadline == calendar.add_working_days(today, 5)
    assert calendar.is_working_day(deadline)
    assert calendar.working_days_between(today, deadline) == 5  # whatever day today is
    assert [s["stage"] for s in disagreement["stages"]] == ["practitioners"]
    assert disagreement["stages"][0]["deadline"] == deadline

    # The dissent does not block the chair's decision.
    decision = await service.record_decision(
        robert,
        meeting["id"],
        schemas.NewDecision(
            plan_needed=True,
            category="neglect",
            next_review_on=today + dt.timedelta(days=90),
        ),
    )
    assert decision["plan_needed"] is True
    assert decision["version"] == 2
    status = await Meeting.select(Meeting.status).where(Meeting.id == meeting["id"]).first()
    assert status["status"] == "held"


async def test_a_team_professional_records_views_but_only_the_chair_decides(
    demo: Engine,
) -> None:
    meeting = await arranged()
    priya = await principal("priya")
    view = await service.record_view(
        priya,
        meeting["id"],
        schemas.NewView(
            attendee=attendee(meeting, "Daniel"),
            view="agree_with_reservations",
            reason="Still late on Mondays.",
        ),
    )
    assert view["disagreement"] is None
    assert await Disagreement.count() == 1  # the demo's own
    with pytest.raises(Forbidden):
        await service.record_decision(priya, meeting["id"], schemas.NewDecision(plan_needed=True))
    assert await Decision.count().where(Decision.meeting == meeting["id"]) == 0


async def test_a_professional_outside_the_team_cannot_record_views(demo: Engine) -> None:
    meeting = await arranged()
    views = await MeetingView.count()
    with pytest.raises(NotFound):
        await service.record_view(
            await principal("chloe"),
            meeting["id"],
            schemas.NewView(attendee=attendee(meeting, "Priya"), view="agree"),
        )
    with pytest.raises(NotFound):
        await service.record_view(
            await principal("jess"),
            meeting["id"],
            schemas.NewView(attendee=attendee(meeting, "Priya"), view="agree"),
        )
    assert await MeetingView.count() == views


async def test_a_view_needs_a_reason_unless_it_agrees(demo: Engine) -> None:
    meeting = await arranged()
    with pytest.raises(Invalid) as caught:
        await service.record_view(
            await principal("priya"),
            meeting["id"],
            schemas.NewView(attendee=attendee(meeting, "Laura"), view="dissent", reason=" "),
        )
    assert caught.value.field == "reason"
    assert await Disagreement.count() == 1


async def test_a_view_on_a_meeting_without_a_version_names_the_version(demo: Engine) -> None:
    robert = await principal("robert")
    with pytest.raises(Invalid) as caught:
        await service.record_view(
            robert, NOVAK_ICPC, schemas.NewView(attendee=demo_id("nobody"), view="agree")
        )
    assert caught.value.field == "version"
    with pytest.raises(Invalid) as caught:
        await service.record_decision(robert, NOVAK_ICPC, schemas.NewDecision(plan_needed=True))
    assert caught.value.field == "version"


async def test_an_attendee_of_another_meeting_is_404(demo: Engine) -> None:
    meeting = await arranged()
    with pytest.raises(NotFound) as caught:
        await service.record_view(
            await principal("priya"),
            meeting["id"],
            schemas.NewView(attendee=demo_id("hartley:attendee:laura"), view="agree"),
        )
    assert caught.value.what == "attendee"


async def test_one_view_per_attendee(demo: Engine) -> None:
    meeting = await arranged()
    priya = await principal("priya")
    given = schemas.NewView(attendee=attendee(meeting, "Priya"), view="agree")
    await service.record_view(priya, meeting["id"], given)
    with pytest.raises(Conflict):
        await service.record_view(priya, meeting["id"], given)


async def test_a_second_decision_for_the_same_meeting_is_409(demo: Engine) -> None:
    robert = await principal("robert")
    review = demo_id("hartley:meeting:review")  # decided in the demo
    with pytest.raises(Conflict) as caught:
        await service.record_decision(robert, review, schemas.NewDecision(plan_needed=False))
    assert caught.value.current["plan_needed"] is True
    assert await Decision.count().where(Decision.meeting == review) == 1


async def test_a_decision_with_a_category_but_no_plan_names_the_category(demo: Engine) -> None:
    meeting = await arranged()
    with pytest.raises(Invalid) as caught:
        await service.record_decision(
            await principal("robert"),
            meeting["id"],
            schemas.NewDecision(plan_needed=False, category="neglect"),
        )
    assert caught.value.field == "category"


async def test_the_chair_and_the_team_read_the_meeting_others_do_not(demo: Engine) -> None:
    review = demo_id("hartley:meeting:review")
    for key in ("robert", "priya", "helen"):
        meeting = await service.get_meeting(await principal(key), review)
        assert meeting["decision"]["category"] == "neglect"
        assert len(meeting["views"]) == 5
    for key in ("chloe", "jess", "abena"):
        with pytest.raises(NotFound):
            await service.get_meeting(await principal(key), review)


async def test_escalating_moves_stage_by_stage_closing_each(demo: Engine) -> None:
    disagreement = demo_id("hartley:disagreement")  # with the managers in the demo
    priya = await principal("priya")
    today = clock.london_date(utc_now())
    after = await service.escalate(
        priya, disagreement, schemas.Escalation(outcome="Managers could not agree.")
    )
    assert after["stage"] == "senior_managers"
    assert after["stage_deadline"] == rules.stage_deadline("senior_managers", today)
    stages = {s["stage"]: s for s in after["stages"]}
    assert stages["managers"]["ended_on"] == today
    assert stages["managers"]["outcome"] == "Managers could not agree."
    assert stages["senior_managers"]["ended_on"] is None
    after = await service.escalate(priya, disagreement, schemas.Escalation())
    assert after["stage"] == "safeguarding_partnership"
    with pytest.raises(Invalid) as caught:
        await service.escalate(priya, disagreement, schemas.Escalation())
    assert caught.value.field == "stage"
    assert (
        await DisagreementStage.count().where(DisagreementStage.disagreement == disagreement) == 4
    )


async def test_a_stale_escalation_is_409(demo: Engine) -> None:
    disagreement = demo_id("hartley:disagreement")
    priya = await principal("priya")
    await service.escalate(priya, disagreement, schemas.Escalation(revision=1))
    with pytest.raises(Conflict):
        await service.escalate(priya, disagreement, schemas.Escalation(revision=1))


async def test_resolving_closes_the_disagreement_and_its_stage(demo: Engine) -> None:
    disagreement = demo_id("hartley:disagreement")
    laura = await principal("laura")
    after = await service.resolve(
        laura, disagreement, schemas.Resolution(resolution="The visitor is now in the plan.")
    )
    assert after["status"] == "resolved"
    assert after["resolution"] == "The visitor is now in the plan."
    assert all(s["ended_on"] is not None for s in after["stages"])
    with pytest.raises(Invalid) as caught:
        await service.escalate(laura, disagreement, schemas.Escalation())
    assert caught.value.field == "status"


async def test_outsiders_cannot_touch_a_disagreement(demo: Engine) -> None:
    disagreement = demo_id("hartley:disagreement")
    for key in ("chloe", "jess"):
        with pytest.raises(NotFound):
            await service.escalate(await principal(key), disagreement, schemas.Escalation())
    row = (
        await Disagreement.select(Disagreement.stage).where(Disagreement.id == disagreement).first()
    )
    assert row["stage"] == "managers"
