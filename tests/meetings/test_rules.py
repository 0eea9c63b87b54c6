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


LAST = {
    "view_sha256": "a" * 64,
    "answer": "agree_with_comments",
    "words": "Mostly.",
    "item_comments": [{"item": "3f1c5a0e-8d2b-4a1e-9c77-2f5d9b1e0a11", "comment": "Not quite."}],
}
SAID = {
    "current_view": "a" * 64,
    "view_sha256": "a" * 64,
    "answer": "agree_with_comments",
    "words": "Mostly.",
    "comments": [{"item": "3f1c5a0e-8d2b-4a1e-9c77-2f5d9b1e0a11", "comment": "Not quite."}],
}


def test_the_same_answer_to_the_same_view_is_a_repeat() -> None:
    assert rules.is_repeat(LAST, **SAID)


@pytest.mark.parametrize(
    "changed",
    [
        {"answer": "agree"},
        {"words": "Mostly!"},
        {"comments": []},
        {"comments": [{"item": "3f1c5a0e-8d2b-4a1e-9c77-2f5d9b1e0a11", "comment": "Quite."}]},
        {"view_sha256": "b" * 64, "current_view": "b" * 64},  # a newer view: a new answer
        {"current_view": "b" * 64},  # answering an older view: stale, not a repeat
    ],
)
def test_any_difference_makes_a_new_answer(changed: dict[str, object]) -> None:
    assert not rules.is_repeat(LAST, **{**SAID, **changed})  # type: ignore[arg-type]


def test_a_first_answer_is_no_repeat() -> None:
    assert not rules.is_repeat(None, **SAID)  # type: ignore[arg-type]
