"""Objective threads: one objective's whole life across plans and episodes, with its
check-ins, as far as the reader's audience goes.

A thread follows the audience of its current objective; each earlier objective, and each
check-in recorded on it, follows its own.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from careplan.access import permissions
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.lib.errors import NotFound
from careplan.plans import episodes, rules
from careplan.plans.service.presenting import (
    audience_of,
    measure_out,
    objective_out,
    progress_out,
    thread_out,
)
from careplan.plans.tables import Objective, ObjectiveThread, ProgressEntry


def _readable_thread(
    access: FamilyAccess, thread: dict[str, Any], objectives: list[dict[str, Any]]
) -> tuple[str, list[dict[str, Any]]] | None:
    """A thread as the reader may read it: its title and the objectives (oldest first) they
    see, or None when the thread is hidden from them (its current objective is not for
    them). The thread's own title was its first objective's: shown only to those who see that
    one; others read the title of its latest objective."""
    seen = rules.thread_steps_seen([audience_of(o) for o in objectives], access.sees)
    if seen is None:
        return None
    title = thread["title"] if not objectives or 0 in seen else objectives[-1]["title"]
    return title, [objectives[index] for index in seen]


async def get_thread(principal: Principal, thread_id: Any) -> dict[str, Any]:
    """One objective's whole life: every plan and episode it ran through, every check-in,
    as far as the reader's audience goes (a thread follows its current objective's audience,
    each check-in the audience of the objective it was recorded on)."""
    access = await permissions.access_to_record(principal, ObjectiveThread, thread_id, "thread")
    if access.is_member:
        raise NotFound("thread")
    thread = (
        await ObjectiveThread.select()
        .where(ObjectiveThread.id == uuid.UUID(str(thread_id)))
        .first()
    )
    objectives = (
        await Objective.select(*Objective.all_columns(), Objective.plan.episode.as_alias("episode"))
        .where(Objective.thread == thread["id"])
        .order_by(Objective.created_at)
    )
    readable = _readable_thread(access, thread, objectives)
    if readable is None:
        raise NotFound("thread")
    title, shown = readable
    shown_ids = {o["id"] for o in shown}
    kinds = {
        key: e.kind for key, e in (await episodes.facts([o["episode"] for o in shown])).items()
    }
    progress = (
        await ProgressEntry.select()
        .where((ProgressEntry.thread == thread["id"]) & ProgressEntry.removed_at.is_null())
        .order_by(ProgressEntry.recorded_on)
    )
    return {
        **thread_out(thread),
        "title": title,
        "objectives": [
            {**objective_out(o), "episode": o["episode"], "episode_kind": kinds[o["episode"]]}
            for o in shown
        ],
        "progress": [progress_out(p) for p in progress if p["objective"] in shown_ids],
    }


async def _family_rows(
    family_id: uuid.UUID,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A family's threads and objectives: two queries whatever the history."""
    threads = (
        await ObjectiveThread.select()
        .where(ObjectiveThread.family == family_id)
        .order_by(ObjectiveThread.started_on)
    )
    objectives = (
        await Objective.select(
            Objective.id,
            Objective.thread,
            Objective.title,
            Objective.status,
            Objective.target,
            Objective.baseline,
            Objective.measure_kind,
            Objective.unit,
            Objective.audience_kind,
            Objective.audience_ids,
            Objective.plan.episode.as_alias("episode"),
        )
        .where(Objective.family == family_id)
        .order_by(Objective.created_at)
    )
    return threads, objectives


# Each thread's latest check-in and how many it has, on the objectives given (those the reader
# sees): one row a thread, in one statement whatever the history (window functions, on SQLite
# and PostgreSQL alike).
LATEST_OF_THREADS_SQL = """
SELECT thread, recorded_on, value, how_many
FROM (
    SELECT p.thread, p.recorded_on, p.value,
           ROW_NUMBER() OVER (
               PARTITION BY p.thread ORDER BY p.recorded_on DESC, p.created_at DESC, p.id DESC
           ) AS newest,
           COUNT(*) OVER (PARTITION BY p.thread) AS how_many
    FROM progress_entry p
    WHERE p.family = {} AND p.removed_at IS NULL AND p.objective IN (%s)
) AS ranked
WHERE newest = 1
"""


async def _latest_of_threads(
    family_id: uuid.UUID, objective_ids: list[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """By thread: its latest check-in on those objectives (recorded_on, value) and how many."""
    if not objective_ids:
        return {}
    sql = LATEST_OF_THREADS_SQL % ", ".join("{}" for _ in objective_ids)
    rows = await ProgressEntry.raw(sql, family_id, *objective_ids)
    out = {}
    for row in rows:
        recorded_on = row["recorded_on"]
        if not isinstance(recorded_on, dt.date):  # SQLite's raw rows have text
            recorded_on = dt.date.fromisoformat(str(recorded_on)[:10])
        thread = row["thread"]
        out[thread if isinstance(thread, uuid.UUID) else uuid.UUID(str(thread))] = {
            "recorded_on": recorded_on,
            "value": row["value"],
            "how_many": int(row["how_many"]),
        }
    return out


def _thread_summary(
    thread: dict[str, Any],
    title: str,
    steps: list[dict[str, Any]],
    latest: dict[str, Any] | None,
    count: int,
) -> dict[str, Any]:
    last = steps[-1] if steps else None
    return {
        **thread_out(thread),
        "title": title,
        "episodes": [s["episode"] for s in steps],
        "objectives": [
            {"id": s["id"], "episode": s["episode"], "status": s["status"]} for s in steps
        ],
        "measure": None if last is None else measure_out(last),
        "progress_count": count,
        "latest": None
        if latest is None
        else {"recorded_on": latest["recorded_on"], "value": latest["value"]},
    }


async def threads_of_family(access: FamilyAccess) -> list[dict[str, Any]]:
    """Every thread the reader may read, with the episodes it ran through, its latest check-in
    and how many it has, in three queries reading a row a thread and a row an objective
    whatever the history: each thread, step and check-in follows its objective's audience
    (see `get_thread`)."""
    threads, objectives = await _family_rows(access.family_id)
    by_thread: dict[Any, list[dict[str, Any]]] = {}
    for objective in objectives:
        by_thread.setdefault(objective["thread"], []).append(objective)
    readable: dict[Any, tuple[str, list[dict[str, Any]]]] = {}
    for thread in threads:
        found = _readable_thread(access, thread, by_thread.get(thread["id"], []))
        if found is not None:
            readable[thread["id"]] = found
    shown_objectives = sorted(o["id"] for _, steps in readable.values() for o in steps)
    latest = await _latest_of_threads(access.family_id, shown_objectives)
    counts = {thread: entry["how_many"] for thread, entry in latest.items()}
    return [
        _thread_summary(
            thread, *readable[thread["id"]], latest.get(thread["id"]), counts.get(thread["id"], 0)
        )
        for thread in threads
        if thread["id"] in readable
    ]
