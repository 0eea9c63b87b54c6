"""What a caseload needs of the plans: read-only batch queries over many plans at once.

For the caseload (`caseload`): each function takes the open plans of families already
checked by `careplan.access.permissions` and answers in a fixed number of queries, whatever
the families' history.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from careplan.access.audience import Audience
from careplan.lib.columns import loaded
from careplan.meetings.queries import caseload as meeting_reads
from careplan.plans.queries import caseload as plan_reads

# Parents and carers are asked for their answer; children see their view but are not chased.
ANSWERING_ROLES = ("parent", "carer")


async def stale_objectives(
    plan_ids: Sequence[uuid.UUID],
    today: dt.date,
    days: int = 28,
    *,
    sees: Callable[[Audience], bool],
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """family -> the open objectives of the (open) plans with no progress for `days` days
    (counting from the objective's start when its thread has none), of those the reader sees
    (`sees`: their audience rule, `permissions.professional_sees`). One query."""
    rows = await plan_reads.stale_objectives(plan_ids, today - dt.timedelta(days=days))
    out: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for row in rows:
        if sees(Audience.from_columns(row["audience_kind"], loaded(row["audience_ids"]))):
            out.setdefault(row["family"], []).append(
                {"id": row["id"], "title": row["title"], "plan": row["plan"], "last": row["latest"]}
            )
    return out


async def latest_versions(plan_ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """The newest version of each of the (open) plans, with who has not yet answered it
    (parents and carers who were given a view of it). Two queries."""
    newest = await plan_reads.newest_versions(plan_ids)
    shared = [row["id"] for row in newest if row["shared_at"] is not None]
    waiting = await meeting_reads.not_yet_answered(shared, ANSWERING_ROLES)
    return [
        {**row, "awaiting_answer_from": waiting.get(row["id"], [])}
        for row in sorted(newest, key=lambda r: (str(r["family"]), r["number"]))
    ]
