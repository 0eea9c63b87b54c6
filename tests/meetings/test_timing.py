"""When a meeting is due: the local clocks, in working days of the local authority's region
(over Christmas, New Year and Easter) or in months; a late meeting must say why."""

from __future__ import annotations

import datetime as dt

import pytest

from careplan.lib.errors import Invalid
from careplan.meetings import timing
from careplan.meetings.timing import Earlier

D = dt.date
ENGLAND = timing.ENGLAND


def test_an_initial_conference_is_due_15_working_days_after_strategy_over_christmas() -> None:
    # Friday 18 December 2026: Christmas Day, Boxing Day (observed on the 28th) and New Year's
    # Day are not working days.
    due = timing.due(
        "initial_conference", [Earlier("strategy_discussion", D(2026, 12, 18))], ENGLAND
    )
    assert due is not None
    assert due.on == D(2027, 1, 13)
    assert due.clock == "initial_conference"


def test_a_first_core_group_is_due_10_working_days_after_the_conference_over_easter() -> None:
    # Thursday 25 March 2027: Good Friday and Easter Monday are not working days.
    history = [Earlier("initial_conference", D(2027, 3, 25))]
    due = timing.due("core_group", history, ENGLAND)
    assert due is not None and due.on == D(2027, 4, 12)


def test_only_the_first_core_group_after_a_conference_runs_to_a_clock() -> None:
    history = [Earlier("initial_conference", D(2027, 3, 25)), Earlier("core_group", D(2027, 4, 8))]
    assert timing.due("core_group", history, ENGLAND) is None


def test_the_first_review_is_3_months_after_the_conference_and_later_ones_6_after_the_last() -> (
    None
):
    conference = Earlier("initial_conference", D(2026, 8, 31))
    first = timing.due("review_conference", [conference], ENGLAND)
    assert first is not None and (first.on, first.clock) == (D(2026, 11, 30), "first_review")
    review = Earlier("review_conference", D(2026, 11, 20))
    later = timing.due("review_conference", [conference, review], ENGLAND)
    assert later is not None and (later.on, later.clock) == (D(2027, 5, 20), "later_reviews")


def test_a_local_authoritys_own_clock_and_region_are_used() -> None:
    strategy = [Earlier("strategy_discussion", D(2026, 12, 18))]
    local = {**ENGLAND, "initial_conference": (10, None)}
    due = timing.due("initial_conference", strategy, local)
    assert due is not None and due.on == D(2027, 1, 6)
    # Scotland keeps 2 January (observed on Monday 4 January 2027) as a bank holiday too.
    scottish = timing.due("initial_conference", strategy, ENGLAND, "SCT")
    assert scottish is not None and scottish.on == D(2027, 1, 14)


def test_no_clock_runs_without_what_it_counts_from() -> None:
    assert timing.due("initial_conference", [], ENGLAND) is None
    assert timing.due("core_group", [], ENGLAND) is None
    assert timing.due("review_conference", [], ENGLAND) is None
    assert (
        timing.due(
            "team_around_the_family", [Earlier("initial_conference", D(2026, 1, 5))], ENGLAND
        )
        is None
    )
    # A conference already held since the strategy discussion: no new clock for another.
    held = [
        Earlier("strategy_discussion", D(2026, 1, 5)),
        Earlier("initial_conference", D(2026, 1, 20)),
    ]
    assert timing.due("initial_conference", held, ENGLAND) is None


def test_a_late_meeting_needs_a_reason_that_names_the_due_date() -> None:
    with pytest.raises(Invalid) as caught:
        timing.check_timing(D(2027, 1, 14), D(2027, 1, 13), "  ")
    assert caught.value.field == "timing_reason"
    assert "13 January 2027" in caught.value.message
    assert (
        timing.check_timing(D(2027, 1, 14), D(2027, 1, 13), " The chair was ill. ")
        == "The chair was ill."
    )
    assert timing.check_timing(D(2027, 1, 13), D(2027, 1, 13), "") is None
    assert timing.check_timing(D(2027, 1, 20), None, "") is None


@pytest.mark.parametrize("kind", ["core_group", "child_in_need_review", "team_around_the_family"])
def test_only_a_conference_can_be_pre_birth(kind: str) -> None:
    with pytest.raises(Invalid) as caught:
        timing.check_pre_birth(kind, True)
    assert caught.value.field == "pre_birth"
    timing.check_pre_birth("initial_conference", True)
    timing.check_pre_birth("review_conference", True)
    timing.check_pre_birth(kind, False)
