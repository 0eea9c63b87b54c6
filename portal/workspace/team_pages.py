"""A family's team, changed from its page: thin pages over careplan.families.services.team.

- GET/POST /workspace/families/{id}/team/new: "Add someone to the team": a professional of
  an agency working for the local authority, their role on the team, and (for who may change
  the key worker) whether they become its key worker. Done: back to the family page, which
  says who joined.
- GET/POST /workspace/families/{id}/team/{person}/remove: "Remove from team", confirmed on
  its own page (who, a required reason, a warning button). Done: back to the family page,
  which says who left (or to the caseload, for someone who took themselves off).
- GET/POST /workspace/families/{id}/team/{person}/key-worker: "Make key worker", confirmed
  (the key worker before stays on the team); at the revision of the person's team row.

Someone who may not (careplan.access.authority) gets 403, a page saying who can; someone who
may not read the family, or a person not on its team, 404. Every refusal of a form names its
field in a GOV.UK error summary; the forms are plain posts, so they work without script.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from careplan.access.principal import Principal
from careplan.families import schemas
from careplan.families import service as families
from careplan.families.services import team
from careplan.lib.errors import Conflict, Invalid, NotFound
from portal import labels
from portal.pages import page, provide_professional
from portal.workspace import plan_forms

ADD = "workspace/team_add.html"
REMOVE = "workspace/team_remove.html"
KEY_WORKER = "workspace/team_key_worker.html"
PERSON = "team-member"  # the element a refusal about the person (not a field) links to
MOST_REASON = 4000


def _family_page(family: dict[str, Any], query: str = "") -> str:
    return f"/workspace/families/{family['id']}{query}#team"


async def _context(me: Principal, family_id: str, person_id: str, action: str) -> dict[str, Any]:
    family = await team.to_change(me, family_id, person_id, action)
    return {"me": me, "family": family, "member": family["team_member"], "errors": []}


class TeamPages(Controller):
    path = "/workspace/families/{family_id:str}/team/{person_id:str}"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    # ------------------------------------------------------------------------ leaving

    @get("/remove")
    async def remove_form(
        self,
        request: Request,
        me: NamedDependency[Principal],
        family_id: FromPath[str],
        person_id: FromPath[str],
    ) -> Template:
        context = await _context(me, family_id, person_id, "team.remove")
        return page(request, REMOVE, {**context, "values": {}})

    @post("/remove", status_code=200)
    async def remove(
        self,
        request: Request,
        me: NamedDependency[Principal],
        family_id: FromPath[str],
        person_id: FromPath[str],
    ) -> Response[Any]:
        form = await request.form()
        context = await _context(me, family_id, person_id, "team.remove")
        reason = plan_forms.text_of(form, "reason").strip()
        errors = []
        if not reason:
            errors.append(plan_forms.problem("reason", "Enter why they are leaving the team"))
        elif len(reason) > MOST_REASON:
            errors.append(
                plan_forms.problem(
                    "reason", f"The reason must be {MOST_REASON:,} characters or fewer"
                )
            )
        if not errors:
            try:
                data = plan_forms.convert({"reason": reason}, schemas.TeamLeaving)
                await team.remove_team_member(me, family_id, person_id, data)
            except plan_forms.FormError as error:
                errors.append(plan_forms.problem("reason", error.message))
            except Invalid as error:
                if error.field == "reason":
                    errors.append(
                        plan_forms.problem("reason", "Enter why they are leaving the team")
                    )
                else:  # made key worker since the page was made
                    name = context["member"]["name"]
                    errors.append(plan_forms.problem(PERSON, f"{name} {error.message}"))
        if errors:
            context.update(errors=errors, values={"reason": reason})
            return page(request, REMOVE, context, status_code=422)
        if context["member"]["person"] == me.person_id:
            return Redirect("/workspace", status_code=303)  # they may no longer see it
        query = f"?left={context['member']['person']}"
        return Redirect(_family_page(context["family"], query), status_code=303)

    # ------------------------------------------------------------------------ the key worker

    @get("/key-worker")
    async def key_worker_form(
        self,
        request: Request,
        me: NamedDependency[Principal],
        family_id: FromPath[str],
        person_id: FromPath[str],
    ) -> Template:
        context = await _context(me, family_id, person_id, "team.key_worker")
        return page(request, KEY_WORKER, await _with_key_worker(context))

    @post("/key-worker", status_code=200)
    async def key_worker(
        self,
        request: Request,
        me: NamedDependency[Principal],
        family_id: FromPath[str],
        person_id: FromPath[str],
    ) -> Response[Any]:
        form = await request.form()
        context = await _context(me, family_id, person_id, "team.key_worker")
        revision = plan_forms.text_of(form, "revision")
        try:
            data = schemas.TeamMemberPatch(
                key_worker=True, revision=int(revision) if revision.isdigit() else None
            )
            await team.change_team_member(me, family_id, person_id, data)
        except Conflict:
            # The team changed since the page was made: the page again, as it is now.
            problem = plan_forms.problem(
                PERSON,
                "The team has changed since you opened this page. Check it and try again",
            )
            context.update(errors=[problem])
            return page(request, KEY_WORKER, await _with_key_worker(context), status_code=409)
        except Invalid as error:
            context.update(errors=[plan_forms.problem(PERSON, error.message)])
            return page(request, KEY_WORKER, await _with_key_worker(context), status_code=422)
        return Redirect(_family_page(context["family"], "?key_worker=1"), status_code=303)


class TeamAddPage(Controller):
    path = "/workspace/families/{family_id:str}/team/new"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    @get("/")
    async def add_form(
        self, request: Request, me: NamedDependency[Principal], family_id: FromPath[str]
    ) -> Template:
        family = await team.to_add(me, family_id)
        return page(request, ADD, _add_context(me, family, {}, []))

    @post("/", status_code=200)
    async def add(
        self, request: Request, me: NamedDependency[Principal], family_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        family = await team.to_add(me, family_id)
        values = {name: plan_forms.text_of(form, name) for name in ("person", "role")}
        values["key_worker"] = "yes" if plan_forms.text_of(form, "key_worker") == "yes" else ""
        errors = []
        if not values["person"]:
            errors.append(plan_forms.problem("person", "Choose who joins the team"))
        if values["role"] not in labels.TEAM_ROLES:
            errors.append(plan_forms.problem("role", "Choose their role on the team"))
        if not errors:
            raw = {**values, "key_worker": values["key_worker"] == "yes"}
            try:
                data = plan_forms.convert(raw, schemas.NewTeamMember)
                await families.add_team_member(me, family_id, data)
            except plan_forms.FormError as error:
                errors.append(plan_forms.problem(error.field, "Choose who joins the team"))
            except NotFound:  # not a professional working for the local authority
                errors.append(plan_forms.problem("person", "Choose someone from the list"))
            except Invalid as error:  # on the team already (added since the page was made)
                errors.append(plan_forms.problem("person", f"This person {error.message}"))
        if errors:
            context = _add_context(me, family, values, errors)
            return page(request, ADD, context, status_code=422)
        return Redirect(_family_page(family, f"?joined={values['person']}"), status_code=303)


def _add_context(
    me: Principal, family: dict[str, Any], values: dict[str, str], errors: list[dict[str, str]]
) -> dict[str, Any]:
    by_agency: dict[str, list[dict[str, Any]]] = {}
    for person in family["candidates"]:
        by_agency.setdefault(person["agency_name"], []).append(person)
    roles = [(key, words) for key, words in labels.TEAM_ROLES.items()]
    return {
        "me": me,
        "family": family,
        "by_agency": by_agency,
        "roles": roles,
        "values": values,
        "errors": errors,
    }


async def _with_key_worker(context: dict[str, Any]) -> dict[str, Any]:
    """The confirmation's context with the key worker now (who stays on the team)."""
    family = context["family"]
    current = next((t for t in family["team"] if t["key_worker"]), None)
    return {**context, "current": current}


ROUTES: list = [TeamAddPage, TeamPages]
