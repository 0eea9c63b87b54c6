"""The plan editor at /workspace/plans/{plan_id}: thin page controllers over the plans service.

Every change is one form post. With HTMX it answers the one block of `workspace/editor.html`
that changed (an item, an objective, a section); without script it answers 303 back to the
editor, anchored to the item. A change based on a stale revision never overwrites: it answers
the merge view (200 for HTMX, which swaps only 2xx by default; 409 for a plain post).
Bad input answers the same block with a GOV.UK error naming the field (200 for HTMX, 422
for a plain post), and nothing is written.

A closed plan (its episode closed) is read-only: the editor shows no add, edit, move or
remove controls, and a change posted to it anyway (from a page opened before the close)
answers 409 with the editor as it is now and the reason on top: the whole page for a plain
post; for HTMX the `editor` block, retargeted to #plan-editor (editor.js swaps it).
"""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from careplan.access.principal import Principal
from careplan.families import service as families
from careplan.lib.errors import Conflict, Invalid, NotFound, PlanClosed
from careplan.meetings import service as meetings
from careplan.plans import schemas
from careplan.plans import service as plans
from careplan.web.access_memo import AccessMemo
from careplan.web.dates import date_filter
from portal.pages import is_htmx, page, provide_professional
from portal.workspace import episode_pages, plan_forms, version_pages
from portal.workspace.plan_forms import FormError

TEMPLATE = "workspace/editor.html"
ITEM_FIELDS = {"text", "audience", "answers", "network_person", "reason", "section"} | {
    name for fields in plan_forms.DETAIL_FIELDS.values() for name in fields
}
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
PLAN_TITLES = {"safety_plan": "Safety plan", "wellbeing_plan": "Wellbeing plan"}
DECIDED_WORDS = {
    "carried": "Kept open when the episode closed, to carry into the next one",
    "achieved": "Achieved",
    "dropped": "Dropped",
    "open": "Left open when the episode closed",
}
PROGRESS_SAID = {
    "recorded": "Progress recorded.",
    "carried": "Progress recorded where this objective continues: the plan of the new episode.",
    "ended": "Progress recorded as history: this objective was decided when its episode closed.",
}
EPISODE_LABELS = {
    "early_help": "Early help",
    "child_in_need": "Child in need",
    "child_protection": "Child protection",
    "looked_after": "Looked after",
}


def _short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


