"""Plans' bulk loader, for the demo and the benchmarks: rows of plans' own tables (plans, items,
threads and objectives, progress, scaling, versions and family views) inserted as they are
given, many at once.

A table is named as in the database (`plan_version`); `TABLE_NAMES` lists them parents first.
No use case runs and no audit event is written: the caller loads a whole story in one
transaction of its own (`careplan.demo.loader`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from careplan.lib import bulk
from careplan.plans.tables import (
    FamilyView,
    Item,
    Objective,
    ObjectiveThread,
    Plan,
    PlanStateChange,
    PlanVersion,
    ProgressEntry,
    Scaling,
)

TABLES = bulk.by_name(
    Plan,
    Item,
    ObjectiveThread,
    Objective,
    ProgressEntry,
    Scaling,
    PlanVersion,
    FamilyView,
    PlanStateChange,
)
TABLE_NAMES = tuple(TABLES)


async def insert(table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows of one of plans' tables (each a dict of its columns, its id included)."""
    await bulk.insert(TABLES[table], rows)


async def copy(
    table: str,
    rows: Sequence[Mapping[str, Any]] | Sequence[Sequence[Any]],
    columns: Sequence[str] | None = None,
) -> None:
    """Write many rows of one of plans' tables in the caller's write transaction: dicts, or
    tuples in the order of `columns` (`careplan.lib.bulk.copy`: executemany or COPY)."""
    await bulk.copy(TABLES[table], rows, columns)
