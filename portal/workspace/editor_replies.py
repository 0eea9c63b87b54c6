"""The plan editor's answers (see `portal.workspace.editor`): a block for HTMX, the whole page
for a plain post, 303 back to the editor after a change, 409 for a plan that has closed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request
from litestar.response import Redirect, Response, Template

from careplan.access.principal import Principal
from careplan.lib.errors import Invalid, NotFound, PlanClosed
from careplan.plans.queries import blocks
from portal.pages import is_htmx, page
from portal.workspace import plan_forms
from portal.workspace.editor_context import context, page_context
from portal.workspace.plan_forms import FormError

TEMPLATE = "workspace/editor.html"


async def editor_context(me: Principal, plan_id: Any, **extra: Any) -> dict[str, Any]:
    """Everything the whole editor shows: a fixed number of statements, whatever the history.
    The family's name and revision come with the plan (`blocks.page`): its members and team
    are read once, for the names the page shows."""
    return page_context(me, await blocks.page(me, plan_id), **extra)


def form_error(error: Exception, fields: set[str], default: str = "text") -> FormError | None:
    """The refusal as a field of the form used; one about no field of it goes on `default`."""
    problem = None
    if isinstance(error, FormError):
        problem = error
    elif isinstance(error, Invalid):
        problem = plan_forms.from_domain(error)
    elif isinstance(error, NotFound) and plan_forms.is_form_field(error, fields):
        problem = plan_forms.from_domain(error)
    if problem is not None and problem.field not in fields:
        problem = FormError(default, problem.message)
    return problem


async def form_of(request: Request) -> Any:
    return await request.form()


async def answer(
    request: Request,
    me: Principal,
    block: Mapping[str, Any],
    name: str,
    *,
    status: int = 200,
    **extra: Any,
) -> Template:
    """The block for HTMX (always 2xx, so htmx swaps it), the whole page otherwise (with the
    same modes, errors and notices)."""
    if is_htmx(request):
        return page(request, TEMPLATE, context(me, block, **extra), block=name)
    whole = await editor_context(me, block["plan"]["id"], **extra)
    return page(request, TEMPLATE, whole, status_code=status)


async def done(
    request: Request, me: Principal, block: Mapping[str, Any], name: str, anchor: str, **extra: Any
) -> Response[Any]:
    """A change made: its block for HTMX, 303 back to the editor otherwise."""
    if is_htmx(request):
        return page(request, TEMPLATE, context(me, block, **extra), block=name)
    return Redirect(f"/workspace/plans/{block['plan']['id']}#{anchor}", status_code=303)


async def closed(request: Request, me: Principal, plan_id: Any, refused: PlanClosed) -> Template:
    """A change to a plan that has closed: 409, with the editor as it is now (read-only) and
    the reason on top. For HTMX only the `editor` block, retargeted so that it replaces the
    whole stale editor rather than the one block the form aimed at."""
    whole = await editor_context(me, plan_id, refused=refused.detail)
    headers = {"HX-Retarget": "#plan-editor", "HX-Reswap": "outerHTML"}
    return page(
        request,
        TEMPLATE,
        whole,
        block="editor",
        status_code=409,
        headers=headers if is_htmx(request) else None,
    )


async def plan_of_item(me: Principal, item_id: Any) -> Any:
    return (await blocks.item(me, item_id))["plan"]["id"]


async def plan_of_objective(me: Principal, objective_id: Any) -> Any:
    return (await blocks.objective(me, objective_id))["plan"]["id"]
