"""What live co-editing reads of the slices below it: who may reach a plan, the plan's records
and their audiences (plans), and the people present (tenancy). Read only."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from careplan.access import permissions
from careplan.access.audience import Audience
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.lib.columns import loaded
from careplan.plans.tables import Item, Objective, Plan, PlanVersion, ProgressEntry, Scaling
from careplan.tenancy.tables import Person

# The records whose events carry an audience, by the name an event gives them.
AUDIENCED = {"item": Item, "objective": Objective, "scaling": Scaling}


def audience(row: dict[str, Any]) -> Audience:
    return Audience.from_columns(row["audience_kind"], loaded(row["audience_ids"]))


async def plan_access(principal: Principal, plan_id: Any) -> FamilyAccess:
    """The principal's hold on the plan's family (404 for what is not theirs)."""
    return await permissions.access_to_record(principal, Plan, plan_id, "plan")


async def plan_records(plan_id: uuid.UUID) -> list[dict[str, Any]]:
    """The plan's items and objectives that are not removed: id and audience."""
    rows: list[dict[str, Any]] = []
    for table in (Item, Objective):
        rows += await table.select(table.id, table.audience_kind, table.audience_ids).where(  # type: ignore[attr-defined]
            (table.plan == plan_id) & table.removed_at.is_null()  # type: ignore[attr-defined]
        )
    return rows


async def audienced(kind: str, record_id: str) -> dict[str, Any] | None:
    """An item's, objective's or scaling's plan and audience."""
    table: Any = AUDIENCED[kind]
    return (
        await table.select(table.plan, table.audience_kind, table.audience_ids)
        .where(table.id == record_id)
        .first()
    )


async def progress_objective(entry_id: str) -> uuid.UUID | None:
    """The objective a progress entry was recorded on."""
    row = (
        await ProgressEntry.select(ProgressEntry.objective)
        .where(ProgressEntry.id == entry_id)
        .first()
    )
    return row["objective"] if row else None


async def version_plan(version_id: str) -> uuid.UUID | None:
    row = await PlanVersion.select(PlanVersion.plan).where(PlanVersion.id == version_id).first()
    return row["plan"] if row else None


async def items(item_ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """Items by id: plan, section and audience."""
    if not item_ids:
        return []
    return await Item.select(
        Item.id, Item.plan, Item.section, Item.audience_kind, Item.audience_ids
    ).where(Item.id.is_in(list(item_ids)))


async def active_people(person_ids: Sequence[uuid.UUID]) -> dict[str, dict[str, Any]]:
    """The active people among these, by id (as text): their name and agency's name."""
    rows = await Person.select(Person.id, Person.name, Person.agency.name).where(
        Person.id.is_in(list(person_ids)) & (Person.active == True)
    )
    return {str(row["id"]): row for row in rows}
