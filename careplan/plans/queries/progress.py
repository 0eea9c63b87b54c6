"""The latest check-in on each of a plan's objectives, as the editor shows it: in one
statement whatever the length of the history."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from careplan.access.permissions import FamilyAccess
from careplan.plans.service.presenting import audience_of
from careplan.plans.tables import ProgressEntry


def _progress_row(row: dict[str, Any]) -> dict[str, Any]:
    """A raw row as the ORM gives it (SQLite's raw rows have text for uuids and dates)."""
    out = dict(row)
    for key in ("thread", "objective"):
        out[key] = uuid.UUID(str(row[key]))
    if not isinstance(row["recorded_on"], dt.date):
        out["recorded_on"] = dt.date.fromisoformat(str(row["recorded_on"])[:10])
    return out


LATEST_SQL = """
SELECT thread, objective, recorded_on, value, note, audience_kind, audience_ids,
       by_thread, by_objective
FROM (
    SELECT p.thread, p.objective, p.recorded_on, p.value, p.note,
           o.audience_kind, o.audience_ids,
           ROW_NUMBER() OVER (
               PARTITION BY p.thread ORDER BY p.recorded_on DESC, p.created_at DESC
           ) AS by_thread,
           ROW_NUMBER() OVER (
               PARTITION BY p.objective ORDER BY p.recorded_on DESC, p.created_at DESC
           ) AS by_objective
    FROM progress_entry p JOIN objective o ON o.id = p.objective
    WHERE p.family = {} AND p.removed_at IS NULL AND p.thread IN (%s)
) AS ranked
WHERE by_thread = 1 OR (by_objective = 1 AND objective IN (%s))
"""


async def latest_progress(
    access: FamilyAccess, objectives: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """The latest check-in on each objective's thread, by objective id, in one statement
    whatever the history: the latest on the objective itself when the thread's latest was
    recorded on an earlier objective whose audience does not include the reader."""
    if not objectives:
        return {}
    threads = sorted({o["thread"] for o in objectives})
    ids = [o["id"] for o in objectives]
    sql = LATEST_SQL % (", ".join("{}" for _ in threads), ", ".join("{}" for _ in ids))
    rows = [
        _progress_row(r) for r in await ProgressEntry.raw(sql, access.family_id, *threads, *ids)
    ]
    by_thread = {r["thread"]: r for r in rows if r["by_thread"] == 1}
    by_objective = {r["objective"]: r for r in rows if r["by_objective"] == 1}
    out: dict[str, dict[str, Any]] = {}
    for objective in objectives:
        entry = by_thread.get(objective["thread"])
        if entry is not None and not access.sees(audience_of(entry)):
            entry = by_objective.get(objective["id"])
        if entry is not None:
            out[str(objective["id"])] = {k: entry[k] for k in ("recorded_on", "value", "note")}
    return out
