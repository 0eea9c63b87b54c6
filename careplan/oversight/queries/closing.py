"""What closing an episode ends, for the person about to close it to see and confirm: the
statutory dates it is working to (careplan.oversight.rules, by the local authority's clocks)
and its plan's meetings still booked. Read only; access is checked by the families service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from careplan.access.principal import Principal
from careplan.families import service as families
from careplan.lib.clock import start_of_day
from careplan.meetings.queries import caseload as meetings
from careplan.oversight.queries.caseload import clocks_of
from careplan.oversight.rules import CONFERENCES, KEPT_TWO, episode_dates


async def what_closing_ends(
    principal: Principal, episode_id: Any, today: dt.date | None = None
) -> dict[str, Any]:
    """The dates due and the meetings booked that closing the episode ends (NotFound, as
    `families.get_episode`, for anyone who may not see it)."""
    today = today or dt.date.today()
    episode = await families.get_episode(principal, episode_id)
    plan_id = episode["plan"]
    if plan_id is None or episode["closed_on"] is not None:
        return {"dates": [], "meetings": []}
    local_authority = await families.local_authority_of(principal, episode["id"])
    clocks = (await clocks_of({local_authority}))[local_authority]
    since = start_of_day(today)
    dating = await meetings.dating_meetings(
        [plan_id], since, decided_kinds=CONFERENCES, keep_two=KEPT_TWO
    )
    return {
        "dates": episode_dates(episode, dating, clocks),
        "meetings": await meetings.booked_from(plan_id, since),
    }
