"""Scaling: 0-10 judgements, overall or about one statement, each by someone named, dated,
with a reason (10: the child is safe enough for us to close; 0: the child cannot stay at
home)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from careplan.access.principal import Principal
from careplan.lib.errors import Invalid
from careplan.lib.uow import change
from careplan.plans import schemas
from careplan.plans.service.checking import (
    audience,
    check_audience,
    check_members,
    check_statement,
    plan_access,
    require_open_plan,
)
from careplan.plans.service.presenting import scaling_out
from careplan.plans.tables import Scaling


async def _by_member(data: schemas.NewScaling, family_id: uuid.UUID) -> uuid.UUID | None:
    """The family member who gave a parent's or a child's score."""
    if data.by_kind not in ("parent", "child"):
        return None
    if data.by_member is None:
        raise Invalid("by_member", "say which family member gave this score")
    await check_members([data.by_member], family_id, "by_member")
    return data.by_member


async def add_scaling(
    principal: Principal, plan_id: Any, data: schemas.NewScaling
) -> dict[str, Any]:
    access, plan = await plan_access(principal, plan_id, edit=True)
    seen_by = audience(data.audience, principal)
    await check_audience(seen_by, access.family_id)
    if data.statement is not None:
        await check_statement(
            plan["id"],
            data.statement,
            "statement",
            "scaling is about a worry or harm statement, or overall",
        )
    by_member = await _by_member(data, access.family_id)
    judged_on = data.judged_on or dt.date.today()
    if judged_on > dt.date.today():
        raise Invalid("judged_on", "cannot be in the future")
    by_name = data.by_name.strip() or (principal.name if data.by_kind == "professional" else "")
    scaling = Scaling(
        id=uuid.uuid4(),
        family=access.family_id,
        plan=plan["id"],
        statement=data.statement,
        score=data.score,
        by_kind=data.by_kind,
        by_person=principal.person_id if data.by_kind == "professional" else None,
        by_member=by_member,
        by_agency=principal.agency_id if data.by_kind == "agency" else None,
        by_name=by_name,
        judged_on=judged_on,
        reason=data.reason.strip(),
        recorded_by=principal.person_id,
        audience_kind=seen_by.kind,
        audience_ids=json.dumps(list(seen_by.ids)),
    )
    async with change() as work:
        await require_open_plan(plan["id"], plan["episode"])
        await scaling.save()
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action="scaling.recorded",
            record_type="scaling",
            record_id=scaling.id,
            family=access.family_id,
            after={"score": data.score, "by_kind": data.by_kind, "statement": data.statement},
        )
        work.event(access.family_id, "scaling.recorded", scaling.id)
    return scaling_out(scaling.to_dict())  # as stored: the values written
