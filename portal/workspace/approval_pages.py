"""A manager's approvals of closing an episode: thin pages over
careplan.families.services.approvals (issue 17, item 3).

- GET /workspace/approvals: the manager's queue (waiting first, oldest first; then the ones
  decided in the last four weeks): the family, the kind of episode, who asked, when, and
  what closing ends. The caseload links here for a manager, with how many wait.
- GET /workspace/approvals/{id}: the request as asked, what closing ends
  (careplan.oversight.queries.closing) and each objective's decision, with "Approve and
  close" and "Send back" (a reason, required). Anyone who may read the family but not decide
  it gets 403, a page saying who can (whoever asked sees where it stands); anyone else 404.
- POST /workspace/approvals/{id}/approve and /send-back: plain posts (CSRF), refusals in a
  GOV.UK error summary naming the field; done, back to the queue, which says what was done.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from careplan.access.principal import Principal
from careplan.families import schemas
from careplan.families.services import approvals
from careplan.lib.errors import Invalid, Refused
from careplan.oversight.queries.closing import what_closing_ends
from careplan.plans import service as plans
from portal.pages import page, provide_professional
from portal.workspace import plan_forms

QUEUE = "workspace/approvals.html"
ONE = "workspace/approval.html"
DECISION = "decision"  # the element a refusal about the request itself (not a field) links to
NOTICES = {
    "approved": "You approved it: the episode is closed.",
    "sent_back": "You sent it back: the episode stays open.",
}


class Approvals(Controller):
    path = "/workspace/approvals"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    @get("/")
    async def queue(self, request: Request, me: NamedDependency[Principal]) -> Template:
        rows = await approvals.queue(me)
        # What each waiting request would end: its statutory dates and booked meetings.
        ends = {
            row["id"]: await what_closing_ends(me, row["episode"])
            for row in rows
            if row["state"] == "waiting"
        }
        done = request.query_params.get("done", "")
        decided = next((r for r in rows if str(r["id"]) == request.query_params.get("id")), None)
        return page(
            request,
            QUEUE,
            {
                "me": me,
                "waiting": [{**r, "ends": ends[r["id"]]} for r in rows if r["state"] == "waiting"],
                "decided": [r for r in rows if r["state"] != "waiting"],
                "notice": NOTICES.get(done),
                "noticed": decided,
            },
        )

    async def _context(self, me: Principal, approval_id: str) -> dict[str, Any]:
        row, refusal = await approvals.refusal(me, approval_id)
        context: dict[str, Any] = {
            "me": me,
            "approval": row,
            "refusal": refusal,
            "errors": [],
            "values": {},
            "dates": [],
            "meetings": [],
            "decided": [],
        }
        if row["state"] == "waiting":
            ends = await what_closing_ends(me, row["episode"])
            plan = await plans.get_plan_of_episode(me, row["episode"])
            titles = {str(o["id"]): o["title"] for o in plan["objectives"]}
            context.update(
                dates=ends["dates"],
                meetings=ends["meetings"],
                decided=[
                    (titles.get(str(o["id"]), approvals.HIDDEN_TITLE), o["decision"], o["reason"])
                    for o in row["objectives"]
                ],
            )
        return context

    @get("/{approval_id:str}")
    async def one(
        self, request: Request, me: NamedDependency[Principal], approval_id: FromPath[str]
    ) -> Template:
        context = await self._context(me, approval_id)
        mine = context["approval"]["requested_by"] == me.person_id
        status = 403 if context["refusal"] and not mine else 200
        return page(request, ONE, context, status_code=status)

    async def _refused(
        self, request: Request, me: Principal, approval_id: str, errors: list, values: dict
    ) -> Template:
        context = await self._context(me, approval_id)
        context.update(errors=errors, values=values)
        status = 409 if any(e["field"] == DECISION for e in errors) else 422
        return page(request, ONE, context, status_code=status)

    @post("/{approval_id:str}/approve", status_code=200)
    async def approve(
        self, request: Request, me: NamedDependency[Principal], approval_id: FromPath[str]
    ) -> Response[Any]:
        try:
            done = await approvals.approve(me, approval_id)
        except Refused as refused:
            return await self._refused(
                request, me, approval_id, [plan_forms.problem(DECISION, refused.detail)], {}
            )
        return Redirect(f"/workspace/approvals?done=approved&id={done['id']}", status_code=303)

    @post("/{approval_id:str}/send-back", status_code=200)
    async def send_back(
        self, request: Request, me: NamedDependency[Principal], approval_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        values = {"reason": plan_forms.text_of(form, "reason").strip()}
        try:
            data = plan_forms.convert(values, schemas.SendBack)
            done = await approvals.send_back(me, approval_id, data)
        except plan_forms.FormError as error:
            return await self._refused(
                request, me, approval_id, [plan_forms.problem(error.field, error.message)], values
            )
        except Invalid as error:
            message = "Enter why you are sending it back" if error.field == "reason" else None
            return await self._refused(
                request,
                me,
                approval_id,
                [plan_forms.problem(error.field, message or error.message)],
                values,
            )
        except Refused as refused:
            return await self._refused(
                request, me, approval_id, [plan_forms.problem(DECISION, refused.detail)], values
            )
        return Redirect(f"/workspace/approvals?done=sent_back&id={done['id']}", status_code=303)


ROUTES: list = [Approvals]
