"""Request and response shapes of the meetings API. Bounds on a request are the API's
validation (422 naming the field); a response shape is a body exactly as the service gives it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, UnsetType

from careplan.families.vocabulary import CHILD_CATEGORIES
from careplan.lib.shapes import Out
from careplan.meetings.vocabulary import (
    ANSWERS,
    ATTENDANCE,
    EXCLUSIONS,
    FAMILY_ATTENDANCE,
    INQUORATE_CHOICES,
    MEETING_KINDS,
    VIEWS,
)


def _one_of(words: tuple[str, ...]) -> msgspec.Meta:
    return msgspec.Meta(pattern="^(" + "|".join(words) + ")$")


Answer = Annotated[str, _one_of(ANSWERS)]
View = Annotated[str, _one_of(VIEWS)]
MeetingKind = Annotated[str, _one_of(MEETING_KINDS)]
Category = Annotated[str, _one_of(CHILD_CATEGORIES)]
Exclusion = Annotated[str, _one_of(EXCLUSIONS)]
Sha256 = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{64}$")]
# Any text but NUL, which no database column takes.
NO_NUL = "^[^\\x00]*$"
Words = Annotated[str, msgspec.Meta(max_length=4000, pattern=NO_NUL)]
Note = Annotated[str, msgspec.Meta(max_length=2000, pattern=NO_NUL)]
Comment = Annotated[str, msgspec.Meta(min_length=1, max_length=2000, pattern=NO_NUL)]
AwareDateTime = Annotated[dt.datetime, msgspec.Meta(tz=True)]
Revision = Annotated[int, msgspec.Meta(ge=1, le=2_000_000_000)]


class ItemComment(msgspec.Struct, forbid_unknown_fields=True):
    item: uuid.UUID
    comment: Comment


class NewAgreement(msgspec.Struct, forbid_unknown_fields=True):
    """A member's answer to the view they saw: their words are kept exactly as written."""

    answer: Answer
    view_sha256: Sha256
    words: Words = ""
    item_comments: Annotated[list[ItemComment], msgspec.Meta(max_length=100)] = []


class AttendeeIn(msgspec.Struct, forbid_unknown_fields=True):
    """A professional (`person`) or a family member (`member`): one of the two."""

    person: uuid.UUID | None = None
    member: uuid.UUID | None = None
    apologies: bool = False
    # Issue 18: their role at the meeting; a professional's agency's direct contact with the
    # child; for a family member only: an interpreter's language, and their exclusion from
    # all or part of the meeting (the part, and why: an exclusion needs a reason).
    role: Annotated[str, msgspec.Meta(max_length=200, pattern=NO_NUL)] = ""
    direct_contact: bool = True
    interpreter: Annotated[str, msgspec.Meta(max_length=100, pattern=NO_NUL)] = ""
    excluded: Exclusion | None = None
    excluded_part: Note = ""
    exclusion_reason: Note = ""


class NewMeeting(msgspec.Struct, forbid_unknown_fields=True):
    kind: MeetingKind
    starts_at: AwareDateTime
    chair: uuid.UUID
    purpose: Note = ""
    location: Annotated[str, msgspec.Meta(max_length=500, pattern=NO_NUL)] = ""
    location_confidential: bool = False
    how_to_join: Note = ""
    version: Annotated[int, msgspec.Meta(ge=1, le=1_000_000)] | None = None
    attendees: Annotated[list[AttendeeIn], msgspec.Meta(max_length=60)] = []
    # Issue 18: a pre-birth conference (an initial or review conference only); why it is held
    # after its statutory due date (required then); or take a new version of the plan now
    # and discuss that one (instead of `version`).
    pre_birth: bool = False
    timing_reason: Note = ""
    take_version: bool = False


class NewView(msgspec.Struct, forbid_unknown_fields=True):
    attendee: uuid.UUID
    view: View
    reason: Words = ""


class ChildDecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    """The chair's decision for one child: a plan or not (with its category), who leads it,
    the core group (people's ids) and when it is next reviewed."""

    member: uuid.UUID
    plan_needed: bool
    category: Category | None = None
    lead_social_worker: uuid.UUID | None = None
    core_group: Annotated[list[uuid.UUID], msgspec.Meta(max_length=40)] = []
    next_review_on: dt.date | None = None


class NewDecision(msgspec.Struct, forbid_unknown_fields=True):
    plan_needed: bool
    category: Category | None = None
    next_review_on: dt.date | None = None
    notes: Words = ""
    # Issue 18: a conference decides separately for each child of the family.
    children: Annotated[list[ChildDecisionIn], msgspec.Meta(max_length=30)] = []


