"""The family portal's pages at /family: thin controllers over the slices' services.

- GET  /family                                 the plan shared with them, in three plain parts
- GET  /family/goals                           their goals, with live progress and a chart each
- GET  /family/goals/{objective_id}            one goal (the block an HTMX check-in swaps)
- POST /family/goals/{objective_id}/check-ins  record a check-in (a client uuid: retry-safe)
- GET  /family/answer                          agree, agree with comments or disagree
- POST /family/answer                          their answer, bound to the view they read
- GET  /family/next                            the next meeting, who to call, their network
- GET  /family/words                           words and pictures: what the children are told

The meetings' pages (/family/meetings...) are in `meeting_pages`.

Every GET answers 304 from a per-user ETag before it renders (see `etag`). What a member may
see is decided by the services (`careplan.access.permissions`): a member whose view is
restricted sees a kind page with nothing of the plan on it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
from litestar import Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template
from markupsafe import Markup

from careplan.families.queries import portal as family_reads
from careplan.families.queries.portal import Home
from careplan.identity.service.sessions import ActiveSession
from careplan.language import queries as words
from careplan.lib import replica
from careplan.lib.canonical import decimal_text
from careplan.lib.errors import Conflict, Invalid, NotFound, PlanClosed
from careplan.meetings import schemas as meeting_schemas
from careplan.meetings import service as meetings
from careplan.meetings.queries import family as meeting_reads
from careplan.meetings.service import family_side
from careplan.meetings.vocabulary import ANSWERS
from careplan.plans import schemas as plan_schemas
from careplan.plans import service as plans
from careplan.plans import vocabulary as measures
from careplan.plans.queries import goals as plan_reads
from careplan.plans.vocabulary import CHECK_IN_SAID, CHECK_IN_THEN
from careplan.web import page_cache
from careplan.web.access_memo import AccessMemo
from careplan.web.dates import date_filter
from portal import labels
from portal.family import device, etag
from portal.family.charts import progress_chart, value_text
from portal.pages import is_htmx, page, provide_member_session

LONDON = ZoneInfo("Europe/London")
log = logging.getLogger(__name__)
DEPENDENCIES = {"member_session": Provide(provide_member_session)}
# Every route: the member's session, and one access decision per request (the preamble's
# `my_home` decides; the page's reads are answered from the request's memo). No route here
# changes anyone's access.
ROUTE: dict[str, Any] = {
    "dependencies": DEPENDENCIES,
    "include_in_schema": False,
    "middleware": [AccessMemo],
}

WORRIES = ("harm", "worry", "complicating")
GOING_WELL = ("strength",)
NEEDS_TO_HAPPEN = ("safety_goal", "next_step", "safety_rule", "contingency")
DECIMAL = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,4})?$")
MAX_NOTE = 2000
# A member with no family in the portal now (turned off, or their membership ended).
UNAVAILABLE = "family/unavailable.html"
MAX_WORDS = 4000


# ---------------------------------------------------------------------------- shared


def when(moment: dt.datetime) -> str:
    """A meeting's time: "Tuesday 1 December 2026 at 2:30pm" (the `date` filter's format)."""
    return date_filter(moment, time=True, weekday=True)


def tel(number: Any) -> str:
    return "tel:" + re.sub(r"[^0-9+]", "", str(number or ""))


# What may follow a term without a space: a possessive ("centre's") and closing punctuation.
TRAILING = re.compile("^(?:[\u2019']\\w+)?[.,;:!?)\\]\u2019\u201d'\u00bb\u2026]*")


def said_pieces(text: Any) -> list[dict[str, Any]]:
    """A text as `words.pieces`, with each glossary term ready to draw so that it never breaks
    its sentence: the punctuation right after the term (`after`) goes with it, and its last
    word (`last`) and that punctuation are kept on one line (`lead` is the rest of the term).
    """
    pieces = words.pieces(text if isinstance(text, str) else str(text or ""))
    out: list[dict[str, Any]] = []
    for index, piece in enumerate(pieces):
        if not piece["term"]:
            out.append(piece)
            continue
        after = ""
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        if following is not None and not following["term"]:
            found = TRAILING.match(following["text"])
            if found and found.group(0):
                after = found.group(0)
                following["text"] = following["text"][len(after) :]
        lead, _, last = piece["text"].rpartition(" ")
        out.append({**piece, "lead": f"{lead} " if lead else "", "last": last, "after": after})
    return [piece for piece in out if piece["text"]]


def guard(render: Callable[..., Any], entry: Any, *args: Any, fallback: Any = None) -> Any:
    """One item of a family page, drawn so that it can never take the page down.

    `render` is the item's macro. If it fails on a value it cannot show (a detail of an old
    shape, say), the item is drawn by `fallback` (its text alone) or left out, the failure is
    logged without the family's words, and the rest of the page renders as usual.
    """
    try:
        return render(entry, *args)
    except Exception as error:  # whatever it is, the page must still render
        key = entry.get("id") if isinstance(entry, dict) else None
        log.error(
            "a family page could not show one %s (%s: %s); it showed the rest",
            "item" if key is None else f"item, {key},",
            getattr(render, "name", None) or getattr(render, "__name__", "block"),
            type(error).__name__,
        )
    if fallback is not None:
        try:
            return fallback(entry)
        except Exception as error:
            log.error("the plain form of that item failed too (%s)", type(error).__name__)
    return Markup("")


def measure_words(measure: dict[str, Any]) -> str:
    unit = measure.get("unit") or ""
    if measure["kind"] == "yes_no":
        return "Yes or no"
    return unit[:1].upper() + unit[1:] if unit else "A number"


def goal_meaning(goal: dict[str, Any]) -> str:
    """What a goal means, in one plain sentence: "The aim is 6 nights out of 7 by 1 March 2027."
    (not the worry it answers: that is "why it matters")."""
    measure = goal["measure"]
    kind, unit = measure["kind"], (measure.get("unit") or "").strip()
    target = str(measure.get("target"))
    if kind == "yes_no":
        aim = "“yes”" if target == "1" else "“no”"
    elif kind == "percentage":
        aim = f"{target}{unit}" if unit.startswith("%") else f"{target}% {unit}".strip()
    elif kind == "scale":
        aim = f"{target} out of 10" + (f" ({unit})" if unit else "")
    else:
        aim = f"{target} {unit}".strip()
    due = goal.get("due_on")
    return f"The aim is {aim}" + (f" by {date_filter(due)}" if due else "") + "."


def _today() -> dt.date:
    return dt.datetime.now(LONDON).date()


# A goal's check-in form kept by the page cache: a fresh client uuid in each, per request.
SLOT = page_cache.UUID


def _monotonic_at(moment: dt.datetime) -> float:
    """A wall-clock moment on the page cache's clock (time.monotonic)."""
    return time.monotonic() + (moment - dt.datetime.now(dt.UTC)).total_seconds()


