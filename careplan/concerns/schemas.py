"""Request shapes of the concerns API. Bounds here are the API's validation (422 naming the
field)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import msgspec

from careplan.concerns.vocabulary import DECISIONS, SERIOUSNESS

Seriousness = Annotated[str, msgspec.Meta(pattern="^(" + "|".join(SERIOUSNESS) + ")$")]
DecisionWord = Annotated[str, msgspec.Meta(pattern="^(" + "|".join(DECISIONS) + ")$")]
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]


class NewConcern(msgspec.Struct, forbid_unknown_fields=True):
    member: uuid.UUID
    what: Text
    seriousness: Seriousness
    observed_on: dt.date


class ConcernPatch(msgspec.Struct, forbid_unknown_fields=True):
    """One or more steps: acknowledge, decide, record the assessment, record the outcome."""

    revision: int | None = None
    acknowledge: bool | None = None
    decision: DecisionWord | None = None
    assessed_on: dt.date | None = None
    outcome: Text | None = None
