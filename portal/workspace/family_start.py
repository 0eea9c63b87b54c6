"""Starting a family's record in pages (issue 17, item 7): the family's name, the case system's
reference and its first members, for whoever may start one (careplan.access.authority: by
default children's social care and early help). A thin page over the families service, which
checks every field again; every refusal names its field in a GOV.UK error summary, and
nothing is half-written. The one who starts it joins its team as its key worker."""

from __future__ import annotations

import re
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.response import Redirect, Response, Template

from careplan.access.principal import Principal
from careplan.families import schemas
from careplan.families import service as families
from careplan.families.vocabulary import MEMBER_ROLES
from careplan.lib.errors import Invalid
from portal import labels
from portal.pages import page, provide_professional
from portal.workspace import plan_forms
from portal.workspace.plan_forms import FormError

TEMPLATE = "workspace/family_new.html"
ROWS = 4  # members a form asks for; more are added on the family's page afterwards
MEMBER_FIELDS = ("given_name", "family_name", "role", "nhs_number", "parental_responsibility")


def _field(index: int, name: str) -> str:
    return f"member-{index + 1}-{name}"


def _from_service(error: Invalid | FormError) -> dict[str, str]:
    """A service's refusal (`members[0].nhs_number`, `case_reference`) as the form's field."""
    field = error.field
    found = re.match(r"members\[(\d+)\]\.(\w+)", field)
    if found:
        field = _field(int(found.group(1)), found.group(2))
        if found.group(2) == "date_of_birth":
            field = _field(int(found.group(1)), "dob")
    words = {"case_reference": "The case reference", "name": "The family's name"}
    message = error.message
    if isinstance(error, Invalid):
        message = f"{words.get(error.field, 'This')} {error.message}"
    return {"field": field, "message": message[0].upper() + message[1:]}


class FamilyStart(Controller):
    path = "/workspace"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    async def _context(self, me: Principal) -> dict[str, Any]:
        return {
            "me": me,
            "refusal": await families.start_refusal(me),
            "rows": [
                {"key": f"member-{n + 1}", "number": n + 1, "first": n == 0} for n in range(ROWS)
            ],
            "roles": [(role, labels.said(labels.MEMBER_ROLES, role)) for role in MEMBER_ROLES],
            "errors": [],
            "values": {},
        }

    @get("/families/new")
    async def new_family(self, request: Request, me: NamedDependency[Principal]) -> Template:
        context = await self._context(me)
        return page(request, TEMPLATE, context, status_code=403 if context["refusal"] else 200)

    @post("/families/new", status_code=200)
    async def start_family(self, request: Request, me: NamedDependency[Principal]) -> Response[Any]:
        form = await request.form()
        context = await self._context(me)
        if context["refusal"]:
            return page(request, TEMPLATE, context, status_code=403)
        errors: list[dict[str, str]] = []
        raw = self._fields(form, errors)
        if not errors:
            try:
                data = plan_forms.convert(raw, schemas.NewFamily)
                made = await families.create_family(me, data)
                return Redirect(f"/workspace/families/{made['id']}", status_code=303)
            except (FormError, Invalid) as error:
                errors.append(_from_service(error))
        context.update(errors=errors, values=plan_forms.posted_values(form))
        return page(request, TEMPLATE, context, status_code=422)

    def _fields(self, form: Any, errors: list[dict[str, str]]) -> dict[str, Any]:
        name = plan_forms.text_of(form, "name").strip()
        if not name:
            errors.append({"field": "name", "message": "Enter the family's name"})
        members = []
        for index in range(ROWS):
            given = plan_forms.text_of(form, _field(index, "given_name")).strip()
            role = plan_forms.text_of(form, _field(index, "role"))
            others = [
                plan_forms.text_of(form, _field(index, f)).strip()
                for f in ("family_name", "nhs_number")
            ]
            if not given and not role and not any(others) and index > 0:
                continue  # a row left empty
            if not given:
                errors.append(
                    {"field": _field(index, "given_name"), "message": "Enter their first name"}
                )
            if role not in MEMBER_ROLES:
                errors.append(
                    {"field": _field(index, "role"), "message": "Choose who they are in the family"}
                )
            member: dict[str, Any] = {
                "given_name": given,
                "role": role,
                "family_name": others[0],
                "parental_responsibility": form.get(_field(index, "parental_responsibility"))
                == "yes",
            }
            if others[1]:
                member["nhs_number"] = others[1].replace(" ", "")
            try:
                born = plan_forms.date_from(form, _field(index, "dob"), required=False)
            except FormError:
                errors.append(
                    {
                        "field": _field(index, "dob"),
                        "message": "Their date of birth must be a real date, like 27 3 2024",
                    }
                )
                born = None
            if born is not None:
                member["date_of_birth"] = born
            members.append(member)
        reference = plan_forms.text_of(form, "case_reference").strip()
        return {"name": name, "case_reference": reference or None, "members": members}


ROUTES = [FamilyStart]
