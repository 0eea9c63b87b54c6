"""Objectives: measurable, owned, due; each on a thread that outlives plans and episodes."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from careplan.access import permissions
from careplan.access.principal import Principal
from careplan.lib.errors import Invalid
from careplan.lib.uow import change
from careplan.plans import schemas
from careplan.plans.service.checking import (
    audience,
    check_audience,
    measure_columns,
    objective_editor,
    owner_columns,
    plan_access,
    require_open_plan,
)
from careplan.plans.service.presenting import (
    OWNER_COLUMNS,
    audience_of,
    objective_audit,
    objective_out,
)
from careplan.plans.tables import Item, Objective, ObjectiveThread


async def get_objective(principal: Principal, objective_id: Any) -> dict[str, Any]:
    """One current objective, for an editor of its plan."""
    _, objective = await objective_editor(principal, objective_id)
    return objective_out(objective)


async def add_objective(
    principal: Principal, plan_id: Any, data: schemas.NewObjective
) -> dict[str, Any]:
    access, plan = await plan_access(principal, plan_id, edit=True)
    seen_by = audience(data.audience, principal)
    await check_audience(seen_by, access.family_id)
    owner = await owner_columns(data.owner, access.family_id)
    measure = measure_columns(data.measure)
    if data.answers is not None:
        await permissions.require_same_family(Item, [data.answers], access.family_id, "answers")
    today = dt.date.today()
    thread = ObjectiveThread(
        id=uuid.uuid4(), family=access.family_id, title=data.title.strip(), started_on=today
    )
    position = await Objective.count().where(Objective.plan == plan["id"])
    objective = Objective(
        id=uuid.uuid4(),
        family=access.family_id,
        plan=plan["id"],
        thread=thread.id,
        title=data.title.strip(),
        why=data.why.strip(),
        answers=data.answers,
        due_on=data.due_on,
        audience_kind=seen_by.kind,
        audience_ids=json.dumps(list(seen_by.ids)),
        position=position,
        author=principal.person_id,
        **owner,
        **measure,
    )
    async with change() as work:
        await require_open_plan(plan["id"], plan["episode"])
        await thread.save()
        await objective.save()
        work.touch(access.family_id)
        row = await Objective.select().where(Objective.id == objective.id).first()
        await work.audit(
            actor=principal.person_id,
            action="objective.added",
            record_type="objective",
            record_id=objective.id,
            family=access.family_id,
            after=objective_audit(row),
        )
        work.event(access.family_id, "objective.changed", objective.id)
    return objective_out(row)


def _same_owner(owner: schemas.Owner, stored: dict[str, Any]) -> bool:
    return owner.kind == stored["owner_kind"] and str(owner.id) == str(
        stored[OWNER_COLUMNS[owner.kind]]
    )


async def _patch_values(
    principal: Principal, family_id: uuid.UUID, data: schemas.ObjectivePatch, stored: dict[str, Any]
) -> dict[Any, Any]:
    """The columns a patch changes, each checked (an owner or an audience named again as it is
    stored was checked when it was set: it is not looked up again)."""
    values: dict[Any, Any] = {}
    if data.title is not None:
        values[Objective.title] = data.title.strip()
    if data.why is not None:
        values[Objective.why] = data.why.strip()
    if data.due_on is not None:
        values[Objective.due_on] = data.due_on
    if data.measure is not None:
        values.update({getattr(Objective, k): v for k, v in measure_columns(data.measure).items()})
    if data.owner is not None and not _same_owner(data.owner, stored):
        owner = await owner_columns(data.owner, family_id)
        values.update(
            {
                Objective.owner_member: None,
                Objective.owner_person: None,
                Objective.owner_agency: None,
            }
        )
        values.update({getattr(Objective, k): v for k, v in owner.items()})
    if data.audience is not None:
        seen_by = audience(data.audience, principal)
        if seen_by != audience_of(stored):
            await check_audience(seen_by, family_id)
        values[Objective.audience_kind] = seen_by.kind
        values[Objective.audience_ids] = json.dumps(list(seen_by.ids))
    return values


def _refuse_unless_open(current: dict[str, Any]) -> None:
    if current["status"] != "open":
        raise Invalid("status", "only an open objective can be changed")


async def patch_objective(
    principal: Principal, objective_id: Any, data: schemas.ObjectivePatch
) -> dict[str, Any]:
    access, objective = await objective_editor(principal, objective_id)
    values = await _patch_values(principal, access.family_id, data, objective)
    async with change() as work:
        await require_open_plan(objective["plan"], objective["episode"])
        # Only an open objective changes: checked by the revision-checked update itself.
        row = await work.update(
            Objective,
            objective["id"],
            data.revision,
            values,
            "objective",
            present=objective_out,
            only_if=Objective.status == "open",
            refuse=_refuse_unless_open,
        )
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action="objective.changed",
            record_type="objective",
            record_id=objective["id"],
            family=access.family_id,
            before=objective_audit(objective),
            after=objective_audit(row),
        )
        work.event(access.family_id, "objective.changed", objective["id"])
    return objective_out(row)
