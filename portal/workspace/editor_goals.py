"""The plan editor's objectives, their progress and the scaling table (see
`portal.workspace.editor`): the same answers, one block each."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from careplan.access.permissions import audience_of_viewer
from careplan.access.principal import Principal
from careplan.lib.errors import Conflict, Invalid, NotFound, PlanClosed
from careplan.plans import schemas
from careplan.plans import service as plans
from careplan.plans.queries import blocks
from careplan.plans.queries import kept as kept_keys
from careplan.web.access_memo import AccessMemo
from careplan.web.dates import date_filter
from portal.pages import Built, is_htmx, kept, page, provide_professional
from portal.workspace import plan_forms
from portal.workspace.editor_context import context
from portal.workspace.editor_replies import (
    TEMPLATE,
    answer,
    closed,
    done,
    editor_context,
    form_error,
    form_of,
    plan_of_objective,
)
from portal.workspace.plan_forms import FormError

OBJECTIVE_FIELDS = {
    "title",
    "why",
    "measure_kind",
    "unit",
    "baseline",
    "target",
    "due_on",
    "owner",
    "audience",
    "answers",
}
PROGRESS_FIELDS = {"value", "recorded_on", "note"}
SCALING_FIELDS = {"score", "by_kind", "by_member", "by_name", "reason", "statement", "audience"}
PROGRESS_SAID = {
    "recorded": "Progress recorded.",
    "carried": "Progress recorded where this objective continues: the plan of the new episode.",
    "ended": "Progress recorded as history: this objective was decided when its episode closed.",
}


class GoalEditor(Controller):
    path = "/workspace"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}
    middleware = [AccessMemo]  # one access decision per request

    @post("/plans/{plan_id:str}/objectives", status_code=200)
    async def add_objective(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Response[Any]:
        form = await form_of(request)
        key = "new-objective"
        try:
            raw = plan_forms.objective_fields(form, patch=False)
            data = plan_forms.convert(raw, schemas.NewObjective)
            objective = await plans.add_objective(me, plan_id, data)
        except PlanClosed as refused:
            return await closed(request, me, plan_id, refused)
        except (FormError, Invalid, NotFound) as error:
            problem = form_error(error, OBJECTIVE_FIELDS, "title")
            if problem is None:
                raise
            block = await blocks.objectives(me, plan_id)
            values = {key: plan_forms.posted_values(form)}
            return await answer(
                request,
                me,
                block,
                "objectives",
                status=422,
                errors={key: problem},
                form_values=values,
            )
        block = await blocks.objectives(me, plan_id)
        anchor = f"objective-{objective['id']}"
        return await done(request, me, block, "objectives", anchor, focus=str(objective["id"]))

    async def _objective_page(
        self, request: Request, me: Principal, objective_id: str, mode: str
    ) -> Response[Any]:
        """Kept (portal.pages.kept) by the objective's family at its revision and the
        viewer's audience, both read and decided on this request."""
        access, revision = await kept_keys.of_objective(me, objective_id)

        async def build() -> Built:
            block = await blocks.objective(me, objective_id, editing=mode == "edit")
            key = str(block["objective"]["id"])
            extra: dict[str, Any] = {"modes": {key: mode}}
            if mode == "edit":
                extra["form_values"] = {key: plan_forms.objective_values(block["objective"])}
            if is_htmx(request):
                return TEMPLATE, context(me, block, **extra), None
            return TEMPLATE, await editor_context(me, block["plan"]["id"], **extra), None

        shown = (access.family_id, revision, audience_of_viewer(access))
        family = (access.family_id, revision)
        return await kept(request, me, shown, build, block="objective", family=family)

    @get("/objectives/{objective_id:str}")
    async def show_objective(
        self, request: Request, me: NamedDependency[Principal], objective_id: FromPath[str]
    ) -> Response[Any]:
        return await self._objective_page(request, me, objective_id, "show")

    @get("/objectives/{objective_id:str}/edit")
    async def edit_objective(
        self, request: Request, me: NamedDependency[Principal], objective_id: FromPath[str]
    ) -> Response[Any]:
        return await self._objective_page(request, me, objective_id, "edit")

    @post("/objectives/{objective_id:str}", status_code=200)
    async def save_objective(
        self, request: Request, me: NamedDependency[Principal], objective_id: FromPath[str]
    ) -> Response[Any]:
        form = await form_of(request)
        try:
            raw = plan_forms.objective_fields(form, patch=True)
            data = plan_forms.convert(raw, schemas.ObjectivePatch)
            saved = await plans.patch_objective(me, objective_id, data)
        except PlanClosed as refused:
            return await closed(request, me, await plan_of_objective(me, objective_id), refused)
        except Conflict as conflict:
            return await self._merge_objective(request, me, objective_id, form, conflict)
        except (FormError, Invalid, NotFound) as error:
            problem = form_error(error, OBJECTIVE_FIELDS, "title")
            if problem is None:
                raise
            block = await blocks.objective(me, objective_id, editing=True)
            key = str(block["objective"]["id"])
            return await answer(
                request,
                me,
                block,
                "objective",
                status=422,
                modes={key: "edit"},
                errors={key: problem},
                form_values={key: plan_forms.posted_values(form)},
            )
        key = str(saved["id"])
        if not is_htmx(request):
            return Redirect(f"/workspace/plans/{saved['plan']}#objective-{key}", status_code=303)
        block = await blocks.changed_objective(me, objective_id, saved)
        if block is None:  # saved for an audience the editor's own agency is not in
            listed = await blocks.objectives(me, saved["plan"])
            return page(request, TEMPLATE, context(me, listed), block="objectives")
        return page(request, TEMPLATE, context(me, block, focus=key), block="objective")

    async def _merge_objective(
        self, request: Request, me: Principal, objective_id: str, form: Any, conflict: Conflict
    ) -> Template:
        current = conflict.current
        block = await blocks.objective(me, objective_id, editing=True)
        key = str(block["objective"]["id"])
        changed = await plans.last_change(me, key, "objective")
        mine = plan_forms.posted_values(form)
        merge = {
            "mine": mine,
            "mine_text": _objective_summary(mine),
            "theirs_text": _objective_summary(plan_forms.objective_values(current)),
            "by": changed["by"] if changed and changed["by"] else "someone else",
            "at": changed["at"] if changed else current.get("updated_at"),
        }
        return await answer(
            request,
            me,
            block,
            "objective",
            status=409,
            modes={key: "merge"},
            form_values={key: mine},
            merges={key: merge},
        )

    @post("/objectives/{objective_id:str}/progress", status_code=200)
    async def record_progress(
        self, request: Request, me: NamedDependency[Principal], objective_id: FromPath[str]
    ) -> Response[Any]:
        form = await form_of(request)
        try:
            raw: dict[str, Any] = {
                "client_uuid": plan_forms.text_of(form, "client_uuid"),
                "value": plan_forms.text_of(form, "value").strip(),
                "note": plan_forms.text_of(form, "note").strip(),
            }
            if not raw["value"]:
                raise FormError("value", "Enter where it is now, as a number")
            recorded_on = plan_forms.date_from(form, "recorded_on")
            if recorded_on is not None:
                raw["recorded_on"] = recorded_on
            data = plan_forms.convert(raw, schemas.NewProgress)
            checked = await plans.check_in(me, objective_id, data)
        except (FormError, Invalid) as error:
            problem = form_error(error, PROGRESS_FIELDS, "value")
            if problem is None:
                raise
            block = await blocks.objective(me, objective_id)
            pkey = f"progress-{block['objective']['id']}"
            values = {pkey: plan_forms.posted_values(form)}
            return await answer(
                request,
                me,
                block,
                "objective",
                status=422,
                errors={pkey: problem},
                form_values=values,
            )
        # The objective as the check-in read it: its block reads only its names and progress.
        block = await blocks.checked_in(me, checked.objective, checked.entry["outcome"])
        key = str(block["objective"]["id"])
        notice = {"objective": key, "text": PROGRESS_SAID[checked.entry["outcome"]]}
        return await done(request, me, block, "objective", f"objective-{key}", notice=notice)

    # ------------------------------------------------------------------------ scaling

    @post("/plans/{plan_id:str}/scaling", status_code=200)
    async def add_scaling(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Response[Any]:
        form = await form_of(request)
        key = "new-scaling"
        try:
            data = plan_forms.convert(plan_forms.scaling_fields(form), schemas.NewScaling)
            await plans.add_scaling(me, plan_id, data)
        except PlanClosed as refused:
            return await closed(request, me, plan_id, refused)
        except (FormError, Invalid, NotFound) as error:
            problem = form_error(error, SCALING_FIELDS, "score")
            if problem is None:
                raise
            block = await blocks.scaling(me, plan_id)
            values = {key: plan_forms.posted_values(form)}
            return await answer(
                request, me, block, "scaling", status=422, errors={key: problem}, form_values=values
            )
        block = await blocks.changed_scaling(me, plan_id)
        notice = {"section": "scaling", "text": "The score was recorded."}
        return await done(request, me, block, "scaling", "section-scaling", notice=notice)


def _objective_summary(values: dict[str, Any]) -> str:
    parts = [values.get("title", "")]
    target = values.get("target")
    if target:
        start = values.get("baseline")
        parts.append(f"from {start} to {target}" if start else f"target {target}")
    if values.get("unit"):
        parts.append(values["unit"])
    try:
        due = plan_forms.date_from(values, "due_on")
    except FormError:
        due = None
    if due is not None:
        parts.append(f"due {date_filter(due)}")
    return "; ".join(p for p in parts if p)
