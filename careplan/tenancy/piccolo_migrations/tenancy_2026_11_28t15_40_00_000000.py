"""tenancy: a local authority's bank-holiday region (issue 17, item 8)

Hand-written: one column on `local_authority`, `bank_holidays` (a subdivision of GB in the
`holidays` package: ENG for England and Wales, SCT, NIR), England and Wales's for every local
authority there is. Adding a column with a default needs no table rebuild on SQLite. Frozen:
never regenerate it.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from careplan.migration_sql import run_for_engine

ID = "2026-11-28T15:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "a local authority's bank-holiday region"

SQL = [
    'ALTER TABLE "local_authority" ADD COLUMN "bank_holidays" VARCHAR(3) NOT NULL '
    "DEFAULT 'ENG'",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="tenancy", description=DESCRIPTION)
    manager.add_raw(run_for_engine(SQL, SQL))
    return manager
