"""A plan's state (issue 18, item 8): the move asked for, and the state with its history."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import msgspec

from careplan.lib.shapes import Out
from careplan.lib.text import PRINTABLE


class StateMove(msgspec.Struct, forbid_unknown_fields=True):
    """Move the plan: `state` (outline, detailed, agreed, active, under_review, ended,
    stepped_down), why, and the plan's revision the move is based on (optional)."""

    state: Annotated[str, msgspec.Meta(max_length=40)]
    reason: Annotated[str, PRINTABLE, msgspec.Meta(max_length=2000)]
    revision: int | None = None


class StateChangeOut(Out):
    id: uuid.UUID
    from_state: str
    to_state: str
    moved_by: uuid.UUID
    moved_by_name: str
    reason: str
    meeting: uuid.UUID | None
    created_at: dt.datetime


class PlanStateOut(Out):
    state: str
    revision: int
    next_states: list[str]
    history: list[StateChangeOut]


EXAMPLE = {"state": "detailed", "reason": "The core group wrote the plan out in full."}
