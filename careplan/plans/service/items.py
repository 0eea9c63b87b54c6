"""Items: the entries of a plan's sections (a worry statement, a strength, a safety rule ...).

Added, changed at the revision they were seen at, moved in their section, removed softly.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from careplan.access.principal import Principal
from careplan.lib.canonical import normalise
from careplan.lib.clock import utc_now
from careplan.lib.columns import loaded
from careplan.lib.errors import Invalid, NotFound
from careplan.lib.uow import change
from careplan.plans import schemas
from careplan.plans.service.checking import (
    audience,
    check_audience,
    check_childs_view,
    check_details,
    check_links,
    check_members,
    item_access,
    plan_access,
    require_open_plan,
)
from careplan.plans.service.presenting import audience_of, item_audit, item_out
from careplan.plans.tables import Item


async def add_item(principal: Principal, plan_id: Any, data: schemas.NewItem) -> dict[str, Any]:
    access, plan = await plan_access(principal, plan_id, edit=True)
    check_details(data.section, data.details)
    seen_by = audience(data.audience, principal)
    check_childs_view(data.section, seen_by, data.details)
    await check_audience(seen_by, access.family_id)
    await check_members(data.about_member_ids, access.family_id, "about_member_ids")
    await check_links(plan, data.section, data.answers, data.network_person)
    position = data.position
    if position is None:
        position = await Item.count().where(
            (Item.plan == plan["id"]) & (Item.section == data.section) & Item.removed_at.is_null()
        )
    item = Item(
        id=uuid.uuid4(),
        family=access.family_id,
        plan=plan["id"],
        section=data.section,
        position=position,
        text=data.text.strip(),
        details=json.dumps(normalise(data.details)),
        audience_kind=seen_by.kind,
        audience_ids=json.dumps(list(seen_by.ids)),
        about_member_ids=json.dumps([str(m) for m in data.about_member_ids]),
        source_kind=data.source_kind,
        source_agency=principal.agency_id if data.source_kind == "agency" else None,
        source_note=data.source_note,
        answers=data.answers,
        network_person=data.network_person,
        author=principal.person_id,
    )
    async with change() as work:
        await require_open_plan(plan["id"], plan["episode"])
        await item.save()
        work.touch(access.family_id)
        row = await Item.select().where(Item.id == item.id).first()
        await work.audit(
            actor=principal.person_id,
            action="item.added",
            record_type="item",
            record_id=item.id,
            family=access.family_id,
            after=item_audit(row),
        )
        work.event(access.family_id, "item.changed", item.id)
    return item_out(row)


async def _patch_values(
    principal: Principal, family_id: uuid.UUID, item: dict[str, Any], data: schemas.ItemPatch
) -> dict[Any, Any]:
    """The columns a patch changes, each checked. The rules are checked on the item as it
    will be, on what is kept as well as on what changed."""
    values: dict[Any, Any] = {}
    if data.text is not None:
        values[Item.text] = data.text.strip()
    if data.details is not None:
        check_details(item["section"], data.details, loaded(item["details"]) or {})
        values[Item.details] = json.dumps(normalise(data.details))
    seen_by = audience_of(item)
    if data.audience is not None:
        seen_by = audience(data.audience, principal)
    check_childs_view(
        item["section"],
        seen_by,
        data.details if data.details is not None else loaded(item["details"]),
    )
    if data.audience is not None:
        await check_audience(seen_by, family_id)
        values[Item.audience_kind] = seen_by.kind
        values[Item.audience_ids] = json.dumps(list(seen_by.ids))
    if data.about_member_ids is not None:
        await check_members(data.about_member_ids, family_id, "about_member_ids")
        values[Item.about_member_ids] = json.dumps([str(m) for m in data.about_member_ids])
    if data.answers is not None or data.network_person is not None:
        await check_links({"id": item["plan"]}, item["section"], data.answers, data.network_person)
        if data.answers is not None:
            values[Item.answers] = data.answers
        if data.network_person is not None:
            values[Item.network_person] = data.network_person
    if data.position is not None:
        values[Item.position] = data.position
    return values


async def patch_item(principal: Principal, item_id: Any, data: schemas.ItemPatch) -> dict[str, Any]:
    access, item = await item_access(principal, item_id)
    if item["removed_at"] is not None:
        raise Invalid("item", "this item was removed; it can no longer be changed")
    values = await _patch_values(principal, access.family_id, item, data)
    async with change() as work:
        await require_open_plan(item["plan"], item["episode"])
        row = await work.update(Item, item["id"], data.revision, values, "item", present=item_out)
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action="item.changed",
            record_type="item",
            record_id=item["id"],
            family=access.family_id,
            before=item_audit(item),
            after=item_audit(row),
        )
        work.event(access.family_id, "item.changed", item["id"])
    return item_out(row)


async def remove_item(principal: Principal, item_id: Any, data: schemas.Removal) -> dict[str, Any]:
    access, item = await item_access(principal, item_id)
    if item["removed_at"] is not None:
        raise NotFound("item")
    async with change() as work:
        await require_open_plan(item["plan"], item["episode"])
        row = await work.update(
            Item,
            item["id"],
            data.revision,
            {
                Item.removed_at: utc_now(),
                Item.removed_by: principal.person_id,
                Item.removed_reason: data.reason.strip(),
            },
            "item",
            present=item_out,
        )
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action="item.removed",
            record_type="item",
            record_id=item["id"],
            family=access.family_id,
            before=item_audit(item),
            after={"reason": data.reason},
        )
        work.event(access.family_id, "item.changed", item["id"])
    return item_out(row)


async def _section_order(item: dict[str, Any]) -> list[dict[str, Any]]:
    """The current items of the item's section, in their order (id, position)."""
    return (
        await Item.select(Item.id, Item.position)
        .where(
            (Item.plan == item["plan"])
            & (Item.section == item["section"])
            & Item.removed_at.is_null()
        )
        .order_by(Item.position)
        .order_by(Item.created_at)
    )


