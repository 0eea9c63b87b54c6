"""Tenancy's bulk loader, for the demo and the benchmarks: rows of tenancy's own tables (local
authorities, their episode kinds and clocks, agencies, people and their roles) inserted as they
are given, many at once.

A table is named as in the database (`role_grant`); `TABLE_NAMES` lists them parents first.
No use case runs and no audit event is written: the caller loads a whole story in one
transaction of its own (`careplan.demo.loader`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from careplan.lib import bulk
from careplan.tenancy.tables import (
    Agency,
    AgencyAuthority,
    EpisodeKind,
    LocalAuthority,
    Person,
    RoleGrant,
    StatutoryClock,
)

TABLES = bulk.by_name(
    LocalAuthority,
    EpisodeKind,
    StatutoryClock,
    Agency,
    AgencyAuthority,
    Person,
    RoleGrant,
)
TABLE_NAMES = tuple(TABLES)


async def insert(table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows of one of tenancy's tables (each a dict of its columns, its id included)."""
    await bulk.insert(TABLES[table], rows)


async def copy(
    table: str,
    rows: Sequence[Mapping[str, Any]] | Sequence[Sequence[Any]],
    columns: Sequence[str] | None = None,
) -> None:
    """Write many rows of one of tenancy's tables in the caller's write transaction: dicts, or
    tuples in the order of `columns` (`careplan.lib.bulk.copy`: executemany or COPY)."""
    await bulk.copy(TABLES[table], rows, columns)


async def has_local_authority(local_authority: uuid.UUID) -> bool:
    """Whether the local authority is there (a loader's check that it has loaded already)."""
    return await LocalAuthority.exists().where(LocalAuthority.id == local_authority)


async def other_local_authorities(than: uuid.UUID) -> list[str]:
    """The names of every local authority but this one (a reset's check that the database
    holds nothing but what the demo loaded)."""
    rows = await LocalAuthority.select(LocalAuthority.name).where(LocalAuthority.id != than)
    return [row["name"] for row in rows]
