"""A dissent from a conference's decision, for the senior chair to review, at
/workspace/dissents/{id} (issue 18, item 6). Thin controllers over
careplan.meetings.service (who reads and who reviews is decided there).

- GET: the dissent, who raised it and why, the decision it is about (which stands meanwhile),
  its state; for the senior chair it names, while it waits, the review form.
- POST .../review: the decision stands or was changed, in words; "carry on as a
  disagreement" opens one at the managers' stage. Refusals in a GOV.UK error summary.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from careplan.access.principal import Principal
from careplan.lib.errors import Forbidden, Invalid, Refused
from careplan.meetings import schemas
from careplan.meetings import service as meetings
from portal.pages import page, provide_professional
from portal.workspace import plan_forms
from portal.workspace.plan_forms import FormError

ONE = "workspace/dissent.html"
NO_STORE = {"Cache-Control": "no-store"}
NOTICES = {
    "recorded": "Your dissent is recorded. The senior chair will review it; the decision "
    "stands meanwhile.",
    "reviewed": "Your review is recorded.",
}


class Dissents(Controller):
    path = "/workspace/dissents/{dissent_id:str}"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    async def _context(self, me: Principal, dissent_id: str) -> dict[str, Any]:
        context = await meetings.dissent_page(me, dissent_id)
        context.update(me=me, errors=[], values={}, notice=None)
        return context

    @get("/")
    async def one(
        self, request: Request, me: NamedDependency[Principal], dissent_id: FromPath[str]
    ) -> Template:
        context = await self._context(me, dissent_id)
        context["notice"] = NOTICES.get(request.query_params.get("done", ""))
        return page(request, ONE, context, headers=NO_STORE)

    @post("/review", status_code=200)
    async def review(
        self, request: Request, me: NamedDependency[Principal], dissent_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        values = {
            "result": plan_forms.text_of(form, "result"),
            "outcome": plan_forms.text_of(form, "outcome"),
            "escalate": plan_forms.text_of(form, "escalate") == "yes",
        }
        status, errors = 200, []
        try:
            if not values["result"]:
                raise FormError("result", "Choose whether the decision stands or was changed")
            if not values["outcome"].strip():
                raise FormError("outcome", "Enter what you decided and why")
            data = plan_forms.convert(values, schemas.DissentReview)
            await meetings.review_dissent(me, dissent_id, data)
        except FormError as error:
            status, errors = 422, [plan_forms.problem(error.field, error.message)]
        except Invalid as error:
            status, errors = 422, [plan_forms.problem(error.field, error.message.capitalize())]
        except Refused as refused:
            status, errors = 409, [plan_forms.problem("result", refused.detail)]
        except Forbidden as refused:
            status, errors = 403, [plan_forms.problem("result", refused.detail)]
        if not errors:
            return Redirect(f"/workspace/dissents/{dissent_id}?done=reviewed", status_code=303)
        context = await self._context(me, dissent_id)
        context.update(errors=errors, values=values)
        return page(request, ONE, context, status_code=status, headers=NO_STORE)


ROUTES: list = [Dissents]
