"""Dates as people read them: one way on every page of both front ends.

GOV.UK style: "27 November 2026"; with a time, "27 November 2026 at 2:30pm" ("2pm" on the
hour, "midday", "midnight"); with the day of the week when it helps, "Friday 27 November
2026". Times are shown in Europe/London. ISO dates (`2026-11-27`) are for the API only.

Templates use the `date` filter (registered in `careplan.web.templates`):
`{{ day | date }}`, `{{ moment | date(time=true) }}`, `{{ moment | date(weekday=true) }}`.
A value that cannot be read as a date (words written in a date field before dates were
checked, say) is shown as it was written, and a warning is logged (without the value: it is
a family's record), so one odd value never takes a page down.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
ISO_MOMENT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}")

log = logging.getLogger(__name__)


def read(value: Any) -> dt.date | dt.datetime:
    """A date or a moment from a date, a datetime or its ISO text; ValueError otherwise."""
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if ISO_DATE.match(text):
            return dt.date.fromisoformat(text)
        if ISO_MOMENT.match(text):
            moment = dt.datetime.fromisoformat(text)
            return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    raise ValueError("not a date")


def clock(moment: dt.datetime) -> str:
    """2pm, 2:30pm, midday, midnight (GOV.UK style)."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def people_date(value: Any, *, time: bool = False, weekday: bool = False) -> str:
    """The date as people read it (see the module docstring); ValueError when it is none."""
    moment = read(value)
    local = moment.astimezone(LONDON) if isinstance(moment, dt.datetime) else None
    day = local.date() if local is not None else moment
    text = f"{day.day} {day:%B} {day.year}"
    if weekday:
        text = f"{day:%A} {text}"
    if time and local is not None:
        text = f"{text} at {clock(local)}"
    return text


def date_filter(value: Any, time: bool = False, weekday: bool = False) -> str:
    """The `date` filter: a date as people read it; anything else as it was written."""
    if value is None or value == "":
        return ""
    try:
        return people_date(value, time=time, weekday=weekday)
    except (ValueError, TypeError, OverflowError):
        log.warning("a %s that is not a date was shown as it was written", type(value).__name__)
        return str(value)
