"""Meetings' tables: who met, what each thought of the version, what was decided."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Boolean, Date, Text, Timestamptz, Varchar
from piccolo.constraints import Check, Unique
from piccolo.table import Table

from careplan.families.tables import Family, Member
from careplan.lib.columns import Retained, Revisioned, one_of, restrict
from careplan.meetings.vocabulary import (
    ANSWERS,
    DISAGREEMENT_STAGES,
    DISAGREEMENT_STATUSES,
    FAMILY_ATTENDANCE,
    MEETING_KINDS,
    MEETING_STATUSES,
    VIEWS,
)
from careplan.plans.tables import FamilyView, Plan, PlanVersion
from careplan.tenancy.tables import Agency, Person


class Meeting(Retained, Revisioned, Table):
    id = UUID(primary_key=True)
    family = restrict(Family)
    plan = restrict(Plan)
    version = restrict(PlanVersion, null=True)  # the exact version discussed
    kind = Varchar(length=40)
    purpose = Text(default="")
    starts_at = Timestamptz()
    location = Text(default="")
    location_confidential = Boolean(default=False)
    how_to_join = Text(default="")
    chair = restrict(Person)
    quorate = Boolean(null=True, default=None)
    family_attendance = Varchar(length=20, null=True, default=None)
    status = Varchar(length=20, default="scheduled")
    updated_at = Timestamptz()

    known_kind = one_of("kind", MEETING_KINDS)
    known_status = one_of("status", MEETING_STATUSES)
    known_attendance = one_of("family_attendance", FAMILY_ATTENDANCE, null=True)


class Attendee(Retained, Table):
    """Someone at a meeting: a professional (with their agency) or a family member."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    meeting = restrict(Meeting)
    person = restrict(Person, null=True)
    member = restrict(Member, null=True)
    agency = restrict(Agency, null=True)
    name = Varchar(length=200)
    attended = Boolean(default=True)
    apologies = Boolean(default=False)

    unique_person = Unique(["meeting", "person"])
    unique_member = Unique(["meeting", "member"])
    is_someone = Check("person IS NOT NULL OR member IS NOT NULL OR name <> ''")


class MeetingView(Retained, Table):
    """An attendee's view of the version discussed. A dissent opens a disagreement."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    meeting = restrict(Meeting)
    attendee = restrict(Attendee)
    version = restrict(PlanVersion)
    view = Varchar(length=30)
    reason = Text(default="")
    recorded_by = restrict(Person)

    one_view_per_attendee = Unique(["meeting", "attendee"])
    known_view = one_of("view", VIEWS)
    dissent_has_reason = Check("view = 'agree' OR reason <> ''")


class Decision(Retained, Table):
    """The chair's decisions on the exact version discussed."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    meeting = restrict(Meeting)
    version = restrict(PlanVersion)
    plan_needed = Boolean()
    category = Varchar(length=30, null=True, default=None)
    next_review_on = Date(null=True, default=None)
    notes = Text(default="")
    decided_by = restrict(Person)

    one_decision_per_meeting = Unique(["meeting"])


class Agreement(Retained, Table):
    """A member's answer to their family view, bound to both hashes. Never updated: a changed
    answer is a new row, so the history is the rows in order."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    plan = restrict(Plan)
    version = restrict(PlanVersion)
    family_view = restrict(FamilyView)
    member = restrict(Member)
    answer = Varchar(length=30)
    words = Text(default="")
    item_comments = JSON(default="[]")
    version_sha256 = Varchar(length=64)
    view_sha256 = Varchar(length=64)
    answered_by = restrict(Person)
    replaces = restrict("self", null=True)

    known_answer = one_of("answer", ANSWERS)


class AnswerSeen(Retained, Table):
    """A professional has seen a family member's answer (issue 14): who, and when
    (`created_at`). Until then the answer is shown as new at the top of the plan editor, on
    the versions page and on the caseload. Written once per answer, never changed."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    agreement = restrict(Agreement, index=False)  # its unique constraint is its index
    seen_by = restrict(Person)

    once_per_answer = Unique(["agreement"])


class Disagreement(Retained, Revisioned, Table):
    """A professional disagreement (resolving differences), with a deadline per stage."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    meeting = restrict(Meeting, null=True)
    meeting_view = restrict(MeetingView, null=True)
    raised_by = restrict(Person)
    about = Text()
    stage = Varchar(length=30, default="practitioners")
    stage_deadline = Date()
    status = Varchar(length=20, default="open")
    resolved_on = Date(null=True, default=None)
    resolution = Text(null=True, default=None)
    updated_at = Timestamptz()

    known_stage = one_of("stage", DISAGREEMENT_STAGES)
    known_status = one_of("status", DISAGREEMENT_STATUSES)


class DisagreementStage(Retained, Table):
    """One stage a disagreement went through: when it started, its deadline, how it ended."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    disagreement = restrict(Disagreement)
    stage = Varchar(length=30)
    started_on = Date()
    deadline = Date()
    ended_on = Date(null=True, default=None)
    outcome = Text(default="")

    unique_stage = Unique(["disagreement", "stage"])
    known_stage = one_of("stage", DISAGREEMENT_STAGES)


INDEXES = [
    "CREATE INDEX ix_meeting_family_dates ON meeting (family, starts_at)",
    "CREATE INDEX ix_agreement_history ON agreement (member, version, created_at)",
    "CREATE INDEX ix_disagreement_open ON disagreement (family, status, stage_deadline)",
]
