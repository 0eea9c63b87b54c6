"""What the meetings slice reads of the plans slice: who may reach a plan, the version a
meeting discusses, and the family views that members answer. Read only."""

from __future__ import annotations

import uuid
from typing import Any

from careplan.access import permissions
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.lib.errors import NotFound
from careplan.plans.tables import FamilyView, Plan, PlanVersion


async def plan_access(principal: Principal, plan_id: Any) -> FamilyAccess:
    """The principal's hold on the plan's family (404 for what is not theirs)."""
    return await permissions.access_to_record(principal, Plan, plan_id, "plan")


async def professional_plan_access(
    principal: Principal, plan_id: Any, *, edit: bool
) -> FamilyAccess:
    """A professional's hold on the plan: a family member gets 404, a reader 403 for `edit`."""
    access = await plan_access(principal, plan_id)
    if access.is_member:
        raise NotFound("plan")
    if edit:
        access.require_editor()
    return access


async def version_id(plan_id: uuid.UUID, number: int) -> uuid.UUID | None:
    """The id of the plan's version with this number, if it has one."""
    row = (
        await PlanVersion.select(PlanVersion.id)
        .where((PlanVersion.plan == plan_id) & (PlanVersion.number == number))
        .first()
    )
    return None if row is None else row["id"]


async def latest_view(member_id: uuid.UUID, plan_id: uuid.UUID) -> dict[str, Any] | None:
    """The last view of the plan the member was given: its id, version, hashes and content."""
    return (
        await FamilyView.select(
            FamilyView.id,
            FamilyView.version,
            FamilyView.sha256,
            FamilyView.content,
            FamilyView.version.number.as_alias("number"),
            FamilyView.version.sha256.as_alias("version_sha256"),
        )
        .where((FamilyView.member == member_id) & (FamilyView.version.plan == plan_id))
        .order_by(FamilyView.created_at, ascending=False)
        .order_by(FamilyView.version.number, ascending=False)
        .first()
    )


async def latest_views(plan_id: uuid.UUID) -> dict[Any, dict[str, Any]]:
    """member -> the last view of the plan they were given (its version number and hash)."""
    views = (
        await FamilyView.select(
            FamilyView.member,
            FamilyView.sha256,
            FamilyView.version.number.as_alias("number"),
        )
        .where(FamilyView.version.plan == plan_id)
        .order_by(FamilyView.created_at)
        .order_by(FamilyView.version.number)
    )
    return {view["member"]: view for view in views}
