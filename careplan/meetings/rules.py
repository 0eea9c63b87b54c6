"""Meetings' rules: disagreement stages, views and answers. Pure: no I/O.

Working days come from the kernel's calendar (careplan.lib.calendar)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from careplan.lib.calendar import DEFAULT_REGION, add_working_days
from careplan.lib.errors import Invalid
from careplan.meetings.vocabulary import DISAGREEMENT_STAGES

# Working days each stage of a disagreement has before it escalates (local protocols vary;
# these are the common defaults of safeguarding partnerships' escalation policies). A local
# authority sets its own with the local setting STAGES_SETTING: {"managers": 3, ...}; a stage
# it does not name keeps this length.
STAGE_WORKING_DAYS = {
    "practitioners": 5,
    "managers": 5,
    "senior_managers": 5,
    "safeguarding_partnership": 10,
}
STAGES_SETTING = "disagreement_stages"
# A stage lasts at least one working day and at most about three months of them.
MOST_STAGE_WORKING_DAYS = 60
# A meeting is recorded within these bounds of today (typing mistakes, not policy).
MEETING_PAST_DAYS = 366
MEETING_FUTURE_DAYS = 366 * 2


# ---------------------------------------------------------------------------- disagreements


def first_stage() -> str:
    return DISAGREEMENT_STAGES[0]


def next_stage(stage: str) -> str:
    """The stage a disagreement escalates to; the last stage has nowhere further to go."""
    if stage not in DISAGREEMENT_STAGES:
        raise Invalid("stage", f"{stage!r} is not a stage of a disagreement")
    index = DISAGREEMENT_STAGES.index(stage)
    if index + 1 >= len(DISAGREEMENT_STAGES):
        raise Invalid(
            "stage",
            "this disagreement is already with the safeguarding partnership, the last stage",
        )
    return DISAGREEMENT_STAGES[index + 1]


def check_stage_days(given: Mapping[str, Any]) -> dict[str, int]:
    """A local authority's stage lengths, each a whole number of working days from 1 to
    MOST_STAGE_WORKING_DAYS, for every stage (Invalid naming the first stage at fault)."""
    days: dict[str, int] = {}
    for stage in DISAGREEMENT_STAGES:
        value = given.get(stage)
        if isinstance(value, str):
            value = value.strip()
            value = int(value) if value.isdecimal() else value
        named = f"the stage between {stage.replace('_', ' ')}"
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(stage, f"enter {named} as a whole number of working days, like 5")
        if not 1 <= value <= MOST_STAGE_WORKING_DAYS:
            raise Invalid(
                stage, f"{named} must last between 1 and {MOST_STAGE_WORKING_DAYS} working days"
            )
        days[stage] = value
    unknown = sorted(set(given) - set(DISAGREEMENT_STAGES))
    if unknown:
        raise Invalid(unknown[0], "is not a stage of a disagreement")
    return days


def stage_days(setting: Any) -> dict[str, int]:
    """The stage lengths a local authority's setting gives (England's for what it does not
    name, or for a setting that cannot be read: the service goes on)."""
    days = dict(STAGE_WORKING_DAYS)
    if isinstance(setting, dict):
        for stage, value in setting.items():
            if (
                stage in days
                and isinstance(value, int)
                and not isinstance(value, bool)
                and 1 <= value <= MOST_STAGE_WORKING_DAYS
            ):
                days[stage] = value
    return days


def stage_deadline(
    stage: str,
    started_on: dt.date,
    days: Mapping[str, int] | None = None,
    region: str = DEFAULT_REGION,
) -> dt.date:
    """When a stage that started on `started_on` must have settled the disagreement: after
    the local authority's `days` for the stage (England's by default), counted in its
    bank-holiday `region`."""
    return add_working_days(started_on, (days or STAGE_WORKING_DAYS)[stage], region)


def require_open(status: str, field: str = "status") -> None:
    if status != "open":
        raise Invalid(field, f"this disagreement is {status}; only an open one can change")


# ---------------------------------------------------------------------------- views, answers


def check_view(view: str, reason: str) -> str:
    """A view's reason, trimmed: reservations and dissent must say why."""
    reason = reason.strip()
    if view != "agree" and not reason:
        what = "a dissent" if view == "dissent" else "reservations"
        raise Invalid("reason", f"say why: {what} needs a reason")
    return reason


