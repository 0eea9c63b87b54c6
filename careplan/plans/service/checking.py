"""What every use case of the plans checks first: who may do it, on which plan, with what.

Access through `careplan.access.permissions` (what is not yours answers 404), the audience a
professional sets, ids named in a body that must belong to the plan or the family, and the
closed plan that takes no change.
"""

from __future__ import annotations

import uuid
from typing import Any

from careplan.access import members, permissions
from careplan.access.audience import Audience, AudienceError
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.lib.errors import Invalid, NotFound, PlanClosed
from careplan.plans import episodes, rules, schemas, vocabulary
from careplan.plans.episodes import EpisodeFacts
from careplan.plans.queries import people
from careplan.plans.service.presenting import audience_of
from careplan.plans.tables import Item, Objective, Plan


def audience(raw: Any, author: Principal, field: str = "audience") -> Audience:
    """The audience a professional sets: named agencies always include their own."""
    try:
        return Audience.parse(raw).with_author(author.agency_id)
    except AudienceError as error:
        raise Invalid(field, str(error)) from error


def check_childs_view(section: str, audience: Audience, details: Any) -> None:
    """The child's view reaches the family only when the child agrees: on every route."""
    if not rules.childs_view_allowed(section, audience, details):
        raise Invalid("audience", vocabulary.CHILDS_VIEW_UNAGREED)


async def check_audience(audience: Audience, family_id: uuid.UUID) -> None:
    if audience.kind == "members":
        await members.require_members(audience.ids, family_id, "audience.members")
    elif audience.kind == "agencies":
        if not await people.all_agencies_exist(audience.ids):
            raise NotFound("audience.agencies")


async def check_members(ids: Any, family_id: uuid.UUID, field: str) -> None:
    """Every member named belongs to the family (404 naming the field otherwise)."""
    await members.require_members(ids, family_id, field)


def check_details(
    section: str, details: dict[str, Any], kept: dict[str, Any] | None = None
) -> None:
    """An item's details fit its section's shape (`vocabulary.SECTION_DETAILS`: no field the
    section does not have, each of its type), and every date is a real date, `YYYY-MM-DD`
    (`kept`: the details as stored, whose words in a date field may stay; see
    `rules.details_date_problem`). What is wrong answers 422 naming the field."""
    problem = rules.details_problem(section, details)
    if problem is not None:
        raise Invalid(*problem)
    wrong = rules.details_date_problem(details, kept)
    if wrong is not None:
        raise Invalid(f"details.{wrong}", vocabulary.DATE_WANTED)


async def episode_of(plan_id: uuid.UUID) -> uuid.UUID:
    """The id of the plan's episode (its own link), or NotFound."""
    row = await Plan.select(Plan.episode).where(Plan.id == plan_id).first()
    if row is None:
        raise NotFound("plan")
    return row["episode"]


async def held_episode(plan_id: uuid.UUID, episode_id: uuid.UUID | None = None) -> EpisodeFacts:
    """Inside a write transaction: the plan's episode, its row held until commit (see
    `careplan.plans.episodes`): the first lock of every change to a plan, so that a change
    and the episode's close go one after the other."""
    return await episodes.hold(episode_id or await episode_of(plan_id))


async def require_open_plan(plan_id: uuid.UUID, episode_id: uuid.UUID | None = None) -> None:
    """Inside a write transaction: refuse (409) a change to a closed plan, which is read-only
    (DESIGN.md invariant 5: its episode's close decided every open objective). `episode_id`,
    when the caller has it, saves reading the plan's link."""
    episode = await held_episode(plan_id, episode_id)
    if episode.closed_on is not None:
        raise PlanClosed(episode.closed_on)


async def plan_access(
    principal: Principal, plan_id: Any, *, edit: bool, closed: bool = False
) -> tuple[FamilyAccess, dict[str, Any]]:
    """A professional's access to a plan (an editor's, with `edit`), and the plan's row; with
    `closed`, its `closed_on` too (the day its episode closed, or None: a change checks that
    inside its transaction, `require_open_plan`). A family member reads plans only through
    their views: 404."""
    access, plan = await permissions.record_access(principal, Plan, plan_id, "plan")
    if access.is_member:
        raise NotFound("plan")
    if edit:
        access.require_editor()
    if closed:
        plan["closed_on"] = (await episodes.of(plan["episode"])).closed_on
    return access, plan


