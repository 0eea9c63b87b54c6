"""A plan as a whole: reading it with its sections, and its life with its episode (started
with the episode's opening, its objectives decided by the episode's close)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Protocol

from careplan.access import permissions
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.language import service as language
from careplan.lib.errors import Invalid, NotFound, Refused
from careplan.lib.uow import change
from careplan.plans import states
from careplan.plans.service import states as state_service
from careplan.plans.service.checking import plan_access
from careplan.plans.service.presenting import (
    audience_of,
    family_reads,
    item_out,
    objective_out,
    scaling_out,
)
from careplan.plans.tables import Item, Objective, ObjectiveThread, Plan, PlanVersion, Scaling
from careplan.plans.vocabulary import SECTIONS

# ---------------------------------------------------------------------------- reading


async def plan_id_of_episode(episode_id: uuid.UUID) -> uuid.UUID | None:
    row = await Plan.select(Plan.id).where(Plan.episode == episode_id).first()
    return row["id"] if row else None


async def get_plan_of_episode(principal: Principal, episode_id: Any) -> dict[str, Any]:
    """The plan of an episode (every episode has one, made as it opens), found through the
    plan's own link to it: an episode that is not the reader's answers 404 as one that does
    not exist."""
    try:
        episode = uuid.UUID(str(episode_id))
    except ValueError as error:
        raise NotFound("episode") from error
    plan_id = await plan_id_of_episode(episode)
    if plan_id is None:
        raise NotFound("episode")
    access = await permissions.access_to_record(principal, Plan, plan_id, "episode")
    if access.is_member:
        raise NotFound("episode")
    return await get_plan(principal, plan_id)


async def _sections(plan_id: uuid.UUID, access: FamilyAccess) -> dict[str, list[dict[str, Any]]]:
    """The plan's current items the reader sees, by section, in their order."""
    items = (
        await Item.select()
        .where((Item.plan == plan_id) & Item.removed_at.is_null())
        .order_by(Item.section)
        .order_by(Item.position)
    )
    sections: dict[str, list[dict[str, Any]]] = {section: [] for section in SECTIONS}
    for row in items:
        if access.sees(audience_of(row)):
            item = item_out(row)
            sections[item["section"]].append(item)
    return sections


async def _objectives(plan_id: uuid.UUID, access: FamilyAccess) -> list[dict[str, Any]]:
    rows = (
        await Objective.select()
        .where((Objective.plan == plan_id) & Objective.removed_at.is_null())
        .order_by(Objective.position)
    )
    return [objective_out(row) for row in rows if access.sees(audience_of(row))]


async def _scaling(plan_id: uuid.UUID, access: FamilyAccess) -> list[dict[str, Any]]:
    rows = (
        await Scaling.select()
        .where((Scaling.plan == plan_id) & Scaling.removed_at.is_null())
        .order_by(Scaling.judged_on)
    )
    return [scaling_out(row) for row in rows if access.sees(audience_of(row))]


def _plain_language(
    sections: dict[str, list[dict[str, Any]]], objectives: list[dict[str, Any]]
) -> dict[str, Any]:
    """What a parent will read carries its plain-language findings as it is written: each
    such item and objective gets its report, and the plan the state of them all."""
    family_texts: list[str] = []
    for items in sections.values():
        for item in items:
            if family_reads(item["audience"]):
                item["plain_language"] = language.report(item["text"])
                family_texts.append(item["text"])
    for objective in objectives:
        if family_reads(objective["audience"]):
            objective["plain_language"] = language.report(objective["title"])
            family_texts.append(objective["title"])
    return language.state(family_texts)


async def get_plan(principal: Principal, plan_id: Any) -> dict[str, Any]:
    access, plan = await plan_access(principal, plan_id, edit=False, closed=True)
    sections = await _sections(plan["id"], access)
    objectives = await _objectives(plan["id"], access)
    scaling = await _scaling(plan["id"], access)
    versions = (
        await PlanVersion.select(
            PlanVersion.number,
            PlanVersion.sha256,
            PlanVersion.label,
            PlanVersion.created_at,
            PlanVersion.shared_at,
        )
        .where(PlanVersion.plan == plan["id"])
        .order_by(PlanVersion.number)
    )
    return {
        "id": plan["id"],
        "family": plan["family"],
        "episode": plan["episode"],
        "kind": plan["kind"],
        "revision": plan["revision"],
        # A closed plan (its episode closed on this date) is read-only: changes answer 409.
        "closed_on": plan["closed_on"],
        "sections": sections,
        "objectives": objectives,
        "plain_language": _plain_language(sections, objectives),
        "scaling": scaling,
        "versions": versions,
        # Issue 18: the plan's state and its moves (careplan.plans.service.states).
        "state": plan["state"],
        "next_states": list(states.next_states(plan["state"])),
        "state_history": await state_service.history(plan["id"]),
    }


