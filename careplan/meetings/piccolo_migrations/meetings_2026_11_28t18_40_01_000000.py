"""meetings: meetings as people hold them: timing, attendance, quorum, reports, blind scales, decisions per child, dissent, corrections (issue 18)

New tables generated from the table classes (careplan.migration_sql.create_statements);
new columns on existing tables added by hand with ALTER TABLE ... ADD COLUMN, each with its
check inline, so nothing existing is rebuilt on SQLite. Frozen: never regenerate it.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from careplan.migration_sql import run_for_engine

ID = "2026-11-28T18:40:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "meetings as people hold them: timing, attendance, quorum, reports, blind scales, decisions per child, dissent, corrections (issue 18)"

SQLITE = [
    'ALTER TABLE "meeting" ADD COLUMN "pre_birth" BOOLEAN NOT NULL DEFAULT false',
    'ALTER TABLE "meeting" ADD COLUMN "due_on" DATE DEFAULT null',
    'ALTER TABLE "meeting" ADD COLUMN "timing_reason" TEXT DEFAULT null',
    'ALTER TABLE "meeting" ADD COLUMN "inquorate_choice" VARCHAR(30) DEFAULT null CONSTRAINT '
    "meeting_known_inquorate_choice CHECK (inquorate_choice IS NULL OR inquorate_choice IN "
    "('interim_plan', 'review_existing', 'proceed'))",
    'ALTER TABLE "meeting" ADD COLUMN "inquorate_reason" TEXT DEFAULT null',
    'ALTER TABLE "meeting" ADD COLUMN "scales_revealed_at" TIMESTAMPTZ DEFAULT null',
    'ALTER TABLE "meeting" ADD COLUMN "letter_sent_at" TIMESTAMPTZ DEFAULT null',
    'ALTER TABLE "meeting" ADD COLUMN "record_sent_at" TIMESTAMPTZ DEFAULT null',
    'ALTER TABLE "attendee" ADD COLUMN "role" VARCHAR(200) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "attendee" ADD COLUMN "attendance" VARCHAR(30) DEFAULT null CONSTRAINT '
    "attendee_known_attendance CHECK (attendance IS NULL OR attendance IN ('present', "
    "'apologies_with_report', 'absent'))",
    'ALTER TABLE "attendee" ADD COLUMN "direct_contact" BOOLEAN NOT NULL DEFAULT true',
    'ALTER TABLE "attendee" ADD COLUMN "interpreter" VARCHAR(100) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "attendee" ADD COLUMN "excluded" VARCHAR(10) DEFAULT null CONSTRAINT '
    "attendee_known_exclusion CHECK (excluded IS NULL OR excluded IN ('all', 'part'))",
    'ALTER TABLE "attendee" ADD COLUMN "excluded_part" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "attendee" ADD COLUMN "exclusion_reason" TEXT NOT NULL DEFAULT \'\'',
    'CREATE TABLE "meeting_report" ("audience_kind" VARCHAR(20) NOT NULL DEFAULT '
    "'professionals', \"audience_ids\" JSON NOT NULL DEFAULT '[]', \"retention_until\" DATE "
    'DEFAULT null, "legal_hold" BOOLEAN NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL '
    'DEFAULT current_timestamp, "id" UUID PRIMARY KEY NOT NULL DEFAULT None, "family" UUID NOT '
    'NULL REFERENCES "family" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, '
    '"meeting" UUID NOT NULL REFERENCES "meeting" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT '
    'DEFAULT null, "by_kind" VARCHAR(20) NOT NULL DEFAULT \'\', "agency" UUID REFERENCES "agency" '
    '("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "member" UUID REFERENCES "member" '
    '("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "author" UUID NOT NULL REFERENCES '
    '"person" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "title" VARCHAR(200) NOT '
    "NULL DEFAULT '', \"body\" TEXT NOT NULL DEFAULT '', \"updated_at\" TIMESTAMPTZ NOT NULL "
    "DEFAULT current_timestamp, CONSTRAINT meeting_report_known_by CHECK (by_kind IN ('agency', "
    "'member')), CONSTRAINT meeting_report_known_audience CHECK (audience_kind IN "
    "('professionals', 'family', 'agencies', 'members')), CONSTRAINT meeting_report_from_someone "
    "CHECK ((by_kind = 'agency' AND agency IS NOT NULL) OR (by_kind = 'member' AND member IS NOT "
    "NULL)))",
    'CREATE INDEX meeting_report_family ON "meeting_report" ("family")',
    'CREATE INDEX meeting_report_meeting ON "meeting_report" ("meeting")',
    'CREATE INDEX meeting_report_agency ON "meeting_report" ("agency")',
    'CREATE INDEX meeting_report_member ON "meeting_report" ("member")',
    'CREATE INDEX meeting_report_author ON "meeting_report" ("author")',
    'CREATE TABLE "meeting_scale" ("audience_kind" VARCHAR(20) NOT NULL DEFAULT '
    "'professionals', \"audience_ids\" JSON NOT NULL DEFAULT '[]', \"retention_until\" DATE "
    'DEFAULT null, "legal_hold" BOOLEAN NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL '
    'DEFAULT current_timestamp, "id" UUID PRIMARY KEY NOT NULL DEFAULT None, "family" UUID NOT '
    'NULL REFERENCES "family" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, '
    '"meeting" UUID NOT NULL REFERENCES "meeting" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT '
    'DEFAULT null, "by_kind" VARCHAR(20) NOT NULL DEFAULT \'\', "person" UUID REFERENCES "person" '
    '("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "agency" UUID REFERENCES "agency" '
    '("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "member" UUID REFERENCES "member" '
    '("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "score" INTEGER NOT NULL DEFAULT '
    '0, "reason" TEXT NOT NULL DEFAULT \'\', "entered_by" UUID NOT NULL REFERENCES "person" '
    '("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "updated_at" TIMESTAMPTZ NOT NULL '
    'DEFAULT current_timestamp, CONSTRAINT meeting_scale_unique_person UNIQUE ("meeting", '
    '"person"), CONSTRAINT meeting_scale_unique_member UNIQUE ("meeting", "member"), CONSTRAINT '
    "meeting_scale_score_range CHECK (score BETWEEN 0 AND 10), CONSTRAINT meeting_scale_known_by "
    "CHECK (by_kind IN ('professional', 'parent', 'child')), CONSTRAINT "
    "meeting_scale_known_audience CHECK (audience_kind IN ('professionals', 'family', 'agencies', "
    "'members')), CONSTRAINT meeting_scale_by_someone CHECK ((by_kind = 'professional' AND person "
    "IS NOT NULL AND member IS NULL) OR (by_kind <> 'professional' AND member IS NOT NULL)))",
    'CREATE INDEX meeting_scale_family ON "meeting_scale" ("family")',
    'CREATE INDEX meeting_scale_meeting ON "meeting_scale" ("meeting")',
    'CREATE INDEX meeting_scale_person ON "meeting_scale" ("person")',
    'CREATE INDEX meeting_scale_agency ON "meeting_scale" ("agency")',
    'CREATE INDEX meeting_scale_member ON "meeting_scale" ("member")',
    'CREATE INDEX meeting_scale_entered_by ON "meeting_scale" ("entered_by")',
    'CREATE TABLE "child_decision" ("retention_until" DATE DEFAULT null, "legal_hold" BOOLEAN NOT '
    'NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "id" UUID '
    'PRIMARY KEY NOT NULL DEFAULT None, "family" UUID NOT NULL REFERENCES "family" ("id") ON '
    'DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "meeting" UUID NOT NULL REFERENCES '
    '"meeting" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "decision" UUID NOT '
    'NULL REFERENCES "decision" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, '
    '"member" UUID NOT NULL REFERENCES "member" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT '
    'DEFAULT null, "plan_needed" BOOLEAN NOT NULL DEFAULT false, "category" VARCHAR(30) DEFAULT '
    'null, "lead_social_worker" UUID REFERENCES "person" ("id") ON DELETE RESTRICT ON UPDATE '
    'RESTRICT DEFAULT null, "core_group" JSON NOT NULL DEFAULT \'[]\', "next_review_on" DATE '
    'DEFAULT null, CONSTRAINT child_decision_one_per_child UNIQUE ("meeting", "member"), '
    "CONSTRAINT child_decision_plan_has_category CHECK (plan_needed = false OR category IS NOT "
    "NULL))",
    'CREATE INDEX child_decision_family ON "child_decision" ("family")',
    'CREATE INDEX child_decision_meeting ON "child_decision" ("meeting")',
    'CREATE INDEX child_decision_decision ON "child_decision" ("decision")',
    'CREATE INDEX child_decision_member ON "child_decision" ("member")',
    'CREATE INDEX child_decision_lead_social_worker ON "child_decision" ("lead_social_worker")',
    'CREATE TABLE "conference_dissent" ("revision" INTEGER NOT NULL DEFAULT 1, "retention_until" '
    'DATE DEFAULT null, "legal_hold" BOOLEAN NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT '
    'NULL DEFAULT current_timestamp, "id" UUID PRIMARY KEY NOT NULL DEFAULT None, "family" UUID '
    'NOT NULL REFERENCES "family" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, '
    '"meeting" UUID NOT NULL REFERENCES "meeting" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT '
    'DEFAULT null, "decision" UUID NOT NULL REFERENCES "decision" ("id") ON DELETE RESTRICT ON '
    'UPDATE RESTRICT DEFAULT null, "person" UUID NOT NULL REFERENCES "person" ("id") ON DELETE '
    'RESTRICT ON UPDATE RESTRICT DEFAULT null, "agency" UUID REFERENCES "agency" ("id") ON DELETE '
    "RESTRICT ON UPDATE RESTRICT DEFAULT null, \"reason\" TEXT NOT NULL DEFAULT '', "
    '"window_ends_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "reviewer" UUID REFERENCES '
    '"person" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "state" VARCHAR(20) NOT '
    "NULL DEFAULT 'waiting', \"outcome\" TEXT NOT NULL DEFAULT '', \"reviewed_at\" TIMESTAMPTZ "
    'DEFAULT null, "disagreement" UUID REFERENCES "disagreement" ("id") ON DELETE RESTRICT ON '
    'UPDATE RESTRICT DEFAULT null, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, '
    "CONSTRAINT conference_dissent_known_state CHECK (state IN ('waiting', 'decision_stands', "
    "'decision_changed', 'escalated', 'withdrawn')), CONSTRAINT conference_dissent_has_reason "
    "CHECK (reason <> ''), CONSTRAINT conference_dissent_reviewed_has_outcome CHECK (state = "
    "'waiting' OR state = 'withdrawn' OR outcome <> ''))",
    'CREATE INDEX conference_dissent_family ON "conference_dissent" ("family")',
    'CREATE INDEX conference_dissent_meeting ON "conference_dissent" ("meeting")',
    'CREATE INDEX conference_dissent_decision ON "conference_dissent" ("decision")',
    'CREATE INDEX conference_dissent_person ON "conference_dissent" ("person")',
    'CREATE INDEX conference_dissent_agency ON "conference_dissent" ("agency")',
    'CREATE INDEX conference_dissent_reviewer ON "conference_dissent" ("reviewer")',
    'CREATE INDEX conference_dissent_disagreement ON "conference_dissent" ("disagreement")',
    'CREATE TABLE "meeting_annotation" ("retention_until" DATE DEFAULT null, "legal_hold" BOOLEAN '
    'NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "id" '
    'UUID PRIMARY KEY NOT NULL DEFAULT None, "family" UUID NOT NULL REFERENCES "family" ("id") ON '
    'DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "meeting" UUID NOT NULL REFERENCES '
    '"meeting" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "author" UUID NOT NULL '
    'REFERENCES "person" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "text" TEXT '
    "NOT NULL DEFAULT '', CONSTRAINT meeting_annotation_has_text CHECK (text <> ''))",
    'CREATE INDEX meeting_annotation_family ON "meeting_annotation" ("family")',
    'CREATE INDEX meeting_annotation_meeting ON "meeting_annotation" ("meeting")',
    'CREATE INDEX meeting_annotation_author ON "meeting_annotation" ("author")',
]

POSTGRES = [
    'ALTER TABLE "meeting" ADD COLUMN "pre_birth" BOOLEAN NOT NULL DEFAULT false',
    'ALTER TABLE "meeting" ADD COLUMN "due_on" DATE DEFAULT null',
    'ALTER TABLE "meeting" ADD COLUMN "timing_reason" TEXT DEFAULT null',
    'ALTER TABLE "meeting" ADD COLUMN "inquorate_choice" VARCHAR(30) DEFAULT null CONSTRAINT '
    "meeting_known_inquorate_choice CHECK (inquorate_choice IS NULL OR inquorate_choice IN "
    "('interim_plan', 'review_existing', 'proceed'))",
    'ALTER TABLE "meeting" ADD COLUMN "inquorate_reason" TEXT DEFAULT null',
    'ALTER TABLE "meeting" ADD COLUMN "scales_revealed_at" TIMESTAMPTZ DEFAULT null',
    'ALTER TABLE "meeting" ADD COLUMN "letter_sent_at" TIMESTAMPTZ DEFAULT null',
    'ALTER TABLE "meeting" ADD COLUMN "record_sent_at" TIMESTAMPTZ DEFAULT null',
    'ALTER TABLE "attendee" ADD COLUMN "role" VARCHAR(200) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "attendee" ADD COLUMN "attendance" VARCHAR(30) DEFAULT null CONSTRAINT '
    "attendee_known_attendance CHECK (attendance IS NULL OR attendance IN ('present', "
    "'apologies_with_report', 'absent'))",
    'ALTER TABLE "attendee" ADD COLUMN "direct_contact" BOOLEAN NOT NULL DEFAULT true',
    'ALTER TABLE "attendee" ADD COLUMN "interpreter" VARCHAR(100) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "attendee" ADD COLUMN "excluded" VARCHAR(10) DEFAULT null CONSTRAINT '
    "attendee_known_exclusion CHECK (excluded IS NULL OR excluded IN ('all', 'part'))",
    'ALTER TABLE "attendee" ADD COLUMN "excluded_part" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "attendee" ADD COLUMN "exclusion_reason" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "meeting" ADD CONSTRAINT meeting_inquorate_choice_has_reason CHECK '
    "(inquorate_choice IS NULL OR (inquorate_reason IS NOT NULL AND inquorate_reason <> ''))",
    'ALTER TABLE "attendee" ADD CONSTRAINT attendee_exclusion_has_reason CHECK (excluded IS NULL '
    "OR exclusion_reason <> '')",
    'CREATE TABLE "meeting_report" ("audience_kind" VARCHAR(20) NOT NULL DEFAULT '
    "'professionals', \"audience_ids\" JSON NOT NULL DEFAULT '[]', \"retention_until\" DATE "
    'DEFAULT null, "legal_hold" BOOLEAN NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL '
    'DEFAULT current_timestamp, "id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), '
    '"family" UUID NOT NULL REFERENCES "family" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT '
    'DEFAULT null, "meeting" UUID NOT NULL REFERENCES "meeting" ("id") ON DELETE RESTRICT ON '
    'UPDATE RESTRICT DEFAULT null, "by_kind" VARCHAR(20) NOT NULL DEFAULT \'\', "agency" UUID '
    'REFERENCES "agency" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "member" UUID '
    'REFERENCES "member" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "author" UUID '
    'NOT NULL REFERENCES "person" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, '
    '"title" VARCHAR(200) NOT NULL DEFAULT \'\', "body" TEXT NOT NULL DEFAULT \'\', "updated_at" '
    "TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, CONSTRAINT meeting_report_known_by CHECK "
    "(by_kind IN ('agency', 'member')), CONSTRAINT meeting_report_known_audience CHECK "
    "(audience_kind IN ('professionals', 'family', 'agencies', 'members')), CONSTRAINT "
    "meeting_report_from_someone CHECK ((by_kind = 'agency' AND agency IS NOT NULL) OR (by_kind = "
    "'member' AND member IS NOT NULL)))",
    'CREATE INDEX meeting_report_family ON "meeting_report" USING btree ("family")',
    'CREATE INDEX meeting_report_meeting ON "meeting_report" USING btree ("meeting")',
    'CREATE INDEX meeting_report_agency ON "meeting_report" USING btree ("agency")',
    'CREATE INDEX meeting_report_member ON "meeting_report" USING btree ("member")',
    'CREATE INDEX meeting_report_author ON "meeting_report" USING btree ("author")',
    'CREATE TABLE "meeting_scale" ("audience_kind" VARCHAR(20) NOT NULL DEFAULT '
    "'professionals', \"audience_ids\" JSON NOT NULL DEFAULT '[]', \"retention_until\" DATE "
    'DEFAULT null, "legal_hold" BOOLEAN NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL '
    'DEFAULT current_timestamp, "id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), '
    '"family" UUID NOT NULL REFERENCES "family" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT '
    'DEFAULT null, "meeting" UUID NOT NULL REFERENCES "meeting" ("id") ON DELETE RESTRICT ON '
    'UPDATE RESTRICT DEFAULT null, "by_kind" VARCHAR(20) NOT NULL DEFAULT \'\', "person" UUID '
    'REFERENCES "person" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "agency" UUID '
    'REFERENCES "agency" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "member" UUID '
    'REFERENCES "member" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "score" '
    'INTEGER NOT NULL DEFAULT 0, "reason" TEXT NOT NULL DEFAULT \'\', "entered_by" UUID NOT NULL '
    'REFERENCES "person" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "updated_at" '
    "TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, CONSTRAINT meeting_scale_unique_person "
    'UNIQUE ("meeting", "person"), CONSTRAINT meeting_scale_unique_member UNIQUE ("meeting", '
    '"member"), CONSTRAINT meeting_scale_score_range CHECK (score BETWEEN 0 AND 10), CONSTRAINT '
    "meeting_scale_known_by CHECK (by_kind IN ('professional', 'parent', 'child')), CONSTRAINT "
    "meeting_scale_known_audience CHECK (audience_kind IN ('professionals', 'family', 'agencies', "
    "'members')), CONSTRAINT meeting_scale_by_someone CHECK ((by_kind = 'professional' AND person "
    "IS NOT NULL AND member IS NULL) OR (by_kind <> 'professional' AND member IS NOT NULL)))",
    'CREATE INDEX meeting_scale_family ON "meeting_scale" USING btree ("family")',
    'CREATE INDEX meeting_scale_meeting ON "meeting_scale" USING btree ("meeting")',
    'CREATE INDEX meeting_scale_person ON "meeting_scale" USING btree ("person")',
    'CREATE INDEX meeting_scale_agency ON "meeting_scale" USING btree ("agency")',
    'CREATE INDEX meeting_scale_member ON "meeting_scale" USING btree ("member")',
    'CREATE INDEX meeting_scale_entered_by ON "meeting_scale" USING btree ("entered_by")',
    'CREATE TABLE "child_decision" ("retention_until" DATE DEFAULT null, "legal_hold" BOOLEAN NOT '
    'NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "id" UUID '
    'PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "family" UUID NOT NULL REFERENCES "family" '
    '("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "meeting" UUID NOT NULL '
    'REFERENCES "meeting" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "decision" '
    'UUID NOT NULL REFERENCES "decision" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT '
    'null, "member" UUID NOT NULL REFERENCES "member" ("id") ON DELETE RESTRICT ON UPDATE '
    'RESTRICT DEFAULT null, "plan_needed" BOOLEAN NOT NULL DEFAULT false, "category" VARCHAR(30) '
    'DEFAULT null, "lead_social_worker" UUID REFERENCES "person" ("id") ON DELETE RESTRICT ON '
    'UPDATE RESTRICT DEFAULT null, "core_group" JSON NOT NULL DEFAULT \'[]\', "next_review_on" '
    'DATE DEFAULT null, CONSTRAINT child_decision_one_per_child UNIQUE ("meeting", "member"), '
    "CONSTRAINT child_decision_plan_has_category CHECK (plan_needed = false OR category IS NOT "
    "NULL))",
    'CREATE INDEX child_decision_family ON "child_decision" USING btree ("family")',
    'CREATE INDEX child_decision_meeting ON "child_decision" USING btree ("meeting")',
    'CREATE INDEX child_decision_decision ON "child_decision" USING btree ("decision")',
    'CREATE INDEX child_decision_member ON "child_decision" USING btree ("member")',
    'CREATE INDEX child_decision_lead_social_worker ON "child_decision" USING btree '
    '("lead_social_worker")',
    'CREATE TABLE "conference_dissent" ("revision" INTEGER NOT NULL DEFAULT 1, "retention_until" '
    'DATE DEFAULT null, "legal_hold" BOOLEAN NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT '
    'NULL DEFAULT current_timestamp, "id" UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), '
    '"family" UUID NOT NULL REFERENCES "family" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT '
    'DEFAULT null, "meeting" UUID NOT NULL REFERENCES "meeting" ("id") ON DELETE RESTRICT ON '
    'UPDATE RESTRICT DEFAULT null, "decision" UUID NOT NULL REFERENCES "decision" ("id") ON '
    'DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "person" UUID NOT NULL REFERENCES "person" '
    '("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "agency" UUID REFERENCES "agency" '
    '("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "reason" TEXT NOT NULL DEFAULT '
    '\'\', "window_ends_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "reviewer" UUID '
    'REFERENCES "person" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "state" '
    "VARCHAR(20) NOT NULL DEFAULT 'waiting', \"outcome\" TEXT NOT NULL DEFAULT '', "
    '"reviewed_at" TIMESTAMPTZ DEFAULT null, "disagreement" UUID REFERENCES "disagreement" ("id") '
    'ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "updated_at" TIMESTAMPTZ NOT NULL '
    "DEFAULT current_timestamp, CONSTRAINT conference_dissent_known_state CHECK (state IN "
    "('waiting', 'decision_stands', 'decision_changed', 'escalated', 'withdrawn')), CONSTRAINT "
    "conference_dissent_has_reason CHECK (reason <> ''), CONSTRAINT "
    "conference_dissent_reviewed_has_outcome CHECK (state = 'waiting' OR state = 'withdrawn' OR "
    "outcome <> ''))",
    'CREATE INDEX conference_dissent_family ON "conference_dissent" USING btree ("family")',
    'CREATE INDEX conference_dissent_meeting ON "conference_dissent" USING btree ("meeting")',
    'CREATE INDEX conference_dissent_decision ON "conference_dissent" USING btree ("decision")',
    'CREATE INDEX conference_dissent_person ON "conference_dissent" USING btree ("person")',
    'CREATE INDEX conference_dissent_agency ON "conference_dissent" USING btree ("agency")',
    'CREATE INDEX conference_dissent_reviewer ON "conference_dissent" USING btree ("reviewer")',
    'CREATE INDEX conference_dissent_disagreement ON "conference_dissent" USING btree '
    '("disagreement")',
    'CREATE TABLE "meeting_annotation" ("retention_until" DATE DEFAULT null, "legal_hold" BOOLEAN '
    'NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "id" '
    'UUID PRIMARY KEY NOT NULL DEFAULT gen_random_uuid(), "family" UUID NOT NULL REFERENCES '
    '"family" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "meeting" UUID NOT NULL '
    'REFERENCES "meeting" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, "author" '
    'UUID NOT NULL REFERENCES "person" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT DEFAULT null, '
    "\"text\" TEXT NOT NULL DEFAULT '', CONSTRAINT meeting_annotation_has_text CHECK (text <> "
    "''))",
    'CREATE INDEX meeting_annotation_family ON "meeting_annotation" USING btree ("family")',
    'CREATE INDEX meeting_annotation_meeting ON "meeting_annotation" USING btree ("meeting")',
    'CREATE INDEX meeting_annotation_author ON "meeting_annotation" USING btree ("author")',
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="meetings", description=DESCRIPTION)
    manager.add_raw(run_for_engine(SQLITE, POSTGRES))
    return manager
