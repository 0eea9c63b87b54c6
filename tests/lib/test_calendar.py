"""Working days in England and London dates: the kernel's calendar and clock."""

from __future__ import annotations

import datetime as dt

from careplan.lib import calendar, clock

D = dt.date


def test_christmas_and_the_substitute_boxing_day_are_not_working_days() -> None:
    # 2026: Christmas on a Friday, Boxing Day on a Saturday, so Monday 28th is a bank holiday.
    assert not calendar.is_working_day(D(2026, 12, 25))
    assert not calendar.is_working_day(D(2026, 12, 26))
    assert not calendar.is_working_day(D(2026, 12, 28))
    assert calendar.is_working_day(D(2026, 12, 24))
    assert calendar.is_working_day(D(2026, 12, 29))


def test_one_working_day_after_christmas_eve_is_the_next_tuesday() -> None:
    assert calendar.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)


def test_five_working_days_over_the_christmas_weekend() -> None:
    # Mon 21: 22, 23, 24, (25, 26, 27, 28 off), 29, 30.
    assert calendar.add_working_days(D(2026, 12, 21), 5) == D(2026, 12, 30)


def test_easter_friday_and_monday_are_skipped() -> None:
    assert calendar.add_working_days(D(2027, 3, 25), 1) == D(2027, 3, 30)


def test_an_ordinary_weekend_is_skipped() -> None:
    assert calendar.add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 23)  # Fri -> Mon
    assert calendar.add_working_days(D(2026, 11, 21), 1) == D(2026, 11, 23)  # Sat -> Mon


def test_zero_working_days_is_today_or_the_next_working_day() -> None:
    assert calendar.add_working_days(D(2026, 11, 23), 0) == D(2026, 11, 23)
    assert calendar.add_working_days(D(2026, 12, 25), 0) == D(2026, 12, 29)


def test_working_days_between_counts_the_end_but_not_the_start() -> None:
    assert calendar.working_days_between(D(2026, 12, 24), D(2026, 12, 29)) == 1
    assert calendar.working_days_between(D(2026, 12, 29), D(2026, 12, 24)) == 0


def test_london_dates_follow_summer_time() -> None:
    # 23:30 UTC in June is already the next day in London.
    late = dt.datetime(2027, 6, 1, 23, 30, tzinfo=dt.UTC)
    assert clock.london_date(late) == D(2027, 6, 2)
    assert clock.end_of_day(D(2027, 6, 2)) == dt.datetime(2027, 6, 2, 22, 59, 59, tzinfo=dt.UTC)
    assert clock.end_of_day(D(2026, 12, 29)) == dt.datetime(2026, 12, 29, 23, 59, 59, tzinfo=dt.UTC)


def test_a_scottish_local_authority_keeps_st_andrews_day_and_england_does_not() -> None:
    # Monday 30 November 2026 is St Andrew's Day: a bank holiday in Scotland only.
    friday = D(2026, 11, 27)
    assert calendar.add_working_days(friday, 1) == D(2026, 11, 30)
    assert calendar.add_working_days(friday, 1, "SCT") == D(2026, 12, 1)
    assert calendar.working_days_between(friday, D(2026, 12, 1), "SCT") == 1
    # 12 July (the Battle of the Boyne), a Monday in 2027: Northern Ireland only.
    assert calendar.is_working_day(D(2027, 7, 12))
    assert not calendar.is_working_day(D(2027, 7, 12), "NIR")
