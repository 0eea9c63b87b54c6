"""The family's meetings in the portal at /family/meetings: thin controllers over
`careplan.meetings.service.family_side` (what a member sees is decided in
`careplan.access.meeting_sight`, never here).

- GET  /family/meetings                                  their family's meetings
- GET  /family/meetings/{meeting_id}                     one meeting: what it is for, when and
                                                         where, how to take part, the reports
                                                         meant for them, their view and scale,
                                                         and afterwards what was decided
- POST /family/meetings/{meeting_id}/interpreter         ask for an interpreter (a language)
- POST /family/meetings/{meeting_id}/view                their own view before the meeting
- POST /family/meetings/{meeting_id}/scale               their own 0-10 scale and why

Each form posts as a plain form (303 back to the page, or the page with a GOV.UK error
summary: 422 for what to correct, 409 once the meeting has started), or through
static/js/family.js as an HTMX-style request answered with its own block. The pages follow
the portal's caching (per-user ETag, the page cache, `no-store` on a shared phone); a page
only ever holds what the member may see, so nothing more reaches the phone's offline copy.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from careplan.identity.service.sessions import ActiveSession
from careplan.lib.errors import Invalid, NotFound, Refused
from careplan.meetings.service import family_side
from portal import labels
from portal.family import pages
from portal.family.pages import ROUTE, Built
from portal.pages import is_htmx, page

TEMPLATE = "family/meeting.html"
# What each kind of meeting is for, in plain words for a parent.
ABOUT = {
    "initial_conference": (
        "A child protection conference is a meeting about keeping your children safe. You, "
        "your social worker and other people who work with your family, like the school, "
        "the health visitor and the police, talk about what is worrying people and what is "
        "going well. Together they decide if your children need a child protection plan. "
        "The meeting is run by a chair who does not work on your family's case."
    ),
    "review_conference": (
        "A review child protection conference looks at how your family's child protection "
        "plan is going. You and the people who work with your family say what has changed "
        "since the last meeting. The chair, who does not work on your family's case, then "
        "decides if your children still need a child protection plan, and what happens next."
    ),
    "core_group": (
        "A core group meeting is a smaller meeting of you and the people who work most "
        "closely with your family. You check how the plan is going and agree what happens "
        "next."
    ),
    "child_in_need_review": (
        "A child in need review is a meeting to check how the plan to help your family is "
        "going, and to agree what happens next."
    ),
    "team_around_the_family": (
        "A team around the family meeting brings together you and the people helping your "
        "family, to check how things are going and agree what happens next."
    ),
    "looked_after_review": (
        "A looked after review is a meeting about how your child is doing while they are "
        "looked after, and the plans for them."
    ),
}
FORMS = ("interpreter", "view", "scale")
BLOCKS = {"interpreter": "interpreter_form", "view": "view_form", "scale": "scale_form"}


def _name(kind: str) -> str:
    return labels.MEETING_KINDS.get(kind, "Meeting")


def _shown(meeting: dict[str, Any]) -> dict[str, Any]:
    return {
        **meeting,
        "name": _name(meeting["kind"]),
        "when": pages.when(meeting["starts_at"]) if meeting.get("starts_at") else "",
    }


async def _meeting(session: ActiveSession, home: Any, meeting_id: uuid.UUID) -> dict[str, Any]:
    if home is None:
        raise NotFound("meeting")
    meeting = await family_side.my_meeting(session.principal, home.family_id, meeting_id)
    return _shown(meeting)


def _meeting_context(
    session: ActiveSession, meeting: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    values = {"errors": {}, "entered": {}, "saved": "", **extra}
    return pages._context(
        session, "next", meeting=meeting, about=ABOUT.get(meeting["kind"], ""), **values
    )


@get("/family/meetings", **ROUTE)
async def meetings_page(
    request: Request, member_session: NamedDependency[ActiveSession]
) -> Response | Template:
    session = member_session
    home = await pages._home(session)
    tag = pages._tag(request, session, home, "meetings")
    if pages.etag.matches(request, tag):
        return pages.etag.not_modified(tag)

    async def build() -> Built:
        shown = await family_side.my_meetings(session.principal, home.family_id) if home else []
        meetings = [_shown(m) for m in shown]
        context = pages._context(
            session,
            "next",
            coming=[m for m in meetings if m["coming"]][::-1],
            past=[m for m in meetings if not m["coming"]],
        )
        return "family/meetings.html", context, None

    return await pages._served(request, session, home, "meetings", tag, build)


@get("/family/meetings/{meeting_id:uuid}", **ROUTE)
async def meeting_page(
    request: Request,
    member_session: NamedDependency[ActiveSession],
    meeting_id: FromPath[uuid.UUID],
) -> Response | Template:
    session = member_session
    home = await pages._home(session)
    name = f"meeting:{meeting_id}"
    tag = pages._tag(request, session, home, name)
    if pages.etag.matches(request, tag):
        return pages.etag.not_modified(tag)

    async def build() -> Built:
        meeting = await _meeting(session, home, meeting_id)
        saved = request.query_params.get("saved", "")
        context = _meeting_context(session, meeting, saved=saved if saved in FORMS else "")
        expires_at = None
        if meeting["starts_at"] is not None and meeting["open_for_answers"]:
            # The forms close when the meeting starts, whatever the revision.
            expires_at = pages._monotonic_at(meeting["starts_at"])
        return TEMPLATE, context, expires_at

    return await pages._served(request, session, home, name, tag, build)


Save = Callable[[ActiveSession, uuid.UUID, uuid.UUID, dict[str, str]], Awaitable[Any]]


async def _post(
    request: Request,
    session: ActiveSession,
    meeting_id: uuid.UUID,
    form_name: str,
    fields: tuple[str, ...],
    save: Save,
    checked: Callable[[dict[str, str]], dict[str, str]] | None = None,
) -> Response | Template:
    """One of the meeting page's forms: saved and back to the page (303), or the page (its
    block, for a script's request) with the errors named by field. Nothing is half-written:
    each save is one transaction in the service."""
    home = await pages._home(session)
    if home is None:
        raise NotFound("meeting")
    form = await request.form()
    entered = {field: str(form.get(field) or "") for field in fields}
    errors = checked(entered) if checked else {}
    status = 422
    if not errors:
        try:
            await save(session, home.family_id, meeting_id, entered)
        except Invalid as error:
            errors = {error.field: error.message}
        except Refused as refused:
            errors = {refused.field or fields[0]: refused.detail}
            status = 409
    htmx = is_htmx(request)
    if not errors and not htmx:
        return Redirect(
            f"/family/meetings/{meeting_id}?saved={form_name}#{form_name}", status_code=303
        )
    meeting = await _meeting(session, await pages._home(session), meeting_id)
    context = _meeting_context(
        session,
        meeting,
        errors={form_name: errors} if errors else {},
        entered={form_name: entered} if errors else {},
        saved="" if errors else form_name,
    )
    return page(
        request,
        TEMPLATE,
        context,
        block=BLOCKS[form_name],
        status_code=200 if htmx else status,
        headers={"Cache-Control": "no-store"},
    )


async def _interpreter(session: ActiveSession, family: Any, meeting: Any, form: dict) -> Any:
    return await family_side.ask_for_interpreter(
        session.principal, family, meeting, form["language"]
    )


async def _view(session: ActiveSession, family: Any, meeting: Any, form: dict) -> Any:
    return await family_side.save_my_view(session.principal, family, meeting, form["view"])


async def _scale(session: ActiveSession, family: Any, meeting: Any, form: dict) -> Any:
    return await family_side.save_my_scale(
        session.principal, family, meeting, form["score"], form["reason"]
    )


@post("/family/meetings/{meeting_id:uuid}/interpreter", **ROUTE, status_code=303)
async def ask_for_interpreter(
    request: Request,
    member_session: NamedDependency[ActiveSession],
    meeting_id: FromPath[uuid.UUID],
) -> Response | Template:
    return await _post(
        request, member_session, meeting_id, "interpreter", ("language",), _interpreter
    )


@post("/family/meetings/{meeting_id:uuid}/view", **ROUTE, status_code=303)
async def send_view(
    request: Request,
    member_session: NamedDependency[ActiveSession],
    meeting_id: FromPath[uuid.UUID],
) -> Response | Template:
    return await _post(request, member_session, meeting_id, "view", ("view",), _view)


@post("/family/meetings/{meeting_id:uuid}/scale", **ROUTE, status_code=303)
async def send_scale(
    request: Request,
    member_session: NamedDependency[ActiveSession],
    meeting_id: FromPath[uuid.UUID],
) -> Response | Template:
    return await _post(
        request,
        member_session,
        meeting_id,
        "scale",
        ("score", "reason"),
        _scale,
        checked=lambda form: family_side.scale_problems(form["score"], form["reason"]),
    )


ROUTES = [meetings_page, meeting_page, ask_for_interpreter, send_view, send_scale]
