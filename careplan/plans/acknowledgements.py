"""What the plans slice asks the meetings slice before a plan is "agreed": the parties'
acknowledgements of its latest version (each agency's view at the meeting that discussed it,
the parents' answers). Meetings sit above plans in the layout, so plans states here what it
needs and the meetings slice answers (`careplan.meetings.queries.acknowledgements`,
registered by `careplan.wiring`), as access asks meetings for their chairs.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from careplan.plans.states import Acknowledgements


class Source(Protocol):
    async def acknowledgements(self, plan_id: uuid.UUID) -> Acknowledgements: ...


_source: list[Source] = []


def use(source: Source) -> None:
    """Who answers (wiring only)."""
    _source[:] = [source]


async def of_plan(plan_id: uuid.UUID) -> Acknowledgements:
    if not _source:
        raise RuntimeError("no answer for acknowledgements: import careplan.wiring first")
    return await _source[0].acknowledgements(plan_id)