TEMPLATE_HELPERS = {
    "pieces": said_pieces,
    "value_text": value_text,
    "measure_words": measure_words,
    "goal_meaning": goal_meaning,
    "check_in_then": CHECK_IN_THEN,
    "tel": tel,
    "guard": guard,
}


async def _home(session: ActiveSession) -> Home | None:
    return await family_reads.my_home(session.principal)


def _tag(request: Request, session: ActiveSession, home: Home | None, name: str) -> str:
    return etag.of(
        session.principal.person_id,
        home.revision if home else 0,
        name if home else UNAVAILABLE,
        home.family_id if home else "",
        request.url.query,
        is_htmx(request),
        session.shared_device,
        _today(),
        etag.csrf(request),
    )


async def _view(session: ActiveSession, home: Home | None) -> dict[str, Any] | None:
    if home is None:
        return None
    try:
        return await plans.my_view(session.principal, home.family_id)
    except NotFound:
        return None


def _items(view: dict[str, Any] | None, sections: tuple[str, ...]) -> list[dict[str, Any]]:
    if view is None:
        return []
    order = {section: n for n, section in enumerate(sections)}
    found = [
        {**entry, "id": key}
        for key, entry in view["content"].get("items", {}).items()
        if isinstance(entry, dict) and entry.get("section") in order
    ]

    def place(entry: dict[str, Any]) -> tuple[int, int, str]:
        # Read tolerantly: an old version's item of an odd shape still takes its place.
        position = entry.get("position")
        return (
            order[entry["section"]],
            position if isinstance(position, int) else 0,
            str(entry.get("text", "")),
        )

    return sorted(found, key=place)


