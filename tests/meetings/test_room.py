"""In the meeting (issue 18, items 4-7): attendance and quorum, blind scales and their
reveal, decisions per child, dissent from a conference's decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from piccolo.engine.base import Engine

from careplan.demo.builder import demo_id
from careplan.lib.clock import utc_now
from careplan.lib.errors import Forbidden, Invalid, NotFound, Refused
from careplan.meetings import schemas, service
from careplan.meetings.tables import (
    ChildDecision,
    ConferenceDissent,
    Decision,
    Disagreement,
    Meeting,
    MeetingScale,
)
from careplan.tenancy.tables import LocalSetting
from tests.meetings.conftest import HARTLEY_PLAN, principal

pytestmark = pytest.mark.anyio

PEOPLE = ("priya", "laura", "daniel", "grace", "chloe")
LEO, MIA, JESS = (demo_id(f"hartley:member:{m}") for m in ("leo", "mia", "jess"))


async def conference(days: int = 2, kind: str = "initial_conference") -> dict[str, Any]:
    """An initial conference on version 2, chaired by Robert (independent), with Priya
    (social care), Laura (police), Daniel (school), Grace (health visitor), Chloe (social
    care, invited from outside the team) and Jess."""
    data = schemas.NewMeeting(
        kind=kind,
        starts_at=utc_now() + dt.timedelta(days=days),
        chair=demo_id("person:robert"),
        version=2,
        attendees=[
            *(schemas.AttendeeIn(person=demo_id(f"person:{p}")) for p in PEOPLE),
            schemas.AttendeeIn(member=JESS),
        ],
    )
    return await service.create_meeting(await principal("priya"), HARTLEY_PLAN, data)


def attendee(meeting: dict[str, Any], first_name: str) -> Any:
    return next(a["id"] for a in meeting["attendees"] if a["name"].startswith(first_name))


def attendance(meeting: dict[str, Any], **said: str) -> schemas.NewAttendance:
    return schemas.NewAttendance(
        attendees=[
            schemas.AttendanceIn(attendee=attendee(meeting, name.capitalize()), attendance=value)
            for name, value in said.items()
        ]
    )


async def quorate(meeting: dict[str, Any]) -> dict[str, Any]:
    return await service.record_attendance(
        await principal("priya"),
        meeting["id"],
        attendance(meeting, priya="present", laura="present", daniel="present", grace="present"),
    )


async def inquorate(meeting: dict[str, Any], who: str = "priya") -> dict[str, Any]:
    return await service.record_attendance(
        await principal(who),
        meeting["id"],
        attendance(
            meeting,
            priya="present",
            laura="present",
            daniel="absent",
            grace="apologies_with_report",
        ),
    )


# ---------------------------------------------------------------------------- attendance


async def test_attendance_is_recorded_with_the_quorum_and_the_legacy_columns(demo: Engine) -> None:
    meeting = await conference()
    out = await quorate(meeting)
    assert out["quorum"]["quorate"] is True and out["quorate"] is True
    assert out["quorum"]["other_agencies"] == sorted(out["quorum"]["other_agencies"])
    by_name = {a["name"]: a for a in out["attendees"]}
    assert by_name["Priya Raman"]["attendance"] == "present" and by_name["Priya Raman"]["attended"]
    assert (await Meeting.select(Meeting.quorate).where(Meeting.id == meeting["id"]).first())[
        "quorate"
    ]


async def test_apologies_keep_attended_and_apologies_consistent(demo: Engine) -> None:
    meeting = await conference()
    out = await inquorate(meeting)
    grace = next(a for a in out["attendees"] if a["name"] == "Grace Okafor")
    assert grace["attendance"] == "apologies_with_report"
    assert grace["apologies"] is True and grace["attended"] is False
    assert out["quorum"]["quorate"] is False
    assert "1 other agency" in out["quorum"]["missing"]
    assert out["family_attendance"] is None


async def test_an_inquorate_conference_takes_no_views_or_decisions_until_the_chair_chooses(
    demo: Engine,
) -> None:
    meeting = await conference()
    await inquorate(meeting)
    view = schemas.NewView(attendee=attendee(meeting, "Priya"), view="agree")
    with pytest.raises(Invalid) as caught:
        await service.record_view(await principal("priya"), meeting["id"], view)
    assert caught.value.field == "inquorate_choice"
    with pytest.raises(Invalid) as caught:
        await service.record_decision(
            await principal("robert"), meeting["id"], schemas.NewDecision(plan_needed=True)
        )
    assert caught.value.field == "inquorate_choice"
    # Only the chair chooses.
    choice = schemas.NewAttendance(inquorate_choice="proceed", inquorate_reason="Delay harms Leo.")
    with pytest.raises(Forbidden):
        await service.record_attendance(await principal("priya"), meeting["id"], choice)
    out = await service.record_attendance(await principal("robert"), meeting["id"], choice)
    assert out["quorum"]["inquorate_choice"] == "proceed"
    await service.record_view(await principal("priya"), meeting["id"], view)


async def test_a_choice_without_a_reason_is_422_naming_it(demo: Engine) -> None:
    meeting = await conference()
    await inquorate(meeting)
    with pytest.raises(Invalid) as caught:
        await service.record_attendance(
            await principal("robert"),
            meeting["id"],
            schemas.NewAttendance(inquorate_choice="interim_plan"),
        )
    assert caught.value.field == "inquorate_reason"


async def test_never_inquorate_twice_in_a_row_unless_pre_birth(demo: Engine) -> None:
    first, second = await conference(days=2), await conference(days=9)
    await inquorate(first)
    choice = schemas.NewAttendance(inquorate_choice="interim_plan", inquorate_reason="Police away.")
    await service.record_attendance(await principal("robert"), first["id"], choice)
    await inquorate(second)
    got = await service.get_meeting(await principal("priya"), second["id"])
    assert got["quorum"]["previous_inquorate"] is True
    with pytest.raises(Invalid) as caught:
        await service.record_attendance(await principal("robert"), second["id"], choice)
    assert caught.value.field == "inquorate_choice"
    assert "previous conference was inquorate too" in caught.value.message
    assert (await Meeting.select().where(Meeting.id == second["id"]).first())[
        "inquorate_choice"
    ] is None
    # A pre-birth conference may go on inquorate again.
    await Meeting.update({Meeting.pre_birth: True}).where(Meeting.id == second["id"])
    out = await service.record_attendance(await principal("robert"), second["id"], choice)
    assert out["quorum"]["inquorate_choice"] == "interim_plan"


async def test_a_local_quorum_setting_is_used(demo: Engine) -> None:
    family = await service.get_meeting(await principal("priya"), (await conference())["id"])
    from careplan.families.tables import Family

    row = await Family.select(Family.local_authority).where(Family.id == family["family"]).first()
    import uuid

    await LocalSetting(
        id=uuid.uuid4(),
        local_authority=row["local_authority"],
        key="quorum_other_agencies",
        value="4",
    ).save()
    out = await quorate(family)
    assert out["quorum"]["needed"] == 4 and out["quorum"]["quorate"] is False


async def test_a_core_group_is_never_inquorate(demo: Engine) -> None:
    meeting = await conference(kind="core_group")
    out = await inquorate(meeting)
    assert out["quorum"]["required"] is False and out["quorum"]["quorate"] is True


async def test_an_invited_outsider_reads_the_meeting_but_takes_no_attendance(
    demo: Engine,
) -> None:
    meeting = await conference()
    chloe = await principal("chloe")
    got = await service.get_meeting(chloe, meeting["id"])
    assert got["id"] == meeting["id"]
    with pytest.raises(Forbidden):
        await inquorate(meeting, who="chloe")


async def test_a_parent_another_familys_parent_and_a_professional_outside_get_404(
    demo: Engine,
) -> None:
    meeting = await conference()
    for who in ("jess", "sophie", "sam"):
        with pytest.raises(NotFound):
            await service.get_meeting(await principal(who), meeting["id"])
        with pytest.raises(NotFound):
            await service.reveal(await principal(who), meeting["id"])
    with pytest.raises(NotFound):
        await service.record_attendance(
            await principal("jess"), meeting["id"], schemas.NewAttendance()
        )


async def test_a_partner_agency_on_the_team_cannot_reveal_or_choose(demo: Engine) -> None:
    meeting = await conference()
    with pytest.raises(Forbidden):
        await service.reveal(await principal("laura"), meeting["id"])


# ---------------------------------------------------------------------------- scales


async def test_scales_are_blind_until_the_chair_reveals_them(demo: Engine) -> None:
    meeting = await conference()
    await quorate(meeting)
    laura, daniel = await principal("laura"), await principal("daniel")
    mine = await service.record_scale(
        laura, meeting["id"], schemas.NewScale(score=3, reason="The visitor.")
    )
    assert mine["mine"]["score"] == 3 and mine["scaled"] == 1 and mine["professionals"] == []
    theirs = await service.get_meeting(daniel, meeting["id"])
    assert theirs["scales"]["mine"] is None and theirs["scales"]["scaled"] == 1
    assert theirs["scales"]["professionals"] == []
    await service.record_scale(
        daniel, meeting["id"], schemas.NewScale(score=6, reason="On time more.")
    )
    # Changed before the reveal: the last one counts.
    await service.record_scale(daniel, meeting["id"], schemas.NewScale(score=5, reason="Mondays."))
    for who in ("priya", "robert", "daniel"):
        scales = (await service.get_meeting(await principal(who), meeting["id"]))["scales"]
        assert scales["scaled"] == 2
        assert all(s is None or s["person"] == demo_id(f"person:{who}") for s in [scales["mine"]])
        assert scales["professionals"] == [] and scales["family"] == []
    # The family's scale, told in the room, named.
    await service.record_scale(
        await principal("priya"),
        meeting["id"],
        schemas.NewScale(score=8, reason="We cope.", member=JESS),
    )
    with pytest.raises(Forbidden):
        await service.reveal(await principal("priya"), meeting["id"])
    revealed = await service.reveal(await principal("robert"), meeting["id"])
    scales = revealed["scales"]
    assert scales["revealed"] is True
    assert sorted(s["score"] for s in scales["professionals"]) == [3, 5]
    assert [(s["by_kind"], s["name"], s["score"]) for s in scales["family"]] == [
        ("parent", "Jess", 8)
    ]
    assert {s["reason"] for s in scales["professionals"]} == {"The visitor.", "Mondays."}
    assert scales["escalation_prompt"] is False
    with pytest.raises(Refused):
        await service.record_scale(laura, meeting["id"], schemas.NewScale(score=4, reason="Again."))
    assert (
        await MeetingScale.select(MeetingScale.score)
        .where(MeetingScale.person == laura.person_id)
        .first()
    )["score"] == 3


async def test_a_score_of_one_prompts_the_chair_after_the_reveal(demo: Engine) -> None:
    meeting = await conference()
    await service.record_scale(
        await principal("laura"), meeting["id"], schemas.NewScale(score=1, reason="Not safe.")
    )
    before = (await service.get_meeting(await principal("robert"), meeting["id"]))["scales"]
    assert before["escalation_prompt"] is False
    after = (await service.reveal(await principal("robert"), meeting["id"]))["scales"]
    assert after["escalation_prompt"] is True


async def test_the_chair_enters_a_score_an_attendee_tells_and_no_one_else_can(demo: Engine) -> None:
    meeting = await conference()
    told = schemas.NewScale(score=4, reason="Told by phone.", attendee=attendee(meeting, "Grace"))
    with pytest.raises(Forbidden):
        await service.record_scale(await principal("priya"), meeting["id"], told)
    await service.record_scale(await principal("robert"), meeting["id"], told)
    grace = (await service.get_meeting(await principal("grace"), meeting["id"]))["scales"]
    assert grace["mine"]["score"] == 4 and grace["mine"]["entered_by"] == demo_id("person:robert")


async def test_a_professional_not_invited_gives_no_score_of_their_own(demo: Engine) -> None:
    meeting = await conference()
    with pytest.raises(Forbidden):
        await service.record_scale(
            await principal("tom"), meeting["id"], schemas.NewScale(score=5, reason="r")
        )


# ---------------------------------------------------------------------------- decisions


def child(member: Any, **values: Any) -> schemas.ChildDecisionIn:
    return schemas.ChildDecisionIn(
        member=member, **{"plan_needed": True, "category": "neglect", **values}
    )


async def test_the_chair_decides_for_each_child(demo: Engine) -> None:
    meeting = await conference()
    await quorate(meeting)
    decided = await service.record_decision(
        await principal("robert"),
        meeting["id"],
        schemas.NewDecision(
            plan_needed=True,
            category="neglect",
            children=[
                child(
                    LEO,
                    lead_social_worker=demo_id("person:priya"),
                    core_group=[demo_id("person:priya"), demo_id("person:grace")],
                    next_review_on=dt.date.today() + dt.timedelta(days=90),
                ),
                child(MIA, plan_needed=False, category=None),
            ],
        ),
    )
    children = {c["name"]: c for c in decided["children"]}
    assert children["Leo"]["plan_needed"] and children["Leo"]["category"] == "neglect"
    assert children["Leo"]["core_group"] == [demo_id("person:priya"), demo_id("person:grace")]
    assert children["Mia"]["plan_needed"] is False
    assert await ChildDecision.count().where(ChildDecision.meeting == meeting["id"]) == 2
    got = await service.get_meeting(await principal("priya"), meeting["id"])
    assert len(got["decision"]["children"]) == 2


@pytest.mark.parametrize(
    ("children", "field"),
    [
        ([child(JESS)], "children[0].member"),
        ([child(LEO), child(LEO)], "children[1].member"),
        ([child(LEO, category=None)], "children[0].category"),
        ([child(MIA, plan_needed=False)], "children[0].category"),
    ],
)
async def test_a_wrong_child_decision_is_422_naming_it_and_nothing_is_written(
    demo: Engine, children: list, field: str
) -> None:
    meeting = await conference()
    with pytest.raises(Invalid) as caught:
        await service.record_decision(
            await principal("robert"),
            meeting["id"],
            schemas.NewDecision(plan_needed=True, category="neglect", children=children),
        )
    assert caught.value.field == field
    assert await Decision.count().where(Decision.meeting == meeting["id"]) == 0


async def test_only_the_chair_decides(demo: Engine) -> None:
    meeting = await conference()
    with pytest.raises(Forbidden):
        await service.record_decision(
            await principal("laura"), meeting["id"], schemas.NewDecision(plan_needed=True)
        )


# ---------------------------------------------------------------------------- dissent


async def decided() -> dict[str, Any]:
    meeting = await conference()
    await quorate(meeting)
    await service.record_decision(
        await principal("robert"),
        meeting["id"],
        schemas.NewDecision(plan_needed=True, category="neglect", children=[child(LEO)]),
    )
    return meeting


async def test_a_dissent_goes_to_the_senior_chair_and_the_decision_stands(demo: Engine) -> None:
    meeting = await decided()
    before = await Decision.select().where(Decision.meeting == meeting["id"]).first()
    out = await service.dissent(
        await principal("laura"), meeting["id"], schemas.NewDissent(reason="The visitor.")
    )
    assert out["state"] == "waiting" and out["reviewer"] == demo_id("person:helen")
    assert out["reviewer_name"] == "Helen Marsh"
    assert await Decision.select().where(Decision.meeting == meeting["id"]).first() == before
    listed = await service.get_meeting(await principal("priya"), meeting["id"])
    assert [d["id"] for d in listed["dissents"]] == [out["id"]]
    review = schemas.DissentReview(result="decision_stands", outcome="The plan names it.")
    with pytest.raises(Forbidden):
        await service.review_dissent(await principal("robert"), out["id"], review)
    with pytest.raises(NotFound):
        await service.review_dissent(await principal("jess"), out["id"], review)
    done = await service.review_dissent(await principal("helen"), out["id"], review)
    assert done["state"] == "decision_stands" and done["outcome"] == "The plan names it."
    with pytest.raises(Refused):
        await service.review_dissent(await principal("helen"), out["id"], review)
    assert await Decision.select().where(Decision.meeting == meeting["id"]).first() == before


async def test_an_escalated_review_goes_on_as_a_disagreement_at_the_managers_stage(
    demo: Engine,
) -> None:
    meeting = await decided()
    out = await service.dissent(
        await principal("daniel"), meeting["id"], schemas.NewDissent(reason="r")
    )
    done = await service.review_dissent(
        await principal("helen"),
        out["id"],
        schemas.DissentReview(result="decision_stands", outcome="Not settled.", escalate=True),
    )
    assert done["state"] == "escalated" and done["disagreement"] is not None
    row = await Disagreement.select().where(Disagreement.id == done["disagreement"]).first()
    assert row["stage"] == "managers" and row["raised_by"] == demo_id("person:daniel")


async def test_only_someone_who_was_there_dissents_within_the_window(demo: Engine) -> None:
    meeting = await decided()
    await service.record_attendance(
        await principal("priya"), meeting["id"], attendance(meeting, grace="absent")
    )
    with pytest.raises(Forbidden):
        await service.dissent(
            await principal("grace"), meeting["id"], schemas.NewDissent(reason="r")
        )
    with pytest.raises(Forbidden):
        await service.dissent(await principal("tom"), meeting["id"], schemas.NewDissent(reason="r"))
    await Decision.update({Decision.created_at: utc_now() - dt.timedelta(hours=73)}).where(
        Decision.meeting == meeting["id"]
    )
    with pytest.raises(Invalid) as caught:
        await service.dissent(
            await principal("laura"), meeting["id"], schemas.NewDissent(reason="r")
        )
    assert caught.value.field == "decision" and "window" in caught.value.message
    assert await ConferenceDissent.count().where(ConferenceDissent.meeting == meeting["id"]) == 0


async def test_no_dissent_before_a_decision(demo: Engine) -> None:
    meeting = await conference()
    await quorate(meeting)
    with pytest.raises(Invalid) as caught:
        await service.dissent(
            await principal("laura"), meeting["id"], schemas.NewDissent(reason="r")
        )
    assert caught.value.field == "decision"