def check_answer(answer: str, words: str, comment_count: int) -> None:
    if answer == "agree_with_comments" and not words.strip() and comment_count == 0:
        raise Invalid("words", "say what your comments are, in your own words")


def item_comments(pairs: Iterable[tuple[Any, str]]) -> list[dict[str, str]]:
    """An answer's comments on items as they are kept: the item's id as text, the words as
    written."""
    return [{"item": str(item), "comment": comment} for item, comment in pairs]


def is_repeat(
    last: Mapping[str, Any] | None,
    *,
    current_view: str,
    view_sha256: str,
    answer: str,
    words: str,
    comments: list[dict[str, str]],
) -> bool:
    """Whether an answer is the member's last answer again, word for word, to the view they
    hold now (a double tap, a retry after a lost reply): it is kept once, and the answer
    already kept is the reply. `last` is the member's last answer with its comments loaded."""
    if last is None or view_sha256 != current_view:
        return False
    return (
        last["view_sha256"] == view_sha256
        and last["answer"] == answer
        and last["words"] == words
        and item_comments((c["item"], c["comment"]) for c in last["item_comments"]) == comments
    )


def unknown_item_comment(view_document: Mapping[str, Any], items: Iterable[Any]) -> int | None:
    """The index of the first comment about an item the member's view does not hold."""
    visible = {str(key) for key in view_document.get("items", {})}
    for index, item in enumerate(items):
        if str(item) not in visible:
            return index
    return None


def check_meeting_time(starts_at: dt.datetime, now: dt.datetime) -> None:
    if starts_at.tzinfo is None:
        raise Invalid("starts_at", "give a time with its offset, such as 2026-12-01T10:00:00Z")
    if starts_at < now - dt.timedelta(days=MEETING_PAST_DAYS):
        raise Invalid("starts_at", "is more than a year ago")
    if starts_at > now + dt.timedelta(days=MEETING_FUTURE_DAYS):
        raise Invalid("starts_at", "is more than two years ahead")


def check_decision(
    plan_needed: bool, category: str | None, next_review_on: dt.date | None, held_on: dt.date
) -> None:
    if category is not None and not plan_needed:
        raise Invalid("category", "a category is given only when a plan is needed")
    if next_review_on is not None and next_review_on <= held_on:
        raise Invalid("next_review_on", "must be after the meeting")


# ---------------------------------------------------------------------------- the chair

# The meetings whose chair must be independent of the case's line management (Working
# Together 2023: a conference's chair, a looked-after child's independent reviewing officer):
# neither on the family's team nor a manager of anyone on it.
INDEPENDENT_CHAIR = ("initial_conference", "review_conference", "looked_after_review")
NOT_INDEPENDENT = (
    "must be independent of the case: not on the family's team and not a manager of anyone on it"
)


def check_independent_chair(kind: str, on_team: bool, manages_team: bool) -> None:
    """Invalid naming `chair` when a meeting of `kind` needs an independent chair and the one
    chosen is on the family's team or manages someone on it."""
    if kind in INDEPENDENT_CHAIR and (on_team or manages_team):
        raise Invalid("chair", NOT_INDEPENDENT)


# ---------------------------------------------------------------------------- the plan's state

CONFERENCES = ("initial_conference", "review_conference")


def plan_state_on_arranging(kind: str) -> tuple[str, str] | None:
    """How arranging a meeting of `kind` moves its plan (state, why), if it does: a review
    conference puts the plan under review."""
    if kind == "review_conference":
        return "under_review", "A review conference was arranged."
    return None


def plan_state_after_decision(kind: str, plans_needed: bool | None) -> tuple[str, str] | None:
    """How a meeting's decision moves its plan (state, why), if it does. `plans_needed`:
    whether the chair decided a child needs a plan (any child), None when not said.

    An initial conference agrees an outline plan, or ends it when no child needs one; a review
    conference makes the plan active again, or steps it down; a core group after an outline
    writes it in detail. The plans slice moves it only where the move applies."""
    if kind == "initial_conference" and plans_needed is not None:
        if plans_needed:
            return "outline", "The initial conference agreed an outline plan."
        return "ended", "The initial conference decided no child needs a child protection plan."
    if kind == "review_conference" and plans_needed is not None:
        if plans_needed:
            return "active", "The review conference decided the plan goes on."
        return "stepped_down", "The review conference decided no child needs a plan any more."
    if kind == "core_group":
        return "detailed", "The core group wrote the plan in detail."
    return None