def _context(session: ActiveSession, active: str, **values: Any) -> dict[str, Any]:
    return {
        **TEMPLATE_HELPERS,
        "active": active,
        "shared_device": session.shared_device,
        # What the phone may keep offline: said on <body> for the service worker.
        "phone_body_attributes": device.phone_body_attributes,
        **values,
    }


# What a page builds on a miss: its template, its context, and when it stops being true
# whatever the revision (None: only by the revision and the cache's own time limit).
Built = tuple[str, dict[str, Any], float | None]


async def _served(
    request: Request,
    session: ActiveSession,
    home: Home | None,
    name: str,
    tag: str,
    build: Callable[[], Awaitable[Built]],
    block: str = "page_body",
) -> Response | Template:
    """The page from the worker's page cache (careplan.web.page_cache), or built, kept and
    served. The key is decided here, after this request read the session, the member's
    access and the family's revision from the database (`_home`): the page, its inputs, the
    family at that revision and the member's audience. A member's audience is their own:
    their view is made for them (items and goals for named members), and the pages show
    their own notes and answers; so it is the membership and the person, never shared with
    another member. A member with no family (restricted, ended) has nothing kept."""
    headers = {"Vary": "HX-Request, Cookie", **etag.headers(tag)}
    if home is None and block == "page_body":
        # Nothing of the family and nothing to keep: no navigation, no manifest, no-store.
        return page(request, UNAVAILABLE, {"shared_device": True}, block="page_body")
    if home is None:  # a part of a page (one goal): its own answer, 404
        template, context, _ = await build()
        return page(request, template, context, block=block, headers=headers)
    htmx = is_htmx(request)
    audience = ("member", home.member_id, session.principal.person_id)
    key = (
        "family",
        name,
        request.url.query,
        htmx,
        session.shared_device,
        _today(),
        home.family_id,
        home.revision,
        audience,
    )
    cache = page_cache.of(request)
    kept = cache.get(key)
    if kept is None:
        # On a replica only if it has caught up to the revision in the key (careplan.lib.replica).
        template, context, expires_at = await replica.read_at_least(
            home.revision, lambda: family_reads.family_revision(home.family_id), build
        )
        context.update(page_cache.slot_context())
        text = page_cache.render(request, template, context, block if htmx else None)
        kept = cache.put(key, text, expires_at)
    return page_cache.response(
        request,
        kept,
        headers,
        body_attributes=lambda: device.request_body_attributes(request),
        viewer_name=session.principal.name,
    )


def _latest_scaling(view: dict[str, Any] | None) -> list[dict[str, Any]]:
    if view is None:
        return []
    entries = sorted(
        view["content"].get("scaling", {}).values(),
        key=lambda s: (s["judged_on"], s["score"]),
        reverse=True,
    )
    overall = [s for s in entries if s["statement"] is None]
    return (overall or entries)[:3]


# ---------------------------------------------------------------------------- the plan


def plan_view_context(view: dict[str, Any] | None, goals: list[dict[str, Any]]) -> dict[str, Any]:
    """What the `plan_view` block of family/plan.html shows of a member's view. The key
    worker's preview before sharing (portal/workspace/version_pages.py) renders the same
    block from the same context, so what they check is what the member will read."""
    return {
        **TEMPLATE_HELPERS,
        "view": view,
        "worries": _items(view, WORRIES),
        "going_well": _items(view, GOING_WELL),
        "needs": _items(view, NEEDS_TO_HAPPEN),
        "goals": goals,
        "scaling": _latest_scaling(view),
    }


@get("/family", **ROUTE)
async def plan_page(
    request: Request, member_session: NamedDependency[ActiveSession]
) -> Response | Template:
    session = member_session
    home = await _home(session)
    tag = _tag(request, session, home, "plan")
    if etag.matches(request, tag):
        return etag.not_modified(tag)

    async def build() -> Built:
        view = await _view(session, home)
        goals: list[dict[str, Any]] = []
        answers: list[dict[str, Any]] = []
        if view is not None:
            goals = await plan_reads.my_goals(session.principal, view)
            answers = await meeting_reads.my_answers(session.principal, view["plan"], newest=1)
        current = answers[0] if answers else None
        context = _context(
            session,
            "plan",
            **plan_view_context(view, goals),
            answer=current,
            asks_again=view is not None
            and (current is None or current["view_sha256"] != view["sha256"]),
        )
        return "family/plan.html", context, None

    return await _served(request, session, home, "plan", tag, build)


