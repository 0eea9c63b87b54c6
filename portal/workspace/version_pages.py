"""A plan's versions at /workspace/plans/{plan_id}/versions: snapshots, differences, sharing.

Thin controllers over the plans and meetings services. A version is immutable: these pages
only take new ones, read them, compare two and share one with the family (each member's
answer is then shown from the meetings service's agreements).
"""

from __future__ import annotations

from typing import Annotated, Any

from jinja2_fragments import render_block
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, PathParameter, QueryParameter
from litestar.response import Redirect, Response, Template
from markupsafe import Markup

from careplan.access.principal import Principal
from careplan.families import service as families
from careplan.lib.errors import Conflict, PlanClosed
from careplan.meetings import service as meetings
from careplan.plans import schemas
from careplan.plans import service as plans
from careplan.plans.queries import goals as plan_reads
from careplan.plans.vocabulary import SECTIONS
from portal.family import pages as family_pages
from portal.pages import is_htmx, page, provide_professional
from portal.workspace import plan_forms
from portal.workspace.plan_forms import FormError

Number = Annotated[int, PathParameter(ge=1, le=1_000_000)]
NEW_ANSWERS = "workspace/_new_answers.html"
SHARE_CHECK = "workspace/versions_share.html"
NO_STORE = {"Cache-Control": "no-store"}


def short_hash(sha256: str) -> str:
    """The fingerprint people compare by eye: the first 12 hex digits of the SHA-256."""
    return sha256[:12]


async def _context(me: Principal, plan_id: Any) -> dict[str, Any]:
    plan = await plans.get_plan(me, plan_id)
    family = await families.get_family(me, plan["family"])
    members = {str(m["id"]): m["known_as"] or m["given_name"] for m in family["members"]}
    agencies: dict[str, str] = {}
    for person in family["team"]:
        agencies.setdefault(str(person["agency"]), person["agency_name"])

    def who_sees(audience: Any) -> str:
        return plan_forms.audience_label(audience, members, agencies)

    versions = list(reversed(plan["versions"]))
    return {
        "me": me,
        "plan": plan,
        "family": family,
        "versions": versions,
        "version": None,
        "item_texts": {
            str(item["id"]): item for items in plan["sections"].values() for item in items
        },
        "short_hash": short_hash,
        "who_sees": who_sees,
        "section_text": plan_forms.SECTION_TEXT,
        "errors": {},
        "form_values": {},
        "notice": None,
        "refused": None,
        # Sharing with the family: offered only to who may (careplan.access.authority).
        "share_refusal": await plans.share_refusal(me, plan["id"]),
    }


def _agreements_of(agreements: dict[str, Any], number: int | None = None) -> list[dict[str, Any]]:
    """Each member's latest view and answer (only those about version `number`, if given)."""
    out = []
    for member in agreements["members"]:
        view = member["latest_view"]
        if number is not None and (view is None or view["version"] != number):
            if not member["current"] or member["current"]["version"] != number:
                continue
        out.append(member)
    return out


def _names(names: list[str]) -> str:
    """ "Jess", "Jess and Kieran", "Jess, Kieran and Leo"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def shared_notice(preview: dict[str, Any]) -> str:
    """What sharing did, counting only the members who can read their view now (a child
    with no account for the family portal is not one of them)."""
    readers = [m["name"] for m in preview["members"] if m["has_view"] and m["reads_now"]]
    later = [m["name"] for m in preview["members"] if m["has_view"] and not m["reads_now"]]
    text = f"Version {preview['number']} is shared with the family. "
    if readers:
        text += f"{_names(readers)} can now read their view of it."
    else:
        text += "Nobody in the family can read it yet: nobody has an account for the family portal."
    if later:
        text += f" Not told, as they cannot use the family portal yet: {_names(later)}."
    return text


async def _preview_context(
    request: Request, me: Principal, plan_id: Any, number: int, chosen: str | None
) -> dict[str, Any]:
    """The check before sharing: who gets the version, and one member's view of it rendered
    by the family portal's own block (family/plan.html `plan_view`) from its own context."""
    preview = await plans.share_preview(me, plan_id, number)
    context = await _context(me, plan_id)
    context["version"] = await plans.get_version(me, plan_id, number)
    viewers = [m for m in preview["members"] if m["view"] is not None]
    shown = next((m for m in viewers if str(m["member"]) == (chosen or "")), None)
    if shown is None and viewers:
        shown = viewers[0]
    rendered = None
    if shown is not None:
        goals = await plan_reads.preview_goals(me, shown["view"])
        environment = request.app.template_engine.engine  # type: ignore[union-attr]
        # The family template's own autoescaped output: already safe HTML, as on the phone.
        rendered = Markup(  # noqa: S704
            render_block(
                environment,
                "family/plan.html",
                "plan_view",
                **family_pages.plan_view_context(shown["view"], goals),
            )
        )
    context.update(
        {
            "preview": preview,
            "shown": shown,
            "rendered": rendered,
            "readers": [m for m in preview["members"] if m["reads_now"] and m["view"]],
            "not_told": [m for m in preview["members"] if not m["reads_now"]],
            "new_readers": [m for m in preview["members"] if m["gets_view"] and m["reads_now"]],
            "changed": False,
        }
    )
    return context


