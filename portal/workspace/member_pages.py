"""A family's members in the workspace: add one (a new baby, a new partner), change one, end a
membership. Thin pages over the families service (`careplan.families.members`).

Only those with authority see the links (`careplan.access.authority`: "member.change"); anyone
else who comes by address gets the 403 page that says who can. A change is made at the
member's revision: one made meanwhile by someone else is shown (409), never overwritten
unseen. A confidential address is never put on a page, not even in the change form: a new one
can be entered in its place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from careplan.access.principal import Principal
from careplan.families import schemas
from careplan.families import service as families
from careplan.families.vocabulary import MEMBER_ROLES
from careplan.lib.errors import Conflict, Invalid
from portal import labels
from portal.pages import is_htmx, page, provide_professional
from portal.workspace import plan_forms
from portal.workspace.plan_forms import FormError

FORM = "workspace/member_form.html"
END = "workspace/member_end.html"
TEXTS = (
    "given_name",
    "family_name",
    "known_as",
    "relationship",
    "address",
    "phone",
    "preferred_language",
    "case_system_id",
    "nhs_number",
)
CHOICES = ("parental_responsibility", "interpreter_needed", "portal_restricted")
CHOICES_CONFIDENTIAL = ("address_confidential",)
YES_NO = [("yes", "Yes"), ("no", "No")]
# The fields as their error messages name them.
LABELS = {
    "given_name": "First name",
    "family_name": "Last name",
    "known_as": "Known as",
    "role": "Their place in the family",
    "relationship": "Relationship",
    "date_of_birth": "Date of birth",
    "parental_responsibility": "Parental responsibility",
    "address": "Address",
    "address_confidential": "Whether the address is confidential",
    "portal_restricted": "Whether they may use the family portal",
    "phone": "Phone number",
    "preferred_language": "Preferred language",
    "interpreter_needed": "Whether they need an interpreter",
    "case_system_id": "Case system id",
    "nhs_number": "NHS number",
    "to_date": "The date they left",
}


def _said(field: str, message: str) -> dict[str, str]:
    if field == "nhs_number" and "match pattern" in message:
        message = "must be 10 digits"
    if "length" in message or "match pattern" in message or "Expected" in message:
        message = "check what you entered"
    return plan_forms.problem(field, f"{LABELS.get(field, field)}: {message}")


def _date_values(name: str, value: Any) -> dict[str, str]:
    if not value:
        return {}
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _values_of(member: dict[str, Any]) -> dict[str, Any]:
    """A member's details as the form's values (a confidential address left out)."""
    values: dict[str, Any] = {
        name: "" if member.get(name) is None else str(member[name]) for name in TEXTS
    }
    if member["address_confidential"]:
        values["address"] = ""
    values["role"] = member["role"]
    for name in (*CHOICES, *CHOICES_CONFIDENTIAL):
        values[name] = "yes" if member[name] else "no"
    values.update(_date_values("date_of_birth", member["date_of_birth"]))
    values["revision"] = str(member["revision"])
    return values


def _fields(form: Any, member: dict[str, Any] | None) -> dict[str, Any]:
    """The posted form as the API's fields (only what differs, for a change), or Problems."""
    errors: list[dict[str, str]] = []
    raw: dict[str, Any] = {}
    for name in TEXTS:
        text = plan_forms.text_of(form, name).strip()
        if name in ("case_system_id", "nhs_number"):
            raw[name] = text.replace(" ", "") if name == "nhs_number" and text else (text or None)
        else:
            raw[name] = text
    if not raw["given_name"]:
        errors.append(plan_forms.problem("given_name", "Enter their first name"))
    if not raw["preferred_language"]:
        raw["preferred_language"] = "English"
    role = plan_forms.text_of(form, "role")
    if role not in MEMBER_ROLES:
        errors.append(plan_forms.problem("role", "Choose their place in the family"))
    raw["role"] = role
    for name in (*CHOICES, *CHOICES_CONFIDENTIAL):
        chosen = plan_forms.text_of(form, name)
        if chosen not in ("yes", "no"):
            errors.append(plan_forms.problem(name, f"Choose yes or no: {LABELS[name].lower()}"))
        raw[name] = chosen == "yes"
    try:
        raw["date_of_birth"] = plan_forms.date_from(form, "date_of_birth")
    except FormError as error:
        errors.append(plan_forms.problem("date_of_birth", error.message))
    if errors:
        raise Problems(errors)
    if member is None:
        return raw
    if member["address_confidential"] and not raw["address"]:
        del raw["address"]  # not shown, so not changed unless a new one is entered
    changed = {
        name: value
        for name, value in raw.items()
        if name == "address" or _differs(member.get(name), value)
    }
    if "address" in changed and not member["address_confidential"]:
        if member["address"] == changed["address"]:
            del changed["address"]
    return changed


def _differs(before: Any, after: Any) -> bool:
    if isinstance(after, dt.date) and before is not None:
        before = dt.date.fromisoformat(str(before)[:10])
    return before != after


class Problems(Exception):
    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(e["message"] for e in errors))
        self.errors = errors


def _convert(raw: dict[str, Any], shape: type) -> Any:
    try:
        return msgspec.convert(raw, shape, strict=False)
    except msgspec.ValidationError as error:
        text = str(error)
        field = text.rsplit("`$.", 1)[-1].rstrip("`") if "`$." in text else "given_name"
        field = field.split(".")[0].split("[")[0]
        raise Problems([_said(field, text.split(" - at ")[0])]) from error


