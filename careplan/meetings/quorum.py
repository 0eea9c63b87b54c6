"""A conference's quorum, and what its chair may do when it has none. Pure: no I/O.

England's procedures (Swindon's and Sussex's, quoted in MEETINGS.md): a child protection
conference is quorate when children's social care is there and at least two other agencies
with direct contact with the child are there too. School, school nurse and health visitor
each count separately: they are distinct agencies, and what counts is distinct agencies
present, never people. An agency that sent apologies with a report is not there.

A local authority sets another number of other agencies with the local setting
`quorum_other_agencies` (a whole number, 1 to 10). Only conferences (initial, pre-birth
initial, review) need a quorum; other meetings are never inquorate.

An inquorate conference does not go on unless its chair records a choice (an interim plan,
reviewing the existing plan, or proceeding anyway) with a reason; and a family's conference
is never inquorate twice in a row, except a pre-birth one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from careplan.lib.errors import Invalid

CONFERENCES = ("initial_conference", "review_conference")
SOCIAL_CARE = "childrens_social_care"
SETTING = "quorum_other_agencies"
DEFAULT_OTHER_AGENCIES = 2
MOST_OTHER_AGENCIES = 10


@dataclass(frozen=True)
class Presence:
    """One professional attendee as quorum sees them."""

    agency: uuid.UUID | None
    agency_kind: str | None
    agency_name: str
    attendance: str | None
    direct_contact: bool


@dataclass(frozen=True)
class Quorum:
    required: bool  # only conferences need one
    taken: bool  # someone's attendance has been recorded
    quorate: bool
    social_care: bool
    other_agencies: tuple[str, ...]  # names of the other agencies with direct contact present
    needed: int
    missing: str  # what is missing, in words ("" when quorate)

    def out(self) -> dict[str, Any]:
        return {
            "required": self.required,
            "taken": self.taken,
            "quorate": self.quorate,
            "social_care": self.social_care,
            "other_agencies": list(self.other_agencies),
            "needed": self.needed,
            "missing": self.missing,
        }


def needs_quorum(kind: str) -> bool:
    return kind in CONFERENCES


def other_agencies_needed(setting: Any) -> int:
    """The number a local setting gives (England's 2 for one that cannot be read)."""
    if isinstance(setting, bool) or not isinstance(setting, int):
        return DEFAULT_OTHER_AGENCIES
    if not 1 <= setting <= MOST_OTHER_AGENCIES:
        return DEFAULT_OTHER_AGENCIES
    return setting


def _agencies(count: int) -> str:
    return "1 other agency" if count == 1 else f"{count} other agencies"


def quorum(
    kind: str, attendees: Iterable[Presence], needed: int = DEFAULT_OTHER_AGENCIES
) -> Quorum:
    """Whether a meeting of `kind` with these professional attendees is quorate."""
    people = list(attendees)
    taken = any(p.attendance is not None for p in people)
    present = [p for p in people if p.attendance == "present" and p.agency is not None]
    social_care = any(p.agency_kind == SOCIAL_CARE for p in present)
    others: dict[uuid.UUID, str] = {}
    for p in present:
        if p.agency_kind != SOCIAL_CARE and p.direct_contact:
            others.setdefault(p.agency, p.agency_name)  # type: ignore[arg-type]
    required = needs_quorum(kind)
    missing: list[str] = []
    if required:
        if not social_care:
            missing.append("children's social care is not there")
        short = needed - len(others)
        if short > 0:
            missing.append(
                f"{_agencies(short)} with direct contact with the child must be there "
                f"(needed {needed}, there {len(others)})"
            )
    words = ""
    if missing:
        words = "; ".join(missing)
        words = words[0].upper() + words[1:]
    return Quorum(
        required=required,
        taken=taken,
        quorate=not missing,
        social_care=social_care,
        other_agencies=tuple(sorted(others.values())),
        needed=needed,
        missing=words,
    )


def check_inquorate_choice(choice: str | None, reason: str) -> str:
    """The chair's reason for an inquorate conference's choice, trimmed (Invalid naming the
    field when one is missing)."""
    reason = reason.strip()
    if choice is None:
        raise Invalid(
            "inquorate_choice",
            "this conference is not quorate: choose an interim plan, reviewing the existing "
            "plan, or proceeding, and say why",
        )
    if not reason:
        raise Invalid("inquorate_reason", "say why you chose this for an inquorate conference")
    return reason


def check_not_twice(previous_inquorate: bool, pre_birth: bool) -> None:
    """A family's conference is not inquorate twice in a row, except a pre-birth one."""
    if previous_inquorate and not pre_birth:
        raise Invalid(
            "inquorate_choice",
            "the family's previous conference was inquorate too: a conference cannot go on "
            "inquorate twice in a row. Arrange it again with the agencies it needs",
        )


def require_choice_if_inquorate(kind: str, quorate: bool | None, choice: str | None) -> None:
    """Before views and decisions: an inquorate conference goes on only with the chair's
    recorded choice. A meeting whose attendance was never taken (quorate unknown) goes on."""
    if needs_quorum(kind) and quorate is False and choice is None:
        raise Invalid(
            "inquorate_choice",
            "this conference is not quorate: the chair must record what happens instead "
            "(an interim plan, reviewing the existing plan, or proceeding) and why first",
        )
