"""Working days: Monday to Friday less the bank holidays of the local authority's nation
(the `holidays` package, substitute days included), counted on Europe/London dates.

The statutory clocks (a concern's decision by the next working day, an initial conference
within 15 working days, a disagreement's stage) all count in these days. A local authority
keeps the bank holidays of its region (`REGIONS`: the `holidays` package's subdivisions of
GB); England and Wales's unless it says otherwise.
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays

# A local authority's bank-holiday region: code (the `holidays` subdivision) -> its name.
# Wales keeps England's bank holidays, so England and Wales is one region (ENG).
REGIONS = {"ENG": "England and Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
DEFAULT_REGION = "ENG"


@functools.lru_cache(maxsize=64)
def _bank_holidays(region: str, year: int) -> frozenset[dt.date]:
    if region not in REGIONS:
        raise ValueError(f"{region!r} is not a bank-holiday region")
    return frozenset(holidays.country_holidays("GB", subdiv=region, years=year).keys())


def is_bank_holiday(day: dt.date, region: str = DEFAULT_REGION) -> bool:
    return day in _bank_holidays(region, day.year)


def is_working_day(day: dt.date, region: str = DEFAULT_REGION) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day, region)


def add_working_days(start: dt.date, days: int, region: str = DEFAULT_REGION) -> dt.date:
    """The date `days` working days after `start` (`start` itself is not counted), in the
    bank-holiday `region`.

    Zero days gives `start` if it is a working day, else the next working day.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    if days == 0:
        while not is_working_day(day, region):
            day += dt.timedelta(days=1)
        return day
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, region):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date, region: str = DEFAULT_REGION) -> int:
    """How many working days after `start` up to and including `end` (0 if end <= start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, region):
            count += 1
    return count
