"""A local authority's local rules in pages, for its administrators (issue 17, item 8): its
statutory clocks, its kinds of episode, its bank-holiday region, its disagreement stages'
lengths and who may take which action. England's stay the default; each page says what
England's is beside what is set here.

Thin pages over careplan.tenancy.services and careplan.meetings.service, which decide who
may (careplan.access.administration) and check every field; errors name their field in a
GOV.UK error summary and nothing is written. Anyone else is told only an administrator can
(403); a record of another local authority answers 404."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from careplan.access.principal import Principal
from careplan.lib.errors import Forbidden, Invalid
from careplan.meetings.service import local_rules as stages
from careplan.tenancy.services import local_rules
from careplan.tenancy.vocabulary import AGENCY_KINDS
from portal import labels
from portal.pages import page, provide_professional
from portal.workspace import plan_forms

HOME = "/workspace/admin/rules"
Build = Callable[[], Awaitable[dict[str, Any]]]


def _problem(error: Invalid) -> dict[str, str]:
    message = error.message
    return {"field": error.field, "message": message[0].upper() + message[1:]}


async def show(
    request: Request,
    me: Principal,
    template: str,
    build: Build,
    *,
    errors: list[dict[str, str]] | None = None,
    values: dict[str, Any] | None = None,
) -> Template:
    """A page of the administration: what `build` reads, or, for anyone who administers
    nothing, the refusal (403); with errors, 422."""
    base: dict[str, Any] = {"me": me, "errors": errors or [], "values": values or {}}
    try:
        context = {**base, "refusal": None, **await build()}
    except Forbidden as error:
        return page(request, template, {**base, "refusal": error.detail}, status_code=403)
    return page(request, template, context, status_code=422 if errors else 200)


async def change(
    request: Request,
    me: Principal,
    template: str,
    build: Build,
    act: Callable[[], Awaitable[Any]],
    done: str,
    values: dict[str, Any],
) -> Response[Any]:
    """Run a change and go to `done` (303), or show the page again with its error."""
    try:
        await act()
    except Invalid as error:
        return await show(request, me, template, build, errors=[_problem(error)], values=values)
    except Forbidden:
        return await show(request, me, template, build)
    return Redirect(done, status_code=303)


NOTICES = {
    "clock": "The clock was changed.",
    "kind": "The kind of episode was saved.",
    "kind-off": "No new episodes of that kind can be opened now. Those open go on.",
    "kind-on": "Episodes of that kind can be opened again.",
    "region": "The bank holidays were changed.",
    "stages": "The stages' lengths were changed.",
    "authority": "Who may do this was changed.",
    "approval": "Whether a manager must approve it was changed.",
}


class LocalRules(Controller):
    path = HOME
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    @get("/")
    async def home(self, request: Request, me: NamedDependency[Principal]) -> Template:
        async def build() -> dict[str, Any]:
            return {
                **await local_rules.local_rules(me),
                "stages": await stages.stage_lengths(me),
                "approvals": await local_rules.approvals(me),
                "notice": NOTICES.get(request.query_params.get("changed", "")),
            }

        return await show(request, me, "workspace/admin_rules.html", build)

    # ------------------------------------------------------------------- a statutory clock

    def _clock(self, me: Principal, clock_id: str) -> Build:
        async def build() -> dict[str, Any]:
            return {"clock": await local_rules.clock(me, clock_id)}

        return build

    @get("/clocks/{clock_id:str}")
    async def clock_form(
        self, request: Request, me: NamedDependency[Principal], clock_id: FromPath[str]
    ) -> Template:
        return await show(
            request, me, "workspace/admin_rules_clock.html", self._clock(me, clock_id)
        )

    @post("/clocks/{clock_id:str}", status_code=200)
    async def change_clock(
        self, request: Request, me: NamedDependency[Principal], clock_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        length = plan_forms.text_of(form, "length")
        return await change(
            request,
            me,
            "workspace/admin_rules_clock.html",
            self._clock(me, clock_id),
            lambda: local_rules.change_clock(me, clock_id, length),
            f"{HOME}?changed=clock",
            {"length": length},
        )

    # ------------------------------------------------------------------- kinds of episode

    def _kind(self, me: Principal, kind_id: str | None) -> Build:
        async def build() -> dict[str, Any]:
            kind = None if kind_id is None else await local_rules.episode_kind(me, kind_id)
            if kind is None:
                await local_rules.episode_kinds(me)  # an administrator only
            return {"kind": kind}

        return build

    @get("/episode-kinds/new")
    async def new_kind(self, request: Request, me: NamedDependency[Principal]) -> Template:
        return await show(request, me, "workspace/admin_rules_kind.html", self._kind(me, None))

    @post("/episode-kinds/new", status_code=200)
    async def add_kind(self, request: Request, me: NamedDependency[Principal]) -> Response[Any]:
        form = await request.form()
        values = {f: plan_forms.text_of(form, f) for f in ("code", "label", "plan_kind")}
        return await change(
            request,
            me,
            "workspace/admin_rules_kind.html",
            self._kind(me, None),
            lambda: local_rules.add_episode_kind(
                me, values["code"], values["label"], values["plan_kind"]
            ),
            f"{HOME}?changed=kind",
            values,
        )

    @get("/episode-kinds/{kind_id:str}")
    async def kind_form(
        self, request: Request, me: NamedDependency[Principal], kind_id: FromPath[str]
    ) -> Template:
        return await show(request, me, "workspace/admin_rules_kind.html", self._kind(me, kind_id))

    @post("/episode-kinds/{kind_id:str}", status_code=200)
    async def rename_kind(
        self, request: Request, me: NamedDependency[Principal], kind_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        label = plan_forms.text_of(form, "label")
        return await change(
            request,
            me,
            "workspace/admin_rules_kind.html",
            self._kind(me, kind_id),
            lambda: local_rules.rename_episode_kind(me, kind_id, label),
            f"{HOME}?changed=kind",
            {"label": label},
        )

    @get("/episode-kinds/{kind_id:str}/deactivate")
    async def kind_off_form(
        self, request: Request, me: NamedDependency[Principal], kind_id: FromPath[str]
    ) -> Template:
        return await show(
            request, me, "workspace/admin_rules_kind_off.html", self._kind(me, kind_id)
        )

    @post("/episode-kinds/{kind_id:str}/deactivate", status_code=200)
    async def kind_off(
        self, request: Request, me: NamedDependency[Principal], kind_id: FromPath[str]
    ) -> Response[Any]:
        return await change(
            request,
            me,
            "workspace/admin_rules_kind_off.html",
            self._kind(me, kind_id),
            lambda: local_rules.set_episode_kind_active(me, kind_id, False),
            f"{HOME}?changed=kind-off",
            {},
        )

    @post("/episode-kinds/{kind_id:str}/activate", status_code=200)
    async def kind_on(
        self, request: Request, me: NamedDependency[Principal], kind_id: FromPath[str]
    ) -> Response[Any]:
        return await change(
            request,
            me,
            "workspace/admin_rules_kind_off.html",
            self._kind(me, kind_id),
            lambda: local_rules.set_episode_kind_active(me, kind_id, True),
            f"{HOME}?changed=kind-on",
            {},
        )

    # ------------------------------------------------------------------- bank holidays

    def _region(self, me: Principal) -> Build:
        async def build() -> dict[str, Any]:
            rules = await local_rules.local_rules(me)
            return {"region": rules["region"], "regions": rules["regions"]}

        return build

    @get("/bank-holidays")
    async def region_form(self, request: Request, me: NamedDependency[Principal]) -> Template:
        return await show(request, me, "workspace/admin_rules_region.html", self._region(me))

    @post("/bank-holidays", status_code=200)
    async def change_region(
        self, request: Request, me: NamedDependency[Principal]
    ) -> Response[Any]:
        form = await request.form()
        region = plan_forms.text_of(form, "region")
        return await change(
            request,
            me,
            "workspace/admin_rules_region.html",
            self._region(me),
            lambda: local_rules.change_region(me, region),
            f"{HOME}?changed=region",
            {"region": region},
        )

    # ------------------------------------------------------------------- disagreement stages

    def _stages(self, me: Principal) -> Build:
        async def build() -> dict[str, Any]:
            return {
                "stages": await stages.stage_lengths(me),
                "stage_names": labels.DISAGREEMENT_STAGES,
            }

        return build

    @get("/disagreement-stages")
    async def stages_form(self, request: Request, me: NamedDependency[Principal]) -> Template:
        return await show(request, me, "workspace/admin_rules_stages.html", self._stages(me))

    @post("/disagreement-stages", status_code=200)
    async def change_stages(
        self, request: Request, me: NamedDependency[Principal]
    ) -> Response[Any]:
        form = await request.form()
        values = {stage: plan_forms.text_of(form, stage) for stage in labels.DISAGREEMENT_STAGES}
        return await change(
            request,
            me,
            "workspace/admin_rules_stages.html",
            self._stages(me),
            lambda: stages.change_stage_lengths(me, values),
            f"{HOME}?changed=stages",
            values,
        )

    # ------------------------------------------------------------------- who may do what

    @get("/authority")
    async def who_may(self, request: Request, me: NamedDependency[Principal]) -> Template:
        async def build() -> dict[str, Any]:
            return {
                "rows": await local_rules.who_may(me),
                "notice": NOTICES.get(request.query_params.get("changed", "")),
            }

        return await show(request, me, "workspace/admin_rules_authority.html", build)

    def _rule(self, me: Principal, action: str, kind: str) -> Build:
        async def build() -> dict[str, Any]:
            return {
                "rule": await local_rules.authority_rule(me, action, kind),
                "kinds": [(k, labels.said(labels.AGENCY_KINDS, k)) for k in AGENCY_KINDS],
            }

        return build

    @get("/authority/{action:str}/{kind:str}")
    async def rule_form(
        self,
        request: Request,
        me: NamedDependency[Principal],
        action: FromPath[str],
        kind: FromPath[str],
    ) -> Template:
        return await show(
            request, me, "workspace/admin_rules_rule.html", self._rule(me, action, kind)
        )

    @post("/authority/{action:str}/{kind:str}", status_code=200)
    async def change_rule(
        self,
        request: Request,
        me: NamedDependency[Principal],
        action: FromPath[str],
        kind: FromPath[str],
    ) -> Response[Any]:
        form = await request.form()
        chosen = [k for k in form.getall("agency_kinds", []) if isinstance(k, str)]
        who = [w for w in form.getall("who", []) if isinstance(w, str)]
        values = {"agency_kinds": chosen, "who": who, "posted": True}
        return await change(
            request,
            me,
            "workspace/admin_rules_rule.html",
            self._rule(me, action, kind),
            lambda: local_rules.change_authority_rule(
                me,
                action,
                kind,
                agency_kinds=chosen,
                key_worker="key_worker" in who,
                managers="managers" in who,
                team="team" in who,
                reset=plan_forms.text_of(form, "reset") == "yes",
            ),
            "/workspace/admin/rules/authority?changed=authority",
            values,
        )

    # ------------------------------------------------------------------- managers' approvals

    def _approval(self, me: Principal, action: str, kind: str) -> Build:
        async def build() -> dict[str, Any]:
            return {"approval": await local_rules.approval_rule(me, action, kind)}

        return build

    @get("/approvals/{action:str}/{kind:str}")
    async def approval_form(
        self,
        request: Request,
        me: NamedDependency[Principal],
        action: FromPath[str],
        kind: FromPath[str],
    ) -> Template:
        return await show(
            request, me, "workspace/admin_rules_approval.html", self._approval(me, action, kind)
        )

    @post("/approvals/{action:str}/{kind:str}", status_code=200)
    async def change_approval(
        self,
        request: Request,
        me: NamedDependency[Principal],
        action: FromPath[str],
        kind: FromPath[str],
    ) -> Response[Any]:
        form = await request.form()
        needed = plan_forms.text_of(form, "needed")
        return await change(
            request,
            me,
            "workspace/admin_rules_approval.html",
            self._approval(me, action, kind),
            lambda: local_rules.change_approval(
                me, action, kind, needed, reset=plan_forms.text_of(form, "reset") == "yes"
            ),
            f"{HOME}?changed=approval",
            {"needed": needed},
        )


ROUTES = [LocalRules]