# ------------------------------------------------------------------ episodes (for families)

# What a carried objective does not take from the one it continues.
NOT_CARRIED = (
    "id",
    "plan",
    "status",
    "revision",
    "created_at",
    "updated_at",
    "decided_reason",
    "removed_at",
    "removed_reason",
    "removed_by",
    "author",
    "position",
)


async def _objective_to_carry(family_id: uuid.UUID, thread_id: uuid.UUID, field: str) -> Any:
    """The latest objective of a thread kept open to carry into a new episode."""
    thread = (
        await ObjectiveThread.select()
        .where((ObjectiveThread.id == thread_id) & (ObjectiveThread.family == family_id))
        .first()
    )
    if thread is None:
        raise NotFound(field)
    if thread["status"] != "open":
        raise Invalid(field, "only an open objective can be carried into a new episode")
    last = (
        await Objective.select()
        .where(Objective.thread == thread_id)
        .order_by(Objective.created_at, ascending=False)
        .first()
    )
    if last is None or last["status"] not in ("carried", "open"):
        raise Invalid(field, "this objective was not kept open to carry")
    return last


async def start_plan(
    access: FamilyAccess,
    episode_id: uuid.UUID,
    kind: str,
    carry_over: list[uuid.UUID],
    principal: Principal,
) -> uuid.UUID:
    """The new episode's plan, with the kept objectives carried in (same thread, whole
    history). Runs inside the caller's change (the episode's opening)."""
    plan_id = uuid.uuid4()
    async with change() as work:
        await Plan(id=plan_id, family=access.family_id, episode=episode_id, kind=kind).save()
        for index, thread_id in enumerate(carry_over):
            last = await _objective_to_carry(access.family_id, thread_id, f"carry_over[{index}]")
            if last["status"] == "open":
                await Objective.update({Objective.status: "carried"}).where(
                    Objective.id == last["id"]
                )
            copy = {k: v for k, v in last.items() if k not in NOT_CARRIED}
            await Objective(
                id=uuid.uuid4(),
                plan=plan_id,
                status="open",
                position=index,
                author=principal.person_id,
                **copy,
            ).save()
        work.touch(access.family_id)
    return plan_id


async def open_objectives_of_episode(episode_id: uuid.UUID) -> list[dict[str, Any]]:
    """The open objectives of an episode, each with its `audience` (an `Audience`)."""
    rows = await Objective.select(
        Objective.id,
        Objective.title,
        Objective.thread,
        Objective.audience_kind,
        Objective.audience_ids,
    ).where(
        (Objective.plan.episode == episode_id)
        & (Objective.status == "open")
        & Objective.removed_at.is_null()
    )
    return [{**row, "audience": audience_of(row)} for row in rows]


class Decision(Protocol):
    """A closing decision on one open objective (the episode's close makes them)."""

    @property
    def objective(self) -> str: ...  # the objective's id

    @property
    def decision(self) -> str: ...  # carry, achieved or dropped

    @property
    def reason(self) -> str: ...


DECIDED_STATUS = {"carry": "carried", "achieved": "achieved", "dropped": "dropped"}


async def decide_objectives(
    access: FamilyAccess, decisions: list[Decision], on: dt.date, principal: Principal
) -> None:
    """Record each closing decision on the objective and, when it ends, on its thread.
    Runs inside the caller's change (the episode's close)."""
    async with change() as work:
        for decision in decisions:
            objective_id = uuid.UUID(decision.objective)
            status = DECIDED_STATUS[decision.decision]
            rows = (
                await Objective.update(
                    {
                        Objective.status: status,
                        Objective.decided_reason: decision.reason or None,
                        Objective.revision: Objective.revision + 1,
                    }
                )
                .where((Objective.id == objective_id) & (Objective.status == "open"))
                .returning(Objective.thread)
            )
            if not rows:  # decided meanwhile (carried by a new episode opening at the same time)
                raise Refused(
                    "An objective of this plan changed while you were closing it. "
                    "Nothing was closed: look again, then close the episode.",
                    field="objectives",
                )
            if decision.decision != "carry":
                await ObjectiveThread.update(
                    {
                        ObjectiveThread.status: status,
                        ObjectiveThread.ended_on: on,
                        ObjectiveThread.end_reason: decision.reason or None,
                    }
                ).where(ObjectiveThread.id == rows[0]["thread"])
            await work.audit(
                actor=principal.person_id,
                action=f"objective.{status}",
                record_type="objective",
                record_id=objective_id,
                family=access.family_id,
                after={"status": status, "reason": decision.reason},
            )
