"""The plan's words (DESIGN.md's contract vocabularies) and what each section's item holds:
pure values, no I/O."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

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
