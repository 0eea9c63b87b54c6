"""What values a measure takes, and a date written YYYY-MM-DD (careplan/plans/vocabulary.py).

Moved from tests/plans/test_rules.py with the functions (the portal draws a goal's chart and
offers its check-in's choices from them, and may import a slice's vocabulary, not its rules).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from careplan.plans import vocabulary


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-12-11", dt.date(2026, 12, 11)),
        ("2026-02-31", None),  # no 31 February
        ("11 December 2026", None),  # words, as the old form took them
        ("20261211", None),  # ISO's short form is not how a version writes a date
        (" 2026-12-11", None),
        (12, None),
        (None, None),
        (dt.date(2026, 12, 11), dt.date(2026, 12, 11)),
    ],
)
def test_a_date_in_details_is_a_real_date_written_yyyy_mm_dd(value, expected) -> None:
    assert vocabulary.iso_date(value) == expected


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("yes_no", "1", "1"),
        ("yes_no", "0.5", None),
        ("percentage", "101", None),
        ("scale", "7.50", "7.5"),
        ("count", "-1", None),
        ("count", "12", "12"),
    ],
)
def test_a_measure_value_fits_its_kind(kind, raw, expected) -> None:
    assert vocabulary.measure_value(kind, raw) == expected


@pytest.mark.parametrize(
    ("kind", "unit", "expected"),
    [
        ("scale", "home conditions, 0 to 10", Decimal(10)),
        ("percentage", "% of appointments", Decimal(100)),
        ("yes_no", "", Decimal(1)),
        ("frequency", "nights out of 7", Decimal(7)),
        ("count", "days on time out of 5", Decimal(5)),
        ("count", "weeks in a row with a grown-up always there", None),
        ("frequency", "times a week", None),
        ("count", "out of 0", None),
    ],
)
def test_a_measure_has_a_fixed_maximum_or_is_open(kind, unit, expected) -> None:
    assert vocabulary.fixed_maximum(kind, unit) == expected


def test_check_in_choices_run_from_the_minimum_to_the_maximum() -> None:
    # "Nights out of 7" with target 6 offered 0 to 6: the maximum is 7, whatever the target.
    assert vocabulary.check_in_choices("frequency", "nights out of 7", "6", "2", ["5"]) == [
        str(n) for n in range(8)
    ]
    assert vocabulary.check_in_choices("count", "nights out of 7", "6") == [
        str(n) for n in range(8)
    ]
    assert vocabulary.check_in_choices("scale", "", "8") == [str(n) for n in range(11)]
    assert vocabulary.check_in_choices("yes_no", "", "1") == ["1", "0"]
    assert vocabulary.check_in_choices("percentage", "%", "90") is None  # 101 values: typed
    # An open count runs to the largest of target, baseline and best so far, plus room.
    assert vocabulary.check_in_choices("count", "sessions", "3", "1", ["2"]) == [
        str(n) for n in range(6)
    ]
    assert vocabulary.check_in_choices("count", "sessions", "3", "1", ["6"]) == [
        str(n) for n in range(9)
    ]
    assert vocabulary.check_in_choices("count", "weeks in a row", "12", "0", ["9"]) is None


def test_the_span_of_a_measure_is_the_same_for_choices_and_charts() -> None:
    assert vocabulary.measure_span("count", "days on time out of 5", "5", "2", ["5"]) == (0, 5)
    assert vocabulary.measure_span("percentage", "% of appointments", "90") == (0, 100)
    assert vocabulary.measure_span("count", "weeks in a row", "12", "0", ["9"]) == (0, 15)
    assert vocabulary.measure_span("count", "", None, None, []) == (0, 3)
    assert vocabulary.measure_span("count", "", "not a number", None, ["x"]) == (0, 3)


def test_a_value_above_a_fixed_maximum_does_not_fit() -> None:
    assert vocabulary.measure_value("frequency", "7", "nights out of 7") == "7"
    assert vocabulary.measure_value("frequency", "8", "nights out of 7") is None
    assert vocabulary.measure_value("count", "8") == "8"
    assert vocabulary.measure_hint("frequency", "nights out of 7") == "must be a number from 0 to 7"