# ---------------------------------------------------------------------------- goals


def _chart(goal: dict[str, Any]) -> Any:
    try:
        return progress_chart(goal)
    except Exception as error:  # a goal of an odd shape: no chart, the list still shows
        log.error("a goal's chart could not be drawn (%s); it was left out", type(error).__name__)
        return None


def _goal_context(goal: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "goal": goal,
        "chart": _chart(goal),
        "client_uuid": uuid.uuid4(),
        "errors": {},
        "entered": {},
        "outcome": "recorded",
        **extra,
    }


def _choices(goal: dict[str, Any]) -> list[tuple[str, str]] | None:
    """Radio choices for two taps, from the measure's minimum to its maximum (see
    `vocabulary.check_in_choices`), or None when there are too many to tap (a number is typed)."""
    measure = goal["measure"]
    values = measures.check_in_choices(
        measure["kind"],
        measure.get("unit") or "",
        measure.get("target"),
        measure.get("baseline"),
        [*(entry["value"] for entry in goal.get("progress", ())), goal.get("highest")],
    )
    if values is None:
        return None
    return [(value, value_text(measure["kind"], value)) for value in values]


async def _goals(session: ActiveSession, home: Home | None) -> tuple[dict | None, list]:
    view = await _view(session, home)
    if view is None:
        return None, []
    goals = await plan_reads.my_goals(session.principal, view)
    today = _today()
    for goal in goals:
        goal["choices"] = _choices(goal)
        due = measures.iso_date(goal.get("due_on"))
        goal["overdue"] = bool(goal["open"] and due and due < today)
    return view, goals


@get("/family/goals", **ROUTE)
async def goals_page(
    request: Request, member_session: NamedDependency[ActiveSession]
) -> Response | Template:
    session = member_session
    home = await _home(session)
    tag = _tag(request, session, home, "goals")
    if etag.matches(request, tag):
        return etag.not_modified(tag)

    async def build() -> Built:
        view, goals = await _goals(session, home)
        saved = request.query_params.get("saved")
        outcome = _outcome(request.query_params.get("outcome"))
        blocks = [
            _goal_context(g, saved=str(g["id"]) == saved, outcome=outcome, client_uuid=SLOT)
            for g in goals
        ]
        # Saved on a goal this page does not show (the plan it was in has closed): on top.
        saved_elsewhere = bool(saved and outcome and not any(b["saved"] for b in blocks))
        context = _context(
            session,
            "goals",
            view=view,
            blocks=blocks,
            saved_elsewhere=CHECK_IN_SAID[outcome] if saved_elsewhere else None,
        )
        return "family/goals.html", context, None

    return await _served(request, session, home, "goals", tag, build)


def _outcome(raw: str | None) -> str:
    """What became of a check-in (plans.rules.check_in_outcome), from a link: known words only."""
    return raw if raw in CHECK_IN_SAID else "recorded"


async def _one_goal(
    session: ActiveSession, home: Home | None, objective_id: uuid.UUID
) -> dict[str, Any]:
    goal = await _goal_if_shown(session, home, objective_id)
    if goal is None:
        raise NotFound("goal")
    return goal


async def _goal_if_shown(
    session: ActiveSession, home: Home | None, objective_id: uuid.UUID
) -> dict[str, Any] | None:
    _, goals = await _goals(session, home)
    return next((goal for goal in goals if goal["id"] == objective_id), None)


@get("/family/goals/{objective_id:uuid}", **ROUTE)
async def goal_page(
    request: Request,
    member_session: NamedDependency[ActiveSession],
    objective_id: FromPath[uuid.UUID],
) -> Response | Template:
    session = member_session
    home = await _home(session)
    tag = _tag(request, session, home, f"goal:{objective_id}")
    if etag.matches(request, tag):
        return etag.not_modified(tag)

    async def build() -> Built:
        goal = await _one_goal(session, home, objective_id)
        context = _context(session, "goals", **_goal_context(goal, client_uuid=SLOT))
        return "family/goal.html", context, None

    return await _served(request, session, home, f"goal:{objective_id}", tag, build, "goal")


