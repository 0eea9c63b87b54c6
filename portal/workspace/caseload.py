"""The caseload and a family's page at /workspace: thin controllers over the slices' services.

- GET /workspace: the families the professional works with, what needs attention, most
  overdue first (careplan.oversight.queries.caseload, said here in words: `caseload_words`).
- GET /workspace/families/{id}: members, team, and the timeline of every episode with each
  objective thread drawn across them (careplan.oversight.queries.family_page,
  portal.workspace.timeline).
- POST .../invitations and .../one-time-codes: invite a parent to the family portal. The
  link and code are secrets shown once, so they are the answer to the post itself (200,
  `Cache-Control: no-store`), never put in a redirect's address or stored to show later.
- POST .../devices/{id}/revoke: revoke an enrolled device; Post/Redirect/Get without script.

Every form works as a plain post, and under HTMX swaps only its own block of the same template.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect

from careplan.access import authority, permissions
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.families import service as family_records
from careplan.families.services import approvals, team
from careplan.identity import queries as identity_queries
from careplan.identity.service import codes, invitations, passkeys
from careplan.lib.errors import Invalid
from careplan.meetings import service as meetings
from careplan.meetings.service import record as records
from careplan.oversight.queries import caseload as caseload_service
from careplan.oversight.queries import family_page as family_service
from careplan.web.access_memo import AccessMemo
from careplan.web.dates import date_filter
from careplan.web.rate_limits import MAKING_CODES
from portal import labels
from portal.pages import NOT_KEPT, Built, is_htmx, kept, page, provide_professional
from portal.workspace import timeline
from portal.workspace.portal_access import qr_svg

FAMILY = "workspace/family.html"
# What the family page says after a member was added, changed or their membership ended.
MEMBER_NOTICES = {
    "added": "The family member was added.",
    "changed": "The family member's details were saved.",
    "ended": "The membership was ended.",
}
NO_STORE = {"Cache-Control": "no-store"}


class MemberForm(msgspec.Struct):
    member: str = ""


MemberBody = Annotated[MemberForm, Body(media_type=RequestEncodingType.URL_ENCODED)]


def _today() -> dt.date:
    return dt.date.today()


# ---------------------------------------------------------------------------- the caseload's words
# (the words of each machine value are in portal/labels.py)


def due_words(what: str, about: str = "") -> str:
    """What a date is for (careplan.oversight.vocabulary.DATES_DUE), in words."""
    if what == "disagreement_stage":
        about = labels.DISAGREEMENT_STAGES.get(about, about)
    elif what in ("concern_decision", "concern_assessment"):
        about = about or "a child"
    return labels.DATES_DUE[what].format(about=about)


def how_far(due: dt.date, today: dt.date) -> str:
    """How far off a date is, in plain words: "3 days overdue", "today", "in 2 weeks"."""
    days = (due - today).days
    if days == 0:
        return "due today"
    if days < 0:
        late = -days
        return f"{late} day{'s' if late != 1 else ''} overdue"
    if days == 1:
        return "tomorrow"
    if days <= 14:
        return f"in {days} days"
    if days <= 90:
        return f"in {round(days / 7)} weeks"
    return f"in {round(days / 30.4)} months"


def _plural(n: int, one: str) -> str:
    return f"{n} {one}{'s' if n != 1 else ''}"


def attention_words(item: dict[str, Any]) -> dict[str, Any]:
    """A line of "needs attention" (careplan.oversight.vocabulary.ATTENTION) with its words:
    `text`, and for a family member's answer a `tag` and a link to it."""
    kind = item["kind"]
    if kind in ("disagreement", "new_answer"):
        said = labels.ANSWERS_SAID.get(item["answer"], "answered")
        return {
            "kind": kind,
            "text": f"{item['name']} {said} version {item['version']} of the plan",
            "tag": "Does not agree" if kind == "disagreement" else "New answer",
            "href": f"/workspace/plans/{item['plan']}/versions#answer-{item['member']}",
        }
    if kind == "overdue":
        return {"kind": kind, "text": f"{item['count']} dates overdue"}
    if kind == "objectives":
        text = f"{_plural(item['count'], 'objective')} with no progress for 4 weeks"
        return {"kind": kind, "text": text, "titles": item["titles"]}
    if kind == "concerns":
        return {"kind": kind, "text": f"{_plural(item['count'], 'concern')} not yet assessed"}
    if kind == "answer":
        names = " and ".join(item["names"])
        return {"kind": kind, "text": f"Version {item['version']} is waiting for {names}'s answer"}
    text = f"Version {item['version']} is waiting for a meeting"
    if item["booked_on"] is not None:
        text += f" (booked for {date_filter(item['booked_on'])})"
    return {"kind": kind, "text": text}