class Escalation(msgspec.Struct, forbid_unknown_fields=True):
    """Why the stage ends without agreement; `revision` guards against escalating twice."""

    outcome: Note = ""
    revision: Revision | None = None


class Resolution(msgspec.Struct, forbid_unknown_fields=True):
    resolution: Annotated[str, msgspec.Meta(min_length=1, max_length=4000, pattern=NO_NUL)]
    revision: Revision | None = None


# ---------------------------------------------------------------------------- responses


class ItemCommentOut(Out):
    item: str
    comment: str


class AgreementOut(Out, kw_only=True):
    """A member's answer to the view of the plan they saw (`version`, its `view_sha256`),
    in their words. `replaces`: the answer it changed."""

    id: uuid.UUID
    plan: uuid.UUID
    member: uuid.UUID
    version: int
    version_sha256: str
    view_sha256: str
    answer: str
    words: str
    item_comments: list[ItemCommentOut]
    answered_by: uuid.UUID
    replaces: uuid.UUID | None
    created_at: dt.datetime


class SeenOut(Out):
    """Who of the team marked an answer as seen, and when."""

    by: uuid.UUID
    by_name: str
    at: dt.datetime


class AnswerOut(AgreementOut, kw_only=True):
    seen: SeenOut | None


class LatestView(Out):
    version: int
    sha256: str


class MemberAnswers(Out):
    """A member's answers to the plan: the `current` one, whether it answers the view they
    last received, and every answer, oldest first."""

    member: uuid.UUID
    name: str
    role: str
    latest_view: LatestView | None
    current: AnswerOut | None
    answered_latest_view: bool
    history: list[AnswerOut]


class AgreementsOut(Out):
    plan: uuid.UUID
    members: list[MemberAnswers]


class AttendeeOut(Out):
    """A professional (`person`, with their `agency`) or a family member (`member`)."""

    id: uuid.UUID
    person: uuid.UUID | None
    member: uuid.UUID | None
    agency: uuid.UUID | None
    name: str
    attended: bool
    apologies: bool
    role: str
    direct_contact: bool
    interpreter: str
    excluded: str | None
    excluded_part: str
    exclusion_reason: str
    attendance: str | None


class ViewOut(Out, kw_only=True):
    """An attendee's view of the version discussed (its number)."""

    id: uuid.UUID
    meeting: uuid.UUID
    attendee: uuid.UUID
    view: str
    reason: str
    recorded_by: uuid.UUID
    created_at: dt.datetime
    version: int | None


class ChildDecisionOut(Out, kw_only=True):
    member: uuid.UUID
    name: str
    plan_needed: bool
    category: str | None
    lead_social_worker: uuid.UUID | None
    core_group: list[uuid.UUID]
    next_review_on: dt.date | None


class DecisionOut(Out, kw_only=True):
    """The chair's decisions on the version discussed (its number)."""

    id: uuid.UUID
    meeting: uuid.UUID
    plan_needed: bool
    category: str | None
    next_review_on: dt.date | None
    notes: str
    decided_by: uuid.UUID
    created_at: dt.datetime
    version: int | None
    children: list[ChildDecisionOut] | UnsetType = UNSET


class RecordedDecisionOut(DecisionOut, kw_only=True):
    """The decisions recorded, and the meeting's status since: "held"."""

    meeting_status: str


class StageOut(Out):
    stage: str
    started_on: dt.date
    deadline: dt.date
    ended_on: dt.date | None
    outcome: str


class DisagreementSummary(Out, kw_only=True):
    """A professional disagreement: its stage, that stage's deadline, its resolution."""

    id: uuid.UUID
    family: uuid.UUID
    meeting: uuid.UUID | None
    meeting_view: uuid.UUID | None
    raised_by: uuid.UUID
    about: str
    stage: str
    stage_deadline: dt.date
    status: str
    resolved_on: dt.date | None
    resolution: str | None
    revision: int
    created_at: dt.datetime


class DisagreementOut(DisagreementSummary, kw_only=True):
    """A professional disagreement with its stages, oldest first."""

    stages: list[StageOut]


class RecordedViewOut(ViewOut, kw_only=True):
    """The view recorded, and the disagreement a dissent opened (else null)."""

    disagreement: DisagreementOut | None


