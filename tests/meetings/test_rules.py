"""Working days in England and the stages of a disagreement: pure rules."""

from __future__ import annotations

import datetime as dt

import pytest

from careplan.errors import Invalid
from careplan.meetings import rules

D = dt.date


def test_christmas_and_the_substitute_boxing_day_are_not_working_days() -> None:
    # 2026: Christmas on a Friday, Boxing Day on a Saturday, so Monday 28th is a bank holiday.
    assert not rules.is_working_day(D(2026, 12, 25))
    assert not rules.is_working_day(D(2026, 12, 26))
    assert not rules.is_working_day(D(2026, 12, 28))
    assert rules.is_working_day(D(2026, 12, 24))
    assert rules.is_working_day(D(2026, 12, 29))


def test_one_working_day_after_christmas_eve_is_the_next_tuesday() -> None:
    assert rules.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)


def test_five_working_days_over_the_christmas_weekend() -> None:
    # Mon 21: 22, 23, 24, (25, 26, 27, 28 off), 29, 30.
    assert rules.add_working_days(D(2026, 12, 21), 5) == D(2026, 12, 30)


def test_easter_friday_and_monday_are_skipped() -> None:
    assert rules.add_working_days(D(2027, 3, 25), 1) == D(2027, 3, 30)


def test_an_ordinary_weekend_is_skipped() -> None:
    assert rules.add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 23)  # Fri -> Mon
    assert rules.add_working_days(D(2026, 11, 21), 1) == D(2026, 11, 23)  # Sat -> Mon


def test_zero_working_days_is_today_or_the_next_working_day() -> None:
    assert rules.add_working_days(D(2026, 11, 23), 0) == D(2026, 11, 23)
    assert rules.add_working_days(D(2026, 12, 25), 0) == D(2026, 12, 29)


def test_working_days_between_counts_the_end_but_not_the_start() -> None:
    assert rules.working_days_between(D(2026, 12, 24), D(2026, 12, 29)) == 1
    assert rules.working_days_between(D(2026, 12, 29), D(2026, 12, 24)) == 0


def test_london_dates_follow_summer_time() -> None:
    # 23:30 UTC in June is already the next day in London.
    late = dt.datetime(2027, 6, 1, 23, 30, tzinfo=dt.UTC)
    assert rules.london_date(late) == D(2027, 6, 2)
    assert rules.end_of_day(D(2027, 6, 2)) == dt.datetime(2027, 6, 2, 22, 59, 59, tzinfo=dt.UTC)
    assert rules.end_of_day(D(2026, 12, 29)) == dt.datetime(2026, 12, 29, 23, 59, 59, tzinfo=dt.UTC)


def test_stages_escalate_in_order_and_stop_at_the_partnership() -> None:
    stage, seen = rules.first_stage(), []
    while True:
        seen.append(stage)
        try:
            stage = rules.next_stage(stage)
        except Invalid as error:
            assert error.field == "stage"
            break
    assert seen == ["practitioners", "managers", "senior_managers", "safeguarding_partnership"]


def test_a_stage_deadline_is_counted_in_working_days() -> None:
    assert rules.stage_deadline("practitioners", D(2026, 12, 21)) == D(2026, 12, 30)


@pytest.mark.parametrize("view", ["agree_with_reservations", "dissent"])
def test_reservations_and_dissent_need_a_reason(view: str) -> None:
    with pytest.raises(Invalid) as caught:
        rules.check_view(view, "   ")
    assert caught.value.field == "reason"
    assert rules.check_view(view, " Why. ") == "Why."
    assert rules.check_view("agree", "") == ""


def test_comments_on_items_outside_the_view_are_found() -> None:
    view = {"items": {"a": {}, "b": {}}}
    assert rules.unknown_item_comment(view, ["a", "b"]) is None
    assert rules.unknown_item_comment(view, ["a", "c"]) == 1


def test_a_category_goes_only_with_a_plan() -> None:
    with pytest.raises(Invalid) as caught:
        rules.check_decision(False, "neglect", None, D(2026, 11, 23))
    assert caught.value.field == "category"
    with pytest.raises(Invalid) as caught:
        rules.check_decision(True, "neglect", D(2026, 11, 23), D(2026, 11, 23))
    assert caught.value.field == "next_review_on"
