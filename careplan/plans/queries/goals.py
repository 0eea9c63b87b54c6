"""What a family member reads of their goals in the portal: the goals of the view shared with
them (frozen in that view), with the live progress of each goal's thread.

The goals themselves come only from the member's own family view (made by
`rules.family_view_document`, so only what their audience includes). Progress is live: it
is read from the threads of those goals, in the member's family, in a fixed number of
queries that read a fixed number of rows whatever the history: the check-ins a goal shows,
how many there are and the highest value. Another person's note is never returned: only their
values.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from careplan.access import members, permissions
from careplan.access.audience import Audience
from careplan.access.principal import Principal
from careplan.lib.canonical import decimal_text
from careplan.lib.columns import loaded
from careplan.lib.errors import NotFound
from careplan.plans.tables import Objective, ProgressEntry


async def my_goals(principal: Principal, view: dict[str, Any]) -> list[dict[str, Any]]:
    """The goals of `view` (from `service.my_view`), each with its thread's progress.

    Each goal: the view's entry (title, why, measure, due_on, owner, status), `id`,
    `open` (a check-in can be recorded now), `carried` (it continues in a new plan),
    `progress` (the latest `LATEST` check-ins on its thread, oldest first: id, recorded_on,
    value, by_kind, mine, note (only for mine), by_name), `progress_count` (how many there
    are in all), `mine` and `mine_count` (the member's own latest `LATEST_MINE`, and how many),
    `highest` (the highest value of them all, or None). A page reads the same rows whatever
    the history.
    """
    access = await permissions.family_access(principal, view["family"])
    if not access.is_member or access.member_id != view["member"]:
        raise NotFound("view")
    return await _goals(access.family_id, str(access.member_id), principal.person_id, view)


async def preview_goals(principal: Principal, view: dict[str, Any]) -> list[dict[str, Any]]:
    """The goals a member will see with `view` (from `service.share_preview`), exactly as
    `my_goals` will give them to that member: for a professional who may share the plan,
    checking each member's view before sharing it."""
    access = await permissions.family_access(principal, view["family"])
    if access.is_member:
        raise NotFound("view")
    access.require_editor()
    person = await members.person_of(view["member"], access.family_id)
    return await _goals(access.family_id, str(view["member"]), person, view)


# As many check-ins of a thread as a goal shows: the chart draws the latest 12 and the list
# beside it shows the same; of the member's own, the latest 3 with their notes.
LATEST = 12
LATEST_MINE = 3


async def _objectives_of_threads(
    family_id: uuid.UUID, threads: list[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """Every objective of the goals' threads as it is now, by id: the goals' own (still open?
    still for this member?) and those of earlier plans the threads ran through, whose
    audiences decide which of the threads' check-ins the member may read. One a plan the
    thread ran through: it does not grow with check-ins or versions."""
    rows = await Objective.select(
        Objective.id,
        Objective.status,
        Objective.removed_at,
        Objective.audience_kind,
        Objective.audience_ids,
    ).where(Objective.thread.is_in(threads) & (Objective.family == family_id))
    return {row["id"]: row for row in rows}


def _includes(row: dict[str, Any], member_id: str) -> bool:
    return Audience.from_columns(row["audience_kind"], loaded(row["audience_ids"])).includes_member(
        member_id
    )


# The latest LATEST check-ins of each thread and the member's own latest LATEST_MINE, with how
# many there are and the highest value (a chart's axis and a check-in's choices run to it),
# in one statement whatever the history. Only check-ins on the objectives given are read: those
# whose audience includes the member. Works the same on SQLite and PostgreSQL (window
# functions; values are canonical decimal text, `vocabulary.measure_value`).
PROGRESS_SQL = """
SELECT id, thread, recorded_on, value, note, by_kind, by_person, by_name,
       newest, mine, mine_newest, how_many, mine_how_many, highest
FROM (
    SELECT p.id, p.thread, p.recorded_on, p.value, p.note, p.by_kind, p.by_person,
           person.name AS by_name,
           ROW_NUMBER() OVER (
               PARTITION BY p.thread ORDER BY p.recorded_on DESC, p.created_at DESC, p.id DESC
           ) AS newest,
           CASE WHEN p.by_person = {} THEN 1 ELSE 0 END AS mine,
           ROW_NUMBER() OVER (
               PARTITION BY p.thread, CASE WHEN p.by_person = {} THEN 1 ELSE 0 END
               ORDER BY p.recorded_on DESC, p.created_at DESC, p.id DESC
           ) AS mine_newest,
           COUNT(*) OVER (PARTITION BY p.thread) AS how_many,
           SUM(CASE WHEN p.by_person = {} THEN 1 ELSE 0 END) OVER (PARTITION BY p.thread)
               AS mine_how_many,
           MAX(CAST(p.value AS NUMERIC)) OVER (PARTITION BY p.thread) AS highest
    FROM progress_entry p JOIN person ON person.id = p.by_person
    WHERE p.family = {} AND p.removed_at IS NULL AND p.thread IN (%s) AND p.objective IN (%s)
) AS ranked
WHERE newest <= %d OR (mine = 1 AND mine_newest <= %d)
ORDER BY thread, newest DESC
"""


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _date(value: Any) -> dt.date:
    """A date as the engine gives it (SQLite's raw rows have text)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


async def _progress_by_thread(
    family_id: uuid.UUID,
    member_id: str,
    person_id: uuid.UUID | None,
    threads: list[uuid.UUID],
    objectives: dict[uuid.UUID, dict[str, Any]],
) -> dict[str, dict[str, Any]]:
    """By thread: the latest check-ins the member may read (`progress`, oldest first: values
    only, but for the member's own, with their notes), the member's own latest (`mine`), how
    many there are of each, and the highest value."""
    # A check-in follows the audience of the objective it was recorded on (an earlier
    # objective of the thread may have been for professionals or another member alone).
    readable = sorted(key for key, row in objectives.items() if _includes(row, member_id))
    if not readable:
        return {}
    sql = PROGRESS_SQL % (
        ", ".join("{}" for _ in threads),
        ", ".join("{}" for _ in readable),
        LATEST,
        LATEST_MINE,
    )
    rows = await ProgressEntry.raw(
        sql, person_id, person_id, person_id, family_id, *threads, *readable
    )
    by_thread: dict[str, dict[str, Any]] = {}
    for row in rows:
        thread = by_thread.setdefault(
            str(_uuid(row["thread"])),
            {
                "progress": [],
                "mine": [],
                "how_many": int(row["how_many"]),
                "mine_how_many": int(row["mine_how_many"] or 0) if person_id else 0,
                "highest": None if row["highest"] is None else decimal_text(str(row["highest"])),
            },
        )
        mine = person_id is not None and _uuid(row["by_person"]) == person_id
        entry = {
            "id": _uuid(row["id"]),
            "recorded_on": _date(row["recorded_on"]),
            "value": row["value"],
            "by_kind": row["by_kind"],
            "by_name": row["by_name"],
            "mine": mine,
            "note": row["note"] if mine else "",
        }
        if int(row["newest"]) <= LATEST:
            thread["progress"].append(entry)
        if mine and int(row["mine_newest"]) <= LATEST_MINE:
            thread["mine"].append(entry)
    return by_thread


NO_PROGRESS: dict[str, Any] = {
    "progress": [],
    "mine": [],
    "how_many": 0,
    "mine_how_many": 0,
    "highest": None,
}


async def _goals(
    family_id: uuid.UUID, member_id: str, person_id: uuid.UUID | None, view: dict[str, Any]
) -> list[dict[str, Any]]:
    entries = {
        key: entry
        for key, entry in view["content"].get("objectives", {}).items()
        if Audience.parse(entry["audience"]).includes_member(member_id)
    }
    if not entries:
        return []
    threads = sorted({uuid.UUID(entry["thread"]) for entry in entries.values()})
    live = await _objectives_of_threads(family_id, threads)
    by_thread = await _progress_by_thread(family_id, member_id, person_id, threads, live)
    goals = []
    for key, entry in sorted(entries.items(), key=lambda kv: (kv[1]["position"], kv[1]["title"])):
        row = live.get(uuid.UUID(key))
        still_mine = row is not None and _includes(row, member_id)
        progress = by_thread.get(entry["thread"], NO_PROGRESS)
        goals.append(
            {
                **entry,
                "id": uuid.UUID(key),
                "open": bool(still_mine and row["status"] == "open" and row["removed_at"] is None),
                # Kept open to carry when its episode closed: it continues in the next plan.
                "carried": bool(
                    still_mine and row["status"] == "carried" and row["removed_at"] is None
                ),
                "progress": progress["progress"],
                "mine": progress["mine"],
                "progress_count": progress["how_many"],
                "mine_count": progress["mine_how_many"],
                "highest": progress["highest"],
            }
        )
    return goals
