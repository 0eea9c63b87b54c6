"""Request shapes of the concerns API. Bounds here are the API's validation (422 naming the
field)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import msgspec

from careplan.concerns.vocabulary import DECISIONS, SERIOUSNESS

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


EXAMPLES: dict[type, dict[str, Any]] = {
    NewConcern: {
        "member": "3f1c5a0e-8d2b-4a1e-9c77-2f5d9b1e0a11",
        "what": "At clinic, Alfie had bruises on both upper arms.",
        "seriousness": "high",
        "observed_on": "2026-11-20",
    },
    ConcernPatch: {"decision": "assessment", "revision": 2},
}