def _check_in_errors(
    goal: dict[str, Any] | None, value: str, note: str, client: str
) -> dict[str, str]:
    """What is wrong with a check-in, by field; the measure is checked against the goal shown
    (one no longer shown is checked by the service alone)."""
    errors: dict[str, str] = {}
    kind = goal["measure"]["kind"] if goal is not None else "count"
    unit = (goal["measure"].get("unit") or "") if goal is not None else ""
    top = measures.fixed_maximum(kind, unit)
    if not value:
        errors["value"] = "Choose yes or no" if kind == "yes_no" else "Choose or enter a number"
    elif not DECIMAL.match(value) or (
        goal is not None and measures.measure_value(kind, value, unit) is None
    ):
        errors["value"] = (
            "Choose yes or no"
            if kind == "yes_no"
            else f"Enter a number from 0 to {decimal_text(top)}"
            if top is not None
            else "Enter a number, like 3"
        )
    if len(note) > MAX_NOTE:
        errors["note"] = f"Your note must be {MAX_NOTE} characters or fewer"
    elif "\x00" in note:
        errors["note"] = "Your note has a character we cannot save: please take it out"
    try:
        uuid.UUID(client)
    except ValueError:
        errors["value"] = errors.get("value") or "Sorry, something went wrong. Please try again"
    return errors


@post(
    "/family/goals/{objective_id:uuid}/check-ins",
    **ROUTE,
    status_code=303,
)
async def check_in(
    request: Request,
    member_session: NamedDependency[ActiveSession],
    objective_id: FromPath[uuid.UUID],
) -> Response | Template:
    """A check-in is never lost to a close (one queued offline before it, say): on a goal whose
    plan has closed it is stored where the goal now continues, or kept with its history, and
    the parent is told which. The goal may no longer be in the plan shown to them (a new one
    was shared meanwhile): the service still decides whether it is theirs."""
    session = member_session
    home = await _home(session)
    goal = await _goal_if_shown(session, home, objective_id)
    form = await request.form()
    value = str(form.get("value") or "").strip()
    note = str(form.get("note") or "").replace("\r\n", "\n").strip()
    client = str(form.get("client_uuid") or "").strip()
    entered = {"value": value, "note": note}
    errors = _check_in_errors(goal, value, note, client)
    created = False
    outcome = "recorded"
    if not errors:
        try:
            data = msgspec.convert(
                {"client_uuid": client, "value": value, "note": note}, plan_schemas.NewProgress
            )
            entry, created = await plans.add_progress(session.principal, objective_id, data)
            outcome = entry["outcome"]
        except msgspec.ValidationError:
            errors = {"note": "Your note has characters we cannot save: please take them out"}
        except Invalid as error:
            field = error.field if error.field in ("value", "note") else "value"
            errors = {field: error.message[:1].upper() + error.message[1:]}
    if errors:
        if goal is None:
            raise Invalid("value", next(iter(errors.values())))
        goal["choices"] = _choices(goal)
        context = _context(session, "goals", **_goal_context(goal, errors=errors, entered=entered))
        context["client_uuid"] = client if _is_uuid(client) else uuid.uuid4()
        return page(
            request,
            "family/goal.html",
            context,
            block="goal",
            status_code=200 if is_htmx(request) else 422,
            headers={"Cache-Control": "no-store"},
        )
    if is_htmx(request):
        goal = await _goal_if_shown(session, await _home(session), objective_id)
        extra = {"saved": True, "repeated": not created, "outcome": outcome}
        if goal is None:
            context = _context(session, "goals", goal_id=objective_id, **extra)
            template, block = "family/_check_in_saved.html", None
        else:
            goal["choices"] = _choices(goal)
            context = _context(session, "goals", **_goal_context(goal, **extra))
            template, block = "family/goal.html", "goal"
        return page(
            request,
            template,
            context,
            block=block,
            status_code=200,
            headers={"Cache-Control": "no-store"},
        )
    query = f"saved={objective_id}" + ("" if outcome == "recorded" else f"&outcome={outcome}")
    return Redirect(f"/family/goals?{query}#goal-{objective_id}", status_code=303)


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------------- the answer


