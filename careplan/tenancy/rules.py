"""Tenancy's defaults: pure values, no I/O (its vocabularies: `vocabulary`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from careplan.lib.errors import Invalid


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
    # Issue 18: the chair's outcome letter and full record after a meeting (North Yorkshire).
    ClockDefault("chair_letter", "The chair's outcome letter after a meeting", working_days=1),
    ClockDefault("chair_record", "The chair's full record after a meeting", working_days=15),
)


# ---------------------------------------------------------------------------- local rules

# A clock's length, in its own unit: long enough for any local protocol, short enough that a
# typing mistake (450 for 45) is caught.
MOST_WORKING_DAYS = 130
MOST_MONTHS = 24
PLAN_KINDS = ("safety_plan", "wellbeing_plan")
KIND_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def check_clock_length(given: str, unit: str) -> int:
    """A clock's new length, a whole number of its `unit` ("working_days" or "months");
    Invalid("length", ...) saying what is wrong."""
    words = "working days" if unit == "working_days" else "months"
    most = MOST_WORKING_DAYS if unit == "working_days" else MOST_MONTHS
    text = given.strip()
    if not text:
        raise Invalid("length", f"enter the number of {words}")
    if not text.isdecimal():
        raise Invalid("length", f"enter a whole number of {words}, like 15")
    value = int(text)
    if not 1 <= value <= most:
        raise Invalid("length", f"the number of {words} must be between 1 and {most}")
    return value


def check_new_episode_kind(
    code: str, label: str, plan_kind: str, codes_in_use: set[str]
) -> tuple[str, str, str]:
    """A local kind of episode: its code (lower-case letters, digits and underscores, not one
    already in use), its name and the kind of plan it has. Invalid naming the field."""
    code = code.strip().lower()
    if not code:
        raise Invalid("code", "enter a short code, like family_support")
    if not KIND_CODE.match(code):
        raise Invalid(
            "code",
            "use 2 to 40 lower-case letters, digits and underscores, beginning with a letter",
        )
    if code in codes_in_use:
        raise Invalid("code", f"{code} is already a kind of episode here: choose another code")
    label = check_kind_label(label)
    if plan_kind not in PLAN_KINDS:
        raise Invalid("plan_kind", "choose the kind of plan it has")
    return code, label, plan_kind


def check_kind_label(label: str) -> str:
    label = " ".join(label.split())
    if not label:
        raise Invalid("label", "enter its name, as people will see it")
    if len(label) > 100:
        raise Invalid("label", "must be 100 characters or fewer")
    return label
