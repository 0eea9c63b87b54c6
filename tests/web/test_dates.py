"""Dates as people read them: one format on every page (issue 14, item 8)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from careplan.web.dates import date_filter, people_date


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        (dt.date(2026, 11, 27), {}, "27 November 2026"),
        ("2026-12-11", {}, "11 December 2026"),
        (dt.date(2026, 12, 1), {"weekday": True}, "Tuesday 1 December 2026"),
        # Times are London's: GMT in winter, BST in summer; 2:30pm, 2pm, midday, midnight.
        (
            dt.datetime(2026, 11, 27, 14, 30, tzinfo=dt.UTC),
            {"time": True},
            "27 November 2026 at 2:30pm",
        ),
        (dt.datetime(2026, 7, 1, 13, 0, tzinfo=dt.UTC), {"time": True}, "1 July 2026 at 2pm"),
        (dt.datetime(2026, 7, 1, 11, 0, tzinfo=dt.UTC), {"time": True}, "1 July 2026 at midday"),
        (
            dt.datetime(2026, 11, 26, 23, 59, tzinfo=dt.UTC),
            {"time": True},
            "26 November 2026 at 11:59pm",
        ),
        (dt.datetime(2026, 6, 30, 23, 0, tzinfo=dt.UTC), {"time": True}, "1 July 2026 at midnight"),
        ("2026-11-27T09:05:00.000000Z", {"time": True}, "27 November 2026 at 9:05am"),
        # A moment without a time asked for is its London day.
        (dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC), {}, "1 July 2026"),
    ],
)
def test_dates_read_one_way(value, options, expected) -> None:
    assert people_date(value, **options) == expected
    assert date_filter(value, **options) == expected


def test_what_is_not_a_date_is_shown_as_written_and_logged_without_its_words(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="careplan.web.dates"):
        assert date_filter("end of term") == "end of term"
        assert date_filter("11 December 2026") == "11 December 2026"
        assert date_filter(12) == "12"
    assert len(caplog.records) == 3
    assert all("term" not in r.getMessage() for r in caplog.records)
    assert date_filter(None) == date_filter("") == ""
