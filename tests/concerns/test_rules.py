"""The statutory clocks of a concern, overdue and escalation, and its steps: pure rules."""

from __future__ import annotations

import datetime as dt

import pytest

from careplan.concerns import rules
from careplan.concerns.rules import ConcernChange, ConcernState
from careplan.lib.errors import Invalid

UTC = dt.UTC


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def test_a_decision_is_due_by_the_end_of_the_next_working_day() -> None:
    # Raised on a Monday afternoon: due by the end of Tuesday (London, GMT in November).
    assert rules.decision_due_at(at(2026, 11, 23, 15)) == at(2026, 11, 24, 23, 59, 59)


def test_a_concern_raised_on_christmas_eve_is_due_after_the_bank_holidays() -> None:
    assert rules.decision_due_at(at(2026, 12, 24, 15)) == at(2026, 12, 29, 23, 59, 59)


def test_a_concern_raised_on_friday_evening_is_due_on_monday() -> None:
    assert rules.decision_due_at(at(2026, 11, 20, 21)) == at(2026, 11, 23, 23, 59, 59)


def test_late_evening_in_summer_counts_from_the_london_date() -> None:
    # 23:30 UTC on Tuesday 1 June 2027 is 00:30 on Wednesday in London: due end of Thursday.
    assert rules.decision_due_at(at(2027, 6, 1, 23, 30)) == at(2027, 6, 3, 22, 59, 59)


def test_an_assessment_is_due_45_working_days_after_the_decision() -> None:
    # From Mon 23 Nov 2026, over Christmas and New Year (Fri 25 Dec, Mon 28 Dec, Fri 1 Jan
    # are bank holidays): 23 working days in 2026, 3 more in December, 19 in January.
    assert rules.assessment_due_on(at(2026, 11, 23, 12)) == dt.date(2027, 1, 28)


def state(**values: object) -> ConcernState:
    base: dict[str, object] = {
        "status": "raised",
        "decision_due_at": at(2026, 11, 24, 23, 59, 59),
        "raised_at": at(2026, 11, 23, 15),
    }
    base.update(values)
    return ConcernState(**base)  # type: ignore[arg-type]


def test_a_concern_not_decided_in_time_is_overdue_and_escalates() -> None:
    concern = state()
    assert rules.overdue_clock(concern, at(2026, 11, 24, 12)) is None
    assert rules.escalation_level(concern, at(2026, 11, 24, 12)) == 0
    assert rules.overdue_clock(concern, at(2026, 11, 25, 9)) == "decision"
    assert rules.escalation_level(concern, at(2026, 11, 25, 9)) == 1
    assert rules.escalation_level(concern, at(2026, 11, 27, 9)) == 2


def test_a_decided_concern_is_not_overdue_for_its_decision() -> None:
    concern = state(status="decided", decision="early_help")
    assert rules.overdue_clock(concern, at(2027, 1, 1)) is None


def test_an_assessment_past_its_day_is_overdue_until_recorded() -> None:
    concern = state(
        status="assessing", decision="assessment", assessment_due_on=dt.date(2027, 1, 29)
    )
    assert rules.overdue_clock(concern, at(2027, 1, 29, 20)) is None
    assert rules.overdue_clock(concern, at(2027, 2, 1, 9)) == "assessment"
    done = state(
        status="assessing",
        decision="assessment",
        assessment_due_on=dt.date(2027, 1, 29),
        assessed_on=dt.date(2027, 1, 20),
    )
    assert rules.overdue_clock(done, at(2027, 2, 1, 9)) is None


NOW = at(2026, 11, 24, 10)


def test_acknowledge_then_decide_for_assessment_sets_the_45_day_clock() -> None:
    values = rules.apply_change(state(), ConcernChange(acknowledge=True), NOW)
    assert values["status"] == "acknowledged"
    values = rules.apply_change(
        state(status="acknowledged", acknowledged_at=NOW), ConcernChange(decision="assessment"), NOW
    )
    assert values["status"] == "assessing"
    assert values["assessment_due_on"] == dt.date(2027, 1, 29)
    assert "acknowledged_at" not in values


def test_deciding_straight_away_also_acknowledges() -> None:
    values = rules.apply_change(state(), ConcernChange(decision="early_help"), NOW)
    assert values["status"] == "decided"
    assert values["acknowledged_at"] == NOW
    assert "assessment_due_on" not in values


def test_a_decision_and_its_outcome_can_close_a_concern_at_once() -> None:
    values = rules.apply_change(
        state(), ConcernChange(decision="no_further_action", outcome="Advice given."), NOW
    )
    assert values["status"] == "closed"
    assert values["outcome"] == "Advice given."


@pytest.mark.parametrize(
    ("current", "change", "field"),
    [
        (state(status="acknowledged"), ConcernChange(acknowledge=True), "acknowledge"),
        (state(), ConcernChange(acknowledge=False), "acknowledge"),
        (
            state(status="decided", decision="police"),
            ConcernChange(decision="assessment"),
            "decision",
        ),
        (
            state(status="decided", decision="police"),
            ConcernChange(assessed_on=dt.date(2026, 11, 24)),
            "assessed_on",
        ),
        (state(), ConcernChange(outcome="Done."), "outcome"),
        (
            state(status="assessing", decision="assessment", decided_at=NOW),
            ConcernChange(outcome="Done."),
            "assessed_on",
        ),
        (
            state(status="assessing", decision="assessment", decided_at=NOW),
            ConcernChange(assessed_on=dt.date(2026, 11, 30)),
            "assessed_on",
        ),
        (
            state(status="assessing", decision="assessment", decided_at=NOW),
            ConcernChange(assessed_on=dt.date(2026, 11, 1)),
            "assessed_on",
        ),
        (state(status="closed"), ConcernChange(decision="police"), "decision"),
        (state(), ConcernChange(), "body"),
    ],
)
def test_a_step_out_of_order_is_refused_naming_its_field(
    current: ConcernState, change: ConcernChange, field: str
) -> None:
    with pytest.raises(Invalid) as caught:
        rules.apply_change(current, change, NOW)
    assert caught.value.field == field


def test_an_assessment_then_its_outcome_closes_the_concern() -> None:
    assessing = state(status="assessing", decision="assessment", decided_at=NOW)
    values = rules.apply_change(
        assessing,
        ConcernChange(assessed_on=dt.date(2026, 11, 24), outcome="Child in need plan."),
        NOW,
    )
    assert values == {
        "assessed_on": dt.date(2026, 11, 24),
        "outcome": "Child in need plan.",
        "status": "closed",
    }
