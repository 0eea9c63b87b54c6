"""The pure rules behind a local authority's local rules: a clock's length, a local kind of
episode, a disagreement's stages, and a clock counted in a region's working days."""

from __future__ import annotations

import datetime as dt

import pytest

from careplan.lib.errors import Invalid
from careplan.meetings import rules as meetings
from careplan.oversight.rules import DEFAULTS, Clocks
from careplan.tenancy import rules


def test_a_clock_is_a_whole_number_of_its_own_unit_within_bounds() -> None:
    assert rules.check_clock_length(" 20 ", "working_days") == 20
    assert rules.check_clock_length("24", "months") == 24
    for given, unit in (("", "months"), ("1.5", "working_days"), ("0", "months"), ("25", "months")):
        with pytest.raises(Invalid) as error:
            rules.check_clock_length(given, unit)
        assert error.value.field == "length"


def test_a_local_kind_needs_a_fresh_code_a_name_and_a_plan() -> None:
    assert rules.check_new_episode_kind(
        "Family_Support", " Family  support ", "wellbeing_plan", {"early_help"}
    ) == ("family_support", "Family support", "wellbeing_plan")
    for code, label, plan, field in (
        ("early_help", "Again", "wellbeing_plan", "code"),
        ("1st", "First", "wellbeing_plan", "code"),
        ("kinship", "", "wellbeing_plan", "label"),
        ("kinship", "Kinship care", "care_plan", "plan_kind"),
    ):
        with pytest.raises(Invalid) as error:
            rules.check_new_episode_kind(code, label, plan, {"early_help"})
        assert error.value.field == field


def test_every_stage_is_given_and_a_setting_that_cannot_be_read_keeps_englands() -> None:
    given = {"practitioners": "3", "managers": 4, "senior_managers": "5"}
    with pytest.raises(Invalid) as error:
        meetings.check_stage_days(given)
    assert error.value.field == "safeguarding_partnership"
    assert meetings.check_stage_days({**given, "safeguarding_partnership": "60"})["managers"] == 4
    assert meetings.stage_days({"managers": 0, "practitioners": 2, "x": 9}) == {
        **meetings.STAGE_WORKING_DAYS,
        "practitioners": 2,
    }
    assert meetings.stage_days("nonsense") == meetings.STAGE_WORKING_DAYS


def test_a_clock_counts_the_working_days_of_its_region() -> None:
    friday = dt.date(2026, 11, 27)  # Monday 30 November: St Andrew's Day
    assert Clocks(DEFAULTS).after("referral_decision", friday) == dt.date(2026, 11, 30)
    assert Clocks(DEFAULTS, "SCT").after("referral_decision", friday) == dt.date(2026, 12, 1)
