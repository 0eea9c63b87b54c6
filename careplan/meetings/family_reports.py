"""When a family may read the reports written for a conference: a pure rule, no I/O.

Parents get the reports meant for them 3 working days before an initial conference (a
pre-birth one too) and 5 before a review conference, to correct errors and say where they
disagree (MEETINGS.md section 1, "Parents and children"; design rule 1: parent reports
ICPC -3 WD, RCPC -5 WD). Working days are the local authority's (its bank-holiday region,
`careplan.lib.calendar`). Any other meeting (a core group, a child in need review) has no
such clock: a report meant for the family is theirs to read as soon as it is written.
"""

from __future__ import annotations

import datetime as dt

from careplan.lib.calendar import DEFAULT_REGION, is_working_day

# Working days before the meeting's date from which the family reads its reports.
LEAD_WORKING_DAYS = {"initial_conference": 3, "review_conference": 5}


def working_days_before(day: dt.date, days: int, region: str = DEFAULT_REGION) -> dt.date:
    """The working day `days` working days before `day` (`day` itself is not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    counted = 0
    while counted < days:
        day -= dt.timedelta(days=1)
        if is_working_day(day, region):
            counted += 1
    return day


def reports_open_on(kind: str, meeting_on: dt.date, region: str = DEFAULT_REGION) -> dt.date | None:
    """The first day the family may read the meeting's reports meant for them, or None when
    the meeting kind has no such clock (they read them as soon as they are written)."""
    days = LEAD_WORKING_DAYS.get(kind)
    if days is None:
        return None
    return working_days_before(meeting_on, days, region)


def reports_open(
    kind: str, meeting_on: dt.date, today: dt.date, region: str = DEFAULT_REGION
) -> bool:
    """Whether the family may read the meeting's reports meant for them on `today`."""
    opens = reports_open_on(kind, meeting_on, region)
    return opens is None or today >= opens
