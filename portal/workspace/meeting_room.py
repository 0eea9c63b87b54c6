"""The meeting room at /workspace/meetings/{id}/room (issue 18, items 4-7): a page for the
projector and the tablet. Thin controllers over careplan.meetings.service.

- GET .../room: the meeting's fixed version read-only in the Signs of Safety order with its
  fingerprint; then attendance and quorum, scales, views, the chair's decision per child and
  dissents, each a section with its form.
- POST .../room/attendance, /scales, /reveal, /views, /decision, /dissent: plain posts (CSRF)
  that answer 303 back to the section; with HTMX, the section's block of the same template.
  A refusal is said in the section's error summary, naming the field (422; 409 when the
  record's state refuses it; 403 when it is not the reader's to do).

Who may do what is decided by the services (careplan.access.permissions): the page only shows
a form to whoever the room's reading says may use it.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from careplan.access.principal import Principal
from careplan.lib.errors import Forbidden, Invalid, NotFound, Refused
from careplan.meetings import schemas
from careplan.meetings import service as meetings
from portal.pages import is_htmx, page, provide_professional
from portal.workspace import plan_forms
from portal.workspace.plan_forms import FormError

ROOM = "workspace/meeting_room.html"
SECTIONS = ("attendance", "scales", "views", "decision", "dissents")
NOTICES = {
    "attendance": "Attendance saved.",
    "scales": "Your score is saved.",
    "reveal": "The scales are shown to everyone.",
    "views": "The view is recorded.",
    "decision": "The decision is recorded.",
}
NO_STORE = {"Cache-Control": "no-store"}


def _short(sha256: str) -> str:
    return sha256[:12]


async def _context(me: Principal, meeting_id: str) -> dict[str, Any]:
    context = await meetings.meeting_room(me, meeting_id)
    context.update(
        me=me, errors=[], values={}, notice=None, failed=None, saved=None, short_hash=_short
    )
    return context


def _uuid(form: FormMultiDict, name: str) -> uuid.UUID | None:
    text = plan_forms.text_of(form, name).strip()
    if not text:
        return None
    try:
        return uuid.UUID(text)
    except ValueError as error:
        raise FormError(name, "Choose one from the list") from error


def _field(error: Invalid | NotFound) -> str:
    name = error.field if isinstance(error, Invalid) else error.what
    return name.replace("[", "-").replace("]", "").replace(".", "-")


class MeetingRoom(Controller):
    path = "/workspace/meetings/{meeting_id:str}/room"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    @get("/")
    async def room(
        self, request: Request, me: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Template:
        context = await _context(me, meeting_id)
        context["notice"] = NOTICES.get(request.query_params.get("done", ""))
        return page(request, ROOM, context, headers=NO_STORE)

    async def _act(
        self,
        request: Request,
        me: Principal,
        meeting_id: str,
        section: str,
        done: str,
        call: Callable[[FormMultiDict], Awaitable[Any]],
    ) -> Response[Any]:
        form = await request.form()
        values = {key: form.get(key) for key in form}
        status, errors = 200, []
        try:
            result = await call(form)
        except FormError as error:
            status, errors = 422, [plan_forms.problem(error.field, error.message)]
        except Invalid as error:
            status, errors = 422, [plan_forms.problem(_field(error), error.message.capitalize())]
        except NotFound as error:
            if error.what in ("meeting", "dissent"):
                raise
            status = 422
            errors = [plan_forms.problem(_field(error), "Choose one from the list")]
        except Refused as refused:
            field = refused.field or section
            status, errors = 409, [plan_forms.problem(field, refused.detail)]
        except Forbidden as refused:
            status, errors = 403, [plan_forms.problem(section, refused.detail)]
        if not errors and not is_htmx(request):
            if isinstance(result, str):
                return Redirect(result, status_code=303)
            return Redirect(
                f"/workspace/meetings/{meeting_id}/room?done={done}#{section}", status_code=303
            )
        context = await _context(me, meeting_id)
        context.update(errors=errors, values=values, failed=section if errors else None)
        if not errors:
            context.update(notice=NOTICES.get(done), saved=section)
        return page(request, ROOM, context, block=section, status_code=status, headers=NO_STORE)

    @post("/attendance", status_code=200)
    async def attendance(
        self, request: Request, me: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Response[Any]:
        async def call(form: FormMultiDict) -> Any:
            given = []
            for key in form:
                if key.startswith("attendance-"):
                    value = plan_forms.text_of(form, key)
                    if value:
                        given.append(
                            {"attendee": key.removeprefix("attendance-"), "attendance": value}
                        )
            raw: dict[str, Any] = {"attendees": given}
            for name in ("family_attendance", "inquorate_choice"):
                if plan_forms.text_of(form, name):
                    raw[name] = plan_forms.text_of(form, name)
            raw["inquorate_reason"] = plan_forms.text_of(form, "inquorate_reason")
            data = plan_forms.convert(raw, schemas.NewAttendance)
            return await meetings.record_attendance(me, meeting_id, data)

        return await self._act(request, me, meeting_id, "attendance", "attendance", call)

    @post("/scales", status_code=200)
    async def scales(
        self, request: Request, me: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Response[Any]:
        async def call(form: FormMultiDict) -> Any:
            score = plan_forms.text_of(form, "score").strip()
            if not score.isdecimal() or not 0 <= int(score) <= 10:
                raise FormError("score", "Choose a score from 0 to 10")
            raw: dict[str, Any] = {
                "score": int(score),
                "reason": plan_forms.text_of(form, "reason"),
            }
            for name in ("attendee", "member"):
                found = _uuid(form, name)
                if found is not None:
                    raw[name] = str(found)
            data = plan_forms.convert(raw, schemas.NewScale)
            return await meetings.record_scale(me, meeting_id, data)

        return await self._act(request, me, meeting_id, "scales", "scales", call)

    @post("/reveal", status_code=200)
    async def reveal(
        self, request: Request, me: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Response[Any]:
        async def call(form: FormMultiDict) -> Any:
            return await meetings.reveal(me, meeting_id)

        return await self._act(request, me, meeting_id, "scales", "reveal", call)

    @post("/views", status_code=200)
    async def views(
        self, request: Request, me: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Response[Any]:
        async def call(form: FormMultiDict) -> Any:
            attendee = _uuid(form, "view_attendee")
            if attendee is None:
                raise FormError("view_attendee", "Choose whose view it is")
            view = plan_forms.text_of(form, "view")
            if not view:
                raise FormError("view", "Choose their view of the plan")
            raw = {
                "attendee": str(attendee),
                "view": view,
                "reason": plan_forms.text_of(form, "view_reason"),
            }
            data = plan_forms.convert(raw, schemas.NewView)
            return await meetings.record_view(me, meeting_id, data)

        return await self._act(request, me, meeting_id, "views", "views", call)

    @post("/decision", status_code=200)
    async def decision(
        self, request: Request, me: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Response[Any]:
        async def call(form: FormMultiDict) -> Any:
            members = sorted(
                k.removeprefix("child-").removesuffix("-plan")
                for k in form
                if k.startswith("child-") and k.endswith("-plan")
            )
            children = [_child_decision(form, member) for member in members]
            plan_needed = any(c["plan_needed"] for c in children)
            raw: dict[str, Any] = {
                "plan_needed": plan_needed or plan_forms.text_of(form, "plan_needed") == "yes",
                "notes": plan_forms.text_of(form, "notes"),
                "children": children,
            }
            categories = {c["category"] for c in children if c.get("category")}
            if len(categories) == 1:
                raw["category"] = categories.pop()
            try:
                data = plan_forms.convert(raw, schemas.NewDecision)
                return await meetings.record_decision(me, meeting_id, data)
            except (FormError, Invalid) as error:
                raise _child_field(error, members) from error

        return await self._act(request, me, meeting_id, "decision", "decision", call)

    @post("/dissent", status_code=200)
    async def dissent(
        self, request: Request, me: NamedDependency[Principal], meeting_id: FromPath[str]
    ) -> Response[Any]:
        async def call(form: FormMultiDict) -> Any:
            reason = plan_forms.text_of(form, "dissent_reason").strip()
            if not reason:
                raise FormError("dissent_reason", "Enter why you dissent from the decision")
            data = plan_forms.convert({"reason": reason}, schemas.NewDissent)
            done = await meetings.dissent(me, meeting_id, data)
            return f"/workspace/dissents/{done['id']}?done=recorded"

        return await self._act(request, me, meeting_id, "dissents", "dissent", call)


def _child_decision(form: FormMultiDict, member: str) -> dict[str, Any]:
    """One child's decision from the form's fields `child-{member}-...`."""
    prefix = f"child-{member}"
    one: dict[str, Any] = {
        "member": member,
        "plan_needed": plan_forms.text_of(form, f"{prefix}-plan") == "yes",
    }
    category = plan_forms.text_of(form, f"{prefix}-category")
    if category and one["plan_needed"]:
        one["category"] = category
    lead = _uuid(form, f"{prefix}-lead")
    if lead is not None:
        one["lead_social_worker"] = str(lead)
    core = []
    for value in form.getall(f"{prefix}-core", []):
        try:
            core.append(str(uuid.UUID(str(value))))
        except ValueError as error:
            raise FormError(f"{prefix}-core", "Choose people from the list") from error
    one["core_group"] = core
    try:
        review = plan_forms.date_from(form, f"{prefix}-review")
    except FormError as error:
        raise FormError(f"{prefix}-review", "The next review must be a real date") from error
    if review is not None:
        one["next_review_on"] = review.isoformat()
    return one


def _child_field(error: FormError | Invalid, members: list[str]) -> FormError:
    """A refusal of `children[i].field` as the form's field `child-{member}-{field}`."""
    field = error.field
    message = error.message
    if field.startswith("children[") and "]" in field:
        index = int(field[len("children[") : field.index("]")])
        rest = field[field.index("]") + 1 :].lstrip(".") or "plan"
        rest = {
            "plan_needed": "plan",
            "member": "plan",
            "lead_social_worker": "lead",
            "core_group": "core",
            "next_review_on": "review",
        }.get(rest.split("[")[0], rest.split("[")[0])
        if index < len(members):
            field = f"child-{members[index]}-{rest}"
    return FormError(field, message[0].upper() + message[1:])


ROUTES: list = [MeetingRoom]