class MeetingOut(Out, kw_only=True):
    """A meeting on a plan (`version`: the number of the version discussed): its attendees,
    their views, the chair's decision, the disagreements it opened, and the members whose
    latest answer to the plan is "disagree" (`family_disagreements`)."""

    id: uuid.UUID
    family: uuid.UUID
    plan: uuid.UUID
    kind: str
    purpose: str
    starts_at: dt.datetime
    location: str
    location_confidential: bool
    how_to_join: str
    chair: uuid.UUID
    quorate: bool | None
    family_attendance: str | None
    status: str
    revision: int
    created_at: dt.datetime
    version: int | None
    version_sha256: str | None
    pre_birth: bool
    due_on: dt.date | None
    timing_reason: str | None
    family_disagreements: list[AgreementOut]
    attendees: list[AttendeeOut]
    views: list[ViewOut]
    decision: DecisionOut | None
    disagreements: list[DisagreementSummary]
    # Issue 18, the room (careplan.meetings.service.room): given by GET /meetings/{id}.
    quorum: QuorumOut | UnsetType = UNSET
    scales: ScalesOut | UnsetType = UNSET
    dissents: list[DissentOut] | UnsetType = UNSET


class NewReport(msgspec.Struct, forbid_unknown_fields=True):
    """An agency's report before the meeting; `audience` as an item's: "professionals",
    "family", {"members": [ids]} or {"agencies": [ids]}."""

    title: Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)]
    body: Annotated[str, msgspec.Meta(min_length=1, max_length=20000, pattern=NO_NUL)]
    audience: Any = "professionals"


class ReportOut(Out, kw_only=True):
    """A report before the meeting: by an agency (`by_kind` "agency") or a family member."""

    id: uuid.UUID
    meeting: uuid.UUID
    by_kind: str
    agency: uuid.UUID | None
    agency_name: str | None
    member: uuid.UUID | None
    author: uuid.UUID
    author_name: str
    title: str
    body: str
    audience: Any
    created_at: dt.datetime


class MeetingSummaryOut(Out, kw_only=True):
    """A meeting in a plan's list: `place` is empty when it is confidential."""

    id: uuid.UUID
    kind: str
    pre_birth: bool
    starts_at: dt.datetime
    status: str
    chair: uuid.UUID
    chair_name: str
    version: int | None
    version_sha256: str | None
    due_on: dt.date | None
    place: str
    location_confidential: bool
    coming: bool


class PlanMeetingsOut(Out):
    """A plan's meetings: those coming first (soonest first), then those past (latest first)."""

    plan: uuid.UUID
    coming: list[MeetingSummaryOut]
    past: list[MeetingSummaryOut]


EXAMPLES: dict[type, dict[str, Any]] = {
    NewAgreement: {
        "answer": "agree_with_comments",
        "view_sha256": "9f2c5e8a4b7d1c3e6f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e",
        "words": "I agree with most of it. Please can meetings be after 10am.",
        "item_comments": [
            {
                "item": "3f1c5a0e-8d2b-4a1e-9c77-2f5d9b1e0a11",
                "comment": "They always had breakfast.",
            }
        ],
    },
    NewMeeting: {
        "kind": "core_group",
        "starts_at": "2026-12-01T10:00:00Z",
        "chair": "3f1c5a0e-8d2b-4a1e-9c77-2f5d9b1e0a11",
        "purpose": "To check how the plan is going and agree the next steps.",
        "location": "Northmere Family Centre, Room 2",
        "how_to_join": "Come to the family centre, or ask for a video link.",
        "version": 2,
        "attendees": [
            {"person": "7d9e2b4c-1a3f-4e5d-8c6b-0a9f8e7d6c5b", "role": "Health visitor"},
            {
                "member": "5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
                "role": "Mother",
                "interpreter": "Polish",
            },
        ],
        "timing_reason": "",
    },
    NewReport: {
        "title": "Health visiting report",
        "body": "Mia was weighed on 20 November: she is back on her growth line.",
        "audience": "family",
    },
    NewView: {
        "attendee": "7d9e2b4c-1a3f-4e5d-8c6b-0a9f8e7d6c5b",
        "view": "dissent",
        "reason": "The plan does not yet deal with the visitor to the home that police know of.",
    },
    NewDecision: {
        "plan_needed": True,
        "category": "neglect",
        "next_review_on": "2027-05-20",
        "notes": "The plan continues under the category of neglect.",
    },
    Escalation: {"outcome": "The practitioners could not agree.", "revision": 1},
    Resolution: {"resolution": "The visitor is now named in the plan.", "revision": 2},
}


