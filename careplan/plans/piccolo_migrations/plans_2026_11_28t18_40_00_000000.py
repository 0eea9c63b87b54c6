"""plans: a plan's state and each move of it (issue 18)

New tables generated from the table classes (careplan.migration_sql.create_statements);
new columns on existing tables added by hand with ALTER TABLE ... ADD COLUMN, each with its
check inline, so nothing existing is rebuilt on SQLite. Frozen: never regenerate it.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from careplan.migration_sql import run_for_engine

ID = "2026-11-28T18:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "a plan's state and each move of it (issue 18)"

SQLITE = [
    'ALTER TABLE "plan" ADD COLUMN "state" VARCHAR(20) NOT NULL DEFAULT \'active\' CONSTRAINT '
    "plan_known_state CHECK (state IN ('outline', 'detailed', 'agreed', 'active', 'under_review', "
    "'ended', 'stepped_down'))",
    'CREATE TABLE "plan_state_change" ("retention_until" DATE DEFAULT null, "legal_hold" BOOLEAN '
    'NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "id" '
    'UUID PRIMARY KEY NOT NULL DEFAULT None, "family" UUID NOT NULL REFERENCES "family" ("id") ON '
    'DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "plan" UUID NOT NULL REFERENCES "plan" '
    '("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "from_state" VARCHAR(20) NOT NULL '
    "DEFAULT '', \"to_state\" VARCHAR(20) NOT NULL DEFAULT '', \"moved_by\" UUID NOT NULL "
    'REFERENCES "person" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "reason" TEXT '
    "NOT NULL DEFAULT '', \"meeting\" UUID DEFAULT null, CONSTRAINT plan_state_change_known_from "
    "CHECK (from_state IN ('outline', 'detailed', 'agreed', 'active', 'under_review', 'ended', "
    "'stepped_down')), CONSTRAINT plan_state_change_known_to CHECK (to_state IN ('outline', "
    "'detailed', 'agreed', 'active', 'under_review', 'ended', 'stepped_down')))",
    'CREATE INDEX plan_state_change_family ON "plan_state_change" ("family")',
    'CREATE INDEX plan_state_change_plan ON "plan_state_change" ("plan")',
    'CREATE INDEX plan_state_change_moved_by ON "plan_state_change" ("moved_by")',
]

POSTGRES = [
    'ALTER TABLE "plan" ADD COLUMN "state" VARCHAR(20) NOT NULL DEFAULT \'active\' CONSTRAINT '
    "plan_known_state CHECK (state IN ('outline', 'detailed', 'agreed', 'active', 'under_review', "
    "'ended', 'stepped_down'))",
    'CREATE TABLE "plan_state_change" ("retention_until" DATE DEFAULT null, "legal_hold" BOOLEAN '
    'NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "id" '
    'UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "family" UUID NOT NULL REFERENCES '
    '"family" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "plan" UUID NOT NULL '
    'REFERENCES "plan" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "from_state" '
    "VARCHAR(20) NOT NULL DEFAULT '', \"to_state\" VARCHAR(20) NOT NULL DEFAULT '', \"moved_by\" "
    'UUID NOT NULL REFERENCES "person" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, '
    '"reason" TEXT NOT NULL DEFAULT \'\', "meeting" UUID DEFAULT null, CONSTRAINT '
    "plan_state_change_known_from CHECK (from_state IN ('outline', 'detailed', 'agreed', "
    "'active', 'under_review', 'ended', 'stepped_down')), CONSTRAINT plan_state_change_known_to "
    "CHECK (to_state IN ('outline', 'detailed', 'agreed', 'active', 'under_review', 'ended', "
    "'stepped_down')))",
    'CREATE INDEX plan_state_change_family ON "plan_state_change" USING btree ("family")',
    'CREATE INDEX plan_state_change_plan ON "plan_state_change" USING btree ("plan")',
    'CREATE INDEX plan_state_change_moved_by ON "plan_state_change" USING btree ("moved_by")',
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="plans", description=DESCRIPTION)
    manager.add_raw(run_for_engine(SQLITE, POSTGRES))
    return manager
