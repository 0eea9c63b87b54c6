"""When a meeting is due by law (Working Together 2023, as the local clocks set it), and the
checks of a meeting's timing as it is arranged. Pure: no I/O.

- an initial conference: 15 working days after the strategy discussion that started the
  enquiry (the family's last one);
- the first core group: 10 working days after the initial conference;
- the first review conference: 3 months after the initial conference; later reviews at most
  6 months after the previous review.

Working days are counted in the local authority's bank-holiday region (careplan.lib.calendar).
A meeting arranged after its due date needs the reason why (`timing_reason`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from careplan.lib.calendar import DEFAULT_REGION, add_working_days
from careplan.lib.errors import Invalid

# The meetings that can be held before a baby is born (a pre-birth conference and its review).
PRE_BIRTH_KINDS = ("initial_conference", "review_conference")
# The local clocks a meeting's due date is counted by (careplan.tenancy DEFAULT_CLOCKS codes).
CLOCK_CODES = ("initial_conference", "first_core_group", "first_review", "later_reviews")
# England's lengths, when a local authority has not set its own: (working days, months).
ENGLAND: dict[str, tuple[int | None, int | None]] = {
    "initial_conference": (15, None),
    "first_core_group": (10, None),
    "first_review": (None, 3),
    "later_reviews": (None, 6),
}


@dataclass(frozen=True)
class Earlier:
    """A meeting of the family held (or arranged) before the new one: its kind and date."""

    kind: str
    on: dt.date


@dataclass(frozen=True)
class Due:
    """The date a meeting is due by, and the clock that says so."""

    on: dt.date
    clock: str
    since: Earlier


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def after(
    code: str,
    start: dt.date,
    clocks: Mapping[str, tuple[int | None, int | None]],
    region: str = DEFAULT_REGION,
) -> dt.date:
    """`start` moved on by the local clock `code` (its own length, else England's)."""
    working_days, months = clocks.get(code) or ENGLAND[code]
    if working_days is None and months is None:
        working_days, months = ENGLAND[code]
    if working_days is not None:
        return add_working_days(start, working_days, region)
    return add_months(start, months or 0)


def _last(earlier: list[Earlier], kind: str) -> Earlier | None:
    found = [one for one in earlier if one.kind == kind]
    return max(found, key=lambda one: one.on) if found else None


def due(
    kind: str,
    earlier: Iterable[Earlier],
    clocks: Mapping[str, tuple[int | None, int | None]],
    region: str = DEFAULT_REGION,
) -> Due | None:
    """When a meeting of `kind` is due, from the family's `earlier` meetings (not cancelled,
    before it), or None when no clock runs for it."""
    history = sorted(earlier, key=lambda one: one.on)

    def by(code: str, since: Earlier) -> Due:
        return Due(after(code, since.on, clocks, region), code, since)

    conference = _last(history, "initial_conference")
    if kind == "initial_conference":
        strategy = _last(history, "strategy_discussion")
        if strategy is None or (conference is not None and conference.on >= strategy.on):
            return None  # no enquiry started since the last conference
        return Due(
            after("initial_conference", strategy.on, clocks, region), "initial_conference", strategy
        )
    if kind == "core_group":
        if conference is None:
            return None
        if any(one.kind == "core_group" and one.on >= conference.on for one in history):
            return None  # only the first core group after a conference runs to a clock
        return Due(
            after("first_core_group", conference.on, clocks, region), "first_core_group", conference
        )
    if kind == "review_conference":
        review = _last(history, "review_conference")
        if review is not None and (conference is None or review.on >= conference.on):
            return by("later_reviews", review)
        if conference is not None:
            return Due(
                after("first_review", conference.on, clocks, region), "first_review", conference
            )
    return None


def check_pre_birth(kind: str, pre_birth: bool) -> None:
    if pre_birth and kind not in PRE_BIRTH_KINDS:
        raise Invalid(
            "pre_birth", "only an initial or a review conference can be held before the birth"
        )


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def check_timing(on: dt.date, due_on: dt.date | None, reason: str) -> str | None:
    """The reason a meeting on `on` is late, trimmed (None when it is not late and none was
    given); Invalid naming `timing_reason`, with the due date, when it is late with none."""
    reason = reason.strip()
    if due_on is not None and on > due_on and not reason:
        raise Invalid(
            "timing_reason",
            f"this meeting was due by {long_date(due_on)}: say why it is held later",
        )
    return reason or None
