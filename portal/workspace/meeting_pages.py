"""Before a meeting (issue 18): thin pages over careplan.meetings.service.

- GET/POST /workspace/plans/{plan_id}/meetings/new: arrange a meeting on the plan: its kind
  (pre-birth for a conference), when, where (or that the place is confidential), how to join,
  the chair, who is invited (professionals by agency with their role; family members with an
  interpreter and any exclusion, which needs a reason), the version discussed (one taken, or
  take one now); the due date of each kind is shown, and a later date needs a reason.
- GET /workspace/meetings/{meeting_id}: the meeting: what, when, where, the chair, who is
  invited, the version and its fingerprint, the agencies' reports the reader may see, links to
  run it and to the chair's record (other pages).
- GET/POST /workspace/meetings/{meeting_id}/reports/new: an agency's report, with who sees it.

Refusals come from the service (403 naming the action, 404 for what is not yours); a form's
mistakes come back in a GOV.UK error summary naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from careplan.access.principal import Principal
from careplan.lib.clock import LONDON
from careplan.lib.errors import Invalid, NotFound
from careplan.meetings import schemas
from careplan.meetings import service as meetings
from portal.pages import page, provide_professional
from portal.workspace import plan_forms
from portal.workspace.plan_forms import FormError

ARRANGE = "workspace/meeting_new.html"
ONE = "workspace/meeting.html"
REPORT = "workspace/meeting_report_new.html"
TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
# A service's field, as the arrange form names it.
FIELD_OF = {
    "starts_at": "starts",
    "take_version": "version",
    "location_confidential": "location",
}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _starts_at(form: Any) -> dt.datetime:
    day = plan_forms.date_from(form, "starts", required=True)
    assert day is not None
    found = TIME.match(plan_forms.text_of(form, "time").strip())
    if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        raise FormError("time", "Enter the time in 24-hour clock, like 14:30")
    moment = dt.datetime.combine(day, dt.time(int(found.group(1)), int(found.group(2))))
    return moment.replace(tzinfo=LONDON)


def _attendees(form: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """The invited, as the service takes them, and each one's prefix of the form's ids."""
    attendees: list[dict[str, Any]] = []
    prefixes: list[str] = []
    for person in form.getall("invite", []):
        attendees.append(
            {
                "person": person,
                "role": plan_forms.text_of(form, f"role-{person}"),
                "direct_contact": plan_forms.text_of(form, f"no_contact-{person}") != "yes",
            }
        )
        prefixes.append(person)
    for member in form.getall("invite_member", []):
        excluded = plan_forms.text_of(form, f"excluded-{member}") or None
        attendees.append(
            {
                "member": member,
                "role": plan_forms.text_of(form, f"role-{member}"),
                "interpreter": plan_forms.text_of(form, f"interpreter-{member}"),
                "excluded": excluded,
                "excluded_part": plan_forms.text_of(form, f"excluded_part-{member}"),
                "exclusion_reason": plan_forms.text_of(form, f"exclusion_reason-{member}"),
            }
        )
        prefixes.append(member)
    return attendees, prefixes


def _posted(form: Any) -> dict[str, Any]:
    """What the form holds, to show again after a mistake."""
    values = {key: plan_forms.text_of(form, key) for key in form}
    values["invite"] = set(form.getall("invite", []))
    values["invite_member"] = set(form.getall("invite_member", []))
    return values


def _form_field(field: str, prefixes: list[str]) -> str:
    """The id of the form's input a service's field names."""
    found = re.match(r"^attendees\[(\d+)\](?:\.(\w+))?", field)
    if found and int(found.group(1)) < len(prefixes):
        prefix, part = prefixes[int(found.group(1))], found.group(2)
        if part in (None, "person", "member"):
            return f"invite-{prefix}"
        return f"{part}-{prefix}"
    return FIELD_OF.get(field, field)


def _request(form: Any) -> tuple[schemas.NewMeeting, list[str]]:
    """The NewMeeting the form asks for, or FormError naming the form's field."""
    kind = plan_forms.text_of(form, "kind")
    if not kind:
        raise FormError("kind", "Choose the kind of meeting")
    chair = plan_forms.text_of(form, "chair")
    if not chair:
        raise FormError("chair", "Choose who chairs the meeting")
    starts_at = _starts_at(form)
    attendees, prefixes = _attendees(form)
    chosen = plan_forms.text_of(form, "version")
    raw = {
        "kind": kind,
        "pre_birth": plan_forms.text_of(form, "pre_birth") == "yes",
        "starts_at": starts_at,
        "chair": chair,
        "purpose": plan_forms.text_of(form, "purpose"),
        "location": plan_forms.text_of(form, "location"),
        "location_confidential": plan_forms.text_of(form, "location_confidential") == "yes",
        "how_to_join": plan_forms.text_of(form, "how_to_join"),
        "timing_reason": plan_forms.text_of(form, "timing_reason"),
        "take_version": chosen == "take",
        "version": int(chosen) if chosen.isdecimal() else None,
        "attendees": attendees,
    }
    try:
        return msgspec.convert(raw, schemas.NewMeeting, strict=False), prefixes
    except msgspec.ValidationError as error:
        found = re.search(r"at `\$\.?([^`]*)`", str(error))
        field = _form_field(found.group(1) if found else "kind", prefixes)
        raise FormError(field, "Check this answer: " + str(error).split(" - at")[0]) from error


