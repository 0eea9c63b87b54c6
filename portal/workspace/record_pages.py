"""The chair's record of a meeting as a page (issue 18, item 9): thin controllers over
careplan.meetings.service.record.

- GET /workspace/meetings/{id}/record: the record as the professional may read it (print
  friendly), links to the record's and the letter's PDFs; for the chair, "Send the outcome
  letter", "Send the record" and, once sent, "Add a correction". Anyone who may not read the
  meeting gets 404.
- POST .../record/send-letter, .../record/send-record, .../record/corrections: plain posts
  (CSRF); the chair alone (403 to the rest: decided in careplan.access); refusals in a GOV.UK
  error summary naming the field; done, back to the record, which says what was done.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from careplan.access.principal import Principal
from careplan.lib.errors import Invalid, Refused
from careplan.meetings.service import record as records
from portal.pages import page, provide_professional
from portal.workspace import plan_forms

ONE = "workspace/meeting_record.html"
NOTICES = {
    "letter": "You sent the outcome letter.",
    "record": "You sent the record.",
    "correction": "Your correction was added beside the record.",
}


class MeetingRecordPages(Controller):
    path = "/workspace/meetings/{meeting_id:str}/record"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    async def _page(
        self,
        request: Request,
        me: Principal,
        meeting_id: str,
        *,
        errors: list[dict[str, str]] | None = None,
        values: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        record = await records.get_record(me, meeting_id)
        done = request.query_params.get("done", "")
        context: dict[str, Any] = {
            "me": me,
            "record": record,
            "errors": errors or [],
            "values": values or {},
            "notice": NOTICES.get(done),
        }
        return page(request, ONE, context, status_code=status_code)

    @get("/")
    async def one(
        self, request: Request, me: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Template:
        return await self._page(request, me, meeting_id)

    async def _send(self, request: Request, me: Principal, meeting_id: str, what: str) -> Any:
        try:
            await records.send(me, meeting_id, what)
        except Refused as refused:
            field = f"send-{what}"
            return await self._page(
                request,
                me,
                meeting_id,
                errors=[plan_forms.problem(field, refused.detail)],
                status_code=409,
            )
        return Redirect(f"/workspace/meetings/{meeting_id}/record?done={what}", status_code=303)

    @post("/send-letter", status_code=200)
    async def send_letter(
        self, request: Request, me: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Response[Any]:
        return await self._send(request, me, meeting_id, "letter")

    @post("/send-record", status_code=200)
    async def send_record(
        self, request: Request, me: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Response[Any]:
        return await self._send(request, me, meeting_id, "record")

    @post("/corrections", status_code=200)
    async def correct(
        self, request: Request, me: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        values = {"text": plan_forms.text_of(form, "text")}
        try:
            await records.add_correction(me, meeting_id, values["text"])
        except Invalid as error:
            message = "Enter the correction" if error.field == "text" else error.message
            return await self._page(
                request,
                me,
                meeting_id,
                errors=[plan_forms.problem("text", message)],
                values=values,
                status_code=422,
            )
        except Refused as refused:
            return await self._page(
                request,
                me,
                meeting_id,
                errors=[plan_forms.problem("text", refused.detail)],
                values=values,
                status_code=409,
            )
        return Redirect(f"/workspace/meetings/{meeting_id}/record?done=correction", status_code=303)


ROUTES: list = [MeetingRecordPages]
