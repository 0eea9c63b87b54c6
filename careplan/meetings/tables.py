"""Meetings' tables: who met, what each thought of the version, what was decided."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Boolean, Date, Integer, Text, Timestamptz, Varchar
from piccolo.constraints import Check, Unique
from piccolo.table import Table

from careplan.families.tables import Family, Member
from careplan.lib.columns import Retained, Revisioned, one_of, restrict
from careplan.meetings.vocabulary import (
    ANSWERS,
    ATTENDANCE,
    DISAGREEMENT_STAGES,
    DISAGREEMENT_STATUSES,
    DISSENT_STATES,
    EXCLUSIONS,
    FAMILY_ATTENDANCE,
    INQUORATE_CHOICES,
    MEETING_KINDS,
    MEETING_STATUSES,
    REPORT_BY,
    SCALE_BY,
    VIEWS,
)
from careplan.plans.tables import Audienced, FamilyView, Plan, PlanVersion
from careplan.plans.vocabulary import AUDIENCE_KINDS
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
    # Issue 18. A pre-birth conference is an initial conference held before the birth.
    pre_birth = Boolean(default=False)
    # The statutory date the meeting was due by (from the local clocks) when arranged, and
    # why it is held after it (required when it is).
    due_on = Date(null=True, default=None)
    timing_reason = Text(null=True, default=None)
    # An inquorate meeting goes on only with the chair's choice and reason.
    inquorate_choice = Varchar(length=30, null=True, default=None)
    inquorate_reason = Text(null=True, default=None)
    # The professionals' scales are shown together from this moment, never before.
    scales_revealed_at = Timestamptz(null=True, default=None)
    # The chair's outcome letter (1 working day) and the full record (15) were sent.
    letter_sent_at = Timestamptz(null=True, default=None)
    record_sent_at = Timestamptz(null=True, default=None)

    known_kind = one_of("kind", MEETING_KINDS)
    known_status = one_of("status", MEETING_STATUSES)
    known_attendance = one_of("family_attendance", FAMILY_ATTENDANCE, null=True)
    known_inquorate_choice = one_of("inquorate_choice", INQUORATE_CHOICES, null=True)
    inquorate_choice_has_reason = Check(
        "inquorate_choice IS NULL OR (inquorate_reason IS NOT NULL AND inquorate_reason <> '')"
    )


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
    # Issue 18. Their role at the meeting ("Health visitor", "Mother").
    role = Varchar(length=200, default="")
    # Taken at the meeting; None until then (invited).
    attendance = Varchar(length=30, null=True, default=None)
    # Whether their agency has direct contact with the child (quorum counts only those).
    direct_contact = Boolean(default=True)
    # A family member's interpreter: the language, when one is needed or asked for.
    interpreter = Varchar(length=100, default="")
    # A family member kept out of all or part of the meeting, and why (the chair's call).
    excluded = Varchar(length=10, null=True, default=None)
    excluded_part = Text(default="")
    exclusion_reason = Text(default="")

    unique_person = Unique(["meeting", "person"])
    unique_member = Unique(["meeting", "member"])
    is_someone = Check("person IS NOT NULL OR member IS NOT NULL OR name <> ''")
    known_attendance = one_of("attendance", ATTENDANCE, null=True)
    known_exclusion = one_of("excluded", EXCLUSIONS, null=True)
    exclusion_has_reason = Check("excluded IS NULL OR exclusion_reason <> ''")


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


class MeetingReport(Retained, Audienced, Table):
    """A report before a meeting: an agency's (by a professional) or a family member's own
    view from their phone. Parents read the reports meant for them (their audience) from 3
    working days before an initial conference and 5 before a review."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    meeting = restrict(Meeting)
    by_kind = Varchar(length=20)
    agency = restrict(Agency, null=True)
    member = restrict(Member, null=True)
    author = restrict(Person)
    title = Varchar(length=200, default="")
    body = Text()
    updated_at = Timestamptz()

    known_by = one_of("by_kind", REPORT_BY)
    known_audience = one_of("audience_kind", AUDIENCE_KINDS)
    from_someone = Check(
        "(by_kind = 'agency' AND agency IS NOT NULL) OR (by_kind = 'member' AND member IS NOT NULL)"
    )


class MeetingScale(Retained, Audienced, Table):
    """A 0-10 scale at a meeting, with its reason. A professional's is private until the chair
    reveals them all together; a parent's or the child's is kept apart and shown alongside.
    One per person (or member) per meeting: a changed score before the reveal updates it."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    meeting = restrict(Meeting)
    by_kind = Varchar(length=20)
    person = restrict(Person, null=True)
    agency = restrict(Agency, null=True)
    member = restrict(Member, null=True)
    score = Integer()
    reason = Text(default="")
    entered_by = restrict(Person)
    updated_at = Timestamptz()

    unique_person = Unique(["meeting", "person"])
    unique_member = Unique(["meeting", "member"])
    score_range = Check("score BETWEEN 0 AND 10")
    known_by = one_of("by_kind", SCALE_BY)
    known_audience = one_of("audience_kind", AUDIENCE_KINDS)
    by_someone = Check(
        "(by_kind = 'professional' AND person IS NOT NULL AND member IS NULL)"
        " OR (by_kind <> 'professional' AND member IS NOT NULL)"
    )


class ChildDecision(Retained, Table):
    """The chair's decision for one child (a conference decides separately for each)."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    meeting = restrict(Meeting)
    decision = restrict(Decision)
    member = restrict(Member)
    plan_needed = Boolean()
    category = Varchar(length=30, null=True, default=None)
    lead_social_worker = restrict(Person, null=True)
    core_group = JSON(default="[]")  # person ids
    next_review_on = Date(null=True, default=None)

    one_per_child = Unique(["meeting", "member"])
    plan_has_category = Check("plan_needed = false OR category IS NOT NULL")


class ConferenceDissent(Retained, Revisioned, Table):
    """A professional's dissent from a conference's decision: recorded at the meeting or
    within the local window (72 hours), reviewed by a senior chair; the decision stands
    meanwhile. Not resolved by the review, it goes on as a disagreement (managers' stage)."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    meeting = restrict(Meeting)
    decision = restrict(Decision)
    person = restrict(Person)
    agency = restrict(Agency, null=True)
    reason = Text()
    window_ends_at = Timestamptz()
    reviewer = restrict(Person, null=True)  # the senior chair
    state = Varchar(length=20, default="waiting")
    outcome = Text(default="")
    reviewed_at = Timestamptz(null=True, default=None)
    disagreement = restrict(Disagreement, null=True)
    updated_at = Timestamptz()

    known_state = one_of("state", DISSENT_STATES)
    has_reason = Check("reason <> ''")
    reviewed_has_outcome = Check("state = 'waiting' OR state = 'withdrawn' OR outcome <> ''")


class MeetingAnnotation(Retained, Table):
    """A correction to a record already sent: kept beside it, never an edit of it."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    meeting = restrict(Meeting)
    author = restrict(Person)
    text = Text()

    has_text = Check("text <> ''")


INDEXES = [
    "CREATE INDEX ix_meeting_family_dates ON meeting (family, starts_at)",
    "CREATE INDEX ix_agreement_history ON agreement (member, version, created_at)",
    "CREATE INDEX ix_disagreement_open ON disagreement (family, status, stage_deadline)",
]
