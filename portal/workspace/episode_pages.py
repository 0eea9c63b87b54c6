"""Opening and closing a family's episodes: thin pages over the families service.

Opening one carries the objectives kept open into its new plan (same thread, whole history).
Closing one decides every open objective: keep it open to carry, achieved, or dropped with a
reason. Every refusal names its field in a GOV.UK error summary; nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from careplan.access.permissions import is_current
from careplan.access.principal import Principal
from careplan.families import schemas
from careplan.families import service as families
from careplan.families.services import approvals
from careplan.families.vocabulary import CLOSE_OUTCOMES
from careplan.lib.errors import Invalid, NotFound, Refused
from careplan.oversight.queries.closing import what_closing_ends
from careplan.plans import service as plans
from careplan.plans.vocabulary import CLOSE_DECISIONS
from portal import labels
from portal.pages import is_htmx, page, provide_professional
from portal.workspace import plan_forms
from portal.workspace.plan_forms import FormError

# How a new episode follows the last one: a link, or none.
LINKS = {**labels.EPISODE_LINKS, "": "It does not follow an episode"}
# The forms' fields, as their error messages name them.
LABELS = {
    "kind": "The kind of episode",
    "children": "The children",
    "opened_on": "The date it opened",
    "closed_on": "The date it closed",
    "reason": "The reason",
    "outcome": "The outcome",
    "link": "How it follows the last episode",
    "carry_over": "The objectives to carry",
    "previous": "The last episode",
}


class Problems(Exception):
    """Every field at fault, in the order of the form."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(e["message"] for e in errors))
        self.errors = errors


def _from_domain(error: Invalid | NotFound, ids: list[str]) -> dict[str, str]:
    """A service's refusal as the form's field; objectives[i] names the i-th decided one."""
    name = error.what if isinstance(error, NotFound) else error.field
    message = "choose one from the list" if isinstance(error, NotFound) else error.message
    indexed = re.match(r"^(objectives|carry_over|children)\[(\d+)\](?:\.(\w+))?$", name)
    if indexed and indexed.group(1) == "objectives" and int(indexed.group(2)) < len(ids):
        part = indexed.group(3) or "decision"
        field = f"{'reason' if part == 'reason' else 'decision'}-{ids[int(indexed.group(2))]}"
        return plan_forms.problem(field, message[0].upper() + message[1:])
    field = indexed.group(1) if indexed else name.split(".")[0]
    label = LABELS.get(field, field.replace("_", " ").capitalize())
    return plan_forms.problem(field, f"{label}: {message}")


def _today_values(name: str) -> dict[str, str]:
    today = dt.date.today()
    return {
        f"{name}-day": str(today.day),
        f"{name}-month": str(today.month),
        f"{name}-year": str(today.year),
    }


