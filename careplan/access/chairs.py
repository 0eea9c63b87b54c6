"""The families a professional chairs a meeting of, as access needs them.

The chair of a meeting (a conference's independent chair, a core group's chair) reads the
family's plan, its versions, the family's views and the meeting's record, read-only and
without joining the team (see `permissions.decide`, via "chair"). Meetings sit above access
in the layout, so access does not read their tables: it states here what it needs and the
meetings slice answers (`careplan.meetings.queries.chairs`, registered by `careplan.wiring`).
A meeting that was cancelled gives its chair nothing.
"""

from __future__ import annotations

import uuid
from typing import Protocol


class Chairs(Protocol):
    """What the meetings slice answers (see the module's docstring)."""

    async def chairs(self, family_id: uuid.UUID, person_id: uuid.UUID) -> bool:
        """Whether the person chairs a meeting of the family that was not cancelled."""
        ...

    async def chaired_families(self, person_id: uuid.UUID) -> dict[uuid.UUID, int]:
        """Every family the person chairs a meeting of that was not cancelled, with the
        family's revision (as `permissions.visible_families`)."""
        ...


_source: list[Chairs] = []


def use(source: Chairs) -> None:
    """Who answers for chairs (wiring only)."""
    _source[:] = [source]


def _chairs() -> Chairs:
    if not _source:
        raise RuntimeError("no answer for meetings' chairs: import careplan.wiring first")
    return _source[0]


async def chairs(family_id: uuid.UUID, person_id: uuid.UUID) -> bool:
    return await _chairs().chairs(family_id, person_id)


async def chaired_families(person_id: uuid.UUID) -> dict[uuid.UUID, int]:
    return await _chairs().chaired_families(person_id)
