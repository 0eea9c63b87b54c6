"""Families' rules: pure functions, no I/O (their machine values: `vocabulary`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import nhs_number

from careplan.lib.errors import Invalid

# A case system's reference as local authorities write them: letters and digits, with
# hyphens, slashes or full stops between (NMC-104233, CS/2026/0142).
CASE_REFERENCE = re.compile(r"^[A-Za-z0-9]+(?:[-/.][A-Za-z0-9]+)*$")


def check_nhs_number(field: str, value: str | None) -> None:
    """An NHS number: ten digits whose last is the modulus 11 check digit of the others."""
    if value is not None and not nhs_number.is_valid(value):
        raise Invalid(field, "is not an NHS number: check the 10 digits")


def check_case_reference(field: str, value: str | None) -> None:
    if value is not None and value.strip() and not CASE_REFERENCE.match(value.strip()):
        raise Invalid(
            field,
            "should be the case system's reference: letters and numbers, with hyphens, "
            "slashes or full stops between them",
        )


# How far back a date of the record may go: an episode's dates, a membership's; and a person's
# date of birth (a grandparent's too).
MAX_PAST_YEARS = 30
MAX_AGE_YEARS = 120


def check_date(
    field: str,
    value: dt.date | None,
    today: dt.date,
    *,
    future_days: int = 0,
    past_years: int = MAX_PAST_YEARS,
) -> None:
    """A date not in the future (beyond `future_days`) nor more than `past_years` ago;
    Invalid naming the field otherwise."""
    if value is None:
        return
    if value > today + dt.timedelta(days=future_days):
        raise Invalid(field, "cannot be in the future")
    if value.year < today.year - past_years:
        raise Invalid(field, f"cannot be more than {past_years} years ago")


def member_view(row: dict[str, Any]) -> dict[str, Any]:
    """A member as the API and the pages show them: a confidential address never leaves the
    server (it reads "confidential")."""
    return {
        "id": row["id"],
        "given_name": row["given_name"],
        "family_name": row["family_name"],
        "known_as": row["known_as"],
        "role": row["role"],
        "relationship": row["relationship"],
        "date_of_birth": row["date_of_birth"],
        "parental_responsibility": row["parental_responsibility"],
        "address": "confidential" if row["address_confidential"] else row["address"],
        "address_confidential": row["address_confidential"],
        "portal_restricted": row["portal_restricted"],
        "phone": row["phone"],
        "preferred_language": row["preferred_language"],
        "interpreter_needed": row["interpreter_needed"],
        "case_system_id": row["case_system_id"],
        "nhs_number": row["nhs_number"],
        "from_date": row["from_date"],
        "to_date": row["to_date"],
        "has_portal_account": row["person"] is not None,
        "revision": row["revision"],
    }


@dataclass(frozen=True)
class ObjectiveState:
    id: str
    title: str


@dataclass(frozen=True)
class Decision:
    objective: str
    decision: str  # carry, achieved, dropped
    reason: str


def closure_decisions(
    open_objectives: list[ObjectiveState], given: list[tuple[str, str, str]]
) -> list[Decision]:
    """Closing an episode decides every open objective (DESIGN.md invariant 5).

    Every open objective needs exactly one decision; a decision about anything else, or a
    drop without a reason, is refused, naming the entry at fault.
    """
    open_ids = {o.id for o in open_objectives}
    decided: dict[str, Decision] = {}
    for index, (objective, decision, reason) in enumerate(given):
        field = f"objectives[{index}]"
        if objective not in open_ids:
            raise Invalid(f"{field}.id", "is not an open objective of this episode")
        if objective in decided:
            raise Invalid(f"{field}.id", "is decided twice")
        if decision == "dropped" and not reason.strip():
            raise Invalid(f"{field}.reason", "say why this objective is dropped")
        decided[objective] = Decision(objective, decision, reason.strip())
    missing = [o.title for o in open_objectives if o.id not in decided]
    if missing:
        raise Invalid(
            "objectives",
            "decide every open objective: carry it, achieved or dropped. "
            f"Not decided: {', '.join(missing)}",
        )
    return list(decided.values())
