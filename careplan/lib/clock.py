"""The system clock, in one place: every "now" and "today" of the service comes from here."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def london_date(moment: dt.datetime) -> dt.date:
    """The date in London at an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    return moment.astimezone(LONDON).date()


def today() -> dt.date:
    """Today's date in London, where the service's days and clocks are counted."""
    return london_date(utc_now())


def end_of_day(day: dt.date) -> dt.datetime:
    """The last second of a London day, in UTC."""
    local = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=LONDON)
    return local.astimezone(dt.UTC)


def start_of_day(day: dt.date) -> dt.datetime:
    """The first moment of a London day, in UTC: a moment is on `day` or later in London
    exactly when it is at or after this."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=LONDON).astimezone(dt.UTC)
