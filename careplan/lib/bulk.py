"""Rows inserted many at once, as they are given: the kernel of the slices' bulk loaders
(`careplan/<slice>/bulk.py`), for the demo and the benchmarks.

No use case, no audit event, no revision: the caller loads a whole story in one transaction
of its own. A JSON column's value is written as JSON text unless it is text already.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from piccolo.columns import JSON, JSONB
from piccolo.table import Table


def _row(table: type[Table], json_columns: set[str], values: Mapping[str, Any]) -> Table:
    given = {
        key: json.dumps(value) if key in json_columns and not isinstance(value, str) else value
        for key, value in values.items()
    }
    return table(_ignore_missing=True, **given)


async def insert(table: type[Table], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert the rows (each a dict of column values, its id included) in one statement."""
    if not rows:
        return
    json_columns = {c._meta.name for c in table._meta.columns if isinstance(c, JSON | JSONB)}
    await table.insert(*[_row(table, json_columns, row) for row in rows])


def by_name(*tables: type[Table]) -> dict[str, type[Table]]:
    """The tables by their names in the database (`team_member`), in the order given."""
    return {table._meta.tablename: table for table in tables}
