"""Who else is in a plan and which block each is editing, as far as the viewer may know.

Opening a plan's event stream marks a person present (careplan.live.service.stream); their
pages' heartbeats say which block they are editing (`set_presence`). `who_is_here` names the
others: an item the viewer may not see is not named, only that they are in the plan.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.lib.errors import Invalid, NotFound
from careplan.live import presence, queries
from careplan.live.queries import audience
from careplan.live.service.hub import Live
from careplan.live.service.stream import plan_access
from careplan.plans.vocabulary import SECTIONS

# How a section is named beside a block being edited.
SECTION_NAMES = {
    "harm": "What has happened",
    "worry": "Worries",
    "complicating": "Complicating factors",
    "strength": "What is working well",
    "safety_goal": "Safety goals",
    "next_step": "Next steps",
    "safety_rule": "Safety rules",
    "contingency": "Contingency plan",
    "network": "Safety network",
    "words_and_pictures": "Words and pictures",
    "childs_view": "The child's view",
    # The editor's blocks that are not item sections.
    "objectives": "Objectives",
    "scaling": "Scaling",
}


@dataclass(frozen=True)
class PresentPerson:
    person_id: str
    name: str
    agency: str
    block: str  # "item-<uuid>", "section-<name>" or "" (in the plan, not editing a block)
    block_name: str  # what the viewer is told they are editing; "" when nothing to say


def parse_block(raw: str | None) -> str:
    """A block as a page names it: "", a section, or an item (with or without `item-`)."""
    value = (raw or "").strip()
    if not value:
        return ""
    if value.startswith("section-"):
        value = value.removeprefix("section-")
    if value in SECTIONS or value in SECTION_NAMES:
        return f"section-{value}"
    if value.startswith("objective-"):
        # One objective being edited shows as its section: the team sees every objective,
        # and the block it names stays the same when the objective is saved.
        return "section-objectives"
    try:
        return f"item-{uuid.UUID(value.removeprefix('item-'))}"
    except ValueError as error:
        raise Invalid("block", "name a section, an item of this plan, or nothing") from error


async def set_presence(
    live: Live, principal: Principal, plan_id: Any, block: str | None, tab: str | None = None
) -> FamilyAccess:
    """Say which block the person is editing now (their pages' heartbeats keep them here)."""
    access = await plan_access(principal, plan_id)
    parsed = parse_block(block)
    if parsed.startswith("item-"):
        item_id = parsed.removeprefix("item-")
        row = await queries.audienced("item", item_id)
        if row is None or str(row["plan"]) != str(plan_id) or not access.sees(audience(row)):
            raise NotFound("block")
    tab = (tab or "").strip()[:64]
    live.publish_presence(
        presence.message(
            plan_id=plan_id,
            family_id=access.family_id,
            person_id=principal.person_id,
            tab=tab,
            block=parsed,
        )
    )
    return access


async def who_is_here(
    live: Live, principal: Principal, plan_id: Any, *, include_self: bool = False
) -> list[PresentPerson]:
    """The other people in the plan now, named, and what each is editing as far as the
    viewer may know: an item the viewer may not see is not named."""
    access = await plan_access(principal, plan_id)
    present = [
        p
        for p in live.presence.people(plan_id, now=time.monotonic())
        if include_self or p.person_id != str(principal.person_id)
    ]
    if not present:
        return []
    named = await queries.active_people([uuid.UUID(p.person_id) for p in present])
    items = [
        uuid.UUID(p.block.removeprefix("item-")) for p in present if p.block.startswith("item-")
    ]
    item_rows = {
        str(r["id"]): r for r in await queries.items(items) if str(r["plan"]) == str(plan_id)
    }
    out = []
    for p in present:
        row = named.get(p.person_id)
        if row is None:
            continue
        block, block_name = p.block, ""
        if block.startswith("section-"):
            block_name = SECTION_NAMES.get(block.removeprefix("section-"), "")
        elif block.startswith("item-"):
            item = item_rows.get(block.removeprefix("item-"))
            if item is not None and access.sees(audience(item)):
                block_name = f"an entry in {SECTION_NAMES.get(item['section'], 'the plan')}"
            else:
                block = ""
        out.append(
            PresentPerson(
                person_id=p.person_id,
                name=row["name"],
                agency=row["agency.name"] or "",
                block=block,
                block_name=block_name,
            )
        )
    return out
