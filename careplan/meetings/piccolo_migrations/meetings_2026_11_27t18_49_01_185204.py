"""meetings: who saw a family member's answer, and when (issue 14, item 5)

Hand-written: a new table, `answer_seen`, one row per answer a professional has marked as
seen. Nothing existing changes, so nothing is rebuilt on SQLite. Frozen: never regenerate it.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from careplan.migration_sql import run_for_engine

ID = "2026-11-27T18:49:01:185204"
VERSION = "1.38.0"
DESCRIPTION = "who saw a family member's answer, and when"

SQLITE = [
    'CREATE TABLE "answer_seen" ("retention_until" DATE DEFAULT null, "legal_hold" BOOLEAN NOT '
    'NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "id" UUID '
    'PRIMARY KEY NOT NULL DEFAULT None, "family" UUID NOT NULL REFERENCES "family" ("id") ON '
    'DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "agreement" UUID NOT NULL REFERENCES '
    '"agreement" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "seen_by" UUID NOT '
    'NULL REFERENCES "person" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, '
    'CONSTRAINT answer_seen_once_per_answer UNIQUE ("agreement"))',
    'CREATE INDEX answer_seen_family ON "answer_seen" ("family")',
    'CREATE INDEX answer_seen_seen_by ON "answer_seen" ("seen_by")',
]

POSTGRES = [
    'CREATE TABLE "answer_seen" ("retention_until" DATE DEFAULT null, "legal_hold" BOOLEAN NOT '
    'NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "id" UUID '
    'PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "family" UUID NOT NULL REFERENCES "family" '
    '("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "agreement" UUID NOT NULL '
    'REFERENCES "agreement" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "seen_by" '
    'UUID NOT NULL REFERENCES "person" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, '
    'CONSTRAINT answer_seen_once_per_answer UNIQUE ("agreement"))',
    'CREATE INDEX answer_seen_family ON "answer_seen" USING btree ("family")',
    'CREATE INDEX answer_seen_seen_by ON "answer_seen" USING btree ("seen_by")',
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="meetings", description=DESCRIPTION)
    manager.add_raw(run_for_engine(SQLITE, POSTGRES))
    return manager