def _done(request: Request, family_id: Any, what: str) -> Response[Any]:
    target = f"/workspace/families/{family_id}?member={what}#members"
    if is_htmx(request):
        return Response("", status_code=200, headers={"HX-Redirect": target})
    return Redirect(target, status_code=303)


class MemberPages(Controller):
    path = "/workspace"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    async def _context(
        self, me: Principal, family: dict[str, Any], member: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return {
            "me": me,
            "family": family,
            "member": member,
            "roles": list(labels.MEMBER_ROLES.items()),
            "yes_no": YES_NO,
            "errors": [],
            "values": _values_of(member) if member else {"preferred_language": "English"},
        }

    async def _member(self, me: Principal, member_id: str) -> tuple[dict, dict]:
        """The member and their family, for one who may change members (403, 404 else)."""
        family_id, found = await families.family_of_member(me, member_id)
        family = await families.get_family(me, family_id)
        member = next(m for m in family["members"] if str(m["id"]) == str(found))
        return family, member

    def _refused(
        self,
        request: Request,
        template: str,
        context: dict[str, Any],
        form: Any,
        errors: list[dict[str, str]],
        status: int = 422,
        **values: Any,
    ) -> Template:
        context.update(errors=errors, values={**plan_forms.posted_values(form), **values})
        return page(
            request,
            template,
            context,
            block="member",
            status_code=200 if is_htmx(request) else status,
        )

    # ------------------------------------------------------------------------ adding

    @get("/families/{family_id:str}/members/new")
    async def new_member(
        self, request: Request, me: NamedDependency[Principal], family_id: FromPath[str]
    ) -> Template:
        family = await families.get_family(me, family_id)
        await families.require_member_change(me, family["id"])
        return page(request, FORM, await self._context(me, family), block="member")

    @post("/families/{family_id:str}/members/new", status_code=200)
    async def add_member(
        self, request: Request, me: NamedDependency[Principal], family_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        family = await families.get_family(me, family_id)
        await families.require_member_change(me, family["id"])
        context = await self._context(me, family)
        try:
            data = _convert(_fields(form, None), schemas.NewMember)
            await families.add_member(me, family["id"], data)
        except Problems as problems:
            return self._refused(request, FORM, context, form, problems.errors)
        except Invalid as error:
            return self._refused(request, FORM, context, form, [_said(error.field, error.message)])
        return _done(request, family["id"], "added")

    # ------------------------------------------------------------------------ changing

    @get("/members/{member_id:str}/change")
    async def change_form(
        self, request: Request, me: NamedDependency[Principal], member_id: FromPath[str]
    ) -> Template:
        family, member = await self._member(me, member_id)
        await families.require_member_change(me, family["id"])
        return page(request, FORM, await self._context(me, family, member), block="member")

    @post("/members/{member_id:str}/change", status_code=200)
    async def change(
        self, request: Request, me: NamedDependency[Principal], member_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        family, member = await self._member(me, member_id)
        await families.require_member_change(me, family["id"])
        context = await self._context(me, family, member)
        revision = plan_forms.text_of(form, "revision")
        try:
            raw = _fields(form, member)
            raw["revision"] = int(revision) if revision.isdigit() else None
            data = _convert(raw, schemas.MemberPatch)
            await families.change_member(me, member["id"], data)
        except Problems as problems:
            return self._refused(request, FORM, context, form, problems.errors)
        except Invalid as error:
            return self._refused(request, FORM, context, form, [_said(error.field, error.message)])
        except Conflict as conflict:
            now = conflict.current
            message = (
                "Someone else changed this member while you were editing. What is saved now is "
                "shown beside each field you changed: check your changes and save again."
            )
            context["current"] = now
            return self._refused(
                request,
                FORM,
                context,
                form,
                [plan_forms.problem("given_name", message)],
                status=409,
                revision=str(now["revision"]),
            )
        return _done(request, family["id"], "changed")

    # ------------------------------------------------------------------------ ending

    @get("/members/{member_id:str}/end")
    async def end_form(
        self, request: Request, me: NamedDependency[Principal], member_id: FromPath[str]
    ) -> Template:
        family, member = await self._member(me, member_id)
        await families.require_member_change(me, family["id"])
        context = await self._context(me, family, member)
        context["values"] = {
            "revision": str(member["revision"]),
            **_date_values("to_date", dt.date.today()),
        }
        return page(request, END, context, block="member")

    @post("/members/{member_id:str}/end", status_code=200)
    async def end(
        self, request: Request, me: NamedDependency[Principal], member_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        family, member = await self._member(me, member_id)
        await families.require_member_change(me, family["id"])
        context = await self._context(me, family, member)
        revision = plan_forms.text_of(form, "revision")
        try:
            to_date = plan_forms.date_from(form, "to_date", required=True)
            patch = schemas.MemberPatch(
                revision=int(revision) if revision.isdigit() else None, to_date=to_date
            )
            await families.change_member(me, member["id"], patch)
        except FormError as error:
            message = error.message.replace("To date", "The date they left")
            return self._refused(
                request, END, context, form, [plan_forms.problem("to_date", message)]
            )
        except Invalid as error:
            return self._refused(request, END, context, form, [_said(error.field, error.message)])
        except Conflict as conflict:
            message = "Someone else changed this member meanwhile: check and confirm again."
            return self._refused(
                request,
                END,
                context,
                form,
                [plan_forms.problem("to_date", message)],
                status=409,
                revision=str(conflict.current["revision"]),
            )
        return _done(request, family["id"], "ended")


ROUTES: list = [MemberPages]
