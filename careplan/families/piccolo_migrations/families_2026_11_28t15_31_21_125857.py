"""families: a manager's approval of closing an episode (issue 17, item 3)

Generated from the table class (careplan.migration_sql.create_statements) for the one new
table, `closure_approval`, with its partial unique index (one waiting request per episode)
and the queue's index. Frozen: never regenerate it.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from careplan.migration_sql import run_for_engine

ID = "2026-11-28T15:31:21:125857"
VERSION = "1.38.0"
DESCRIPTION = "a manager's approval of closing an episode"

SQLITE = ['CREATE TABLE "closure_approval" ("retention_until" DATE DEFAULT null, "legal_hold" BOOLEAN '
 'NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "id" '
 'UUID PRIMARY KEY NOT NULL DEFAULT None, "family" UUID NOT NULL REFERENCES "family" ("id") ON '
 'DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "episode" UUID NOT NULL REFERENCES '
 '"episode" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "action" VARCHAR(30) '
 'NOT NULL DEFAULT \'\', "closed_on" DATE NOT NULL DEFAULT CURRENT_DATE, "outcome" VARCHAR(30) '
 'NOT NULL DEFAULT \'\', "reason" TEXT NOT NULL DEFAULT \'\', "objectives" JSON NOT NULL '
 'DEFAULT \'[]\', "episode_revision" INTEGER NOT NULL DEFAULT 0, "requested_by" UUID NOT NULL '
 'REFERENCES "person" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, '
 '"requested_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "state" VARCHAR(20) NOT NULL '
 'DEFAULT \'waiting\', "decided_by" UUID REFERENCES "person" ("id") ON DELETE RESTRICT ON '
 'UPDATE RESTRICT DEFAULT null, "decided_at" TIMESTAMPTZ DEFAULT null, "decision_reason" TEXT '
 "DEFAULT null, CONSTRAINT closure_approval_known_action CHECK (action IN ('episode.close', "
 "'episode.step_down')), CONSTRAINT closure_approval_known_outcome CHECK (outcome IN "
 "('goals_met', 'step_up', 'step_down', 'consent_withdrawn', 'moved_away', "
 "'no_further_action', 'other')), CONSTRAINT closure_approval_known_state CHECK (state IN "
 "('waiting', 'approved', 'sent_back', 'withdrawn')), CONSTRAINT "
 "closure_approval_decided_when_not_waiting CHECK ((state = 'waiting') = (decided_at IS "
 'NULL)))',
 'CREATE INDEX closure_approval_family ON "closure_approval" ("family")',
 'CREATE INDEX closure_approval_episode ON "closure_approval" ("episode")',
 'CREATE INDEX closure_approval_requested_by ON "closure_approval" ("requested_by")',
 'CREATE INDEX closure_approval_decided_by ON "closure_approval" ("decided_by")',
 'CREATE UNIQUE INDEX ix_closure_approval_one_waiting ON closure_approval (episode) WHERE '
 "state = 'waiting'",
 'CREATE INDEX ix_closure_approval_queue ON closure_approval (state, requested_at)']

POSTGRES = ['CREATE TABLE "closure_approval" ("retention_until" DATE DEFAULT null, "legal_hold" BOOLEAN '
 'NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "id" '
 'UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "family" UUID NOT NULL REFERENCES '
 '"family" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "episode" UUID NOT NULL '
 'REFERENCES "episode" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "action" '
 'VARCHAR(30) NOT NULL DEFAULT \'\', "closed_on" DATE NOT NULL DEFAULT CURRENT_DATE, "outcome" '
 'VARCHAR(30) NOT NULL DEFAULT \'\', "reason" TEXT NOT NULL DEFAULT \'\', "objectives" JSON '
 'NOT NULL DEFAULT \'[]\', "episode_revision" INTEGER NOT NULL DEFAULT 0, "requested_by" UUID '
 'NOT NULL REFERENCES "person" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, '
 '"requested_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "state" VARCHAR(20) NOT NULL '
 'DEFAULT \'waiting\', "decided_by" UUID REFERENCES "person" ("id") ON DELETE RESTRICT ON '
 'UPDATE RESTRICT DEFAULT null, "decided_at" TIMESTAMPTZ DEFAULT null, "decision_reason" TEXT '
 "DEFAULT null, CONSTRAINT closure_approval_known_action CHECK (action IN ('episode.close', "
 "'episode.step_down')), CONSTRAINT closure_approval_known_outcome CHECK (outcome IN "
 "('goals_met', 'step_up', 'step_down', 'consent_withdrawn', 'moved_away', "
 "'no_further_action', 'other')), CONSTRAINT closure_approval_known_state CHECK (state IN "
 "('waiting', 'approved', 'sent_back', 'withdrawn')), CONSTRAINT "
 "closure_approval_decided_when_not_waiting CHECK ((state = 'waiting') = (decided_at IS "
 'NULL)))',
 'CREATE INDEX closure_approval_family ON "closure_approval" USING btree ("family")',
 'CREATE INDEX closure_approval_episode ON "closure_approval" USING btree ("episode")',
 'CREATE INDEX closure_approval_requested_by ON "closure_approval" USING btree '
 '("requested_by")',
 'CREATE INDEX closure_approval_decided_by ON "closure_approval" USING btree ("decided_by")',
 'CREATE UNIQUE INDEX ix_closure_approval_one_waiting ON closure_approval (episode) WHERE '
 "state = 'waiting'",
 'CREATE INDEX ix_closure_approval_queue ON closure_approval (state, requested_at)']


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="families", description=DESCRIPTION)
    manager.add_raw(run_for_engine(SQLITE, POSTGRES))
    return manager
