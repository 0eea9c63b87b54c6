"""The day a family may read a conference's reports (careplan.meetings.family_reports), and
what a member sees of a meeting (careplan.access.meeting_sight.sight) and is told was decided
(family_side.outcome_words): pure rules, no database."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from careplan.access.meeting_sight import sight
from careplan.meetings.family_reports import reports_open, reports_open_on, working_days_before
from careplan.meetings.service.family_side import outcome_words

D = dt.date


@pytest.mark.parametrize(
    ("kind", "meeting_on", "region", "opens_on"),
    [
        # An ordinary week: 3 working days before a Thursday initial conference is Monday.
        ("initial_conference", D(2026, 11, 26), "ENG", D(2026, 11, 23)),
        # 5 before a review: a full week back.
        ("review_conference", D(2026, 11, 27), "ENG", D(2026, 11, 20)),
        # Easter: Good Friday (3 April) and Easter Monday (6 April 2026) are not counted.
        ("initial_conference", D(2026, 4, 7), "ENG", D(2026, 3, 31)),
        # Christmas: 25 December and the Boxing Day substitute (Monday 28th) are not counted.
        ("review_conference", D(2026, 12, 29), "ENG", D(2026, 12, 18)),
        # New Year: Scotland's 2 January substitute (Monday 4 January 2027) is not counted there.
        ("initial_conference", D(2027, 1, 5), "ENG", D(2026, 12, 30)),
        ("initial_conference", D(2027, 1, 5), "SCT", D(2026, 12, 29)),
        # A meeting on a Monday: the weekend is not counted.
        ("initial_conference", D(2026, 11, 30), "ENG", D(2026, 11, 25)),
    ],
)
def test_reports_open_3_working_days_before_an_initial_and_5_before_a_review(
    kind, meeting_on, region, opens_on
) -> None:
    assert reports_open_on(kind, meeting_on, region) == opens_on
    assert reports_open(kind, meeting_on, opens_on, region)
    assert not reports_open(kind, meeting_on, opens_on - dt.timedelta(days=1), region)


@pytest.mark.parametrize("kind", ["core_group", "child_in_need_review", "team_around_the_family"])
def test_other_meetings_have_no_clock_so_their_reports_open_at_once(kind) -> None:
    assert reports_open_on(kind, D(2026, 11, 26)) is None
    assert reports_open(kind, D(2026, 11, 26), D(2020, 1, 1))


def test_working_days_before_counts_none_for_zero_and_refuses_negatives() -> None:
    assert working_days_before(D(2026, 11, 26), 0) == D(2026, 11, 26)
    with pytest.raises(ValueError):
        working_days_before(D(2026, 11, 26), -1)


# ---------------------------------------------------------------------------- sight

PARENT = {"id": uuid.uuid4(), "role": "parent", "parental_responsibility": True}
NO_PR = {"id": uuid.uuid4(), "role": "parent", "parental_responsibility": False}
CHILD = {"id": uuid.uuid4(), "role": "child", "parental_responsibility": False}
CONFERENCE = {"kind": "review_conference", "status": "scheduled"}


def attendee(excluded=None, part="") -> dict:
    return {"id": uuid.uuid4(), "excluded": excluded, "excluded_part": part}


def test_an_invited_member_sees_everything() -> None:
    seen = sight(PARENT, CONFERENCE, attendee())
    assert seen.details and not seen.excluded_all and seen.excluded_part == ""


def test_a_member_excluded_from_all_sees_the_meeting_but_not_when_or_where() -> None:
    seen = sight(PARENT, CONFERENCE, attendee("all"))
    assert seen is not None and seen.excluded_all and not seen.details


def test_a_member_excluded_from_a_part_is_told_the_part() -> None:
    seen = sight(PARENT, CONFERENCE, attendee("part", "the police's report"))
    assert seen.details and seen.excluded_part == "the police's report"
    assert sight(PARENT, CONFERENCE, attendee("part", " ")).excluded_part == "a part of the meeting"


def test_a_parent_with_parental_responsibility_sees_a_meeting_they_were_not_named_on() -> None:
    seen = sight(PARENT, CONFERENCE, None)
    assert seen.details and seen.attendee_id is None and seen.scale_by == "parent"


def test_a_child_or_a_parent_without_responsibility_sees_only_meetings_they_are_invited_to():
    assert sight(CHILD, CONFERENCE, None) is None
    assert sight(NO_PR, CONFERENCE, None) is None
    assert sight(CHILD, CONFERENCE, attendee()).scale_by == "child"


def test_a_strategy_discussion_is_never_shown_and_a_cancelled_meeting_has_no_details() -> None:
    assert sight(PARENT, {"kind": "strategy_discussion", "status": "scheduled"}, attendee()) is None
    assert not sight(PARENT, {**CONFERENCE, "status": "cancelled"}, attendee()).details


# ---------------------------------------------------------------------------- outcome


def child(name, needed, category=None) -> dict:
    return {
        "given_name": name,
        "known_as": "",
        "plan_needed": needed,
        "category": category,
        "next_review_on": None,
    }


def test_the_outcome_is_said_for_each_child_with_the_category_in_plain_words() -> None:
    said = outcome_words(
        "review_conference",
        {"plan_needed": True, "category": "neglect", "next_review_on": None},
        [child("Leo", False), child("Mia", True, "emotional_abuse")],
    )
    assert said == [
        "The conference decided Leo does not need a child protection plan.",
        "The conference decided Mia needs a child protection plan, under the category of "
        "emotional abuse.",
    ]


def test_without_a_decision_per_child_the_meeting_level_decision_is_said() -> None:
    decision = {"plan_needed": True, "category": "neglect", "next_review_on": None}
    assert outcome_words("review_conference", decision, []) == [
        "The conference decided a child protection plan is needed, under the category of neglect."
    ]
    assert outcome_words("core_group", decision, []) == [
        "The meeting agreed that the plan carries on."
    ]
    assert outcome_words("review_conference", None, []) == []
