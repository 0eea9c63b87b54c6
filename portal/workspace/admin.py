"""A local authority's administration in pages (issue 17, item 8 in part): its agencies and
their professionals, for its administrators. Thin pages over careplan.tenancy's service, which
decides who may (an administrator of that authority: careplan.access.permissions) and checks
every field again; errors name their fields in a GOV.UK error summary; nothing is
half-written. Anyone else is told that only an administrator can (403)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from careplan.access.principal import Principal
from careplan.lib.errors import Forbidden, Invalid, NotFound
from careplan.tenancy import schemas
from careplan.tenancy import service as tenancy
from careplan.tenancy.vocabulary import AGENCY_KINDS, ROLES
from portal import labels
from portal.pages import page, provide_professional
from portal.workspace import plan_forms
from portal.workspace.plan_forms import FormError

HOME = "/workspace/admin"
FIELD_WORDS = {
    "name": "The name",
    "kind": "The kind of agency",
    "phone": "The phone number",
    "email": "The email address",
    "agency": "The agency",
    "roles": "The roles",
    "job_title": "The job title",
    "issuer": "The sign-in service",
    "subject": "Their account at the sign-in service",
}


def _from_service(error: Invalid | FormError) -> dict[str, str]:
    field = error.field.split(".")[0].split("[")[0]
    if field == "sign_ins":
        field = "issuer"
    message = error.message
    if isinstance(error, Invalid):
        message = f"{FIELD_WORDS.get(field, 'This')} {message}"
    return plan_forms.problem(field, message[0].upper() + message[1:])


class Administration(Controller):
    path = HOME
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    async def _context(self, me: Principal, **extra: Any) -> dict[str, Any]:
        try:
            looked_after = await tenancy.administration(me)
            refusal = None
        except Forbidden as error:
            looked_after = {"agencies": [], "professionals": []}
            refusal = error.detail
        return {
            "me": me,
            "refusal": refusal,
            **looked_after,
            "kinds": [(k, labels.said(labels.AGENCY_KINDS, k)) for k in AGENCY_KINDS],
            "roles": [(r, labels.said(labels.PROFESSIONAL_ROLES, r)) for r in ROLES],
            "errors": [],
            "values": {},
            "notice": None,
            **extra,
        }

    def _page(self, request: Request, template: str, context: dict[str, Any], status: int = 200):
        return page(request, template, context, status_code=403 if context["refusal"] else status)

    @get("/")
    async def home(self, request: Request, me: NamedDependency[Principal]) -> Template:
        notice = {"agency": "The agency was added.", "professional": "The professional was added."}
        done = request.query_params.get("added") or request.query_params.get("deactivated")
        context = await self._context(me)
        if request.query_params.get("added") in notice:
            context["notice"] = notice[request.query_params["added"]]
        elif done:
            context["notice"] = "They can no longer sign in; their sessions have ended."
        return self._page(request, "workspace/admin.html", context)

    # ----------------------------------------------------------------------- an agency

    @get("/agencies/new")
    async def new_agency(self, request: Request, me: NamedDependency[Principal]) -> Template:
        return self._page(request, "workspace/admin_agency.html", await self._context(me))

    @post("/agencies/new", status_code=200)
    async def add_agency(self, request: Request, me: NamedDependency[Principal]) -> Response[Any]:
        form = await request.form()
        context = await self._context(me)
        if context["refusal"]:
            return self._page(request, "workspace/admin_agency.html", context)
        values = {
            f: plan_forms.text_of(form, f).strip() for f in ("name", "kind", "phone", "email")
        }
        errors = []
        if not values["name"]:
            errors.append(plan_forms.problem("name", "Enter the agency's name"))
        if values["kind"] not in AGENCY_KINDS:
            errors.append(plan_forms.problem("kind", "Choose the kind of agency"))
        if not errors:
            try:
                await tenancy.create_agency(me, plan_forms.convert(values, schemas.NewAgency))
                return Redirect(f"{HOME}?added=agency", status_code=303)
            except (FormError, Invalid) as error:
                errors.append(_from_service(error))
        context.update(errors=errors, values=values)
        return page(request, "workspace/admin_agency.html", context, status_code=422)

    # ------------------------------------------------------------------ a professional

    @get("/professionals/new")
    async def new_professional(self, request: Request, me: NamedDependency[Principal]) -> Template:
        return self._page(request, "workspace/admin_professional.html", await self._context(me))

    @post("/professionals/new", status_code=200)
    async def add_professional(
        self, request: Request, me: NamedDependency[Principal]
    ) -> Response[Any]:
        form = await request.form()
        context = await self._context(me)
        if context["refusal"]:
            return self._page(request, "workspace/admin_professional.html", context)
        fields = ("name", "email", "agency", "job_title", "issuer", "subject")
        values: dict[str, Any] = {f: plan_forms.text_of(form, f).strip() for f in fields}
        values["roles"] = [r for r in form.getall("roles", []) if r in ROLES]
        errors = []
        if not values["name"]:
            errors.append(plan_forms.problem("name", "Enter their full name"))
        if not values["email"]:
            errors.append(plan_forms.problem("email", "Enter their work email address"))
        if values["agency"] not in {str(a["id"]) for a in context["agencies"]}:
            errors.append(plan_forms.problem("agency", "Choose their agency"))
        if not values["roles"]:
            errors.append(plan_forms.problem("roles", "Choose at least one role"))
        if bool(values["issuer"]) != bool(values["subject"]):
            errors.append(
                plan_forms.problem(
                    "issuer" if not values["issuer"] else "subject",
                    "Give both the sign-in service and their account there, or neither",
                )
            )
        if not errors:
            raw = {k: values[k] for k in ("name", "email", "agency", "job_title", "roles")}
            if values["issuer"]:
                raw["sign_ins"] = [{"issuer": values["issuer"], "subject": values["subject"]}]
            try:
                data = plan_forms.convert(raw, schemas.NewProfessional)
                await tenancy.create_professional(me, data)
                return Redirect(f"{HOME}?added=professional", status_code=303)
            except (FormError, Invalid) as error:
                errors.append(_from_service(error))
            except NotFound:
                errors.append(plan_forms.problem("agency", "Choose their agency"))
        context.update(errors=errors, values=values)
        return page(request, "workspace/admin_professional.html", context, status_code=422)

    # ------------------------------------------------------------------ deactivating

    @get("/professionals/{person_id:str}/deactivate")
    async def deactivate_form(
        self, request: Request, me: NamedDependency[Principal], person_id: FromPath[str]
    ) -> Template:
        context = await self._context(me)
        context["person"] = self._person(context, person_id)
        return self._page(request, "workspace/admin_deactivate.html", context)

    @post("/professionals/{person_id:str}/deactivate", status_code=200)
    async def deactivate(
        self, request: Request, me: NamedDependency[Principal], person_id: FromPath[str]
    ) -> Response[Any]:
        context = await self._context(me)
        if context["refusal"]:
            return self._page(request, "workspace/admin_deactivate.html", context)
        person = self._person(context, person_id)
        try:
            await tenancy.deactivate_professional(me, person["id"])
        except Invalid as error:
            context.update(person=person, errors=[plan_forms.problem("person", error.message)])
            return page(request, "workspace/admin_deactivate.html", context, status_code=422)
        return Redirect(f"{HOME}?deactivated=1", status_code=303)

    @staticmethod
    def _person(context: dict[str, Any], person_id: str) -> dict[str, Any]:
        """One of the administrator's professionals (404 for anyone else: as for a stranger)."""
        if context["refusal"]:
            return {}
        for person in context["professionals"]:
            if str(person["id"]) == person_id:
                return person
        raise NotFound("professional")


ROUTES = [Administration]
