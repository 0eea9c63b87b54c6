"""The plan's words (DESIGN.md's contract vocabularies), what each section's item holds, and
what values a measure takes (its range, its fixed maximum, the span its check-ins and chart
run over): pure values and functions, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, UnsetType

from careplan.lib.canonical import decimal_text
from careplan.lib.text import PRINTABLE

SECTIONS = (
    "harm",
    "worry",
    "complicating",
    "strength",
    "safety_goal",
    "next_step",
    "safety_rule",
    "contingency",
    "network",
    "words_and_pictures",
    "childs_view",
)
# The three columns of the Signs of Safety map, and the child's view apart.
COLUMNS = {
    "worried": ("harm", "worry", "complicating"),
    "working_well": ("strength",),
    "needs_to_happen": ("safety_goal", "next_step", "safety_rule", "contingency", "network"),
    "for_the_children": ("words_and_pictures", "childs_view"),
}
AUDIENCE_KINDS = ("professionals", "family", "agencies", "members")
SOURCE_KINDS = ("agency", "family", "third_party")
PLAN_KINDS = ("safety_plan", "wellbeing_plan")
MEASURE_KINDS = ("count", "frequency", "scale", "yes_no", "percentage")
OWNER_KINDS = ("member", "professional", "agency")
OBJECTIVE_STATUSES = ("open", "achieved", "dropped", "carried")
THREAD_STATUSES = ("open", "achieved", "dropped")
CLOSE_DECISIONS = ("carry", "achieved", "dropped")
SCALING_BY = ("professional", "agency", "parent", "network", "child")
PROGRESS_BY = ("parent", "professional")


# ---------------------------------------------------------------------------- item details
#
# What an item of each section holds besides its text, in its `details`: a worry statement's
# who is worried and the family's own view, a next step's who and by when, a safety rule's
# trigger, a network person's name and contact ... Every field may be left out. A write (from
# the API or the pages alike) is checked against its section's shape by the service: a field
# the section does not have, or a value of the wrong type, is refused naming it
# (`details.trigger`). Stored items and versions are read as they are, never re-checked.

DetailText = Annotated[str, PRINTABLE, msgspec.Meta(max_length=4000)]
# A date, written YYYY-MM-DD (words written before dates were checked are kept as they are:
# see `rules.details_date_problem`).
DetailDate = Annotated[str, PRINTABLE, msgspec.Meta(max_length=4000)]


class ItemDetails(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, omit_defaults=True):
    """An item's details: the fields of its section, none required."""


class HarmStatement(ItemDetails):
    """What has happened to the children, with the family's own view of it."""

    family_view: DetailText | UnsetType = UNSET
    family_disputes: bool | UnsetType = UNSET


class WorryStatement(ItemDetails):
    """Who is worried, about what, and what will happen to which child if nothing changes
    (in its text), with the family's own view, and whether they dispute it."""

    who_is_worried: DetailText | UnsetType = UNSET
    family_view: DetailText | UnsetType = UNSET
    family_disputes: bool | UnsetType = UNSET


class ComplicatingFactor(ItemDetails):
    """What makes things harder without being a worry in itself: its text says it all."""


class Strength(ItemDetails):
    """What the family already does that keeps the children safe and well."""


class SafetyGoal(ItemDetails):
    """What the parents will do, the child will experience, professionals will see, for how
    long. The statement it answers is the item's own link (`answers`), not a detail."""


class NextStep(ItemDetails):
    """Who does what (in its text) by when."""

    who: DetailText | UnsetType = UNSET
    by_when: DetailDate | UnsetType = UNSET


class SafetyRule(ItemDetails):
    """What happens when its trigger comes up. The network person who makes sure it is kept
    is the item's own link (`network_person`)."""

    trigger: DetailText | UnsetType = UNSET


class Contingency(ItemDetails):
    """What will happen if the safety plan is not kept."""


class NetworkPerson(ItemDetails):
    """One of the family's own people: who, how to reach them (what they have promised is
    the item's text)."""

    name: DetailText | UnsetType = UNSET
    contact: DetailText | UnsetType = UNSET


class WordsAndPictures(ItemDetails):
    """The explanation written for the children, agreed with the parents."""


class ChildsView(ItemDetails):
    """The child's wishes and feelings in their words; the family reads it only when the
    child agrees (`child_agrees`)."""

    child_agrees: bool | UnsetType = UNSET


SECTION_DETAILS: dict[str, type[ItemDetails]] = {
    "harm": HarmStatement,
    "worry": WorryStatement,
    "complicating": ComplicatingFactor,
    "strength": Strength,
    "safety_goal": SafetyGoal,
    "next_step": NextStep,
    "safety_rule": SafetyRule,
    "contingency": Contingency,
    "network": NetworkPerson,
    "words_and_pictures": WordsAndPictures,
    "childs_view": ChildsView,
}
# The fields of each section's details, in the order its form asks for them.
DETAIL_FIELDS: dict[str, tuple[str, ...]] = {
    section: shape.__struct_fields__ for section, shape in SECTION_DETAILS.items()
}
# The fields that are yes or no.
DETAIL_FLAGS = ("family_disputes", "child_agrees")
# The fields that hold a date. A person enters each as a real date (a GOV.UK date input on
# the pages); it is stored as `YYYY-MM-DD`, like every date of a version.
DATE_DETAILS = ("by_when",)
DATE_WANTED = "must be a real date, written YYYY-MM-DD"
# Why a child's view was refused an audience that reaches the family (see
# `rules.childs_view_allowed`): the pages say it in their own words.
CHILDS_VIEW_UNAGREED = (
    "must be professionals only unless the child agrees that their family can read it "
    "(child_agrees: true in the details)"
)