def _sections_of(content: dict[str, Any]) -> list[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    items = content.get("items", {})
    out = []
    for section in SECTIONS:
        entries = sorted(
            ((key, entry) for key, entry in items.items() if entry["section"] == section),
            key=lambda kv: kv[1]["position"],
        )
        out.append((section, entries))
    return out


def _retarget(request: Request, target: str) -> dict[str, str] | None:
    """A 409 block for HTMX, said to swap where it belongs (editor.js swaps such a 409)."""
    return {"HX-Retarget": target, "HX-Reswap": "outerHTML"} if is_htmx(request) else None


async def _share_refused(
    request: Request, me: Principal, plan_id: Any, number: int, refused: PlanClosed
) -> Response[Any]:
    """Sharing a version of a closed plan: the version page's share block says why (409)."""
    version = await plans.get_version(me, plan_id, number)
    context = await _context(me, plan_id)
    context["version"] = version
    context["sections"] = _sections_of(version["content"])
    context["agreements"] = _agreements_of(await meetings.list_agreements(me, plan_id), number)
    context["refused"] = refused.detail
    return page(
        request,
        "workspace/versions_one.html",
        context,
        block="share",
        status_code=409,
        headers=_retarget(request, "#share"),
    )


class PlanVersions(Controller):
    path = "/workspace/plans/{plan_id:str}"
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    @get("/versions")
    async def versions(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Template:
        context = await _context(me, plan_id)
        context["agreements"] = _agreements_of(await meetings.list_agreements(me, plan_id))
        return page(request, "workspace/versions.html", context, block="versions")

    @post("/versions", status_code=200)
    async def take(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        label = plan_forms.text_of(form, "label").strip()
        try:
            if not label:
                raise FormError("label", "Enter a label, for example: ready for the meeting")
            data = plan_forms.convert({"label": label}, schemas.NewVersion)
            version = await plans.take_version(me, plan_id, data)
        except PlanClosed as refused:
            # A page opened before the plan closed: 409, with the page as it is now and why.
            context = await _context(me, plan_id)
            context["agreements"] = _agreements_of(await meetings.list_agreements(me, plan_id))
            context["refused"] = refused.detail
            return page(
                request,
                "workspace/versions.html",
                context,
                block="versions",
                status_code=409,
                headers=_retarget(request, "#versions"),
            )
        except FormError as problem:
            context = await _context(me, plan_id)
            context["agreements"] = _agreements_of(await meetings.list_agreements(me, plan_id))
            context["errors"] = {"take": problem}
            context["form_values"] = {"take": {"label": label}}
            return page(
                request,
                "workspace/versions.html",
                context,
                block="versions",
                status_code=200 if is_htmx(request) else 422,
            )
        target = f"/workspace/plans/{plan_id}/versions/{version['number']}"
        if is_htmx(request):
            context = await _context(me, plan_id)
            context["agreements"] = _agreements_of(await meetings.list_agreements(me, plan_id))
            context["notice"] = {
                "number": version["number"],
                "text": f"Version {version['number']} was taken. "
                f"Its fingerprint is {short_hash(version['sha256'])}.",
            }
            return page(request, "workspace/versions.html", context, block="versions")
        return Redirect(target, status_code=303)

    @get("/versions/{number:int}")
    async def version(
        self,
        request: Request,
        me: NamedDependency[Principal],
        plan_id: FromPath[str],
        number: Number,
    ) -> Template:
        version = await plans.get_version(me, plan_id, number)
        context = await _context(me, plan_id)
        context["version"] = version
        context["sections"] = _sections_of(version["content"])
        context["agreements"] = _agreements_of(await meetings.list_agreements(me, plan_id), number)
        context["meetings_section"] = await meetings.meetings_of_plan(me, plan_id, number)
        if request.query_params.get("shared") == "1" and version["shared_at"] is not None:
            context["notice"] = {
                "text": shared_notice(await plans.share_preview(me, plan_id, number))
            }
        return page(request, "workspace/versions_one.html", context, block="version")

    @get("/versions/{number:int}/share")
    async def check_share(
        self,
        request: Request,
        me: NamedDependency[Principal],
        plan_id: FromPath[str],
        number: Number,
    ) -> Template:
        """Check before sharing: who will read it, and what each of them will read."""
        member = request.query_params.get("member")
        context = await _preview_context(request, me, plan_id, number, member)
        return page(request, SHARE_CHECK, context, headers=NO_STORE)

    @post("/versions/{number:int}/share", status_code=200)
    async def share(
        self,
        request: Request,
        me: NamedDependency[Principal],
        plan_id: FromPath[str],
        number: Number,
    ) -> Response[Any]:
        """Share, once checked: the form of the check page carries the digest of what was
        checked; without it, the check page is where this goes (nothing is shared unseen)."""
        form = await request.form()
        checked = plan_forms.text_of(form, "recipients").strip()
        check = f"/workspace/plans/{plan_id}/versions/{number}/share"
        if not checked:
            try:
                await plans.share_preview(me, plan_id, number)  # 404 or 403 as sharing would
            except PlanClosed as refused:
                return await _share_refused(request, me, plan_id, number, refused)
            if is_htmx(request):
                return Response(content="", status_code=200, headers={"HX-Redirect": check})
            return Redirect(check, status_code=303)
        try:
            await plans.share_version(me, plan_id, number, expected=checked)
        except Conflict:
            member = plan_forms.text_of(form, "member") or None
            context = await _preview_context(request, me, plan_id, number, member)
            context["changed"] = True
            return page(request, SHARE_CHECK, context, status_code=409, headers=NO_STORE)
        except PlanClosed as refused:
            return await _share_refused(request, me, plan_id, number, refused)
        done = f"/workspace/plans/{plan_id}/versions/{number}?shared=1"
        if is_htmx(request):
            return Response(content="", status_code=200, headers={"HX-Redirect": done})
        return Redirect(done, status_code=303)

    @get("/answers/new")
    async def new_answers(
        self, request: Request, me: NamedDependency[Principal], plan_id: FromPath[str]
    ) -> Template:
        """The family's answers not yet seen (the editor's banner, refreshed live)."""
        answers = await meetings.new_answers(me, plan_id)
        return Template(
            template_name=NEW_ANSWERS,
            context={"plan": {"id": plan_id}, "new_answers": answers},
            headers={**NO_STORE, "Vary": "Cookie"},
        )

    @post("/answers/{agreement_id:str}/seen", status_code=200)
    async def answer_seen(
        self,
        request: Request,
        me: NamedDependency[Principal],
        plan_id: FromPath[str],
        agreement_id: FromPath[str],
    ) -> Response[Any]:
        """Mark a family member's answer as seen: recorded with who and when."""
        form = await request.form()
        marked = await meetings.mark_answer_seen(me, agreement_id, plan_id)
        if is_htmx(request):
            answers = await meetings.new_answers(me, plan_id)
            who = marked["seen"]["by_name"] if not marked["new"] else "You"
            return Template(
                template_name=NEW_ANSWERS,
                context={
                    "plan": {"id": plan_id},
                    "new_answers": answers,
                    "seen_notice": f"{who} marked this answer as seen.",
                },
                headers={**NO_STORE, "Vary": "Cookie"},
            )
        member = marked["agreement"]["member"]
        if plan_forms.text_of(form, "return_to") == "versions":
            return Redirect(f"/workspace/plans/{plan_id}/versions#answer-{member}", status_code=303)
        return Redirect(f"/workspace/plans/{plan_id}#new-answers", status_code=303)

    @get("/diff")
    async def diff(
        self,
        request: Request,
        me: NamedDependency[Principal],
        plan_id: FromPath[str],
        from_: Annotated[int, QueryParameter(name="from", ge=1, le=1_000_000)],
        to: Annotated[int, QueryParameter(name="to", ge=1, le=1_000_000)],
    ) -> Template:
        difference = await plans.diff_versions(me, plan_id, from_, to)
        context = await _context(me, plan_id)
        changes = difference["changes"]
        sections = []
        for section in SECTIONS:
            found = difference["by_section"].get(section)
            if not found:
                continue
            sections.append(
                {
                    "section": section,
                    "added": [changes["items"]["added"][k] for k in found["added"]],
                    "removed": [changes["items"]["removed"][k] for k in found["removed"]],
                    "changed": [changes["items"]["changed"][k] for k in found["changed"]],
                }
            )
        context.update(
            {
                "difference": difference,
                "diff_sections": sections,
                "objective_changes": changes["objectives"],
                "scaling_changes": changes["scaling"],
                "from_number": from_,
                "to_number": to,
            }
        )
        return page(request, "workspace/versions_diff.html", context, block="difference")


ROUTES: list = [PlanVersions]