def _changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed in the member's own view since the view they answered, in plain rows."""
    if before is None:
        return []
    delta = plans.view_changes(before, after)
    rows: list[dict[str, Any]] = []
    for kind in ("added", "changed", "removed"):
        for key, entry in delta["items"][kind].items():
            now = entry["after"] if kind == "changed" else entry
            was = entry["before"]["text"] if kind == "changed" else ""
            if kind == "changed" and was == now["text"]:
                continue
            rows.append(
                {
                    "kind": kind,
                    "what": labels.FAMILY_SECTION_NAMES.get(now["section"], ""),
                    "text": now["text"],
                    "was": was,
                    "id": key,
                }
            )
        for key, entry in delta["objectives"][kind].items():
            now = entry["after"] if kind == "changed" else entry
            was = entry["before"] if kind == "changed" else None
            detail = ""
            if was is not None:
                if was["title"] != now["title"]:
                    detail = was["title"]
                elif was["measure"] != now["measure"] or was["due_on"] != now["due_on"]:
                    detail = "The target or date changed"
                else:
                    continue
            rows.append(
                {"kind": kind, "what": "A goal", "text": now["title"], "was": detail, "id": key}
            )
    return rows


async def _answer_context(
    session: ActiveSession, home: Home | None, request: Request, **extra: Any
) -> dict[str, Any]:
    view = await _view(session, home)
    answers: list[dict[str, Any]] = []
    contacts: dict[str, Any] = {}
    if view is not None:
        answers = await meeting_reads.my_answers(session.principal, view["plan"])
        contacts = await family_reads.my_contacts(session.principal, view["family"])
    current = answers[0] if answers else None
    items = _items(view, WORRIES + GOING_WELL + NEEDS_TO_HAPPEN + ("network", "words_and_pictures"))
    texts = {str(i["id"]): i["text"] for i in items}
    if current is not None and current["view_content"]:
        for key, entry in current["view_content"].get("items", {}).items():
            texts.setdefault(str(key), entry["text"])
    return _context(
        session,
        "answer",
        view=view,
        items=items,
        texts=texts,
        answers=answers,
        current=current,
        answered_this=bool(view and current and current["view_sha256"] == view["sha256"]),
        changes=[]
        if view is None or current is None or current["view_sha256"] == view["sha256"]
        else _changes(current["view_content"], view["content"]),
        key_worker=(contacts.get("key_worker") or {}),
        done=request.query_params.get("done") == "1",
        **{
            "errors": {},
            "entered": {"comment_item": request.query_params.get("item", "")},
            "conflict": False,
            **extra,
        },
    )


@get("/family/answer", **ROUTE)
async def answer_page(
    request: Request, member_session: NamedDependency[ActiveSession]
) -> Response | Template:
    session = member_session
    home = await _home(session)
    tag = _tag(request, session, home, "answer")
    if etag.matches(request, tag):
        return etag.not_modified(tag)

    async def build() -> Built:
        return "family/answer.html", await _answer_context(session, home, request), None

    return await _served(request, session, home, "answer", tag, build)


