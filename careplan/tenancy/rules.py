"""Tenancy's defaults: pure values, no I/O (its vocabularies: `vocabulary`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EpisodeKindDefault:
    code: str
    label: str
    plan_kind: str  # "safety_plan" or "wellbeing_plan"


@dataclass(frozen=True)
class ClockDefault:
    code: str
    description: str
    working_days: int | None = None
    months: int | None = None


# England's defaults (Working Together to Safeguard Children); data per local authority.
DEFAULT_EPISODE_KINDS = (
    EpisodeKindDefault("early_help", "Early help", "wellbeing_plan"),
    EpisodeKindDefault("child_in_need", "Child in need", "wellbeing_plan"),
    EpisodeKindDefault("child_protection", "Child protection", "safety_plan"),
    EpisodeKindDefault("looked_after", "Looked after", "safety_plan"),
)
DEFAULT_CLOCKS = (
    ClockDefault("referral_decision", "Decision on a referral", working_days=1),
    ClockDefault("assessment", "Assessment completed", working_days=45),
    ClockDefault(
        "initial_conference", "Initial conference after the strategy discussion", working_days=15
    ),
    ClockDefault("first_core_group", "First core group after the conference", working_days=10),
    ClockDefault("first_review", "First review conference", months=3),
    ClockDefault("later_reviews", "Later review conferences, at most every", months=6),
    ClockDefault("looked_after_first_review", "First looked-after review", working_days=20),
    ClockDefault("looked_after_second_review", "Second looked-after review", months=3),
    ClockDefault("looked_after_later_reviews", "Later looked-after reviews", months=6),
)