def caseload_words(data: dict[str, Any]) -> dict[str, Any]:
    """The caseload (careplan.oversight.queries.caseload) with its dates, attention and empty
    reason in words, as the page shows them."""
    today = data["today"]

    def dated(due: dict[str, Any]) -> dict[str, Any]:
        return {
            **due,
            "what": due_words(due["what"], due["about"]),
            "how_far": how_far(due["on"], today),
        }

    families = [
        {
            **family,
            "next": dated(family["next"]) if family["next"] else None,
            "later": [dated(due) for due in family["later"]],
            "attention": [attention_words(item) for item in family["attention"]],
        }
        for family in data["families"]
    ]
    reason = data["empty_reason"]
    return {**data, "families": families, "empty_reason": labels.EMPTY_CASELOAD.get(reason or "")}


async def _family_context(
    request: Request, me: Principal, family_id: str, **extra: Any
) -> dict[str, Any]:
    data = await family_service.family_page(me, family_id, _today())
    # What the viewer may change of the team: the page offers only that.
    access = await permissions.professional_access(me, data["family"]["id"])
    # One read of the rules for every action the page may offer (careplan.access.authority).
    offered = await authority.allowed(access, *team.ACTIONS, "member.change", "meeting.arrange")
    team_actions = offered & frozenset(team.ACTIONS)
    drawing = timeline.draw(data["episodes"], data["threads"], data["today"])
    episode_names = {e["id"]: timeline.episode_label(e["kind"]) for e in data["episodes"]}
    return {
        "me": me,
        **data,
        "drawing": drawing,
        "episode_names": episode_names,
        "duration": timeline.duration,
        "fragment": is_htmx(request),
        "made": None,
        "error": None,
        "notice": None,
        "team_actions": team_actions,
        "may_change_members": access.can_edit_plan and "member.change" in offered,
        # A meeting's chair reads the family; its portal and devices are not theirs to see.
        "reading_only": not access.can_edit_plan,
        # Its meetings, coming and past; "Arrange a meeting" for who may (issue 18).
        "meetings_section": await meetings.meetings_of_family(
            access,
            may_arrange="meeting.arrange" in offered,
            open_plans=[
                {"id": e["plan"], "episode_kind": e["kind"]}
                for e in data["episodes"]
                if e.get("plan") and not e["closed_on"]
            ],
        ),
        **extra,
    }


async def _notice(request: Request, access: FamilyAccess, context: dict[str, Any]) -> str | None:
    """What the page says after a change made on another page (Post/Redirect/Get)."""
    query = request.query_params
    if query.get("revoked"):
        return "The device was revoked."
    if query.get("left"):
        name = await team.who_left(access, query["left"])
        return f"{name} has left the team." if name else None
    if query.get("joined"):
        joined = next(
            (t for t in context["family"]["team"] if str(t["person"]) == query["joined"]), None
        )
        return f"{joined['name']} has joined the team." if joined else None
    if query.get("key_worker"):
        lead = next((t for t in context["family"]["team"] if t["key_worker"]), None)
        return f"{lead['name']} is now the family's key worker." if lead else None
    return None