@post("/family/answer", **ROUTE, status_code=303)
async def answer(
    request: Request, member_session: NamedDependency[ActiveSession]
) -> Response | Template:
    session = member_session
    home = await _home(session)
    view = await _view(session, home)
    if view is None:
        raise NotFound("view")
    form = await request.form()
    entered = {
        "answer": str(form.get("answer") or ""),
        "words": str(form.get("words") or "").replace("\r\n", "\n").strip(),
        "comment_item": str(form.get("comment_item") or ""),
        "comment": str(form.get("comment") or "").replace("\r\n", "\n").strip(),
    }
    view_sha = str(form.get("view_sha256") or "")
    errors: dict[str, str] = {}
    if entered["answer"] not in ANSWERS:
        errors["answer"] = "Choose if you agree, agree with comments, or do not agree"
    if len(entered["words"]) > MAX_WORDS:
        errors["words"] = f"What you write must be {MAX_WORDS} characters or fewer"
    visible = {str(key) for key in view["content"].get("items", {})}
    if entered["comment"] and not entered["comment_item"]:
        errors["comment_item"] = "Choose which part of the plan your comment is about"
    elif entered["comment_item"] and entered["comment_item"] not in visible:
        errors["comment_item"] = "Choose a part of the plan from the list"
    elif entered["comment_item"] and not entered["comment"]:
        errors["comment"] = "Write your comment, or choose no part of the plan"
    elif len(entered["comment"]) > MAX_NOTE:
        errors["comment"] = f"Your comment must be {MAX_NOTE} characters or fewer"
    if (
        entered["answer"] == "agree_with_comments"
        and not entered["words"]
        and not entered["comment"]
        and "words" not in errors
    ):
        errors["words"] = "Say what your comments are, in your own words"
    conflict = False
    comments = (
        [{"item": entered["comment_item"], "comment": entered["comment"]}]
        if entered["comment"]
        else []
    )
    if not errors:
        try:
            data = msgspec.convert(
                {
                    "answer": entered["answer"],
                    "view_sha256": view_sha if re.fullmatch("[0-9a-f]{64}", view_sha) else "0" * 64,
                    "words": entered["words"],
                    "item_comments": comments,
                },
                meeting_schemas.NewAgreement,
            )
            await meetings.answer_plan(session.principal, view["plan"], data)
        except msgspec.ValidationError:
            errors["words"] = "What you wrote has characters we cannot save: please take them out"
        except Conflict:
            conflict = True
            errors["answer"] = (
                "Your plan changed while you were answering. Read what changed, then answer again"
            )
        except PlanClosed as closed:
            ended = date_filter(closed.closed_on)
            errors["answer"] = (
                f"This plan ended on {ended}, so your answer was not saved. "
                "Your key worker will share your new plan with you when it is ready"
            )
            conflict = True
        except Invalid as error:
            field = error.field if error.field in ("answer", "words") else "words"
            errors[field] = error.message[:1].upper() + error.message[1:]
    if errors:
        home = await _home(session)
        context = await _answer_context(session, home, request, errors=errors, conflict=conflict)
        context["entered"] = entered if not conflict else {**entered, "answer": ""}
        return page(
            request,
            "family/answer.html",
            context,
            block="page_body",
            status_code=200 if is_htmx(request) else (409 if conflict else 422),
            headers={"Cache-Control": "no-store"},
        )
    return Redirect("/family/answer?done=1#your-answer", status_code=303)


# ---------------------------------------------------------------------------- what next


@get("/family/next", **ROUTE)
async def next_page(
    request: Request, member_session: NamedDependency[ActiveSession]
) -> Response | Template:
    session = member_session
    home = await _home(session)
    tag = _tag(request, session, home, "next")
    if etag.matches(request, tag):
        return etag.not_modified(tag)

    async def build() -> Built:
        view = await _view(session, home)
        meeting = contacts = None
        if home is not None:
            # What the member may see of it is decided in careplan.access.meeting_sight: a
            # member asked not to come is told there is a meeting, never when or where.
            meeting = await family_side.my_next_meeting(session.principal, home.family_id)
            contacts = await family_reads.my_contacts(session.principal, home.family_id)
        expires_at = None
        if meeting is not None:
            starts_at = meeting["starts_at"]
            if starts_at is not None:
                expires_at = _monotonic_at(starts_at + family_side.STILL_NEXT)
            meeting = {
                **meeting,
                "name": labels.MEETING_KINDS.get(meeting["kind"], "Meeting"),
                "when": when(starts_at) if starts_at is not None else "",
            }
        context = _context(
            session,
            "next",
            home=home,
            view=view,
            meeting=meeting,
            contacts=contacts,
            network=_items(view, ("network",)),
            rules=_items(view, ("safety_rule",)),
        )
        return "family/next.html", context, expires_at

    return await _served(request, session, home, "next", tag, build)


# ---------------------------------------------------------------------------- words


@get("/family/words", **ROUTE)
async def words_page(
    request: Request, member_session: NamedDependency[ActiveSession]
) -> Response | Template:
    session = member_session
    home = await _home(session)
    tag = _tag(request, session, home, "words")
    if etag.matches(request, tag):
        return etag.not_modified(tag)

    async def build() -> Built:
        view = await _view(session, home)
        context = _context(
            session,
            "words",
            view=view,
            words=_items(view, ("words_and_pictures",)),
            childs_view=_items(view, ("childs_view",)),
        )
        return "family/words.html", context, None

    return await _served(request, session, home, "words", tag, build)


ROUTES = [plan_page, goals_page, goal_page, check_in, answer_page, answer, next_page, words_page]