# ---------------------------------------------------------------------------- dates

# A date in a version (an objective's due date, a next step's by when) is written YYYY-MM-DD.
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def iso_date(value: Any) -> dt.date | None:
    """`value` as a date when it is a real date written `YYYY-MM-DD`, else None."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


# ---------------------------------------------------------------------------- measures

MEASURE_RANGES = {
    "yes_no": (Decimal(0), Decimal(1)),
    "percentage": (Decimal(0), Decimal(100)),
    "scale": (Decimal(0), Decimal(10)),
    "count": (Decimal(0), None),
    "frequency": (Decimal(0), None),
}


def measure_value(kind: str, raw: str, unit: str = "") -> str | None:
    """The value as canonical decimal text, or None when it does not fit the measure (a
    frequency "out of 7" takes no 8: see `fixed_maximum`)."""
    try:
        number = Decimal(raw)
    except ArithmeticError:
        return None
    if not number.is_finite():
        return None
    low, high = MEASURE_RANGES[kind][0], fixed_maximum(kind, unit)
    if number < low or (high is not None and number > high):
        return None
    if kind == "yes_no" and number not in (0, 1):
        return None
    return decimal_text(number)


def measure_hint(kind: str, unit: str = "") -> str:
    high = fixed_maximum(kind, unit)
    if kind in ("count", "frequency") and high is not None:
        return f"must be a number from 0 to {decimal_text(high)}"
    return {
        "yes_no": "must be 0 (no) or 1 (yes)",
        "percentage": "must be a number from 0 to 100",
        "scale": "must be a number from 0 to 10",
    }.get(kind, "must be a number of 0 or more")


OUT_OF = re.compile(r"\bout of ([0-9]{1,4})\b", re.IGNORECASE)


def fixed_maximum(kind: str, unit: str = "") -> Decimal | None:
    """The most a measure can be, when it has a fixed top: a scale 10, a percentage 100,
    yes or no 1, and a frequency or count written "out of N" (nights out of 7) N. None for
    an open count (sessions, weeks in a row)."""
    high = MEASURE_RANGES[kind][1] if kind in MEASURE_RANGES else None
    if high is not None:
        return high
    found = OUT_OF.search(unit or "")
    if found and int(found.group(1)) > 0:
        return Decimal(found.group(1))
    return None


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


def measure_span(
    kind: str,
    unit: str = "",
    target: Any = None,
    baseline: Any = None,
    values: Iterable[Any] = (),
) -> tuple[Decimal, Decimal]:
    """The lowest and highest a measure can show: the same span for a check-in's choices and
    a chart's value axis.

    A measure with a fixed maximum (see `fixed_maximum`) runs to it. Only an open count runs
    to the largest of its target, its baseline and the best value so far, plus a little room
    (a fifth more, at least 2) so that a better week than ever can still be recorded.
    """
    low = MEASURE_RANGES.get(kind, (Decimal(0), None))[0]
    fixed = fixed_maximum(kind, unit)
    if fixed is not None:
        return low, fixed
    known = [n for n in (_decimal(v) for v in (target, baseline, *values)) if n is not None]
    highest = max([Decimal(1), *known])
    room = max(Decimal(2), (highest / 5).to_integral_value(rounding="ROUND_CEILING"))
    return low, (highest + room).to_integral_value(rounding="ROUND_CEILING")


MAX_CHOICES = 11  # 0 to 10: more than that is typed, not tapped


def check_in_choices(
    kind: str,
    unit: str = "",
    target: Any = None,
    baseline: Any = None,
    values: Iterable[Any] = (),
) -> list[str] | None:
    """The whole numbers a check-in offers to tap, from the measure's minimum to its maximum
    (`measure_span`), or None when there are too many to tap (a percentage, a long count)."""
    if kind == "yes_no":
        return ["1", "0"]
    low, high = measure_span(kind, unit, target, baseline, values)
    if high - low + 1 > MAX_CHOICES:
        return None
    return [str(n) for n in range(int(low), int(high) + 1)]


# ---------------------------------------------------------------------------- check-ins

# What became of a check-in, in the words the parent (or professional) is told.
CHECK_IN_THEN = {
    "recorded": "",
    "carried": "This goal is now part of your new plan, and your check-in goes with it.",
    "ended": "This goal has ended, so your check-in is kept with its history.",
}
CHECK_IN_SAID = {
    outcome: f"Your check-in was saved. {then}".strip() for outcome, then in CHECK_IN_THEN.items()
}

# Issue 18: a plan's state, moved with its meetings: outline (agreed at the conference) ->
# detailed (the core group's written plan) -> agreed (each party's acknowledgement and the
# family's answer) -> active -> under_review -> ended or stepped_down.
PLAN_STATES = (
    "outline",
    "detailed",
    "agreed",
    "active",
    "under_review",
    "ended",
    "stepped_down",
)
