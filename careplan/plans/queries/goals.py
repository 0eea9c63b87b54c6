"""What a family member reads of their goals in the portal: the goals of the view shared with
them (frozen in that view), with the live progress of each goal's thread.

The goals themselves come only from the member's own family view (made by
`rules.family_view_document`, so only what their audience includes). Progress is live: it
is read from the threads of those goals, in the member's family, in a fixed number of
queries whatever the history. Another person's note is never returned: only their values.
"""

from __future__ import annotations

import uuid
from typing import Any

from careplan.access import members, permissions
from careplan.access.audience import Audience
from careplan.access.principal import Principal
from careplan.lib.columns import loaded
from careplan.lib.errors import NotFound
from careplan.plans.tables import Objective, ProgressEntry


async def my_goals(principal: Principal, view: dict[str, Any]) -> list[dict[str, Any]]:
    """The goals of `view` (from `service.my_view`), each with its thread's progress.

    Each goal: the view's entry (title, why, measure, due_on, owner, status), `id`,
    `open` (a check-in can be recorded now), `carried` (it continues in a new plan),
    `progress` (every check-in on its thread, oldest first: recorded_on, value, by_kind, mine,
    note (only for mine), by_name).
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


async def _live_objectives(
    family_id: uuid.UUID, ids: list[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The goals' objectives as they are now (still open? still for this member?)."""
    rows = await Objective.select(
        Objective.id,
        Objective.status,
        Objective.removed_at,
        Objective.audience_kind,
        Objective.audience_ids,
    ).where(Objective.id.is_in(ids) & (Objective.family == family_id))
    return {row["id"]: row for row in rows}


async def _progress_by_thread(
    family_id: uuid.UUID, member_id: str, person_id: uuid.UUID | None, threads: list[uuid.UUID]
) -> dict[str, list[dict[str, Any]]]:
    """Every check-in on the threads the member may read, oldest first, by thread: values
    only, but for the member's own, with their notes."""
    progress = (
        await ProgressEntry.select(
            ProgressEntry.id,
            ProgressEntry.thread,
            ProgressEntry.recorded_on,
            ProgressEntry.value,
            ProgressEntry.note,
            ProgressEntry.by_kind,
            ProgressEntry.by_person,
            ProgressEntry.by_person.name.as_alias("by_name"),
            ProgressEntry.created_at,
            ProgressEntry.objective.audience_kind.as_alias("audience_kind"),
            ProgressEntry.objective.audience_ids.as_alias("audience_ids"),
        )
        .where(
            ProgressEntry.thread.is_in(threads)
            & (ProgressEntry.family == family_id)
            & ProgressEntry.removed_at.is_null()
        )
        .order_by(ProgressEntry.recorded_on)
        .order_by(ProgressEntry.created_at)
    )
    by_thread: dict[str, list[dict[str, Any]]] = {}
    for row in progress:
        # A check-in follows the audience of the objective it was recorded on (an earlier
        # objective of the thread may have been for professionals or another member alone).
        audience = Audience.from_columns(row["audience_kind"], loaded(row["audience_ids"]))
        if not audience.includes_member(member_id):
            continue
        mine = person_id is not None and row["by_person"] == person_id
        by_thread.setdefault(str(row["thread"]), []).append(
            {
                "id": row["id"],
                "recorded_on": row["recorded_on"],
                "value": row["value"],
                "by_kind": row["by_kind"],
                "by_name": row["by_name"],
                "mine": mine,
                "note": row["note"] if mine else "",
            }
        )
    return by_thread


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
    live = await _live_objectives(family_id, [uuid.UUID(key) for key in entries])
    threads = [uuid.UUID(entry["thread"]) for entry in entries.values()]
    by_thread = await _progress_by_thread(family_id, member_id, person_id, threads)
    goals = []
    for key, entry in sorted(entries.items(), key=lambda kv: (kv[1]["position"], kv[1]["title"])):
        row = live.get(uuid.UUID(key))
        still_mine = row is not None and Audience.from_columns(
            row["audience_kind"], loaded(row["audience_ids"])
        ).includes_member(member_id)
        goals.append(
            {
                **entry,
                "id": uuid.UUID(key),
                "open": bool(still_mine and row["status"] == "open" and row["removed_at"] is None),
                # Kept open to carry when its episode closed: it continues in the next plan.
                "carried": bool(
                    still_mine and row["status"] == "carried" and row["removed_at"] is None
                ),
                "progress": by_thread.get(entry["thread"], []),
            }
        )
    return goals
