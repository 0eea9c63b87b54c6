"""Concerns' rules: the statutory clocks, overdue and escalation, the allowed steps. Pure.

Clocks (Working Together, England; each local authority may set its own): a decision on a
referral by the end of the next working day; an assessment within 45 working days of the
decision. Working days skip the bank holidays of the local authority's region (England's
unless it set another), on Europe/London dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from careplan.lib.calendar import DEFAULT_REGION, add_working_days, working_days_between
from careplan.lib.clock import end_of_day, london_date
from careplan.lib.errors import Invalid

DECISION_CLOCK = "referral_decision"
ASSESSMENT_CLOCK = "assessment"
DEFAULT_DECISION_WORKING_DAYS = 1
DEFAULT_ASSESSMENT_WORKING_DAYS = 45
# How many more working days an overdue clock runs before it escalates a second level
# (level 1: the team's managers; level 2: the local authority's senior managers).
SECOND_LEVEL_AFTER = {"decision": 1, "assessment": 5}
OPEN_FOR_DECISION = ("raised", "acknowledged")
DECIDED = ("decided", "assessing")
# A concern is about something seen recently; older events are still accepted, within reason.
OBSERVED_WITHIN_YEARS = 5


@dataclass(frozen=True)
class ConcernState:
    """What the rules need of a concern."""

    status: str
    decision_due_at: dt.datetime
    raised_at: dt.datetime | None = None
    decision: str | None = None
    decided_at: dt.datetime | None = None
    acknowledged_at: dt.datetime | None = None
    assessment_due_on: dt.date | None = None
    assessed_on: dt.date | None = None
    escalation_level: int = 0

    @classmethod
    def of(cls, row: dict[str, Any]) -> ConcernState:
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class ConcernChange:
    acknowledge: bool | None = None
    decision: str | None = None
    assessed_on: dt.date | None = None
    outcome: str | None = None


# ---------------------------------------------------------------------------- clocks


def decision_due_at(
    raised_at: dt.datetime,
    working_days: int = DEFAULT_DECISION_WORKING_DAYS,
    region: str = DEFAULT_REGION,
) -> dt.datetime:
    """The end (23:59:59, London) of the `working_days`-th working day after raising, in the
    local authority's bank-holiday `region`."""
    return end_of_day(add_working_days(london_date(raised_at), working_days, region))


def assessment_due_on(
    decided_at: dt.datetime,
    working_days: int = DEFAULT_ASSESSMENT_WORKING_DAYS,
    region: str = DEFAULT_REGION,
) -> dt.date:
    return add_working_days(london_date(decided_at), working_days, region)


def overdue_clock(state: ConcernState, now: dt.datetime) -> str | None:
    """Which clock has run out: "decision", "assessment", or None."""
    if state.status in OPEN_FOR_DECISION and now > state.decision_due_at:
        return "decision"
    if (
        state.decision == "assessment"
        and state.status in DECIDED
        and state.assessed_on is None
        and state.assessment_due_on is not None
        and london_date(now) > state.assessment_due_on
    ):
        return "assessment"
    return None


def escalation_level(state: ConcernState, now: dt.datetime, region: str = DEFAULT_REGION) -> int:
    """0: on time; 1: overdue (the team's managers); 2: still overdue later (senior): the
    working days late counted in the local authority's bank-holiday `region`."""
    clock = overdue_clock(state, now)
    if clock is None:
        return 0
    due = (
        london_date(state.decision_due_at)
        if clock == "decision"
        else state.assessment_due_on or london_date(now)
    )
    late_by = working_days_between(due, london_date(now), region)
    return 2 if late_by > SECOND_LEVEL_AFTER[clock] else 1


# ---------------------------------------------------------------------------- raising


def check_observed_on(observed_on: dt.date, now: dt.datetime) -> None:
    today = london_date(now)
    if observed_on > today:
        raise Invalid("observed_on", "cannot be in the future")
    if observed_on.year < today.year - OBSERVED_WITHIN_YEARS:
        raise Invalid("observed_on", f"cannot be more than {OBSERVED_WITHIN_YEARS} years ago")


# ---------------------------------------------------------------------------- steps


def apply_change(
    state: ConcernState,
    change: ConcernChange,
    now: dt.datetime,
    *,
    assessment_working_days: int = DEFAULT_ASSESSMENT_WORKING_DAYS,
    region: str = DEFAULT_REGION,
) -> dict[str, Any]:
    """The columns a change sets, in order: acknowledge, decide, assessed, outcome.

    A step the concern is not ready for, or has gone past, is refused naming its field.
    """
    given = [
        name
        for name in ("acknowledge", "decision", "assessed_on", "outcome")
        if getattr(change, name) is not None
    ]
    if not given:
        raise Invalid("body", "say what changes: acknowledge, decision, assessed_on or outcome")
    if state.status == "closed":
        raise Invalid(given[0], "this concern is closed; it can no longer change")
    values: dict[str, Any] = {}
    status, decision, decided_at = state.status, state.decision, state.decided_at

    if change.acknowledge is not None:
        if not change.acknowledge:
            raise Invalid("acknowledge", "an acknowledgement cannot be taken back")
        if status != "raised":
            raise Invalid("acknowledge", "this concern was already acknowledged")
        status = "acknowledged"
        values.update(status=status, acknowledged_at=now)

    if change.decision is not None:
        if status not in OPEN_FOR_DECISION:
            raise Invalid("decision", "this concern was already decided")
        decision, decided_at = change.decision, now
        status = "assessing" if decision == "assessment" else "decided"
        values.update(status=status, decision=decision, decided_at=now)
        if state.acknowledged_at is None and "acknowledged_at" not in values:
            values["acknowledged_at"] = now
        if decision == "assessment":
            values["assessment_due_on"] = assessment_due_on(now, assessment_working_days, region)

    assessed_on = state.assessed_on
    if change.assessed_on is not None:
        if status not in DECIDED or decision != "assessment":
            raise Invalid("assessed_on", "only a concern decided for assessment is assessed")
        if assessed_on is not None:
            raise Invalid("assessed_on", "the assessment was already recorded")
        if change.assessed_on > london_date(now):
            raise Invalid("assessed_on", "cannot be in the future")
        if decided_at is not None and change.assessed_on < london_date(decided_at):
            raise Invalid("assessed_on", "cannot be before the decision to assess")
        assessed_on = change.assessed_on
        values["assessed_on"] = assessed_on

    if change.outcome is not None:
        if status not in DECIDED:
            raise Invalid("outcome", "decide what happens before recording the outcome")
        if not change.outcome.strip():
            raise Invalid("outcome", "say what the outcome was")
        if decision == "assessment" and assessed_on is None:
            raise Invalid("assessed_on", "say when the assessment was finished")
        values.update(outcome=change.outcome.strip(), status="closed")
    return values
