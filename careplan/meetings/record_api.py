"""The chair's record of a meeting, its outcome letter and the agreed plan (issue 18): JSON
and PDF. Translate HTTP to a service call and back, nothing else."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, PathParameter

from careplan.access.principal import Principal
from careplan.lib.shapes import Out
from careplan.meetings.service import agreed, record
from careplan.web.pdf import pdf_response
from careplan.web.responses import shaped

# ---------------------------------------------------------------------------- shapes
# Each body exactly as the service gives it (careplan.meetings.record_rules.build_record).


class RecordMeeting(Out):
    id: uuid.UUID
    family: uuid.UUID
    family_name: str
    kind: str
    kind_words: str
    purpose: str
    starts_at: dt.datetime
    location: str
    chair: str
    chair_agency: str | None
    status: str
    family_attendance: str | None
    letter_sent_at: dt.datetime | None
    record_sent_at: dt.datetime | None
    letter_due_on: dt.date
    record_due_on: dt.date


class RecordPlan(Out):
    id: uuid.UUID
    state: str


class RecordVersion(Out):
    number: int
    sha256: str


class RecordFamilyView(Out):
    member: str
    name: str
    sha256: str


class RecordAttendee(Out):
    name: str
    role: str
    agency: str | None
    member: str | None
    attendance: str | None
    attendance_words: str
    direct_contact: bool
    excluded: str | None


class RecordQuorum(Out):
    quorate: bool | None
    choice: str | None
    choice_words: str
    reason: str


class RecordView(Out):
    name: str
    agency: str | None
    view: str
    view_words: str
    reason: str


class RecordScale(Out):
    name: str
    agency: str | None
    score: int
    reason: str


class RecordScales(Out):
    """The professionals' scales only once the chair revealed them (`waiting`: how many are
    given and not shown yet); the parents' and the children's apart."""

    revealed: bool
    professionals: list[RecordScale]
    parents: list[RecordScale]
    children: list[RecordScale]
    waiting: int


class RecordDecision(Out):
    plan_needed: bool
    category: str | None
    next_review_on: dt.date | None
    notes: str
    decided_by: str


class RecordChildDecision(Out):
    member: str
    name: str
    plan_needed: bool
    category: str | None
    lead_social_worker: str | None
    core_group: list[str]
    next_review_on: dt.date | None


class RecordDissent(Out):
    source: str
    name: str
    agency: str | None
    reason: str
    state: str | None
    state_words: str
    outcome: str


class RecordWords(Out):
    member: str
    name: str
    answer: str
    answer_words: str
    words: str
    view_sha256: str
    created_at: dt.datetime


class RecordReport(Out):
    by_kind: str
    name: str | None
    member: str | None
    title: str
    body: str


class RecordAnnotation(Out):
    text: str
    by: str
    created_at: dt.datetime


class RecordOut(Out):
    """The chair's record as the reader may read it: `copy` is "whole" for the professionals
    who may read the meeting, "member" for a family member's own copy."""

    copy: str
    meeting: RecordMeeting
    plan: RecordPlan
    version: RecordVersion | None
    family_views: list[RecordFamilyView]
    attendance: list[RecordAttendee]
    quorum: RecordQuorum
    views: list[RecordView]
    scales: RecordScales
    decision: RecordDecision | None
    child_decisions: list[RecordChildDecision]
    dissent: list[RecordDissent]
    family_words: list[RecordWords]
    reports: list[RecordReport]
    annotations: list[RecordAnnotation]
    outline: list[str]
    you_chair: bool


# ---------------------------------------------------------------------------- routes

VersionNumber = Annotated[int, PathParameter(ge=1, le=1_000_000)]


class MeetingRecordController(Controller):
    path = "/meetings/{meeting_id:str}"
    tags = ["meetings"]

    @get("/record", summary="The chair's record: attendance, views, scales, decisions, dissent")
    async def get_record(
        self, principal: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> RecordOut:
        return shaped(RecordOut, await record.get_record(principal, meeting_id))

    @get(
        "/record.pdf",
        summary="The chair's record as a PDF, with the fingerprints",
        media_type="application/pdf",
    )
    async def record_pdf(
        self, principal: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Response[bytes]:
        doc = await record.get_record(principal, meeting_id)
        return await pdf_response("record.html", {"record": doc}, "record.pdf")

    @get(
        "/letter.pdf",
        summary="The chair's outcome letter: outcome, outline plan, core group, next review",
        media_type="application/pdf",
    )
    async def letter_pdf(
        self, principal: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Response[bytes]:
        doc = await record.get_record(principal, meeting_id)
        return await pdf_response("letter.html", {"record": doc}, "letter.pdf")


class AgreedPlanController(Controller):
    path = "/plans/{plan_id:str}/versions/{number:int}"
    tags = ["plans"]

    @get(
        "/agreed.pdf",
        summary="The agreed plan as a PDF (a family member gets their own view)",
        media_type="application/pdf",
    )
    async def agreed_pdf(
        self, principal: NamedDependency[Principal], plan_id: FromPath[str], number: VersionNumber
    ) -> Response[bytes]:
        doc = await agreed.get_agreed(principal, plan_id, number)
        return await pdf_response("agreed.html", {"agreed": doc}, f"plan-version-{number}.pdf")
