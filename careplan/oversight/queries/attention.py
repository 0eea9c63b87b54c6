"""What a caseload needs of the plans: read-only batch queries over many families at once.

For the caseload and the family page (`caseload`, `family_page`): each function takes the
families (or episodes) already checked by `careplan.access.permissions` and answers in a
fixed number of queries, whatever the families' history.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from piccolo.columns.combination import WhereRaw

from careplan.access.audience import Audience
from careplan.lib.columns import loaded
from careplan.meetings.tables import Agreement
from careplan.plans.queries.progress import latest_check_ins_of_objectives
from careplan.plans.tables import FamilyView, Objective, Plan, PlanVersion

# Parents and carers are asked for their answer; children see their view but are not chased.
ANSWERING_ROLES = ("parent", "carer")


def _as_date(value: Any) -> dt.date | None:
    """SQLite gives an aggregate over a date column back as text."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


async def plans_of_episodes(episode_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """episode -> its plan, in one query."""
    if not episode_ids:
        return {}
    rows = await Plan.select(Plan.id, Plan.episode).where(Plan.episode.is_in(list(episode_ids)))
    return {row["episode"]: row["id"] for row in rows}


async def open_plans(family_ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """The plans of the families' open episodes: id, family, episode."""
    if not family_ids:
        return []
    return await Plan.select(Plan.id, Plan.family, Plan.episode).where(
        Plan.family.is_in(list(family_ids)) & Plan.episode.closed_on.is_null()
    )


async def stale_objectives(
    family_ids: Sequence[uuid.UUID],
    today: dt.date,
    days: int = 28,
    *,
    sees: Callable[[Audience], bool],
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """family -> the open objectives of its open episodes with no progress for `days` days
    (counting from the objective's start when its thread has none), of those the reader sees
    (`sees`: their audience rule, `permissions.professional_sees`). Two queries."""
    if not family_ids:
        return {}
    objectives = await Objective.select(
        Objective.id,
        Objective.family,
        Objective.thread,
        Objective.title,
        Objective.created_at,
        Objective.audience_kind,
        Objective.audience_ids,
        Objective.plan.as_alias("plan"),
    ).where(
        Objective.family.is_in(list(family_ids))
        & (Objective.status == "open")
        & Objective.removed_at.is_null()
        & Objective.plan.episode.closed_on.is_null()
    )
    objectives = [
        row
        for row in objectives
        if sees(Audience.from_columns(row["audience_kind"], loaded(row["audience_ids"])))
    ]
    if not objectives:
        return {}
    ids = [row["id"] for row in objectives]
    latest = await latest_check_ins_of_objectives(ids)
    last_by_thread = {row["thread"]: _as_date(row["latest"]) for row in latest}
    cutoff = today - dt.timedelta(days=days)
    out: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for row in objectives:
        last = last_by_thread.get(row["thread"])
        since = last or row["created_at"].date()
        if since <= cutoff:
            out.setdefault(row["family"], []).append(
                {"id": row["id"], "title": row["title"], "plan": row["plan"], "last": last}
            )
    return out


async def latest_versions(family_ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """The newest version of each open plan of the families, with who has not yet answered
    it (parents and carers who were given a view of it). Three queries."""
    if not family_ids:
        return []
    versions = await PlanVersion.select(
        PlanVersion.id,
        PlanVersion.family,
        PlanVersion.plan,
        PlanVersion.number,
        PlanVersion.label,
        PlanVersion.shared_at,
        PlanVersion.created_at,
    ).where(
        PlanVersion.family.is_in(list(family_ids))
        & PlanVersion.plan.episode.closed_on.is_null()
        # Only the newest of each plan: a row a plan however many versions it has (the
        # unique index on (plan, number) answers the subquery).
        & WhereRaw(
            '"plan_version"."number" = (SELECT MAX(newer.number) FROM plan_version newer'
            ' WHERE newer.plan = "plan_version"."plan")'
        )
    )
    newest = {row["plan"]: row for row in versions}
    shared = [row["id"] for row in newest.values() if row["shared_at"] is not None]
    views = (
        await FamilyView.select(
            FamilyView.version,
            FamilyView.member,
            FamilyView.member.given_name.as_alias("given_name"),
            FamilyView.member.role.as_alias("role"),
        ).where(FamilyView.version.is_in(shared))
        if shared
        else []
    )
    answers = (
        await Agreement.select(Agreement.version, Agreement.member).where(
            Agreement.version.is_in(shared)
        )
        if shared
        else []
    )
    answered = {(row["version"], row["member"]) for row in answers}
    waiting: dict[uuid.UUID, list[str]] = {}
    for view in views:
        if view["role"] in ANSWERING_ROLES and (view["version"], view["member"]) not in answered:
            waiting.setdefault(view["version"], []).append(view["given_name"])
    out = []
    for row in sorted(newest.values(), key=lambda r: (str(r["family"]), r["number"])):
        out.append({**row, "awaiting_answer_from": sorted(waiting.get(row["id"], []))})
    return out
