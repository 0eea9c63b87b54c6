"""Collects the demo's rows with stable ids, for the loader to write in one transaction.

Ids are UUIDv5 of a readable key, so loading twice finds the same rows, and a row can refer
to another by its key before either is written. A row names its table as the database does
(`team_member`): the loader writes it through its slice's bulk.py.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

DEMO_NAMESPACE = uuid.UUID("6f1c1f0e-3f55-4d7e-9d0a-2b7c8f6a1d01")


def demo_id(key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, key)


@dataclass
class Rows:
    """The rows of every table (by its name), in the order they must be written."""

    today: dt.date
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, key: str, **values: Any) -> uuid.UUID:
        row_id = demo_id(key)
        values.setdefault("created_at", self.at(values.pop("on", self.today)))
        self.tables.setdefault(table, []).append({"id": row_id, **values})
        return row_id

    def at(self, day: dt.date, hour: int = 10) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)

    def days_ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def rows_of(self, table: str) -> list[dict[str, Any]]:
        return self.tables.get(table, [])

    def count(self) -> int:
        return sum(len(rows) for rows in self.tables.values())

    def batches(self, size: int = 200) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        for table, rows in self.tables.items():
            for start in range(0, len(rows), size):
                yield table, rows[start : start + size]


ProgressCallback = Callable[[int], None]
