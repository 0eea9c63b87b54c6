"""Request and response shapes of the concerns API. Bounds on a request are the API's
validation (422 naming the field); a response shape is a body exactly as the service gives it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import msgspec

from careplan.concerns.vocabulary import DECISIONS, SERIOUSNESS
from careplan.lib.shapes import Out

Seriousness = Annotated[str, msgspec.Meta(pattern="^(" + "|".join(SERIOUSNESS) + ")$")]
DecisionWord = Annotated[str, msgspec.Meta(pattern="^(" + "|".join(DECISIONS) + ")$")]
# Any text but NUL, which no database column takes.
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=4000, pattern="^[^\\x00]*$")]
Revision = Annotated[int, msgspec.Meta(ge=1, le=2_000_000_000)]


class NewConcern(msgspec.Struct, forbid_unknown_fields=True):
    member: uuid.UUID
    what: Text
    seriousness: Seriousness
    observed_on: dt.date


class ConcernPatch(msgspec.Struct, forbid_unknown_fields=True):
    """One or more steps: acknowledge, decide, record the assessment, record the outcome."""

    revision: Revision | None = None
    acknowledge: bool | None = None
    decision: DecisionWord | None = None
    assessed_on: dt.date | None = None
    outcome: Text | None = None


# ---------------------------------------------------------------------------- responses


class RaisedOut(Out):
    """A concern as its raiser reads it back: only its id, status and when a decision is due
    (the raiser may not be on the family's team)."""

    id: uuid.UUID
    status: str
    decision_due_at: dt.datetime


class ConcernOut(Out):
    """A concern about a child, with its clocks: `overdue_clock` names the one that has run
    out ("decision" or "assessment"), `escalation_due` how far it should be escalated (0 on
    time, 1 the team's managers, 2 senior managers)."""

    id: uuid.UUID
    family: uuid.UUID | None
    member: uuid.UUID | None
    raised_by: uuid.UUID
    raised_by_agency: uuid.UUID
    what: str
    seriousness: str
    observed_on: dt.date
    raised_at: dt.datetime
    status: str
    acknowledged_at: dt.datetime | None
    acknowledged_by: uuid.UUID | None
    decision_due_at: dt.datetime
    decision: str | None
    decided_at: dt.datetime | None
    decided_by: uuid.UUID | None
    assessment_due_on: dt.date | None
    assessed_on: dt.date | None
    outcome: str | None
    escalation_level: int
    escalated_at: dt.datetime | None
    revision: int
    overdue: bool
    overdue_clock: str | None
    escalation_due: int


EXAMPLES: dict[type, dict[str, Any]] = {
    NewConcern: {
        "member": "3f1c5a0e-8d2b-4a1e-9c77-2f5d9b1e0a11",
        "what": "At clinic, Alfie had bruises on both upper arms.",
        "seriousness": "high",
        "observed_on": "2026-11-20",
    },
    ConcernPatch: {"decision": "assessment", "revision": 2},
}
