"""Request and response shapes of the meetings API. Bounds on a request are the API's
validation (422 naming the field); a response shape is a body exactly as the service gives it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import msgspec

from careplan.families.vocabulary import CHILD_CATEGORIES
from careplan.lib.shapes import Out
from careplan.meetings.vocabulary import ANSWERS, EXCLUSIONS, MEETING_KINDS, VIEWS


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


class NewDecision(msgspec.Struct, forbid_unknown_fields=True):
    plan_needed: bool
    category: Category | None = None
    next_review_on: dt.date | None = None
    notes: Words = ""


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
