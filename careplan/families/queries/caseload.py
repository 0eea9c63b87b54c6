"""What a caseload reads of the families: each family with its key worker now, its open
episodes and their plans, in one statement for any number of families.

The families are those `careplan.access.permissions` already let the caller see.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from careplan.families.tables import Family

# A row a family with no open episode, a row an open episode otherwise (each episode has at
# most one plan, and a family at most one key worker now: partial unique index).
_FAMILIES_SQL = """
SELECT f.id, f.name, f.case_reference, f.local_authority,
       (SELECT p.name FROM team_member t JOIN person p ON p.id = t.person
        WHERE t.family = f.id AND t.key_worker = {} AND t.left_on IS NULL
        LIMIT 1) AS key_worker,
       e.id AS episode, e.kind AS episode_kind, e.opened_on AS episode_opened_on,
       pl.id AS plan,
       c.kind AS closed_kind, c.closed_on AS closed_on, c.close_outcome AS closed_outcome,
       c.close_reason AS closed_reason, cp.name AS closed_by
FROM family f
LEFT JOIN episode e ON e.family = f.id AND e.closed_on IS NULL
LEFT JOIN plan pl ON pl.episode = e.id
LEFT JOIN episode c ON c.id = (
    SELECT c2.id FROM episode c2
    WHERE c2.family = f.id AND c2.closed_on IS NOT NULL AND c2.closed_on >= {}
    ORDER BY c2.closed_on DESC, c2.id DESC LIMIT 1)
LEFT JOIN person cp ON cp.id = c.closed_by
WHERE f.id IN ({})
ORDER BY f.id, e.opened_on, e.id
"""


async def caseload_families(
    family_ids: Sequence[uuid.UUID], closed_since: dt.date
) -> list[dict[str, Any]]:
    """The families (id, name, case_reference, local_authority, key_worker: their key
    worker's name now or None), each with its open episodes (id, family, kind, opened_on),
    by episode the plan of each that has one, and the episode closed last on or after
    `closed_since` (`closed`: kind, closed_on, outcome, reason and who closed it, by name;
    None when none was). One statement."""
    if not family_ids:
        return []
    marks = ", ".join("{}" for _ in family_ids)
    sql = _FAMILIES_SQL.replace("IN ({})", f"IN ({marks})")
    rows = await Family.raw(sql, True, closed_since, *family_ids)
    families: dict[Any, dict[str, Any]] = {}
    for row in rows:
        family = families.get(row["id"])
        if family is None:
            family = families[row["id"]] = {
                "id": row["id"],
                "name": row["name"],
                "case_reference": row["case_reference"],
                "local_authority": row["local_authority"],
                "key_worker": row["key_worker"],
                "episodes": [],
                "plan_of_episode": {},
                "closed": None
                if row["closed_on"] is None
                else {
                    "kind": row["closed_kind"],
                    "closed_on": row["closed_on"],
                    "outcome": row["closed_outcome"],
                    "reason": row["closed_reason"],
                    "by": row["closed_by"],
                },
            }
        if row["episode"] is not None:
            family["episodes"].append(
                {
                    "id": row["episode"],
                    "family": row["id"],
                    "kind": row["episode_kind"],
                    "opened_on": row["episode_opened_on"],
                }
            )
            if row["plan"] is not None:
                family["plan_of_episode"][row["episode"]] = row["plan"]
    return list(families.values())
