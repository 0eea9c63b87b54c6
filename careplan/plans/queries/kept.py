"""What a kept page of the plan editor is keyed by (careplan.web.page_cache): the professional's
access to the record's family, decided on this request, and the family's revision, read in the
same statement as the record's family. One read of the record, then the decision (remembered
for the rest of the request: careplan.access.memo), so that the page built on a miss decides
nothing again. A family member reads plans only through their views: 404, as a stranger."""

from __future__ import annotations

from typing import Any

from piccolo.table import Table

from careplan.access import permissions
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.lib.errors import NotFound
from careplan.plans.tables import Item, Objective, Plan


async def _of(
    principal: Principal, table: type[Table], record_id: Any, what: str, *columns: Any
) -> tuple[FamilyAccess, int]:
    access, row = await permissions.record_access(
        principal,
        table,
        record_id,
        what,
        *(columns or (table.id,)),  # type: ignore[attr-defined]
        family_revision=True,
        remember=True,
    )
    if access.is_member:
        raise NotFound(what)
    return access, row["family_revision"]


# Every column `blocks` reads of a plan (its blocks and the whole page, with the family's
# name): the read is remembered for the request (careplan.access.memo), so the block or page
# built on a miss reads no plan row again.
PLAN_COLUMNS = (
    Plan.id,
    Plan.family,
    Plan.episode,
    Plan.kind,
    Plan.family.name.as_alias("family_name"),
)


async def of_plan(principal: Principal, plan_id: Any) -> tuple[FamilyAccess, int]:
    return await _of(principal, Plan, plan_id, "plan", *PLAN_COLUMNS)


async def of_item(principal: Principal, item_id: Any) -> tuple[FamilyAccess, int]:
    return await _of(principal, Item, item_id, "item")


async def of_objective(principal: Principal, objective_id: Any) -> tuple[FamilyAccess, int]:
    return await _of(principal, Objective, objective_id, "objective")
