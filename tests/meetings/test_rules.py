"""The stages of a disagreement, views and answers: pure rules."""

from __future__ import annotations

import datetime as dt

import pytest

from careplan.lib.errors import Invalid
from careplan.meetings import rules

D = dt.date


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
