"""The chair's record of a meeting, its outcome letter and the agreed plan (issue 18): JSON
and PDF. Translate HTTP to a service call and back, nothing else."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, PathParameter

from careplan.access.principal import Principal
from careplan.meetings.schemas_record import RecordOut
from careplan.meetings.service import agreed, record
from careplan.web.pdf import pdf_response
from careplan.web.responses import shaped

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
