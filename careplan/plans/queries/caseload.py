"""What a caseload reads of the plans: batch reads over many plans at once, one statement
each whatever the history.

The plans are the open plans of families `careplan.access.permissions` already let the caller
see (`careplan.families.queries.caseload`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from careplan.plans.tables import Objective, PlanVersion


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("{}" for _ in values)


def _as_date(value: Any) -> dt.date | None:
    """SQLite gives an aggregate over a date column back as text."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


# Each open objective's thread's latest check-in (not removed) as one correlated MAX: both
# engines walk the (thread, recorded_on) index backwards and stop at the first entry kept (a
# GROUP BY over every check-in of every thread read 11,226 rows for a caseload of 28 families
# with six years of history). Only the objectives with no progress since `cutoff` come back:
# the latest check-in on or before it, or none and created on or before it (`created_before`:
# the first moment, UTC, of the day after, as the objective's creation day is its UTC date).
_STALE_SQL = """
SELECT id, family, plan, title, audience_kind, audience_ids, latest
FROM (
    SELECT o.id, o.family, o.plan, o.title, o.audience_kind, o.audience_ids, o.created_at,
           o.position,
           (SELECT MAX(p.recorded_on) FROM progress_entry p
            WHERE p.thread = o.thread AND p.removed_at IS NULL) AS latest
    FROM objective o
    WHERE o.plan IN ({plans}) AND o.status = 'open' AND o.removed_at IS NULL
) AS open_objectives
WHERE (latest IS NULL AND created_at < {created_before}) OR latest <= {cutoff}
ORDER BY plan, position, id
"""


async def stale_objectives(plan_ids: Sequence[uuid.UUID], cutoff: dt.date) -> list[dict[str, Any]]:
    """The plans' open objectives (not removed) with no progress on their thread since
    `cutoff`, counting from the objective's creation when the thread has none: id, family,
    plan, title, audience_kind, audience_ids (as stored), latest (the date of the thread's
    latest check-in, or None). In the plans' order of objectives. One statement."""
    if not plan_ids:
        return []
    created_before = dt.datetime.combine(cutoff + dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC)
    sql = _STALE_SQL.format(plans=_marks(plan_ids), created_before="{}", cutoff="{}")
    rows = await Objective.raw(sql, *plan_ids, created_before, cutoff)
    return [{**row, "latest": _as_date(row["latest"])} for row in rows]


# The newest version of each plan: a row a plan however many versions it has (the unique
# index on (plan, number) answers the correlated MAX).
_NEWEST_SQL = """
SELECT v.id, v.family, v.plan, v.number, v.label, v.shared_at, v.created_at
FROM plan_version v
WHERE v.plan IN ({}) AND v.number = (
    SELECT MAX(newer.number) FROM plan_version newer WHERE newer.plan = v.plan
)
"""


async def newest_versions(plan_ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """The newest version of each of the plans that has one: id, family, plan, number, label,
    shared_at, created_at. One statement."""
    if not plan_ids:
        return []
    return await PlanVersion.raw(_NEWEST_SQL.format(_marks(plan_ids)), *plan_ids)