async def editor_context(me: Principal, plan_id: Any, **extra: Any) -> dict[str, Any]:
    """Everything the editor shows: a fixed number of service calls, whatever the history."""
    plan = await plans.get_plan(me, plan_id)
    family = await families.get_family(me, plan["family"])
    episode = await families.get_episode(me, plan["episode"])
    progress = await plans.latest_progress(me, plan["id"])
    members = {str(m["id"]): m["known_as"] or m["given_name"] for m in family["members"]}
    agencies: dict[str, str] = {}
    for person in family["team"]:
        agencies.setdefault(str(person["agency"]), person["agency_name"])
    statements = [i for s in ("worry", "harm") for i in plan["sections"][s]]
    network = plan["sections"]["network"]
    owner_names = {f"member:{k}": v for k, v in members.items()}
    owner_names.update({f"professional:{t['person']}": t["name"] for t in family["team"]})
    owner_names.update({f"agency:{k}": v for k, v in agencies.items()})
    section_text = dict(plan_forms.SECTION_TEXT)
    if plan["kind"] == "wellbeing_plan":
        section_text["safety_goal"] = (
            "Wellbeing goals",
            "What will be different for the children, each answering a worry statement.",
            "wellbeing goal",
        )
    groups = [
        {"key": key, "heading": heading, "sections": sections}
        for key, heading, sections in plan_forms.COLUMNS
    ]
    groups.append(
        {
            "key": "for_the_children",
            "heading": "For and from the children",
            "sections": ("words_and_pictures", "childs_view"),
        }
    )

    def who_sees(audience: Any) -> str:
        return plan_forms.audience_label(audience, members, agencies)

    my_agency = str(me.agency_id) if me.agency_id else None
    if my_agency and my_agency not in agencies:  # a manager reading from outside the team
        agencies[my_agency] = "Your agency"

    def audience_summary(values: dict[str, Any]) -> str:
        kind = values.get("audience") or "professionals"
        if kind == "agencies":
            # The writer's own agency is always one of them (the plans service adds it).
            named = {*(values.get("audience_agencies") or []), *([my_agency] if my_agency else [])}
            return who_sees({"agencies": sorted(named)})
        if kind == "members":
            return who_sees({"members": values.get("audience_members") or []})
        return who_sees(kind)

    context: dict[str, Any] = {
        "me": me,
        "plan": plan,
        "family": family,
        "episode": episode,
        "plan_title": PLAN_TITLES.get(plan["kind"], "Plan"),
        "episode_label": EPISODE_LABELS.get(
            episode["kind"], episode["kind"].replace("_", " ").capitalize()
        ),
        "groups": groups,
        "section_text": section_text,
        "progress": progress,
        "who_sees": who_sees,
        "audience_summary": audience_summary,
        "member_choices": sorted(members.items(), key=lambda kv: kv[1]),
        "agency_choices": sorted(agencies.items(), key=lambda kv: kv[1]),
        "my_agency": my_agency,
        "statement_choices": [(str(i["id"]), _short(i["text"])) for i in statements],
        "statement_names": {str(i["id"]): _short(i["text"]) for i in statements},
        "network_choices": [
            (str(i["id"]), (i["details"] or {}).get("name") or _short(i["text"])) for i in network
        ],
        "network_names": {
            str(i["id"]): (i["details"] or {}).get("name") or _short(i["text"]) for i in network
        },
        "owner_choices": sorted(owner_names.items(), key=lambda kv: kv[1]),
        "owner_names": owner_names,
        "measure_choices": list(plan_forms.MEASURE_KINDS.items()),
        "measure_choices_map": plan_forms.MEASURE_KINDS,
        "scaling_by_choices": list(plan_forms.SCALING_BY.items()),
        "score_choices": [(str(n), str(n)) for n in range(11)],
        "new_uuid": lambda: str(uuid.uuid4()),
        "modes": {},
        "errors": {},
        "form_values": {},
        "merges": {},
        "notice": None,
        "focus": None,
        "moved": None,
        "closed": plan["closed_on"],
        "refused": None,
        "decided_words": DECIDED_WORDS,
    }
    context.update(extra)
    return context


def _find_item(context: dict[str, Any], item_id: Any) -> dict[str, Any] | None:
    for items in context["plan"]["sections"].values():
        for item in items:
            if str(item["id"]) == str(item_id):
                return item
    return None


def _find_objective(context: dict[str, Any], objective_id: Any) -> dict[str, Any] | None:
    return next(
        (o for o in context["plan"]["objectives"] if str(o["id"]) == str(objective_id)), None
    )


def _answer(
    request: Request,
    context: dict[str, Any],
    block: str,
    *,
    status: int = 200,
) -> Template:
    """A block for HTMX (always 2xx, so htmx swaps it), the whole page otherwise."""
    return page(
        request, TEMPLATE, context, block=block, status_code=200 if is_htmx(request) else status
    )


def _done(request: Request, context: dict[str, Any], block: str, anchor: str) -> Response[Any]:
    if is_htmx(request):
        return page(request, TEMPLATE, context, block=block)
    return Redirect(f"/workspace/plans/{context['plan']['id']}#{anchor}", status_code=303)


def _form_error(error: Exception, fields: set[str], default: str = "text") -> FormError | None:
    """The refusal as a field of the form used; one about no field of it goes on `default`."""
    problem = None
    if isinstance(error, FormError):
        problem = error
    elif isinstance(error, Invalid):
        problem = plan_forms.from_domain(error)
    elif isinstance(error, NotFound) and plan_forms.is_form_field(error, fields):
        problem = plan_forms.from_domain(error)
    if problem is not None and problem.field not in fields:
        problem = FormError(default, problem.message)
    return problem


async def _form(request: Request) -> Any:
    return await request.form()


