"""`careplan demo --reset`: remove everything in the demo database, then load the demo afresh.

For demo mode only (the command refuses otherwise), and only on a database that holds
nothing but the demo's local authority: a database with any other local authority in it
is refused untouched, whatever the settings say. Everything goes in one transaction with
the new demo: every row of every table (the audit trail, sessions and whatever was added
while trying the demo included), except the migrations that ran and the demo's secret key,
so a server that is still running and `careplan token` keep agreeing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from piccolo.apps.migrations.tables import Migration
from piccolo.columns import ForeignKey
from piccolo.table import Table

from careplan import db
from careplan.audit import service as audit
from careplan.demo.builder import demo_id
from careplan.demo.loader import load
from careplan.demo.tables import DemoSecret
from careplan.tenancy import bulk as tenancy

KEPT = (Migration, DemoSecret)


class NotTheDemo(Exception):
    """The database holds something other than the demo: nothing is removed."""


def _tables() -> list[type[Table]]:
    return [table for table in db.all_tables() if table not in KEPT]


async def what_reset_removes() -> dict[str, int]:
    """Rows per table that a reset would remove (tables with none left out)."""
    others = await tenancy.other_local_authorities(than=demo_id("la"))
    if others:
        names = ", ".join(sorted(others))
        raise NotTheDemo(
            f"the database holds a local authority that is not the demo's ({names}): "
            "nothing was removed. Reset only a database made for the demo."
        )
    counts = {table._meta.tablename: await table.count() for table in _tables()}
    return {name: count for name, count in counts.items() if count}


def _self_references(table: type[Table]) -> list[ForeignKey]:
    return [
        column
        for column in table._meta.foreign_key_columns
        if column._foreign_key_meta.resolved_references is table
    ]


async def reset(
    today: dt.date | None = None, progress: Callable[[int, int, str], None] | None = None
) -> dict[str, int]:
    """Remove every row (see the module's docstring) and load the demo; all or nothing."""
    async with db.write_transaction():
        removed = await what_reset_removes()
        # Children before parents: the reverse of the order the migrations make the tables.
        # A table's rows that point at each other are unlinked first (RESTRICT is checked
        # row by row).
        for table in reversed(_tables()):
            for column in _self_references(table):
                await table.update({column: None}, force=True)
            await table.delete(force=True)
        await audit.record(
            actor=None,
            action="demo.reset",
            record_type="demo",
            record_id="",
            after={"removed": removed},
        )
        loaded = await load(today=today, progress=progress)
        assert loaded, "the demo cannot already be there after a reset"
    return removed
