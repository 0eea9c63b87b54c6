"""The plan editor at /workspace/plans/{plan_id}: thin page controllers over the plans service.

Every change is one form post. With HTMX it answers the one block of `workspace/editor.html`
that changed (an item, an objective, a section), read by that block's query
(careplan.plans.queries.blocks: only what the block shows, one access decision a request);
without script it answers 303 back to the editor, anchored to the item. A change based on a
stale revision never overwrites: it answers the merge view (200 for HTMX, which swaps only 2xx
by default; 409 for a plain post). Bad input answers the same block with a GOV.UK error
naming the field (200 for HTMX, 422 for a plain post), and nothing is written.

A closed plan (its episode closed) is read-only: the editor shows no add, edit, move or
remove controls, and a change posted to it anyway (from a page opened before the close)
answers 409 with the editor as it is now and the reason on top: the whole page for a plain
post; for HTMX the `editor` block, retargeted to #plan-editor (editor.js swaps it).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from careplan.access.permissions import FamilyAccess, audience_of_viewer
from careplan.access.principal import Principal
from careplan.families import service as families
from careplan.lib.errors import Conflict, Invalid, NotFound, PlanClosed
from careplan.meetings import service as meetings
from careplan.plans import schemas
from careplan.plans import service as plans
from careplan.plans.queries import blocks
from careplan.plans.queries import kept as kept_keys
from careplan.web.access_memo import AccessMemo
from portal.pages import Built, is_htmx, kept, page, provide_professional
from portal.workspace import editor_goals, episode_pages, plan_forms, version_pages
from portal.workspace.editor_context import context, short
from portal.workspace.editor_replies import (
    TEMPLATE,
    answer,
    closed,
    done,
    editor_context,
    form_error,
    form_of,
    plan_of_item,
)
from portal.workspace.plan_forms import FormError

ITEM_FIELDS = {"text", "audience", "answers", "network_person", "reason", "section"} | {
    name for fields in plan_forms.DETAIL_FIELDS.values() for name in fields
}


def _shown(access: FamilyAccess, revision: int) -> tuple[Any, ...]:
    """What a kept editor page (or block) shows: its family at this revision, as the viewer's
    audience sees it (both read and decided on this request)."""
    return (access.family_id, revision, audience_of_viewer(access))


class PlanEditor(Controller):
    path = "/workspace"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}
    middleware = [AccessMemo]  # one access decision per request

    # ------------------------------------------------------------------------ the plan

    # The editor's GETs are kept (careplan.web.page_cache, `portal.pages.kept`) by the plan's
    # family at its revision (every change to a plan, its episode, its family's answers and
    # meetings bumps it) and the viewer's audience, decided on this request.

    @get("/plans/{plan_id:str}")
    async def editor(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Response[Any]:
        access, revision = await kept_keys.of_plan(me, plan_id)

        async def build() -> Built:
            whole = await editor_context(me, plan_id)
            # The family's answers no one has seen yet, at the top (only the whole page has it).
            whole["new_answers"] = await meetings.new_answers(me, plan_id)
            # Its meetings, coming and past, and "Arrange a meeting" for who may (issue 18).
            whole["meetings_section"] = await meetings.meetings_of_plan(me, plan_id)
            # Close it: offered only to who may (careplan.access.authority; the roles held are
            # in the page's key, with the viewer's audience).
            whole["may_close"] = await families.close_refusal(me, whole["episode"]["id"]) is None
            return TEMPLATE, whole, None

        family = (access.family_id, revision)
        return await kept(request, me, _shown(access, revision), build, family=family)

    @get("/plans/{plan_id:str}/sections/{section:str}")
    async def section(
        self,
        request: Request,
        me: NamedDependency[Principal],
        plan_id: FromPath[str],
        section: FromPath[str],
    ) -> Response[Any]:
        """One section as it is now (for live updates): `objectives`, `scaling` or a plan
        section; the whole editor without HTMX."""
        known = section in ("objectives", "scaling") or section in plan_forms.SECTION_TEXT
        if is_htmx(request) and not known:
            raise NotFound("section")
        access, revision = await kept_keys.of_plan(me, plan_id)
        name = section if section in ("objectives", "scaling") else "section"

        async def build() -> Built:
            if not is_htmx(request):
                return TEMPLATE, await editor_context(me, plan_id), None
            if section == "objectives":
                block = await blocks.objectives(me, plan_id)
            elif section == "scaling":
                block = await blocks.scaling(me, plan_id)
            else:
                block = await blocks.section(me, plan_id, section)
            return TEMPLATE, context(me, block), None

        family = (access.family_id, revision)
        return await kept(request, me, _shown(access, revision), build, block=name, family=family)

    # ------------------------------------------------------------------------ items

    @post("/plans/{plan_id:str}/items", status_code=200)
    async def add_item(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Response[Any]:
        form = await form_of(request)
        section = plan_forms.text_of(form, "section")
        if section not in plan_forms.SECTION_TEXT:
            raise Invalid("section", "is not a section of the plan")
        key = f"new-{section}"
        try:
            data = plan_forms.convert(plan_forms.new_item(form), schemas.NewItem)
            item = await plans.add_item(me, plan_id, data)
        except PlanClosed as refused:
            return await closed(request, me, plan_id, refused)
        except (FormError, Invalid, NotFound) as error:
            problem = form_error(error, ITEM_FIELDS)
            if problem is None:
                raise
            block = await blocks.section(me, plan_id, section)
            values = {key: plan_forms.posted_values(form)}
            return await answer(
                request, me, block, "section", status=422, errors={key: problem}, form_values=values
            )
        block = await blocks.section(me, plan_id, section)
        return await done(
            request, me, block, "section", f"item-{item['id']}", focus=str(item["id"])
        )

    async def _item_page(
        self, request: Request, me: Principal, item_id: str, mode: str
    ) -> Response[Any]:
        access, revision = await kept_keys.of_item(me, item_id)

        async def build() -> Built:
            block = await blocks.item(me, item_id, editing=mode == "edit")
            key = str(block["item"]["id"])
            extra: dict[str, Any] = {"modes": {key: mode}}
            if mode == "edit":
                extra["form_values"] = {key: plan_forms.item_values(block["item"])}
            if is_htmx(request):
                return TEMPLATE, context(me, block, **extra), None
            return TEMPLATE, await editor_context(me, block["plan"]["id"], **extra), None

        shown = _shown(access, revision)
        family = (access.family_id, revision)
        return await kept(request, me, shown, build, block="item", family=family)

    @get("/items/{item_id:str}")
    async def show_item(
        self, request: Request, me: NamedDependency[Principal], item_id: FromPath[str]
    ) -> Response[Any]:
        return await self._item_page(request, me, item_id, "show")

    @get("/items/{item_id:str}/edit")
    async def edit_item(
        self, request: Request, me: NamedDependency[Principal], item_id: FromPath[str]
    ) -> Response[Any]:
        return await self._item_page(request, me, item_id, "edit")

    @get("/items/{item_id:str}/remove")
    async def confirm_remove(
        self, request: Request, me: NamedDependency[Principal], item_id: FromPath[str]
    ) -> Response[Any]:
        return await self._item_page(request, me, item_id, "remove")

    @post("/items/{item_id:str}", status_code=200)
    async def save_item(
        self, request: Request, me: NamedDependency[Principal], item_id: FromPath[str]
    ) -> Response[Any]:
        form = await form_of(request)
        # The edit form says which section the item is in (an item never moves to another);
        # the service checks the details against the item's own.
        section = plan_forms.text_of(form, "section")
        if section not in plan_forms.SECTION_TEXT:
            section = (await plans.get_item(me, item_id))["section"]
        try:
            data = plan_forms.convert(plan_forms.item_patch(form, section), schemas.ItemPatch)
            saved = await plans.patch_item(me, item_id, data)
        except PlanClosed as refused:
            return await closed(request, me, await plan_of_item(me, item_id), refused)
        except Conflict as conflict:
            return await self._merge(request, me, item_id, form, conflict)
        except (FormError, Invalid, NotFound) as error:
            problem = form_error(error, ITEM_FIELDS)
            if problem is None:
                raise
            block = await blocks.item(me, item_id, editing=True)
            key = str(block["item"]["id"])
            return await answer(
                request,
                me,
                block,
                "item",
                status=422,
                modes={key: "edit"},
                errors={key: problem},
                form_values={key: plan_forms.posted_values(form)},
            )
        key = str(saved["id"])
        if not is_htmx(request):
            plan_id = await plan_of_item(me, item_id)
            return Redirect(f"/workspace/plans/{plan_id}#item-{key}", status_code=303)
        block = await blocks.changed_item(me, item_id, saved)
        if block is None:  # saved for an audience the editor's own agency is not in
            place = await blocks.place_of_item(me, item_id)
            section_block = await blocks.section(me, place["plan"], place["section"])
            return page(request, TEMPLATE, context(me, section_block), block="section")
        return page(request, TEMPLATE, context(me, block, focus=key), block="item")

    async def _merge(
        self, request: Request, me: Principal, item_id: str, form: Any, conflict: Conflict
    ) -> Template:
        """Both texts side by side: never a silent overwrite (DESIGN.md invariant 2)."""
        current = conflict.current
        key = str(current["id"])
        if current.get("removed_at") is not None:
            place = await blocks.place_of_item(me, item_id)
            block = await blocks.section(me, place["plan"], place["section"])
            notice = {
                "section": place["section"],
                "text": "Someone else removed this while you were editing it. "
                "Your text was not saved: " + plan_forms.text_of(form, "text"),
            }
            return await answer(request, me, block, "section", status=409, notice=notice)
        block = await blocks.item(me, item_id, editing=True)
        changed = await plans.last_change(me, key)
        who_sees = context(me, block)["who_sees"]
        try:
            mine_audience = who_sees(plan_forms.audience_from(form))
        except FormError:
            mine_audience = ""
        mine = plan_forms.posted_values(form)
        merge = {
            "mine": mine,
            "mine_text": plan_forms.text_of(form, "text"),
            "mine_audience": mine_audience,
            "theirs_text": current["text"],
            "theirs_audience": who_sees(current["audience"]),
            "by": changed["by"] if changed and changed["by"] else "someone else",
            "at": changed["at"] if changed else current.get("updated_at"),
        }
        return await answer(
            request,
            me,
            block,
            "item",
            status=409,
            modes={key: "merge"},
            form_values={key: mine},
            merges={key: merge},
        )

    @post("/items/{item_id:str}/move", status_code=200)
    async def move_item(
        self, request: Request, me: NamedDependency[Principal], item_id: FromPath[str]
    ) -> Response[Any]:
        form = await form_of(request)
        direction = plan_forms.text_of(form, "direction")
        notice = None
        try:
            moved = await plans.move_item(me, item_id, direction, plan_forms.revision_from(form))
        except PlanClosed as refused:
            return await closed(request, me, await plan_of_item(me, item_id), refused)
        except Conflict as conflict:
            moved = conflict.current
            notice = {
                "section": moved["section"],
                "text": "Someone else changed this section while you were looking at it. "
                "Check the order below and move it again if you need to.",
            }
        except FormError as error:
            raise Invalid("revision", error.message) from error
        place = await blocks.place_of_item(me, item_id)
        block = await blocks.section(me, place["plan"], place["section"])
        extra = {"moved": (str(moved["id"]), direction), "notice": notice}
        if notice is not None:
            return await answer(request, me, block, "section", status=409, **extra)
        return await done(request, me, block, "section", f"item-{moved['id']}", **extra)

    @post("/items/{item_id:str}/remove", status_code=200)
    async def remove_item(
        self, request: Request, me: NamedDependency[Principal], item_id: FromPath[str]
    ) -> Response[Any]:
        form = await form_of(request)
        try:
            data = plan_forms.convert(
                {
                    "reason": plan_forms.text_of(form, "reason").strip(),
                    "revision": plan_forms.revision_from(form),
                },
                schemas.Removal,
            )
            removed = await plans.remove_item(me, item_id, data)
        except PlanClosed as refused:
            return await closed(request, me, await plan_of_item(me, item_id), refused)
        except Conflict:
            block = await blocks.item(me, item_id)
            key = str(block["item"]["id"])
            notice = {
                "item": key,
                "text": "Someone else changed this while you were looking at it. "
                "This is their version: remove it only if you still mean to.",
            }
            values = {key: plan_forms.posted_values(form)}
            return await answer(
                request,
                me,
                block,
                "item",
                status=409,
                modes={key: "remove"},
                form_values=values,
                notice=notice,
            )
        except (FormError, Invalid) as error:
            problem = form_error(error, ITEM_FIELDS)
            if problem is None:
                raise
            if problem.field == "text":
                problem = FormError("reason", problem.message)
            if problem.message.startswith("Enter"):
                problem = FormError("reason", "Enter why you are removing this")
            block = await blocks.item(me, item_id)
            key = str(block["item"]["id"])
            return await answer(
                request,
                me,
                block,
                "item",
                status=422,
                modes={key: "remove"},
                errors={key: problem},
                form_values={key: plan_forms.posted_values(form)},
            )
        place = await blocks.place_of_item(me, item_id)
        block = await blocks.section(me, place["plan"], place["section"])
        notice = {"section": removed["section"], "text": f"Removed: {short(removed['text'], 120)}"}
        return await done(
            request, me, block, "section", f"section-{removed['section']}", notice=notice
        )


ROUTES: list = [PlanEditor, editor_goals.GoalEditor, *version_pages.ROUTES, *episode_pages.ROUTES]
