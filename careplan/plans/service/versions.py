"""Versions: immutable, numbered snapshots of a plan (RFC 8785 canonical JSON, identified by
its SHA-256), read and compared as far as the reader's audience goes."""

from __future__ import annotations

import json
import uuid
from typing import Any

from careplan.access import members
from careplan.access.principal import Principal
from careplan.lib.errors import NotFound
from careplan.lib.uow import change
from careplan.plans import episodes, rules, schemas
from careplan.plans.service.checking import plan_access, require_open_plan
from careplan.plans.service.presenting import version_out
from careplan.plans.tables import Item, Objective, Plan, PlanVersion, Scaling


async def current_document(plan: dict[str, Any]) -> dict[str, Any]:
    """The plan as it stands, read back from the database, as a version document."""
    episode = await episodes.of(plan["episode"])
    people = await members.members_of(plan["family"])
    items = (
        await Item.select()
        .where((Item.plan == plan["id"]) & Item.removed_at.is_null())
        .output(load_json=True)
    )
    objectives = (
        await Objective.select()
        .where((Objective.plan == plan["id"]) & Objective.removed_at.is_null())
        .output(load_json=True)
    )
    scaling = (
        await Scaling.select()
        .where((Scaling.plan == plan["id"]) & Scaling.removed_at.is_null())
        .output(load_json=True)
    )
    return rules.plan_document(
        plan,
        {"id": episode.id, "kind": episode.kind, "opened_on": episode.opened_on},
        people,
        items,
        objectives,
        scaling,
    )


async def take_version(
    principal: Principal, plan_id: Any, data: schemas.NewVersion
) -> dict[str, Any]:
    access, plan = await plan_access(principal, plan_id, edit=True)
    async with change() as work:
        await require_open_plan(plan["id"], plan["episode"])
        # Bumping the plan's revision first locks its row (PostgreSQL) until commit, so two
        # snapshots of one plan take their numbers one after the other.
        await Plan.update({Plan.revision: Plan.revision + 1}).where(Plan.id == plan["id"])
        last = (
            await PlanVersion.select(PlanVersion.number)
            .where(PlanVersion.plan == plan["id"])
            .order_by(PlanVersion.number, ascending=False)
            .first()
        )
        document = await current_document(plan)
        snapshot = rules.Snapshot.of(document)
        version = PlanVersion(
            id=uuid.uuid4(),
            family=access.family_id,
            plan=plan["id"],
            number=(last["number"] + 1) if last else 1,
            schema=document["schema"],
            content=snapshot.text,
            sha256=snapshot.sha256,
            label=data.label.strip(),
            created_by=principal.person_id,
        )
        await version.save()
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action="version.taken",
            record_type="plan_version",
            record_id=version.id,
            family=access.family_id,
            after={"number": version.number, "sha256": snapshot.sha256},
        )
        work.event(access.family_id, "version.taken", version.id)
    return {
        "id": version.id,
        "number": version.number,
        "sha256": snapshot.sha256,
        "label": version.label,
    }


async def version_row(plan_id: uuid.UUID, number: int, field: str = "number") -> dict[str, Any]:
    """A plan's version by its number, or NotFound naming it (or `field`)."""
    row = (
        await PlanVersion.select()
        .where((PlanVersion.plan == plan_id) & (PlanVersion.number == number))
        .first()
    )
    if row is None:
        raise NotFound(f"version {number}" if field == "number" else field)
    return row


async def get_version(principal: Principal, plan_id: Any, number: int) -> dict[str, Any]:
    """One version as the reader may read it. Its `sha256` is always the whole stored
    version's (its identity, recomputable from the stored bytes); `content` holds only the
    entries whose audience includes the reader, and `filtered` says when some were left out
    (then `content` does not hash to `sha256`)."""
    access, plan = await plan_access(principal, plan_id, edit=False)
    row = await version_row(plan["id"], number)
    content, filtered = rules.readable_document(json.loads(row["content"]), access.sees)
    return {**version_out(row), "content": content, "filtered": filtered}


async def diff_versions(principal: Principal, plan_id: Any, a: int, b: int) -> dict[str, Any]:
    """What changed between two versions, as the reader may read them: an entry for an
    audience that does not include the reader is in neither side (`filtered` says so)."""
    access, plan = await plan_access(principal, plan_id, edit=False)
    before = await version_row(plan["id"], a, "from")
    after = await version_row(plan["id"], b, "to")
    old, old_filtered = rules.readable_document(json.loads(before["content"]), access.sees)
    new, new_filtered = rules.readable_document(json.loads(after["content"]), access.sees)
    changes = rules.diff(old, new)
    return {
        "from": a,
        "to": b,
        "changes": changes,
        "by_section": rules.diff_by_section(changes),
        "filtered": old_filtered or new_filtered,
    }
