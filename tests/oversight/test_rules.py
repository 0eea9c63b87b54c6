"""Oversight's rules: the statutory dates due and the caseload's order.

Moved from tests/portal/workspace/test_caseload.py with the rules
(careplan/families/caseload.py became careplan/oversight/rules.py and
careplan/oversight/queries/caseload.py). What a date is for is a machine value here; its
words (and how far off it is) are tested with the portal that says them, in
tests/portal/workspace/test_caseload.py.
"""

from __future__ import annotations

import datetime as dt

from careplan.oversight import rules as caseload
from careplan.oversight.rules import Clocks, Due


def test_months_are_added_to_the_calendar() -> None:
    assert caseload.add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert caseload.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert caseload.add_months(dt.date(2026, 8, 15), 6) == dt.date(2027, 2, 15)


def _meeting(kind: str, day: dt.date, status: str = "held", review: dt.date | None = None):
    return {
        "kind": kind,
        "status": status,
        "starts_at": dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC),
        "next_review_on": review,
    }


def test_child_protection_clocks_follow_the_meetings_held() -> None:
    clocks = Clocks()
    opened = dt.date(2026, 11, 2)  # a Monday
    episode = {"kind": "child_protection", "opened_on": opened}
    # No conference yet: 15 working days after the strategy discussion.
    assert caseload.episode_dates(episode, [], clocks) == [
        Due(dt.date(2026, 11, 23), "initial_conference")
    ]
    booked = [_meeting("initial_conference", dt.date(2026, 11, 20), "scheduled")]
    assert caseload.episode_dates(episode, booked, clocks)[0].booked_on == dt.date(2026, 11, 20)
    # After the initial conference: first review in 3 months, first core group in 10 days.
    held = [_meeting("initial_conference", dt.date(2026, 11, 20))]
    dates = caseload.episode_dates(episode, held, clocks)
    assert dates == [
        Due(dt.date(2027, 2, 20), "review_conference"),
        Due(dt.date(2026, 12, 4), "first_core_group"),
    ]
    # Once a core group has met, and a review has set its own next date, those rule.
    held += [
        _meeting("core_group", dt.date(2026, 12, 1)),
        _meeting("review_conference", dt.date(2027, 2, 10), review=dt.date(2027, 8, 1)),
    ]
    assert caseload.episode_dates(episode, held, clocks) == [
        Due(dt.date(2027, 8, 1), "review_conference")
    ]
    # A local authority's own clock is used when it has one.
    own = Clocks({**caseload.DEFAULTS, "initial_conference": (10, None)})
    assert caseload.episode_dates(episode, [], own)[0].on == dt.date(2026, 11, 16)


def test_looked_after_reviews_run_20_working_days_then_3_then_6_months() -> None:
    clocks = Clocks()
    episode = {"kind": "looked_after", "opened_on": dt.date(2026, 11, 2)}
    assert caseload.episode_dates(episode, [], clocks)[0].on == dt.date(2026, 11, 30)
    one = [_meeting("looked_after_review", dt.date(2026, 11, 30))]
    assert caseload.episode_dates(episode, one, clocks)[0].on == dt.date(2027, 2, 28)
    two = [*one, _meeting("looked_after_review", dt.date(2027, 2, 26))]
    assert caseload.episode_dates(episode, two, clocks)[0].on == dt.date(2027, 8, 26)
    assert caseload.episode_dates({**episode, "kind": "early_help"}, [], clocks) == []


def test_a_concerns_clock_is_its_decision_then_its_assessment() -> None:
    raised = {
        "status": "raised",
        "decision": None,
        "decision_due_at": dt.datetime(2026, 11, 11, 17, tzinfo=dt.UTC),
        "assessment_due_on": None,
        "child": "Alfie",
    }
    assert caseload.concern_dates(raised) == [
        Due(dt.date(2026, 11, 11), "concern_decision", about="Alfie")
    ]
    assessing = {**raised, "status": "assessing", "decision": "assessment"}
    assessing["assessment_due_on"] = dt.date(2027, 1, 20)
    assert caseload.concern_dates(assessing)[0].on == dt.date(2027, 1, 20)
    assert caseload.not_yet_assessed(assessing)
    early_help = {**raised, "status": "decided", "decision": "early_help"}
    assert caseload.concern_dates(early_help) == []
    assert not caseload.not_yet_assessed(early_help)


def test_the_most_overdue_comes_first_and_no_date_last() -> None:
    entries = [
        {"name": "B", "next": None, "attention_count": 3},
        {"name": "C", "next": {"days": 4}, "attention_count": 0},
        {"name": "A", "next": {"days": -10}, "attention_count": 0},
        {"name": "D", "next": {"days": 4}, "attention_count": 2},
    ]
    assert [e["name"] for e in sorted(entries, key=caseload.sort_key)] == ["A", "D", "C", "B"]


def test_a_familys_line_holds_machine_values_answers_and_disagreements_first() -> None:
    today = dt.date(2026, 11, 23)
    plan, version = "plan", "version"
    booked = _meeting("initial_conference", dt.date(2026, 11, 30), "scheduled")
    read = caseload.Read(
        episodes=[{"id": "e", "kind": "child_protection", "opened_on": dt.date(2026, 10, 1)}],
        concerns=[
            {
                "status": "raised",
                "decision": None,
                "decision_due_at": dt.datetime(2026, 11, 11, 17, tzinfo=dt.UTC),
                "assessment_due_on": None,
                "child": "Alfie",
            }
        ],
        disagreements=[{"stage": "managers", "stage_deadline": dt.date(2026, 11, 26)}],
        versions=[{"id": version, "plan": plan, "number": 2, "awaiting_answer_from": ["Kieran"]}],
        answers=[
            {"answer": "agree", "name": "Jess", "version": 2, "plan": plan, "member": "j"},
            {"answer": "disagree", "name": "Kieran", "version": 2, "plan": plan, "member": "k"},
        ],
        stale=[{"title": "School every day"}],
        clocks=Clocks(),
        meetings_by_plan={plan: [{**booked, "version": None}]},
        plan_of_episode={"e": plan},
    )
    family = {"id": "f", "name": "Hartley family", "case_reference": "H1"}
    entry = caseload.family_entry(family, "Priya", read, today)
    assert entry["next"] == {
        "on": dt.date(2026, 10, 22),
        "what": "initial_conference",
        "about": "",
        "days": -32,
        "booked_on": dt.date(2026, 11, 30),
    }
    assert [(d["what"], d["about"]) for d in entry["later"]] == [
        ("concern_decision", "Alfie"),
        ("disagreement_stage", "managers"),
    ]
    assert [line["kind"] for line in entry["attention"]] == [
        "disagreement",
        "new_answer",
        "overdue",
        "objectives",
        "concerns",
        "answer",
        "meeting",
    ]
    assert entry["attention"][2] == {"kind": "overdue", "count": 2}
    assert entry["attention"][-1] == {
        "kind": "meeting",
        "version": 2,
        "booked_on": dt.date(2026, 11, 30),
    }
    assert entry["attention_count"] == 7