async def _closed(request: Request, me: Principal, plan_id: Any, refused: PlanClosed) -> Template:
    """A change to a plan that has closed: 409, with the editor as it is now (read-only) and
    the reason on top. For HTMX only the `editor` block, retargeted so that it replaces the
    whole stale editor rather than the one block the form aimed at."""
    context = await editor_context(me, plan_id, refused=refused.detail)
    headers = {"HX-Retarget": "#plan-editor", "HX-Reswap": "outerHTML"}
    return page(
        request,
        TEMPLATE,
        context,
        block="editor",
        status_code=409,
        headers=headers if is_htmx(request) else None,
    )


class PlanEditor(Controller):
    path = "/workspace"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}
    middleware = [AccessMemo]  # one access decision per request

    # ------------------------------------------------------------------------ the plan

    @get("/plans/{plan_id:str}")
    async def editor(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Template:
        context = await editor_context(me, plan_id)
        # The family's answers no one has seen yet, at the top (only the whole page has it).
        context["new_answers"] = await meetings.new_answers(me, plan_id)
        return page(request, TEMPLATE, context)

    @get("/plans/{plan_id:str}/sections/{section:str}")
    async def section(
        self,
        request: Request,
        me: NamedDependency[Principal],
        plan_id: FromPath[str],
        section: FromPath[str],
    ) -> Template:
        """One section as it is now (for live updates): `objectives`, `scaling` or a plan
        section; the whole editor without HTMX."""
        context = await editor_context(me, plan_id)
        if section in ("objectives", "scaling"):
            return page(request, TEMPLATE, context, block=section)
        if section not in plan_forms.SECTION_TEXT:
            raise NotFound("section")
        return page(request, TEMPLATE, {**context, "section": section}, block="section")

    # ------------------------------------------------------------------------ items

    @post("/plans/{plan_id:str}/items", status_code=200)
    async def add_item(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Response[Any]:
        form = await _form(request)
        section = plan_forms.text_of(form, "section")
        if section not in plan_forms.SECTION_TEXT:
            raise Invalid("section", "is not a section of the plan")
        key = f"new-{section}"
        try:
            data = plan_forms.convert(plan_forms.new_item(form), schemas.NewItem)
            item = await plans.add_item(me, plan_id, data)
        except PlanClosed as refused:
            return await _closed(request, me, plan_id, refused)
        except (FormError, Invalid, NotFound) as error:
            problem = _form_error(error, ITEM_FIELDS)
            if problem is None:
                raise
            context = await editor_context(
                me,
                plan_id,
                errors={key: problem},
                form_values={key: plan_forms.posted_values(form)},
            )
            return _answer(request, {**context, "section": section}, "section", status=422)
        context = await editor_context(me, plan_id, focus=str(item["id"]))
        return _done(request, {**context, "section": section}, "section", f"item-{item['id']}")

    async def _item_page(
        self, request: Request, me: Principal, item_id: str, mode: str
    ) -> Template:
        item = await plans.get_item(me, item_id)
        extra: dict[str, Any] = {"modes": {str(item["id"]): mode}}
        if mode == "edit":
            extra["form_values"] = {str(item["id"]): plan_forms.item_values(item)}
        context = await editor_context(me, item["plan"], **extra)
        found = _find_item(context, item["id"]) or item
        return page(
            request, TEMPLATE, {**context, "item": found, "section": found["section"]}, block="item"
        )

    @get("/items/{item_id:str}")
    async def show_item(
        self, request: Request, me: NamedDependency[Principal], item_id: FromPath[str]
    ) -> Template:
        return await self._item_page(request, me, item_id, "show")

    @get("/items/{item_id:str}/edit")
    async def edit_item(
        self, request: Request, me: NamedDependency[Principal], item_id: FromPath[str]
    ) -> Template:
        return await self._item_page(request, me, item_id, "edit")

    @get("/items/{item_id:str}/remove")
    async def confirm_remove(
        self, request: Request, me: NamedDependency[Principal], item_id: FromPath[str]
    ) -> Template:
        return await self._item_page(request, me, item_id, "remove")

    @post("/items/{item_id:str}", status_code=200)
    async def save_item(
        self, request: Request, me: NamedDependency[Principal], item_id: FromPath[str]
    ) -> Response[Any]:
        before = await plans.get_item(me, item_id)
        key = str(before["id"])
        form = await _form(request)
        try:
            data = plan_forms.convert(
                plan_forms.item_patch(form, before["section"]), schemas.ItemPatch
            )
            await plans.patch_item(me, item_id, data)
        except PlanClosed as refused:
            return await _closed(request, me, before["plan"], refused)
        except Conflict as conflict:
            return await self._merge(request, me, before, form, conflict)
        except (FormError, Invalid, NotFound) as error:
            problem = _form_error(error, ITEM_FIELDS)
            if problem is None:
                raise
            context = await editor_context(
                me,
                before["plan"],
                modes={key: "edit"},
                errors={key: problem},
                form_values={key: plan_forms.posted_values(form)},
            )
            item = _find_item(context, key) or before
            return _answer(
                request, {**context, "item": item, "section": item["section"]}, "item", status=422
            )
        context = await editor_context(me, before["plan"], focus=key)
        item = _find_item(context, key)
        if item is None:  # saved for an audience the editor's own agency is not in
            return _done(
                request,
                {**context, "section": before["section"]},
                "section",
                f"section-{before['section']}",
            )
        return _done(
            request, {**context, "item": item, "section": item["section"]}, "item", f"item-{key}"
        )

    async def _merge(
        self, request: Request, me: Principal, before: dict[str, Any], form: Any, conflict: Conflict
    ) -> Template:
        """Both texts side by side: never a silent overwrite (DESIGN.md invariant 2)."""
        current = conflict.current
        key = str(before["id"])
        if current.get("removed_at") is not None:
            context = await editor_context(
                me,
                before["plan"],
                notice={
                    "section": before["section"],
                    "text": "Someone else removed this while you were editing it. "
                    "Your text was not saved: " + plan_forms.text_of(form, "text"),
                },
            )
            return _answer(
                request, {**context, "section": before["section"]}, "section", status=409
            )
        mine = plan_forms.posted_values(form)
        changed = await plans.last_change(me, key)
        context = await editor_context(me, before["plan"], modes={key: "merge"})
        who_sees = context["who_sees"]
        try:
            mine_audience = who_sees(plan_forms.audience_from(form))
        except FormError:
            mine_audience = ""
        context["form_values"] = {key: mine}
        context["merges"] = {
            key: {
                "mine": mine,
                "mine_text": plan_forms.text_of(form, "text"),
                "mine_audience": mine_audience,
                "theirs_text": current["text"],
                "theirs_audience": who_sees(current["audience"]),
                "by": changed["by"] if changed and changed["by"] else "someone else",
                "at": changed["at"] if changed else current.get("updated_at"),
            }
        }
        item = _find_item(context, key)
        if item is None:
            item = {**before, **current}
        return _answer(
            request, {**context, "item": item, "section": item["section"]}, "item", status=409
        )

    @post("/items/{item_id:str}/move", status_code=200)
    async def move_item(
        self, request: Request, me: NamedDependency[Principal], item_id: FromPath[str]
    ) -> Response[Any]:
        before = await plans.get_item(me, item_id)
        form = await _form(request)
        direction = plan_forms.text_of(form, "direction")
        notice = None
        try:
            await plans.move_item(me, item_id, direction, plan_forms.revision_from(form))
        except PlanClosed as refused:
            return await _closed(request, me, before["plan"], refused)
        except Conflict:
            notice = {
                "section": before["section"],
                "text": "Someone else changed this section while you were looking at it. "
                "Check the order below and move it again if you need to.",
            }
        except FormError as error:
            raise Invalid("revision", error.message) from error
        context = await editor_context(
            me, before["plan"], moved=(str(before["id"]), direction), notice=notice
        )
        context["section"] = before["section"]
        if notice is not None:
            return _answer(request, context, "section", status=409)
        return _done(request, context, "section", f"item-{before['id']}")

    @post("/items/{item_id:str}/remove", status_code=200)
    async def remove_item(
        self, request: Request, me: NamedDependency[Principal], item_id: FromPath[str]
    ) -> Response[Any]:
        before = await plans.get_item(me, item_id)
        key = str(before["id"])
        form = await _form(request)
        try:
            data = plan_forms.convert(
                {
                    "reason": plan_forms.text_of(form, "reason").strip(),
                    "revision": plan_forms.revision_from(form),
                },
                schemas.Removal,
            )
            await plans.remove_item(me, item_id, data)
        except PlanClosed as refused:
            return await _closed(request, me, before["plan"], refused)
        except Conflict:
            context = await editor_context(
                me,
                before["plan"],
                modes={key: "remove"},
                form_values={key: plan_forms.posted_values(form)},
                notice={
                    "item": key,
                    "text": "Someone else changed this while you were looking at it. "
                    "This is their version: remove it only if you still mean to.",
                },
            )
            item = _find_item(context, key) or before
            return _answer(
                request, {**context, "item": item, "section": item["section"]}, "item", status=409
            )
        except (FormError, Invalid) as error:
            problem = _form_error(error, ITEM_FIELDS)
            if problem is None:
                raise
            if problem.field == "text":
                problem = FormError("reason", problem.message)
            if problem.message.startswith("Enter"):
                problem = FormError("reason", "Enter why you are removing this")
            context = await editor_context(
                me,
                before["plan"],
                modes={key: "remove"},
                errors={key: problem},
                form_values={key: plan_forms.posted_values(form)},
            )
            item = _find_item(context, key) or before
            return _answer(
                request, {**context, "item": item, "section": item["section"]}, "item", status=422
            )
        context = await editor_context(
            me,
            before["plan"],
            notice={
                "section": before["section"],
                "text": f"Removed: {_short(before['text'], 120)}",
            },
        )
        context["section"] = before["section"]
        return _done(request, context, "section", f"section-{before['section']}")

    # ------------------------------------------------------------------------ objectives

    @post("/plans/{plan_id:str}/objectives", status_code=200)
    async def add_objective(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Response[Any]:
        form = await _form(request)
        key = "new-objective"
        try:
            raw = plan_forms.objective_fields(form, patch=False)
            data = plan_forms.convert(raw, schemas.NewObjective)
            objective = await plans.add_objective(me, plan_id, data)
        except PlanClosed as refused:
            return await _closed(request, me, plan_id, refused)
        except (FormError, Invalid, NotFound) as error:
            problem = _form_error(error, OBJECTIVE_FIELDS, "title")
            if problem is None:
                raise
            context = await editor_context(
                me,
                plan_id,
                errors={key: problem},
                form_values={key: plan_forms.posted_values(form)},
            )
            return _answer(request, context, "objectives", status=422)
        context = await editor_context(me, plan_id, focus=str(objective["id"]))
        return _done(request, context, "objectives", f"objective-{objective['id']}")

    async def _objective_page(
        self, request: Request, me: Principal, objective_id: str, mode: str
    ) -> Template:
        objective = await plans.get_objective(me, objective_id)
        key = str(objective["id"])
        extra: dict[str, Any] = {"modes": {key: mode}}
        if mode == "edit":
            extra["form_values"] = {key: plan_forms.objective_values(objective)}
        context = await editor_context(me, objective["plan"], **extra)
        found = _find_objective(context, key) or objective
        return page(request, TEMPLATE, {**context, "objective": found}, block="objective")

    @get("/objectives/{objective_id:str}")
    async def show_objective(
        self, request: Request, me: NamedDependency[Principal], objective_id: FromPath[str]
    ) -> Template:
        return await self._objective_page(request, me, objective_id, "show")

    @get("/objectives/{objective_id:str}/edit")
    async def edit_objective(
        self, request: Request, me: NamedDependency[Principal], objective_id: FromPath[str]
    ) -> Template:
        return await self._objective_page(request, me, objective_id, "edit")

    @post("/objectives/{objective_id:str}", status_code=200)
    async def save_objective(
        self, request: Request, me: NamedDependency[Principal], objective_id: FromPath[str]
    ) -> Response[Any]:
        before = await plans.get_objective(me, objective_id)
        key = str(before["id"])
        form = await _form(request)
        try:
            raw = plan_forms.objective_fields(form, patch=True)
            data = plan_forms.convert(raw, schemas.ObjectivePatch)
            await plans.patch_objective(me, objective_id, data)
        except PlanClosed as refused:
            return await _closed(request, me, before["plan"], refused)
        except Conflict as conflict:
            current = conflict.current
            changed = await plans.last_change(me, key, "objective")
            context = await editor_context(me, before["plan"], modes={key: "merge"})
            mine = plan_forms.posted_values(form)
            context["form_values"] = {key: mine}
            context["merges"] = {
                key: {
                    "mine": mine,
                    "mine_text": _objective_summary(mine),
                    "theirs_text": _objective_summary(plan_forms.objective_values(current)),
                    "by": changed["by"] if changed and changed["by"] else "someone else",
                    "at": changed["at"] if changed else current.get("updated_at"),
                }
            }
            objective = _find_objective(context, key) or current
            return _answer(request, {**context, "objective": objective}, "objective", status=409)
        except (FormError, Invalid, NotFound) as error:
            problem = _form_error(error, OBJECTIVE_FIELDS, "title")
            if problem is None:
                raise
            context = await editor_context(
                me,
                before["plan"],
                modes={key: "edit"},
                errors={key: problem},
                form_values={key: plan_forms.posted_values(form)},
            )
            objective = _find_objective(context, key) or before
            return _answer(request, {**context, "objective": objective}, "objective", status=422)
        context = await editor_context(me, before["plan"], focus=key)
        objective = _find_objective(context, key)
        if objective is None:
            return _done(request, context, "objectives", "section-objectives")
        return _done(request, {**context, "objective": objective}, "objective", f"objective-{key}")

    @post("/objectives/{objective_id:str}/progress", status_code=200)
    async def record_progress(
        self, request: Request, me: NamedDependency[Principal], objective_id: FromPath[str]
    ) -> Response[Any]:
        objective = await plans.get_objective(me, objective_id)
        key = str(objective["id"])
        pkey = f"progress-{key}"
        form = await _form(request)
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
            entry, _ = await plans.add_progress(me, objective_id, data)
        except (FormError, Invalid) as error:
            problem = _form_error(error, PROGRESS_FIELDS, "value")
            if problem is None:
                raise
            context = await editor_context(
                me,
                objective["plan"],
                errors={pkey: problem},
                form_values={pkey: plan_forms.posted_values(form)},
            )
            found = _find_objective(context, key) or objective
            return _answer(request, {**context, "objective": found}, "objective", status=422)
        context = await editor_context(
            me,
            objective["plan"],
            notice={"objective": key, "text": PROGRESS_SAID[entry["outcome"]]},
        )
        found = _find_objective(context, key) or objective
        return _done(request, {**context, "objective": found}, "objective", f"objective-{key}")

    # ------------------------------------------------------------------------ scaling

    @post("/plans/{plan_id:str}/scaling", status_code=200)
    async def add_scaling(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Response[Any]:
        form = await _form(request)
        key = "new-scaling"
        try:
            data = plan_forms.convert(plan_forms.scaling_fields(form), schemas.NewScaling)
            await plans.add_scaling(me, plan_id, data)
        except PlanClosed as refused:
            return await _closed(request, me, plan_id, refused)
        except (FormError, Invalid, NotFound) as error:
            problem = _form_error(error, SCALING_FIELDS, "score")
            if problem is None:
                raise
            context = await editor_context(
                me,
                plan_id,
                errors={key: problem},
                form_values={key: plan_forms.posted_values(form)},
            )
            return _answer(request, context, "scaling", status=422)
        context = await editor_context(
            me, plan_id, notice={"section": "scaling", "text": "The score was recorded."}
        )
        return _done(request, context, "scaling", "section-scaling")


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


ROUTES: list = [PlanEditor, *version_pages.ROUTES, *episode_pages.ROUTES]