# ---------------------------------------------------------------------------- in the room
# Issue 18: attendance and quorum, blind scales and their reveal, dissent from a decision.

Attendance = Annotated[str, _one_of(ATTENDANCE)]
FamilyAttendance = Annotated[str, _one_of(FAMILY_ATTENDANCE)]
InquorateChoice = Annotated[str, _one_of(INQUORATE_CHOICES)]
FamilyScaleBy = Annotated[str, msgspec.Meta(pattern="^(parent|child)$")]
Score = Annotated[int, msgspec.Meta(ge=0, le=10)]


class AttendanceIn(msgspec.Struct, forbid_unknown_fields=True):
    attendee: uuid.UUID
    attendance: Attendance
    direct_contact: bool | None = None  # unchanged when not given


class NewAttendance(msgspec.Struct, forbid_unknown_fields=True):
    """Who was there (each attendee named), the family's attendance, and for an inquorate
    conference the chair's choice with its reason."""

    attendees: Annotated[list[AttendanceIn], msgspec.Meta(max_length=60)] = []
    family_attendance: FamilyAttendance | None = None
    inquorate_choice: InquorateChoice | None = None
    inquorate_reason: Words = ""


class NewScale(msgspec.Struct, forbid_unknown_fields=True):
    """A 0-10 score with its reason: the professional's own; the chair's for an attendee who
    tells it (`attendee`); or a parent's or the child's told in the room (`member`)."""

    score: Score
    reason: Words
    attendee: uuid.UUID | None = None
    member: uuid.UUID | None = None
    by_kind: FamilyScaleBy | None = None


class NewDissent(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=4000, pattern=NO_NUL)]


class DissentReview(msgspec.Struct, forbid_unknown_fields=True):
    """The senior chair's review: the decision stands or was changed, in words; `escalate`
    carries it on as a professional disagreement at the managers' stage."""

    result: Annotated[str, msgspec.Meta(pattern="^(decision_stands|decision_changed)$")]
    outcome: Annotated[str, msgspec.Meta(min_length=1, max_length=4000, pattern=NO_NUL)]
    escalate: bool = False
    revision: Revision | None = None


class QuorumOut(Out, kw_only=True):
    required: bool
    taken: bool
    quorate: bool
    social_care: bool
    other_agencies: list[str]
    needed: int
    missing: str
    inquorate_choice: str | None
    inquorate_reason: str | None
    previous_inquorate: bool


class ScaleOut(Out, kw_only=True):
    id: uuid.UUID
    by_kind: str
    person: uuid.UUID | None
    member: uuid.UUID | None
    agency: uuid.UUID | None
    name: str
    score: int
    reason: str
    entered_by: uuid.UUID
    updated_at: dt.datetime


class ScalesOut(Out, kw_only=True):
    """Before the reveal: the reader's own score and how many have scaled, never others'."""

    revealed: bool
    revealed_at: dt.datetime | None
    scaled: int
    family_scaled: int
    mine: ScaleOut | None
    professionals: list[ScaleOut]
    family: list[ScaleOut]
    escalation_prompt: bool


class DissentOut(Out, kw_only=True):
    id: uuid.UUID
    family: uuid.UUID
    meeting: uuid.UUID
    decision: uuid.UUID
    person: uuid.UUID
    person_name: str
    agency: uuid.UUID | None
    reason: str
    window_ends_at: dt.datetime
    reviewer: uuid.UUID | None
    reviewer_name: str
    state: str
    outcome: str
    reviewed_at: dt.datetime | None
    disagreement: uuid.UUID | None
    revision: int
    created_at: dt.datetime


class RevealOut(Out, kw_only=True):
    meeting: uuid.UUID
    scales: ScalesOut


EXAMPLES.update(
    {
        NewAttendance: {
            "attendees": [
                {"attendee": "7d9e2b4c-1a3f-4e5d-8c6b-0a9f8e7d6c5b", "attendance": "present"},
                {
                    "attendee": "5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
                    "attendance": "apologies_with_report",
                },
            ],
            "family_attendance": "attended",
        },
        NewScale: {"score": 4, "reason": "Leo is safer at home since the new routine started."},
        NewDissent: {"reason": "The visitor to the home is not dealt with: Leo needs a plan."},
        DissentReview: {
            "result": "decision_stands",
            "outcome": "The plan names the visitor now; the decision stands.",
            "escalate": False,
        },
    }
)
