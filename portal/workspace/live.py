"""Live co-editing around the plan editor: thin controllers over careplan.live's services.

- GET  /workspace/plans/{id}/events: the plan's server-sent events for its team and
  managers. Ids only: `item-changed` (data: the item's id), `objective-changed`,
  `progress-recorded` (data: the objective's id: a check-in, a parent's included),
  `scaling-changed`, `version-changed`, `presence`, family-level ones (`team-changed` ...),
  `ready` at once (data: this stream's id) and `ended` when the session ends or the person
  leaves the team. static/js/live.js fetches what changed through the normal routes.
- GET  /workspace/plans/{id}/presence: who else is in the plan and what each is editing.
- POST /workspace/plans/{id}/presence: the block I am editing now (`block`, `tab`).
- GET  /workspace/plans/{id}/plain-language: the plan's overall plain-language state (a
  fragment that refreshes itself on live item and objective events).
- GET  /workspace/plain-language: a page to check a text while writing it.
- POST /workspace/plain-language: the findings for a text as it is typed (`text`, or the
  field named by `source`; `field`: the id of the field the suggestions go back into).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import ServerSentEvent, Template

from careplan.access.principal import Principal
from careplan.language import service as language
from careplan.lib.errors import Invalid
from careplan.live.service import presence as live_presence
from careplan.live.service import stream as live_stream
from careplan.plans import service as plans
from careplan.web.auth import session_of
from portal.pages import is_htmx, page, provide_professional

NO_STORE = {"Cache-Control": "no-store"}
PRESENCE = "workspace/_live_presence.html"
FINDINGS = "workspace/_live_plain_findings.html"
CHECKER = "workspace/_live_plain_page.html"
STATE = "workspace/_live_plain_state.html"
# Longer texts are not typed into one field: refuse them rather than check a novel.
MAX_TEXT = 20_000


def _presence_fragment(people: list[Any], status_code: int = 200) -> Template:
    return Template(
        template_name=PRESENCE,
        context={"people": people},
        status_code=status_code,
        headers={**NO_STORE, "Vary": "Cookie"},
    )


class LiveController(Controller):
    path = "/workspace"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    @get("/plans/{plan_id:str}/events")
    async def events(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> ServerSentEvent:
        session = await session_of(request)
        assert session is not None  # provide_professional refused anyone without one
        messages = await live_stream.stream(request.app.state.live, me, session.id, plan_id)
        return ServerSentEvent(messages, headers={"Cache-Control": "no-store"})

    @get("/plans/{plan_id:str}/presence")
    async def presence(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Template:
        people = await live_presence.who_is_here(request.app.state.live, me, plan_id)
        return _presence_fragment(people)

    @post("/plans/{plan_id:str}/presence", status_code=200)
    async def set_presence(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Template:
        form = await request.form()
        live = request.app.state.live
        await live_presence.set_presence(
            live, me, plan_id, str(form.get("block") or ""), str(form.get("tab") or "")
        )
        return _presence_fragment(await live_presence.who_is_here(live, me, plan_id))

    @get("/plans/{plan_id:str}/plain-language")
    async def plan_plain_language(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Template:
        summary = (await plans.get_plan(me, plan_id))["plain_language"]
        return Template(
            template_name=STATE,
            context={"summary": summary, "plan_id": plan_id},
            headers={**NO_STORE, "Vary": "Cookie"},
        )

    @get("/plain-language")
    async def checker(self, request: Request, me: NamedDependency[Principal]) -> Template:
        return page(request, CHECKER, {"me": me, "text": "", "report": None})

    @post("/plain-language", status_code=200)
    async def plain_language(self, request: Request, me: NamedDependency[Principal]) -> Response:
        form = await request.form()
        source = str(form.get("source") or "text")
        text = str(form.get(source) or form.get("text") or "")
        field = str(form.get("field") or "")
        audience = str(form.get("audience") or "")
        if len(text) > MAX_TEXT:
            raise Invalid("text", f"check at most {MAX_TEXT:,} characters at a time")
        context: dict[str, Any] = {
            "field": field,
            # Checked whoever reads it (a first draft is "professionals only" until its
            # audience is chosen); what the family will not read is marked less urgent.
            "for_family": not audience.startswith(("professionals", "agencies")),
            "report": language.hints(text),
        }
        if not is_htmx(request):  # the checker page's form, posted without script
            return Template(
                template_name=CHECKER,
                context={**context, "me": me, "text": text, "field": "check-text"},
                headers=NO_STORE,
            )
        return Template(template_name=FINDINGS, context=context, headers=NO_STORE)


ROUTES: list = [LiveController]
