"""families: who took a professional off a family's team, and why (issue 17, item 5)

Hand-written: two nullable columns on `team_member`, `left_by` (a person, restricted) and
`left_reason`, set when someone leaves the team (`left_on` was already there). Adding a
nullable column needs no table rebuild on SQLite. Frozen: never regenerate it.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from careplan.migration_sql import run_for_engine

ID = "2026-11-28T12:49:58:316818"
VERSION = "1.38.0"
DESCRIPTION = "who took a professional off a family's team, and why"

SQLITE = [
    'ALTER TABLE "team_member" ADD COLUMN "left_by" UUID REFERENCES "person" ("id") '
    "ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null",
    'ALTER TABLE "team_member" ADD COLUMN "left_reason" TEXT DEFAULT null',
    'CREATE INDEX team_member_left_by ON "team_member" ("left_by")',
]

POSTGRES = [
    'ALTER TABLE "team_member" ADD COLUMN "left_by" UUID REFERENCES "person" ("id") '
    "ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null",
    'ALTER TABLE "team_member" ADD COLUMN "left_reason" TEXT DEFAULT null',
    'CREATE INDEX team_member_left_by ON "team_member" USING btree ("left_by")',
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="families", description=DESCRIPTION)
    manager.add_raw(run_for_engine(SQLITE, POSTGRES))
    return manager
