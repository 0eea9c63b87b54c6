"""Rows inserted many at once, as they are given: the kernel of the slices' bulk loaders
(`careplan/<slice>/bulk.py`), for the demo and the benchmarks.

No use case, no audit event, no revision: the caller loads a whole story in one transaction
of its own. A JSON column's value is written as JSON text unless it is text already.

`insert` goes through Piccolo (one INSERT of many rows: the demo, a few hundred rows). `copy`
is for millions (the benchmark's generator): in the write transaction the caller holds, one
`executemany` on SQLite and `COPY` (asyncpg's binary `copy_records_to_table`) on PostgreSQL.
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


def _defaults(table: type[Table]) -> list[tuple[str, Any]]:
    """Each column's name and the value a row that leaves it out takes (evaluated once)."""
    return [(c._meta.db_column_name, c.get_default_value()) for c in table._meta.columns]


async def copy(
    table: type[Table],
    rows: Sequence[Mapping[str, Any]] | Sequence[Sequence[Any]],
    columns: Sequence[str] | None = None,
) -> None:
    """Write many rows at once in the caller's write transaction (`db.write_transaction()`).

    Rows are dicts of column values, a left-out column taking its default (evaluated once per
    call: give the id and every unique column); or, with `columns`, tuples in that order,
    written as they are (JSON columns as text), the columns not named taking the database's
    default. On SQLite one `executemany`; on PostgreSQL `COPY`.
    """
    if not rows:
        return
    engine = table._meta.db
    transaction = engine.current_transaction.get()
    if transaction is None:
        raise RuntimeError("bulk.copy writes inside a write transaction")
    if columns is None:
        defaults = _defaults(table)
        json_columns = {
            c._meta.db_column_name for c in table._meta.columns if isinstance(c, JSON | JSONB)
        }
        columns = [name for name, _ in defaults]
        unknown = set(rows[0]) - set(columns)  # type: ignore[arg-type]
        if unknown:
            raise ValueError(f"{table._meta.tablename} has no column {', '.join(sorted(unknown))}")
        records: Sequence[Sequence[Any]] = [
            tuple(
                _json(row.get(name, default)) if name in json_columns else row.get(name, default)
                for name, default in defaults
            )
            for row in rows  # type: ignore[union-attr]
        ]
    else:
        records = rows  # type: ignore[assignment]
    name = table._meta.tablename
    if engine.engine_type == "sqlite":
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        sql = f'INSERT INTO "{name}" ({names}) VALUES ({marks})'
        await transaction.connection.executemany(sql, records)
    else:
        await transaction.connection.copy_records_to_table(
            name, records=records, columns=list(columns)
        )


def _json(value: Any) -> Any:
    return value if value is None or isinstance(value, str) else json.dumps(value)