async def move_item(
    principal: Principal, item_id: Any, direction: str, revision: int | None
) -> dict[str, Any]:
    """Move an item one place up or down in its section (the editor's reorder buttons).

    The moved item is changed at the revision it was seen at (a stale one raises Conflict);
    its neighbours take their new places, the section renumbered 0, 1, 2 ... on the way.
    """
    if direction not in ("up", "down"):
        raise Invalid("direction", 'must be "up" or "down"')
    access, item = await item_access(principal, item_id)
    if item["removed_at"] is not None:
        raise NotFound("item")
    async with change() as work:
        await require_open_plan(item["plan"], item["episode"])
        siblings = await _section_order(item)
        order = [row["id"] for row in siblings]
        index = order.index(item["id"])
        target = index - 1 if direction == "up" else index + 1
        if 0 <= target < len(order):
            order[index], order[target] = order[target], order[index]
        was = {row["id"]: row["position"] for row in siblings}
        row = await work.update(
            Item,
            item["id"],
            revision,
            {Item.position: order.index(item["id"])},
            "item",
            present=item_out,
        )
        moved = [item["id"]]
        for position, other in enumerate(order):
            if other != item["id"] and was[other] != position:
                # Only its place changes: no one editing a neighbour's words is held up by a
                # conflict (no form writes a position without the revision it was based on).
                await Item.update({Item.position: position}, use_auto_update=False).where(
                    Item.id == other
                )
                moved.append(other)
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action="item.moved",
            record_type="item",
            record_id=item["id"],
            family=access.family_id,
            before={"position": item["position"]},
            after={"position": row["position"], "direction": direction},
        )
        for moved_id in moved:
            work.event(access.family_id, "item.changed", moved_id)
    return item_out(row)


async def get_item(principal: Principal, item_id: Any) -> dict[str, Any]:
    """One current item, for an editor of its plan (the editor's in-place forms)."""
    _, item = await item_access(principal, item_id)
    if item["removed_at"] is not None:
        raise NotFound("item")
    return {**item_out(item), "plan": item["plan"]}