class MeetingPages(Controller):
    path = "/workspace"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    async def _arrange(
        self,
        request: Request,
        me: Principal,
        plan_id: str,
        errors: list[dict[str, str]],
        values: dict[str, Any],
        status: int = 200,
    ) -> Template:
        context = await meetings.arrange_form(me, plan_id)
        context.update(me=me, errors=errors, values=values)
        return page(request, ARRANGE, context, status_code=status)

    @get("/plans/{plan_id:str}/meetings/new")
    async def arrange_form(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Template:
        return await self._arrange(request, me, plan_id, [], {"version": "take"})

    @post("/plans/{plan_id:str}/meetings/new", status_code=200)
    async def arrange(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        values = _posted(form)
        prefixes: list[str] = []
        try:
            data, prefixes = _request(form)
            meeting = await meetings.create_meeting(me, plan_id, data)
        except FormError as error:
            problem = plan_forms.problem(error.field, error.message)
            return await self._arrange(request, me, plan_id, [problem], values, 422)
        except Invalid as error:
            field = _form_field(error.field, prefixes)
            problem = plan_forms.problem(field, _sentence(error.message))
            return await self._arrange(request, me, plan_id, [problem], values, 422)
        except NotFound as error:
            if error.what in ("plan", "family"):
                raise
            field = _form_field(error.what, prefixes)
            problem = plan_forms.problem(field, "Choose one from the list")
            return await self._arrange(request, me, plan_id, [problem], values, 422)
        return Redirect(f"/workspace/meetings/{meeting['id']}?arranged=1", status_code=303)

    @get("/meetings/{meeting_id:str}")
    async def meeting(
        self, request: Request, me: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Template:
        context = await meetings.meeting_page(me, meeting_id)
        query = request.query_params
        notice = None
        if query.get("arranged"):
            notice = "The meeting is arranged."
        elif query.get("reported"):
            notice = "Your agency's report is added."
        context.update(me=me, notice=notice)
        return page(request, ONE, context)

    async def _report(
        self,
        request: Request,
        me: Principal,
        meeting_id: str,
        errors: list[dict[str, str]],
        values: dict[str, Any],
        status: int = 200,
    ) -> Template:
        context = await meetings.report_form(me, meeting_id)
        context.update(me=me, errors=errors, values=values)
        return page(request, REPORT, context, status_code=status)

    @get("/meetings/{meeting_id:str}/reports/new")
    async def report_form(
        self, request: Request, me: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Template:
        return await self._report(request, me, meeting_id, [], {"audience": "professionals"})

    @post("/meetings/{meeting_id:str}/reports/new", status_code=200)
    async def add_report(
        self, request: Request, me: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        values = {key: plan_forms.text_of(form, key) for key in form}
        values["audience_members"] = set(form.getall("audience_members", []))
        audience: Any = values.get("audience") or "professionals"
        if audience == "members":
            audience = {"members": form.getall("audience_members", [])}
        raw = {
            "title": values.get("title", "").strip(),
            "body": values.get("body", "").strip(),
            "audience": audience,
        }
        try:
            if not raw["title"]:
                raise FormError("title", "Enter a title for the report")
            if not raw["body"]:
                raise FormError("body", "Write the report")
            data = plan_forms.convert(raw, schemas.NewReport)
            await meetings.add_report(me, meeting_id, data)
        except FormError as error:
            problem = plan_forms.problem(error.field, error.message)
            return await self._report(request, me, meeting_id, [problem], values, 422)
        except (Invalid, NotFound) as error:
            field = error.field if isinstance(error, Invalid) else error.what
            if field == "meeting":
                raise
            words = _sentence(error.message) if isinstance(error, Invalid) else "Choose who sees it"
            problem = plan_forms.problem(field.split(".")[0], words)
            return await self._report(request, me, meeting_id, [problem], values, 422)
        return Redirect(f"/workspace/meetings/{meeting_id}?reported=1#reports", status_code=303)


ROUTES: list = [MeetingPages]
