"""A plan's state as a page (issue 18, item 8): thin controllers over
careplan.plans.service.states.

- GET /workspace/plans/{id}/state: the plan's state, its history (who moved it, why, when),
  and "Move the plan to ..." with a reason, for who may (authority `plan.state`: England's
  default, children's social care on the team and their managers). Others who read the plan
  see why they may not; anyone else gets 404.
- POST /workspace/plans/{id}/state: a plain post (CSRF); a move not allowed, or "agreed"
  without every party's acknowledgement, is refused in a GOV.UK error summary naming the
  field, with the reason in plain words.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from careplan.access.principal import Principal
from careplan.lib.errors import Invalid, Refused
from careplan.plans import service as plans
from portal.pages import page, provide_professional
from portal.workspace import plan_forms

ONE = "workspace/plan_state.html"


class PlanStatePages(Controller):
    path = "/workspace/plans/{plan_id:str}/state"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    async def _page(
        self,
        request: Request,
        me: Principal,
        plan_id: str,
        *,
        errors: list[dict[str, str]] | None = None,
        values: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        state = await plans.state_page(me, plan_id)
        context: dict[str, Any] = {
            "me": me,
            "state": state,
            "errors": errors or [],
            "values": values or {},
            "moved": request.query_params.get("moved") == "1",
        }
        return page(request, ONE, context, status_code=status_code)

    @get("/")
    async def one(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Template:
        return await self._page(request, me, plan_id)

    @post("/", status_code=200)
    async def move(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        values = {
            "state": plan_forms.text_of(form, "state"),
            "reason": plan_forms.text_of(form, "reason"),
        }
        try:
            await plans.move(me, plan_id, values["state"], values["reason"])
        except Invalid as error:
            message = {
                "state": "Choose the state to move the plan to",
                "reason": "Enter why the plan moves",
            }.get(error.field, error.message)
            if error.field == "reason" and values["reason"].strip():
                message = error.message
            return await self._page(
                request,
                me,
                plan_id,
                errors=[plan_forms.problem(error.field, message)],
                values=values,
                status_code=422,
            )
        except Refused as refused:
            return await self._page(
                request,
                me,
                plan_id,
                errors=[plan_forms.problem(refused.field or "state", refused.detail)],
                values=values,
                status_code=409,
            )
        return Redirect(f"/workspace/plans/{plan_id}/state?moved=1", status_code=303)


ROUTES: list = [PlanStatePages]