# What `item_access` and `objective_access` read of their record, made once: the access read is
# built once for each set of column objects (`permissions.record_access`).
_ITEM = (*Item.all_columns(), Item.plan.episode.as_alias("episode"))
_OBJECTIVE = (*Objective.all_columns(), Objective.plan.episode.as_alias("episode"))


async def item_access(principal: Principal, item_id: Any) -> tuple[FamilyAccess, dict[str, Any]]:
    """An editor's access to an item they may see, and its row (with its plan's `episode`)."""
    access, item = await permissions.record_access(principal, Item, item_id, "item", *_ITEM)
    if access.is_member or not access.sees(audience_of(item)):
        raise NotFound("item")
    access.require_editor()
    return access, item


async def objective_access(
    principal: Principal, objective_id: Any
) -> tuple[FamilyAccess, dict[str, Any]]:
    """Access to a current objective the reader may see (a member too), and its row (with its
    plan's `episode`)."""
    access, row = await permissions.record_access(
        principal, Objective, objective_id, "objective", *_OBJECTIVE
    )
    if row["removed_at"] is not None or not access.sees(audience_of(row)):
        raise NotFound("objective")
    return access, row


async def objective_editor(
    principal: Principal, objective_id: Any
) -> tuple[FamilyAccess, dict[str, Any]]:
    """`objective_access` for an editor of its plan: a member gets 404, as a stranger."""
    access, objective = await objective_access(principal, objective_id)
    if access.is_member:
        raise NotFound("objective")
    access.require_editor()
    return access, objective


async def _current_item_section(plan_id: uuid.UUID, item_id: Any) -> str | None:
    row = (
        await Item.select(Item.section)
        .where((Item.id == item_id) & (Item.plan == plan_id) & Item.removed_at.is_null())
        .first()
    )
    return None if row is None else row["section"]


async def check_statement(plan_id: uuid.UUID, item_id: Any, field: str, message: str) -> None:
    """`item_id` is a current worry or harm statement of the plan."""
    section = await _current_item_section(plan_id, item_id)
    if section is None:
        raise NotFound(field)
    if section not in ("worry", "harm"):
        raise Invalid(field, message)


async def check_links(
    plan: dict[str, Any], section: str, answers: Any, network_person: Any
) -> None:
    """A safety goal answers a statement; a safety rule names a network person."""
    if answers is not None:
        if section not in ("safety_goal",):
            raise Invalid("answers", "only a safety goal answers a statement")
        await check_statement(
            plan["id"], answers, "answers", "a safety goal answers a worry or harm statement"
        )
    if network_person is not None:
        if section != "safety_rule":
            raise Invalid("network_person", "only a safety rule names a network person")
        if await _current_item_section(plan["id"], network_person) != "network":
            raise NotFound("network_person")


async def owner_columns(owner: schemas.Owner, family_id: uuid.UUID) -> dict[str, Any]:
    """An objective's owner (a member of the family, a professional or an agency) as columns."""
    if owner.kind == "member":
        await check_members([owner.id], family_id, "owner.id")
        return {"owner_kind": "member", "owner_member": owner.id}
    if owner.kind == "professional":
        if not await people.professional_exists(owner.id):
            raise NotFound("owner.id")
        return {"owner_kind": "professional", "owner_person": owner.id}
    if not await people.agency_exists(owner.id):
        raise NotFound("owner.id")
    return {"owner_kind": "agency", "owner_agency": owner.id}


def measure_columns(measure: schemas.Measure) -> dict[str, Any]:
    """An objective's measure as columns, its values as canonical decimal text."""
    unit = measure.unit.strip()
    target = vocabulary.measure_value(measure.kind, measure.target, unit)
    if target is None:
        raise Invalid("measure.target", vocabulary.measure_hint(measure.kind, unit))
    baseline = None
    if measure.baseline is not None:
        baseline = vocabulary.measure_value(measure.kind, measure.baseline, unit)
        if baseline is None:
            raise Invalid("measure.baseline", vocabulary.measure_hint(measure.kind, unit))
    return {
        "measure_kind": measure.kind,
        "unit": unit,
        "target": target,
        "baseline": baseline,
    }