class Episodes(Controller):
    path = "/workspace"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    # ------------------------------------------------------------------------ opening

    async def _open_context(self, me: Principal, family_id: str) -> dict[str, Any]:
        family = await families.get_family(me, family_id)
        kinds = await families.episode_kinds(me, family["id"])
        timeline = await families.timeline(me, family["id"])
        today = dt.date.today()
        children = [
            m for m in family["members"] if m["role"] == "child" and is_current(m["to_date"], today)
        ]
        threads = [t for t in timeline["threads"] if t["status"] == "open"]
        open_episodes = [e for e in timeline["episodes"] if e["closed_on"] is None]
        return {
            "me": me,
            "family": family,
            "kinds": [(k["code"], k["label"]) for k in kinds],
            "children": children,
            "threads": threads,
            "open_episodes": open_episodes,
            "links": list(LINKS.items()),
            "categories": list(labels.CHILD_CATEGORIES.items()),
            "errors": [],
            "values": {**_today_values("opened_on"), "carry_over": [str(t["id"]) for t in threads]},
        }

    @get("/families/{family_id:str}/episodes/new")
    async def new_episode(
        self, request: Request, me: NamedDependency[Principal], family_id: FromPath[str]
    ) -> Template:
        context = await self._open_context(me, family_id)
        return page(request, "workspace/episode_new.html", context, block="episode")

    @post("/families/{family_id:str}/episodes/new", status_code=200)
    async def open_episode(
        self, request: Request, me: NamedDependency[Principal], family_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        context = await self._open_context(me, family_id)
        try:
            raw = self._episode_fields(form, context)
            data = plan_forms.convert(raw, schemas.NewEpisode)
            episode = await families.open_episode(me, family_id, data)
        except FormError as error:
            return self._open_refused(
                request, context, form, [plan_forms.problem(error.field, error.message)]
            )
        except Problems as problems:
            return self._open_refused(request, context, form, problems.errors)
        except (Invalid, NotFound) as error:
            if isinstance(error, NotFound) and error.what in ("family", "episode"):
                raise
            return self._open_refused(request, context, form, [_from_domain(error, [])])
        target = f"/workspace/plans/{episode['plan']}"
        if is_htmx(request):
            return Response("", status_code=200, headers={"HX-Redirect": target})
        return Redirect(target, status_code=303)

    def _open_refused(
        self, request: Request, context: dict[str, Any], form: Any, errors: list[dict[str, str]]
    ) -> Template:
        values = plan_forms.posted_values(form)
        values["children"] = form.getall("children", [])
        values["carry_over"] = form.getall("carry_over", [])
        context.update(errors=errors, values=values)
        return page(
            request,
            "workspace/episode_new.html",
            context,
            block="episode",
            status_code=200 if is_htmx(request) else 422,
        )

    def _episode_fields(self, form: Any, context: dict[str, Any]) -> dict[str, Any]:
        errors = []
        kind = plan_forms.text_of(form, "kind")
        if kind not in {code for code, _ in context["kinds"]}:
            errors.append(plan_forms.problem("kind", "Choose the kind of episode"))
        chosen = form.getall("children", [])
        if not chosen:
            errors.append(
                plan_forms.problem("children", "Choose at least one child the episode is for")
            )
        children = []
        for member in chosen:
            category = plan_forms.text_of(form, f"category-{member}") or None
            children.append({"member": member, "category": category})
        try:
            opened_on = plan_forms.date_from(form, "opened_on", required=True)
        except FormError as error:
            errors.append(plan_forms.problem("opened_on", error.message))
            opened_on = None
        reason = plan_forms.text_of(form, "reason").strip()
        if not reason:
            errors.append(plan_forms.problem("reason", "Enter why the episode is opening"))
        if errors:
            raise Problems(errors)
        raw: dict[str, Any] = {
            "kind": kind,
            "children": children,
            "opened_on": opened_on,
            "reason": reason,
            "carry_over": form.getall("carry_over", []),
        }
        link = plan_forms.text_of(form, "link")
        if link:
            raw["link"] = link
        return raw

    # ------------------------------------------------------------------------ closing

    async def _close_context(self, me: Principal, episode_id: str) -> dict[str, Any]:
        episode = await families.get_episode(me, episode_id)
        plan = await plans.get_plan_of_episode(me, episode["id"])
        family = await families.get_family(me, plan["family"])
        objectives = [o for o in plan["objectives"] if o["status"] == "open"]
        asked = await approvals.of_episode(me, episode["id"])
        return {
            "me": me,
            "family": family,
            "episode": episode,
            "plan": plan,
            "objectives": objectives,
            "outcomes": list(labels.CLOSE_OUTCOMES.items()),
            "decisions": list(labels.CLOSE_DECISIONS.items()),
            "errors": [],
            "values": _today_values("closed_on"),
            # Who may close it (careplan.access.authority): the reason they may not, or None.
            "refusal": await families.close_refusal(me, episode["id"]),
            "checking": False,
            # A closure for withdrawn consent needs one (the form links to its page).
            "challenges": await families.challenges_of(me, episode["id"]),
            # A request to close waiting for a manager's approval, or sent back (and why).
            "approval": asked["latest"],
            "sent_to": approvals.sent_to(asked["approvers"]),
            "needs_approval": False,
            "asked": False,
        }

    # ------------------------------------------------------------------------ a challenge

    async def _challenge_context(self, me: Principal, episode_id: str) -> dict[str, Any]:
        episode = await families.get_episode(me, episode_id)
        plan = await plans.get_plan_of_episode(me, episode["id"])
        family = await families.get_family(me, plan["family"])
        return {
            "me": me,
            "family": family,
            "episode": episode,
            "plan": plan,
            "refusal": await families.challenge_refusal(me, episode["id"]),
            "challenges": await families.challenges_of(me, episode["id"]),
            "errors": [],
            "values": {},
        }

    @get("/episodes/{episode_id:str}/challenge")
    async def challenge_form(
        self, request: Request, me: NamedDependency[Principal], episode_id: FromPath[str]
    ) -> Template:
        """A manager's challenge to closing (needed for withdrawn consent): the form for a
        manager; for anyone else, who can record it."""
        context = await self._challenge_context(me, episode_id)
        status = 403 if context["refusal"] else 200
        return page(request, "workspace/episode_challenge.html", context, status_code=status)

    @post("/episodes/{episode_id:str}/challenge", status_code=200)
    async def challenge(
        self, request: Request, me: NamedDependency[Principal], episode_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        context = await self._challenge_context(me, episode_id)
        values = {
            "challenge": plan_forms.text_of(form, "challenge").strip(),
            "response": plan_forms.text_of(form, "response").strip(),
        }
        errors = []
        if not values["challenge"]:
            errors.append(
                plan_forms.problem("challenge", "Enter what you challenged about closing")
            )
        if not errors:
            try:
                data = plan_forms.convert(values, schemas.Challenge)
                await families.record_challenge(me, episode_id, data)
            except FormError as error:
                errors.append(plan_forms.problem(error.field, error.message))
        if errors:
            context.update(errors=errors, values=values)
            return page(request, "workspace/episode_challenge.html", context, status_code=422)
        return Redirect(f"/workspace/episodes/{context['episode']['id']}/close", status_code=303)

    @get("/episodes/{episode_id:str}/close")
    async def close_form(
        self, request: Request, me: NamedDependency[Principal], episode_id: FromPath[str]
    ) -> Template:
        context = await self._close_context(me, episode_id)
        status = 403 if context["refusal"] and not context["episode"]["closed_on"] else 200
        return page(
            request,
            "workspace/episode_close.html",
            context,
            block="episode",
            status_code=200 if is_htmx(request) else status,
        )

    @post("/episodes/{episode_id:str}/close", status_code=200)
    async def close(
        self, request: Request, me: NamedDependency[Principal], episode_id: FromPath[str]
    ) -> Response[Any]:
        """The form, then a page to check what closing ends (statutory dates, booked
        meetings, each objective's decision) and confirm; only a confirmed form closes."""
        form = await request.form()
        context = await self._close_context(me, episode_id)
        ids = [str(o["id"]) for o in context["objectives"]]
        try:
            raw = self._closing_fields(form, context)
            data = plan_forms.convert(raw, schemas.CloseEpisode)
            if plan_forms.text_of(form, "confirmed") != "yes" or form.get("change"):
                if context["refusal"] is None and not form.get("change"):
                    return await self._check_page(request, me, context, form, data)
                context.update(values=plan_forms.posted_values(form))
                status = 403 if context["refusal"] else 200
                return page(
                    request,
                    "workspace/episode_close.html",
                    context,
                    block="episode",
                    status_code=200 if is_htmx(request) else status,
                )
            closed = await families.close_episode(me, episode_id, data)
            if closed.approval is not None:
                # Recorded, not closed: say who it went to; the episode stays open.
                context.update(asked=True, approval=closed.approval)
                return page(request, "workspace/episode_close.html", context, block="episode")
        except Problems as problems:
            return self._close_refused(request, context, form, problems.errors)
        except FormError as error:
            return self._close_refused(
                request, context, form, [plan_forms.problem(error.field, error.message)]
            )
        except (Invalid, NotFound) as error:
            if isinstance(error, NotFound) and error.what in ("episode", "plan"):
                raise
            return self._close_refused(request, context, form, [_from_domain(error, ids)])
        except Refused as refused:
            if refused.field == "episode":  # a request already waits for a manager
                return self._close_refused(
                    request,
                    context,
                    form,
                    [plan_forms.problem("episode", refused.detail)],
                    status=409,
                )
            # An objective was added while this form was open: nothing was closed. The form
            # again, with it to decide too (409 for a plain post).
            fresh = await self._close_context(me, episode_id)
            added = [str(o["id"]) for o in fresh["objectives"] if str(o["id"]) not in ids]
            errors = [plan_forms.problem(f"decision-{key}", refused.detail) for key in added] or [
                plan_forms.problem("objectives", refused.detail)
            ]
            return self._close_refused(request, fresh, form, errors, status=409)
        target = f"/workspace/plans/{context['plan']['id']}"
        if is_htmx(request):
            return Response("", status_code=200, headers={"HX-Redirect": target})
        return Redirect(target, status_code=303)

    async def _check_page(
        self,
        request: Request,
        me: Principal,
        context: dict[str, Any],
        form: Any,
        data: schemas.CloseEpisode,
    ) -> Template:
        """Before closing: what it ends, each objective's decision, and a button to confirm;
        the form's answers carried as hidden fields."""
        ends = await what_closing_ends(me, context["episode"]["id"])
        by_id = {str(o["id"]): o for o in context["objectives"]}
        context.update(
            checking=True,
            values=plan_forms.posted_values(form),
            closing=data,
            dates=ends["dates"],
            meetings=ends["meetings"],
            decided=[
                (by_id[str(d.id)]["title"], d.decision, d.reason)
                for d in data.objectives
                if str(d.id) in by_id
            ],
            needs_approval=await approvals.needed(me, context["episode"]["id"], data.outcome),
        )
        return page(request, "workspace/episode_close.html", context, block="episode")

    def _close_refused(
        self,
        request: Request,
        context: dict[str, Any],
        form: Any,
        errors: list[dict[str, str]],
        status: int = 422,
    ) -> Template:
        context.update(errors=errors, values=plan_forms.posted_values(form))
        return page(
            request,
            "workspace/episode_close.html",
            context,
            block="episode",
            status_code=200 if is_htmx(request) else status,
        )

    def _closing_fields(self, form: Any, context: dict[str, Any]) -> dict[str, Any]:
        errors = []
        try:
            closed_on = plan_forms.date_from(form, "closed_on", required=True)
        except FormError as error:
            errors.append(plan_forms.problem("closed_on", error.message))
            closed_on = None
        outcome = plan_forms.text_of(form, "outcome")
        if outcome not in CLOSE_OUTCOMES:
            errors.append(plan_forms.problem("outcome", "Choose the outcome"))
        reason = plan_forms.text_of(form, "reason").strip()
        if not reason:
            errors.append(plan_forms.problem("reason", "Enter why the episode is closing"))
        decided = []
        for objective in context["objectives"]:
            key = str(objective["id"])
            decision = plan_forms.text_of(form, f"decision-{key}")
            why = plan_forms.text_of(form, f"reason-{key}").strip()
            if decision not in CLOSE_DECISIONS:
                errors.append(
                    plan_forms.problem(
                        f"decision-{key}", f"Choose what happens to “{objective['title']}”"
                    )
                )
                continue
            if decision == "dropped" and not why:
                errors.append(
                    plan_forms.problem(
                        f"reason-{key}", f"Say why “{objective['title']}” is dropped"
                    )
                )
                continue
            decided.append({"id": key, "decision": decision, "reason": why})
        if errors:
            raise Problems(errors)
        return {"closed_on": closed_on, "outcome": outcome, "reason": reason, "objectives": decided}


ROUTES: list = [Episodes]