class CaseloadController(Controller):
    path = "/workspace"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    @get("/", middleware=[AccessMemo])
    async def caseload(self, request: Request, me: NamedDependency[Principal]) -> Response:
        """Kept (careplan.web.page_cache) by the families on it, each at its revision (every
        line of the caseload is one family's records; nothing else is shown but the reason
        it is empty), and the viewer: a caseload is its professional's own, and what it
        shows of each family depends on their agency (records for named agencies) and
        their roles (which families; why it is empty)."""
        # Remembered for the request: the caseload built on a miss reads the same families.
        families = await permissions.visible_families(me, remember=True)
        shown = (me.person_id, me.agency_id, me.roles, tuple(sorted(families.items())))

        async def build() -> Built:
            data = caseload_words(await caseload_service.caseload(me, _today()))
            # Only the families of the key (read once: remembered); should a list ever
            # differ from them, it is served once and not kept.
            same = {family["id"] for family in data["families"]} == set(families)
            # Offered to who may start one (careplan.access.authority: the agency and roles
            # it reads are in the key).
            data["may_start"] = await family_records.start_refusal(me) is None
            # A manager's link to their approvals, with how many wait (each request bumps its
            # family's revision, in the key). Nothing read for anyone who manages nothing.
            data["approvals_waiting"] = await approvals.waiting_count(me)
            # A chair's letters and records to send (issue 18), overdue first: their own
            # meetings (each sending bumps its family's revision, in the key).
            data["chair_dues"] = [
                {**due, "how_far": how_far(due["due_on"], _today())}
                for due in await records.chair_dues(me, _today())
            ]
            return "workspace/caseload.html", {"me": me, **data}, None if same else NOT_KEPT

        return await kept(request, me, shown, build, block="caseload")

    # A read that changes no one's access: the family is decided once (the families service,
    # the timeline and the portal access it shows each ask).
    @get("/families/{family_id:str}", middleware=[AccessMemo])
    async def family(
        self, request: Request, me: NamedDependency[Principal], family_id: FromPath[str]
    ) -> Response:
        """Kept by the family at its revision, the viewer's audience (as decided now) and
        its members' devices (enrolling, using or revoking one changes no family record)."""
        access, revision = await permissions.professional_access_at(me, family_id)
        devices = await identity_queries.devices_mark(access.family_id)
        # What the team actions offered depend on (the authority's grounds) is in the key too.
        shown = (
            access.family_id,
            revision,
            permissions.audience_of_viewer(access),
            devices,
            authority.grounds(access),
        )

        async def build() -> Built:
            context = await _family_context(request, me, family_id)
            notice = await _notice(request, access, context)
            context["notice"] = MEMBER_NOTICES.get(request.query_params.get("member", ""), notice)
            return FAMILY, context, None

        family = (access.family_id, revision)
        return await kept(request, me, shown, build, block="family", family=family)

    async def _portal_access(
        self, request: Request, me: Principal, family_id: str, member: str, how: str
    ) -> Response:
        made = error = None
        try:
            if not member.strip():
                raise Invalid("member", "Choose who to invite")
            if how == "invitation":
                base_url = request.app.state.settings.base_url
                made = await invitations.create_invitation(me, family_id, member, base_url)
                made["qr"] = qr_svg(made["link"])
            else:
                made = await codes.create_one_time_code(me, family_id, member)
            made["how"] = how
        except Invalid as problem:
            error = {"member": member, "message": problem.message}
        context = await _family_context(request, me, family_id, made=made, error=error)
        status = 422 if error and not is_htmx(request) else 200
        return page(
            request, FAMILY, context, block="portal_access", status_code=status, headers=NO_STORE
        )

    @post("/families/{family_id:str}/invitations", status_code=200, middleware=[MAKING_CODES])
    async def invite(
        self,
        request: Request,
        me: NamedDependency[Principal],
        family_id: FromPath[str],
        data: MemberBody,
    ) -> Response:
        return await self._portal_access(request, me, family_id, data.member, "invitation")

    @post("/families/{family_id:str}/one-time-codes", status_code=200, middleware=[MAKING_CODES])
    async def one_time_code(
        self,
        request: Request,
        me: NamedDependency[Principal],
        family_id: FromPath[str],
        data: MemberBody,
    ) -> Response:
        return await self._portal_access(request, me, family_id, data.member, "one_time_code")

    @post("/families/{family_id:str}/devices/{device_id:str}/revoke", status_code=303)
    async def revoke_device(
        self,
        request: Request,
        me: NamedDependency[Principal],
        family_id: FromPath[str],
        device_id: FromPath[str],
    ) -> Response:
        error = None
        try:
            await passkeys.revoke_device(me, family_id, device_id)
        except Invalid as problem:
            error = {"member": None, "message": problem.message}
        if is_htmx(request) or error:
            notice = None if error else "The device was revoked."
            context = await _family_context(request, me, family_id, notice=notice, error=error)
            status = 422 if error and not is_htmx(request) else 200
            return page(request, FAMILY, context, block="portal_access", status_code=status)
        family = uuid.UUID(family_id)  # revoke_device found the family: a valid id
        return Redirect(f"/workspace/families/{family}?revoked=1#portal-access", status_code=303)


ROUTES: list = [CaseloadController]
