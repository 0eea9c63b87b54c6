"""Plans' use cases: items, objectives and their threads, progress, scaling, versions, views.

Each use case checks access through `careplan.access.permissions`, runs in one write
transaction with its audit event, bumps the family's revision and queues its live event.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from careplan.access import permissions
from careplan.access.audience import Audience, AudienceError
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.audit import service as audit
from careplan.families.rules import Decision
from careplan.families.tables import Episode, Member
from careplan.language import service as language
from careplan.lib import events
from careplan.lib.canonical import normalise
from careplan.lib.columns import loaded
from careplan.lib.errors import Conflict, Invalid, NotFound, PlanClosed, Refused
from careplan.lib.uow import change, repeat_on_duplicate, touch_family, update_at_revision
from careplan.plans import rules, schemas
from careplan.plans.tables import (
    FamilyView,
    Item,
    Objective,
    ObjectiveThread,
    Plan,
    PlanVersion,
    ProgressEntry,
    Scaling,
)
from careplan.plans.vocabulary import SECTIONS
from careplan.tenancy.tables import Agency, Person

# ---------------------------------------------------------------------------- presenting


def item_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "section": row["section"],
        "position": row["position"],
        "text": row["text"],
        "details": loaded(row["details"]),
        "audience": Audience.from_columns(
            row["audience_kind"], loaded(row["audience_ids"])
        ).to_json(),
        "about_member_ids": loaded(row["about_member_ids"]),
        "source": {
            "kind": row["source_kind"],
            "agency": row["source_agency"],
            "note": row["source_note"],
        },
        "answers": row["answers"],
        "network_person": row["network_person"],
        "author": row["author"],
        "revision": row["revision"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "removed_at": row["removed_at"],
        "removed_reason": row["removed_reason"],
    }


def objective_out(row: dict[str, Any]) -> dict[str, Any]:
    owner_column = {
        "member": "owner_member",
        "professional": "owner_person",
        "agency": "owner_agency",
    }[row["owner_kind"]]
    return {
        "id": row["id"],
        "thread": row["thread"],
        "plan": row["plan"],
        "title": row["title"],
        "why": row["why"],
        "answers": row["answers"],
        "measure": {
            "kind": row["measure_kind"],
            "unit": row["unit"],
            "baseline": row["baseline"],
            "target": row["target"],
        },
        "due_on": row["due_on"],
        "owner": {"kind": row["owner_kind"], "id": row[owner_column]},
        "status": row["status"],
        "decided_reason": row["decided_reason"],
        "audience": Audience.from_columns(
            row["audience_kind"], loaded(row["audience_ids"])
        ).to_json(),
        "revision": row["revision"],
        "created_at": row["created_at"],
        "removed_at": row["removed_at"],
    }


def scaling_out(row: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "id",
        "statement",
        "score",
        "by_kind",
        "by_person",
        "by_member",
        "by_agency",
        "by_name",
        "judged_on",
        "reason",
        "created_at",
    )
    out = {key: row[key] for key in keys}
    out["audience"] = Audience.from_columns(
        row["audience_kind"], loaded(row["audience_ids"])
    ).to_json()
    return out


def _family_reads(audience: Any) -> bool:
    return audience == "family" or (isinstance(audience, dict) and "members" in audience)


# ---------------------------------------------------------------------------- checking


def _audience(raw: Any, author: Principal, field: str = "audience") -> Audience:
    """The audience a professional sets: named agencies always include their own."""
    try:
        return Audience.parse(raw).with_author(author.agency_id)
    except AudienceError as error:
        raise Invalid(field, str(error)) from error


def _check_childs_view(section: str, audience: Audience, details: Any) -> None:
    """The child's view reaches the family only when the child agrees: on every route."""
    if not rules.childs_view_allowed(section, audience, details):
        raise Invalid("audience", rules.CHILDS_VIEW_UNAGREED)


async def _check_audience(audience: Audience, family_id: uuid.UUID) -> None:
    if audience.kind == "members":
        await permissions.require_same_family(Member, audience.ids, family_id, "audience.members")
    elif audience.kind == "agencies":
        found = await Agency.count().where(Agency.id.is_in([uuid.UUID(i) for i in audience.ids]))
        if found != len(audience.ids):
            raise NotFound("audience.agencies")


async def episode_of_plan_held(plan_id: uuid.UUID) -> dict[str, Any]:
    """The plan's episode (id, closed_on), read inside the caller's write transaction and held
    until it commits: the first statement of every change to a plan.

    Closing an episode updates its row, so a change to its plan and the close go one after
    the other on both engines: SQLite's BEGIN IMMEDIATE already serialises writers; on
    PostgreSQL this row lock (FOR SHARE: changes to one plan do not wait for each other)
    makes a close wait for a change under way, and a change wait for a close under way and
    then read the episode as closed (READ COMMITTED re-reads a locked row once it is free).
    Taken first, before the family's row, so every transaction takes the two in one order.
    """
    engine = Episode._meta.db
    lock = "" if engine.engine_type == "sqlite" else " FOR SHARE OF e"
    rows = await Episode.raw(
        'SELECT e.id, e.closed_on FROM "episode" e JOIN "plan" p ON p.episode = e.id'
        " WHERE p.id = {}" + lock,
        plan_id,
    )
    if not rows:
        raise NotFound("plan")
    row = rows[0]
    closed_on = row["closed_on"]
    if isinstance(closed_on, str):
        closed_on = dt.date.fromisoformat(closed_on)
    return {"id": row["id"], "closed_on": closed_on}


async def require_open_plan(plan_id: uuid.UUID) -> None:
    """Inside a write transaction: refuse (409) a change to a closed plan, which is read-only
    (DESIGN.md invariant 5: its episode's close decided every open objective)."""
    episode = await episode_of_plan_held(plan_id)
    if episode["closed_on"] is not None:
        raise PlanClosed(episode["closed_on"])


async def _plan_access(
    principal: Principal, plan_id: Any, *, edit: bool
) -> tuple[FamilyAccess, dict[str, Any]]:
    access = await permissions.access_to_record(principal, Plan, plan_id, "plan")
    if access.is_member:
        raise NotFound("plan")
    if edit:
        access.require_editor()
    plan = (
        await Plan.select(*Plan.all_columns(), Plan.episode.closed_on.as_alias("closed_on"))
        .where(Plan.id == uuid.UUID(str(plan_id)))
        .first()
    )
    return access, plan


async def _item_access(principal: Principal, item_id: Any) -> tuple[FamilyAccess, dict[str, Any]]:
    access = await permissions.access_to_record(principal, Item, item_id, "item")
    item = await Item.select().where(Item.id == uuid.UUID(str(item_id))).first()
    if access.is_member or not access.sees(
        Audience.from_columns(item["audience_kind"], loaded(item["audience_ids"]))
    ):
        raise NotFound("item")
    access.require_editor()
    return access, item


async def _check_links(
    plan: dict[str, Any], section: str, answers: Any, network_person: Any
) -> None:
    if answers is not None:
        if section not in ("safety_goal",):
            raise Invalid("answers", "only a safety goal answers a statement")
        row = (
            await Item.select(Item.section)
            .where((Item.id == answers) & (Item.plan == plan["id"]) & Item.removed_at.is_null())
            .first()
        )
        if row is None:
            raise NotFound("answers")
        if row["section"] not in ("worry", "harm"):
            raise Invalid("answers", "a safety goal answers a worry or harm statement")
    if network_person is not None:
        if section != "safety_rule":
            raise Invalid("network_person", "only a safety rule names a network person")
        row = (
            await Item.select(Item.section)
            .where(
                (Item.id == network_person) & (Item.plan == plan["id"]) & Item.removed_at.is_null()
            )
            .first()
        )
        if row is None or row["section"] != "network":
            raise NotFound("network_person")


def _item_audit(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "section": row["section"],
        "text": row["text"],
        "position": row["position"],
        "audience_kind": row["audience_kind"],
        "audience_ids": loaded(row["audience_ids"]),
    }


# ---------------------------------------------------------------------------- reading


async def plan_id_of_episode(episode_id: uuid.UUID) -> uuid.UUID | None:
    row = await Plan.select(Plan.id).where(Plan.episode == episode_id).first()
    return row["id"] if row else None


async def get_plan_of_episode(principal: Principal, episode_id: Any) -> dict[str, Any]:
    access = await permissions.access_to_record(principal, Episode, episode_id, "episode")
    if access.is_member:
        raise NotFound("episode")
    plan_id = await plan_id_of_episode(uuid.UUID(str(episode_id)))
    if plan_id is None:
        raise NotFound("plan")
    return await get_plan(principal, plan_id)


async def get_plan(principal: Principal, plan_id: Any) -> dict[str, Any]:
    access, plan = await _plan_access(principal, plan_id, edit=False)
    items = (
        await Item.select()
        .where((Item.plan == plan["id"]) & Item.removed_at.is_null())
        .order_by(Item.section)
        .order_by(Item.position)
    )
    visible = [
        item_out(i)
        for i in items
        if access.sees(Audience.from_columns(i["audience_kind"], loaded(i["audience_ids"])))
    ]
    objectives = (
        await Objective.select()
        .where((Objective.plan == plan["id"]) & Objective.removed_at.is_null())
        .order_by(Objective.position)
    )
    scaling = (
        await Scaling.select()
        .where((Scaling.plan == plan["id"]) & Scaling.removed_at.is_null())
        .order_by(Scaling.judged_on)
    )
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
    sections: dict[str, list[dict[str, Any]]] = {section: [] for section in SECTIONS}
    family_texts: list[str] = []
    for item in visible:
        if _family_reads(item["audience"]):
            # What a parent will read carries its plain-language findings as it is written.
            item["plain_language"] = language.report(item["text"])
            family_texts.append(item["text"])
        sections[item["section"]].append(item)
    shown_objectives = [
        objective_out(o)
        for o in objectives
        if access.sees(Audience.from_columns(o["audience_kind"], loaded(o["audience_ids"])))
    ]
    for objective in shown_objectives:
        if _family_reads(objective["audience"]):
            objective["plain_language"] = language.report(objective["title"])
            family_texts.append(objective["title"])
    return {
        "id": plan["id"],
        "family": plan["family"],
        "episode": plan["episode"],
        "kind": plan["kind"],
        "revision": plan["revision"],
        # A closed plan (its episode closed on this date) is read-only: changes answer 409.
        "closed_on": plan["closed_on"],
        "sections": sections,
        "objectives": shown_objectives,
        "plain_language": language.state(family_texts),
        "scaling": [
            scaling_out(s)
            for s in scaling
            if access.sees(Audience.from_columns(s["audience_kind"], loaded(s["audience_ids"])))
        ],
        "versions": versions,
    }


# ---------------------------------------------------------------------------- items


def _check_detail_dates(details: dict[str, Any], kept: dict[str, Any] | None = None) -> None:
    """Every date of an item's details is a real date, `YYYY-MM-DD` (see `rules.DATE_DETAILS`)."""
    wrong = rules.details_date_problem(details, kept)
    if wrong is not None:
        raise Invalid(f"details.{wrong}", "must be a real date, written YYYY-MM-DD")


async def add_item(principal: Principal, plan_id: Any, data: schemas.NewItem) -> dict[str, Any]:
    access, plan = await _plan_access(principal, plan_id, edit=True)
    _check_detail_dates(data.details)
    audience = _audience(data.audience, principal)
    _check_childs_view(data.section, audience, data.details)
    await _check_audience(audience, access.family_id)
    await permissions.require_same_family(
        Member, data.about_member_ids, access.family_id, "about_member_ids"
    )
    await _check_links(plan, data.section, data.answers, data.network_person)
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
        audience_kind=audience.kind,
        audience_ids=json.dumps(list(audience.ids)),
        about_member_ids=json.dumps([str(m) for m in data.about_member_ids]),
        source_kind=data.source_kind,
        source_agency=principal.agency_id if data.source_kind == "agency" else None,
        source_note=data.source_note,
        answers=data.answers,
        network_person=data.network_person,
        author=principal.person_id,
    )
    async with change():
        await require_open_plan(plan["id"])
        await item.save()
        touch_family(access.family_id)
        row = await Item.select().where(Item.id == item.id).first()
        await audit.record(
            actor=principal.person_id,
            action="item.added",
            record_type="item",
            record_id=item.id,
            family=access.family_id,
            after=_item_audit(row),
        )
        events.add(access.family_id, "item.changed", item.id)
    return item_out(row)


async def patch_item(principal: Principal, item_id: Any, data: schemas.ItemPatch) -> dict[str, Any]:
    access, item = await _item_access(principal, item_id)
    if item["removed_at"] is not None:
        raise Invalid("item", "this item was removed; it can no longer be changed")
    plan = {"id": item["plan"]}
    values: dict[Any, Any] = {}
    if data.text is not None:
        values[Item.text] = data.text.strip()
    # The item as it will be: the rules are checked on what is kept, not only on what changed.
    audience = Audience.from_columns(item["audience_kind"], loaded(item["audience_ids"]))
    if data.audience is not None:
        audience = _audience(data.audience, principal)
    _check_childs_view(
        item["section"],
        audience,
        data.details if data.details is not None else loaded(item["details"]),
    )
    if data.audience is not None:
        await _check_audience(audience, access.family_id)
        values[Item.audience_kind] = audience.kind
        values[Item.audience_ids] = json.dumps(list(audience.ids))
    if data.details is not None:
        _check_detail_dates(data.details, loaded(item["details"]) or {})
        values[Item.details] = json.dumps(normalise(data.details))
    if data.about_member_ids is not None:
        await permissions.require_same_family(
            Member, data.about_member_ids, access.family_id, "about_member_ids"
        )
        values[Item.about_member_ids] = json.dumps([str(m) for m in data.about_member_ids])
    if data.answers is not None or data.network_person is not None:
        await _check_links(plan, item["section"], data.answers, data.network_person)
        if data.answers is not None:
            values[Item.answers] = data.answers
        if data.network_person is not None:
            values[Item.network_person] = data.network_person
    if data.position is not None:
        values[Item.position] = data.position
    async with change():
        await require_open_plan(item["plan"])
        row = await update_at_revision(
            Item, item["id"], data.revision, values, "item", present=item_out
        )
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="item.changed",
            record_type="item",
            record_id=item["id"],
            family=access.family_id,
            before=_item_audit(item),
            after=_item_audit(row),
        )
        events.add(access.family_id, "item.changed", item["id"])
    return item_out(row)


async def remove_item(principal: Principal, item_id: Any, data: schemas.Removal) -> dict[str, Any]:
    access, item = await _item_access(principal, item_id)
    if item["removed_at"] is not None:
        raise NotFound("item")
    async with change():
        await require_open_plan(item["plan"])
        row = await update_at_revision(
            Item,
            item["id"],
            data.revision,
            {
                Item.removed_at: dt.datetime.now(dt.UTC),
                Item.removed_by: principal.person_id,
                Item.removed_reason: data.reason.strip(),
            },
            "item",
            present=item_out,
        )
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="item.removed",
            record_type="item",
            record_id=item["id"],
            family=access.family_id,
            before=_item_audit(item),
            after={"reason": data.reason},
        )
        events.add(access.family_id, "item.changed", item["id"])
    return item_out(row)


async def move_item(
    principal: Principal, item_id: Any, direction: str, revision: int | None
) -> dict[str, Any]:
    """Move an item one place up or down in its section (the editor's reorder buttons).

    The moved item is changed at the revision it was seen at (a stale one raises Conflict);
    its neighbours take their new places, the section renumbered 0, 1, 2 ... on the way.
    """
    if direction not in ("up", "down"):
        raise Invalid("direction", 'must be "up" or "down"')
    access, item = await _item_access(principal, item_id)
    if item["removed_at"] is not None:
        raise NotFound("item")
    async with change():
        await require_open_plan(item["plan"])
        siblings = (
            await Item.select(Item.id, Item.position)
            .where(
                (Item.plan == item["plan"])
                & (Item.section == item["section"])
                & Item.removed_at.is_null()
            )
            .order_by(Item.position)
            .order_by(Item.created_at)
        )
        order = [row["id"] for row in siblings]
        index = order.index(item["id"])
        target = index - 1 if direction == "up" else index + 1
        if 0 <= target < len(order):
            order[index], order[target] = order[target], order[index]
        was = {row["id"]: row["position"] for row in siblings}
        row = await update_at_revision(
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
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="item.moved",
            record_type="item",
            record_id=item["id"],
            family=access.family_id,
            before={"position": item["position"]},
            after={"position": row["position"], "direction": direction},
        )
        for moved_id in moved:
            events.add(access.family_id, "item.changed", moved_id)
    return item_out(row)


async def get_item(principal: Principal, item_id: Any) -> dict[str, Any]:
    """One current item, for an editor of its plan (the editor's in-place forms)."""
    _, item = await _item_access(principal, item_id)
    if item["removed_at"] is not None:
        raise NotFound("item")
    return {**item_out(item), "plan": item["plan"]}


async def get_objective(principal: Principal, objective_id: Any) -> dict[str, Any]:
    """One current objective, for an editor of its plan."""
    access, objective = await _objective_access(principal, objective_id)
    if access.is_member:
        raise NotFound("objective")
    access.require_editor()
    return objective_out(objective)


async def last_change(
    principal: Principal, record_id: Any, what: str = "item"
) -> dict[str, Any] | None:
    """Who last changed an item or an objective, and when (for the editor's merge view),
    from its audit trail."""
    from careplan.audit.tables import AuditEvent

    if what == "objective":
        await get_objective(principal, record_id)
    else:
        await _item_access(principal, record_id)
    row = (
        await AuditEvent.select(AuditEvent.at, AuditEvent.actor.name.as_alias("by"))
        .where((AuditEvent.record_type == what) & (AuditEvent.record_id == str(record_id)))
        .order_by(AuditEvent.sequence, ascending=False)
        .first()
    )
    return None if row is None else {"by": row["by"], "at": row["at"]}


async def latest_progress(principal: Principal, plan_id: Any) -> dict[str, dict[str, Any]]:
    """The latest check-in on each objective's thread of a plan, by objective id: one query per
    objective of the plan, whatever the length of the history (two when the thread's latest
    check-in was recorded on an earlier objective whose audience does not include the
    reader: then the latest on this objective is shown)."""
    access, plan = await _plan_access(principal, plan_id, edit=False)
    objectives = await Objective.select(
        Objective.id, Objective.thread, Objective.audience_kind, Objective.audience_ids
    ).where((Objective.plan == plan["id"]) & Objective.removed_at.is_null())
    out: dict[str, dict[str, Any]] = {}

    async def latest(where: Any) -> dict[str, Any] | None:
        return (
            await ProgressEntry.select(
                ProgressEntry.recorded_on,
                ProgressEntry.value,
                ProgressEntry.note,
                ProgressEntry.objective.audience_kind.as_alias("audience_kind"),
                ProgressEntry.objective.audience_ids.as_alias("audience_ids"),
            )
            .where(where & ProgressEntry.removed_at.is_null())
            .order_by(ProgressEntry.recorded_on, ascending=False)
            .order_by(ProgressEntry.created_at, ascending=False)
            .first()
        )

    for objective in objectives:
        if not access.sees(_audience_of(objective)):
            continue
        entry = await latest(ProgressEntry.thread == objective["thread"])
        if entry is not None and not access.sees(_audience_of(entry)):
            entry = await latest(ProgressEntry.objective == objective["id"])
        if entry is not None:
            out[str(objective["id"])] = {
                key: entry[key] for key in ("recorded_on", "value", "note")
            }
    return out


# ---------------------------------------------------------------------------- objectives


async def _owner_columns(owner: schemas.Owner, family_id: uuid.UUID) -> dict[str, Any]:
    if owner.kind == "member":
        await permissions.require_same_family(Member, [owner.id], family_id, "owner.id")
        return {"owner_kind": "member", "owner_member": owner.id}
    if owner.kind == "professional":
        found = await Person.exists().where(
            (Person.id == owner.id) & (Person.kind == "professional")
        )
        if not found:
            raise NotFound("owner.id")
        return {"owner_kind": "professional", "owner_person": owner.id}
    if not await Agency.exists().where(Agency.id == owner.id):
        raise NotFound("owner.id")
    return {"owner_kind": "agency", "owner_agency": owner.id}


def _measure_columns(measure: schemas.Measure) -> dict[str, Any]:
    unit = measure.unit.strip()
    target = rules.measure_value(measure.kind, measure.target, unit)
    if target is None:
        raise Invalid("measure.target", rules.measure_hint(measure.kind, unit))
    baseline = None
    if measure.baseline is not None:
        baseline = rules.measure_value(measure.kind, measure.baseline, unit)
        if baseline is None:
            raise Invalid("measure.baseline", rules.measure_hint(measure.kind, unit))
    return {
        "measure_kind": measure.kind,
        "unit": unit,
        "target": target,
        "baseline": baseline,
    }


def _objective_audit(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": row["title"],
        "status": row["status"],
        "target": row["target"],
        "measure_kind": row["measure_kind"],
        "due_on": row["due_on"],
    }


async def add_objective(
    principal: Principal, plan_id: Any, data: schemas.NewObjective
) -> dict[str, Any]:
    access, plan = await _plan_access(principal, plan_id, edit=True)
    audience = _audience(data.audience, principal)
    await _check_audience(audience, access.family_id)
    owner = await _owner_columns(data.owner, access.family_id)
    measure = _measure_columns(data.measure)
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
        audience_kind=audience.kind,
        audience_ids=json.dumps(list(audience.ids)),
        position=position,
        author=principal.person_id,
        **owner,
        **measure,
    )
    async with change():
        await require_open_plan(plan["id"])
        await thread.save()
        await objective.save()
        touch_family(access.family_id)
        row = await Objective.select().where(Objective.id == objective.id).first()
        await audit.record(
            actor=principal.person_id,
            action="objective.added",
            record_type="objective",
            record_id=objective.id,
            family=access.family_id,
            after=_objective_audit(row),
        )
        events.add(access.family_id, "objective.changed", objective.id)
    return objective_out(row)


async def _objective_access(
    principal: Principal, objective_id: Any
) -> tuple[FamilyAccess, dict[str, Any]]:
    access = await permissions.access_to_record(principal, Objective, objective_id, "objective")
    row = await Objective.select().where(Objective.id == uuid.UUID(str(objective_id))).first()
    if row["removed_at"] is not None or not access.sees(
        Audience.from_columns(row["audience_kind"], loaded(row["audience_ids"]))
    ):
        raise NotFound("objective")
    return access, row


async def patch_objective(
    principal: Principal, objective_id: Any, data: schemas.ObjectivePatch
) -> dict[str, Any]:
    access, objective = await _objective_access(principal, objective_id)
    if access.is_member:
        raise NotFound("objective")
    access.require_editor()
    values: dict[Any, Any] = {}
    if data.title is not None:
        values[Objective.title] = data.title.strip()
    if data.why is not None:
        values[Objective.why] = data.why.strip()
    if data.due_on is not None:
        values[Objective.due_on] = data.due_on
    if data.measure is not None:
        values.update({getattr(Objective, k): v for k, v in _measure_columns(data.measure).items()})
    if data.owner is not None:
        owner = await _owner_columns(data.owner, access.family_id)
        values.update(
            {
                Objective.owner_member: None,
                Objective.owner_person: None,
                Objective.owner_agency: None,
            }
        )
        values.update({getattr(Objective, k): v for k, v in owner.items()})
    if data.audience is not None:
        audience = _audience(data.audience, principal)
        await _check_audience(audience, access.family_id)
        values[Objective.audience_kind] = audience.kind
        values[Objective.audience_ids] = json.dumps(list(audience.ids))
    async with change():
        await require_open_plan(objective["plan"])
        status = await Objective.select(Objective.status).where(Objective.id == objective["id"])
        if status[0]["status"] != "open":
            raise Invalid("status", "only an open objective can be changed")
        row = await update_at_revision(
            Objective, objective["id"], data.revision, values, "objective", present=objective_out
        )
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="objective.changed",
            record_type="objective",
            record_id=objective["id"],
            family=access.family_id,
            before=_objective_audit(objective),
            after=_objective_audit(row),
        )
        events.add(access.family_id, "objective.changed", objective["id"])
    return objective_out(row)


def progress_out(row: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "id",
        "thread",
        "objective",
        "client_uuid",
        "recorded_on",
        "value",
        "note",
        "by_kind",
        "by_person",
        "created_at",
    )
    return {key: row[key] for key in keys}


@repeat_on_duplicate
async def add_progress(
    principal: Principal, objective_id: Any, data: schemas.NewProgress
) -> tuple[dict[str, Any], bool]:
    """Record a check-in. Returns (entry, created): a repeated client uuid stores once.

    A check-in is never lost to a close (a parent's, queued offline before it, say): on an
    objective of a closed plan it is stored on the objective's thread where it now continues
    (the carried objective of the new plan), or kept against the decided objective as its
    history. The entry says which (`outcome`: recorded, carried or ended) and `message`
    says it in plain words.
    """
    access, objective = await _objective_access(principal, objective_id)
    existing = (
        await ProgressEntry.select().where(ProgressEntry.client_uuid == data.client_uuid).first()
    )
    if existing is not None:
        if existing["thread"] != objective["thread"]:
            raise Invalid("client_uuid", "was already used for another check-in")
        closed = await _closed_on(objective["plan"])
        outcome = rules.check_in_outcome(
            _status_of(objective, existing["objective"]),
            closed is not None,
            moved=existing["objective"] != objective["id"],
        )
        return _check_in_out(existing, outcome), False
    value = rules.measure_value(objective["measure_kind"], data.value, objective["unit"])
    if value is None:
        raise Invalid("value", rules.measure_hint(objective["measure_kind"], objective["unit"]))
    recorded_on = data.recorded_on or dt.date.today()
    if recorded_on > dt.date.today():
        raise Invalid("recorded_on", "cannot be in the future")
    opened = (
        await Objective.select(Objective.plan.episode.opened_on.as_alias("opened"))
        .where(Objective.id == objective["id"])
        .first()
    )
    if recorded_on < opened["opened"]:
        raise Invalid("recorded_on", "cannot be before the episode of this objective began")
    entry = ProgressEntry(
        id=uuid.uuid4(),
        family=access.family_id,
        thread=objective["thread"],
        objective=objective["id"],
        client_uuid=data.client_uuid,
        recorded_on=recorded_on,
        value=value,
        note=data.note.strip(),
        by_kind="parent" if access.is_member else "professional",
        by_person=principal.person_id,
    )
    async with change():
        # Where it goes is decided with the episode's row held: a close under way goes first.
        target, outcome = await _check_in_target(objective)
        entry.objective = target
        await entry.save()
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="progress.recorded",
            record_type="progress_entry",
            record_id=entry.id,
            family=access.family_id,
            after={
                "objective": target,
                "value": value,
                "recorded_on": recorded_on,
                **({} if outcome == "recorded" else {"sent_to": objective["id"]}),
            },
        )
        events.add(access.family_id, "progress.recorded", entry.id)
    row = await ProgressEntry.select().where(ProgressEntry.id == entry.id).first()
    return _check_in_out(row, outcome), True


def _check_in_out(row: dict[str, Any], outcome: str) -> dict[str, Any]:
    return {**progress_out(row), "outcome": outcome, "message": rules.CHECK_IN_SAID[outcome]}


def _status_of(objective: dict[str, Any], stored_on: uuid.UUID) -> str:
    return objective["status"] if stored_on == objective["id"] else "carried"


async def _closed_on(plan_id: uuid.UUID) -> dt.date | None:
    row = (
        await Plan.select(Plan.episode.closed_on.as_alias("closed_on"))
        .where(Plan.id == plan_id)
        .first()
    )
    return None if row is None else row["closed_on"]


async def _check_in_target(objective: dict[str, Any]) -> tuple[uuid.UUID, str]:
    """Inside the write transaction: the objective a check-in on `objective` is stored on,
    and the outcome (see `rules.check_in_outcome`)."""
    episode = await episode_of_plan_held(objective["plan"])
    now = await Objective.select(Objective.status).where(Objective.id == objective["id"]).first()
    target = objective["id"]
    moved = False
    if now["status"] == "carried":
        # Carried into a new episode's plan: the thread continues there.
        later = (
            await Objective.select(Objective.id)
            .where(
                (Objective.thread == objective["thread"])
                & (Objective.status == "open")
                & Objective.removed_at.is_null()
            )
            .order_by(Objective.created_at, ascending=False)
            .first()
        )
        if later is not None and later["id"] != objective["id"]:
            target, moved = later["id"], True
    outcome = rules.check_in_outcome(now["status"], episode["closed_on"] is not None, moved=moved)
    return target, outcome


def _audience_of(row: dict[str, Any]) -> Audience:
    return Audience.from_columns(row["audience_kind"], loaded(row["audience_ids"]))


def _readable_thread(
    access: FamilyAccess, thread: dict[str, Any], objectives: list[dict[str, Any]]
) -> tuple[str, list[dict[str, Any]]] | None:
    """A thread as the reader may read it: its title and the objectives (oldest first) they
    see, or None when the thread is hidden from them (its current objective is not for
    them). The thread's own title was its first objective's: shown only to those who see that
    one; others read the title of its latest objective."""
    seen = rules.thread_steps_seen([_audience_of(o) for o in objectives], access.sees)
    if seen is None:
        return None
    title = thread["title"] if not objectives or 0 in seen else objectives[-1]["title"]
    return title, [objectives[index] for index in seen]


async def get_thread(principal: Principal, thread_id: Any) -> dict[str, Any]:
    """One objective's whole life: every plan and episode it ran through, every check-in,
    as far as the reader's audience goes (a thread follows its current objective's audience,
    each check-in the audience of the objective it was recorded on)."""
    access = await permissions.access_to_record(principal, ObjectiveThread, thread_id, "thread")
    if access.is_member:
        raise NotFound("thread")
    thread = (
        await ObjectiveThread.select()
        .where(ObjectiveThread.id == uuid.UUID(str(thread_id)))
        .first()
    )
    objectives = (
        await Objective.select(
            *Objective.all_columns(),
            Objective.plan.episode.as_alias("episode"),
            Objective.plan.episode.kind.as_alias("episode_kind"),
        )
        .where(Objective.thread == thread["id"])
        .order_by(Objective.created_at)
    )
    readable = _readable_thread(access, thread, objectives)
    if readable is None:
        raise NotFound("thread")
    title, shown = readable
    shown_ids = {o["id"] for o in shown}
    progress = (
        await ProgressEntry.select()
        .where((ProgressEntry.thread == thread["id"]) & ProgressEntry.removed_at.is_null())
        .order_by(ProgressEntry.recorded_on)
    )
    return {
        **_thread_out(thread),
        "title": title,
        "objectives": [
            {**objective_out(o), "episode": o["episode"], "episode_kind": o["episode_kind"]}
            for o in shown
        ],
        "progress": [progress_out(p) for p in progress if p["objective"] in shown_ids],
    }


def _thread_out(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "title", "started_on", "status", "ended_on", "end_reason")
    return {key: row[key] for key in keys}


async def threads_of_family(access: FamilyAccess) -> list[dict[str, Any]]:
    """Every thread the reader may read, with the episodes it ran through, in three queries
    whatever the history: each thread, step and check-in follows its objective's audience
    (see `get_thread`)."""
    family_id = access.family_id
    threads = (
        await ObjectiveThread.select()
        .where(ObjectiveThread.family == family_id)
        .order_by(ObjectiveThread.started_on)
    )
    objectives = (
        await Objective.select(
            Objective.id,
            Objective.thread,
            Objective.title,
            Objective.status,
            Objective.target,
            Objective.baseline,
            Objective.measure_kind,
            Objective.unit,
            Objective.audience_kind,
            Objective.audience_ids,
            Objective.plan.episode.as_alias("episode"),
        )
        .where(Objective.family == family_id)
        .order_by(Objective.created_at)
    )
    progress = (
        await ProgressEntry.select(
            ProgressEntry.thread,
            ProgressEntry.objective,
            ProgressEntry.recorded_on,
            ProgressEntry.value,
        )
        .where((ProgressEntry.family == family_id) & ProgressEntry.removed_at.is_null())
        .order_by(ProgressEntry.recorded_on)
    )
    by_thread: dict[Any, list[dict[str, Any]]] = {}
    for objective in objectives:
        by_thread.setdefault(objective["thread"], []).append(objective)
    readable: dict[Any, tuple[str, list[dict[str, Any]]]] = {}
    for thread in threads:
        found = _readable_thread(access, thread, by_thread.get(thread["id"], []))
        if found is not None:
            readable[thread["id"]] = found
    shown_objectives = {o["id"] for _, steps in readable.values() for o in steps}
    latest: dict[Any, dict[str, Any]] = {}
    counts: dict[Any, int] = {}
    for entry in progress:
        if entry["objective"] not in shown_objectives:
            continue
        latest[entry["thread"]] = entry
        counts[entry["thread"]] = counts.get(entry["thread"], 0) + 1
    out = []
    for thread in threads:
        if thread["id"] not in readable:
            continue
        title, steps = readable[thread["id"]]
        last = steps[-1] if steps else None
        out.append(
            {
                **_thread_out(thread),
                "title": title,
                "episodes": [s["episode"] for s in steps],
                "objectives": [
                    {"id": s["id"], "episode": s["episode"], "status": s["status"]} for s in steps
                ],
                "measure": None
                if last is None
                else {
                    "kind": last["measure_kind"],
                    "unit": last["unit"],
                    "baseline": last["baseline"],
                    "target": last["target"],
                },
                "progress_count": counts.get(thread["id"], 0),
                "latest": None
                if thread["id"] not in latest
                else {
                    "recorded_on": latest[thread["id"]]["recorded_on"],
                    "value": latest[thread["id"]]["value"],
                },
            }
        )
    return out


# ------------------------------------------------------------------ episodes (for families)


async def start_plan(
    access: FamilyAccess,
    episode_id: uuid.UUID,
    kind: str,
    carry_over: list[uuid.UUID],
    principal: Principal,
) -> uuid.UUID:
    """The new episode's plan, with the kept objectives carried in (same thread, whole
    history). Runs inside the caller's transaction."""
    plan_id = uuid.uuid4()
    await Plan(id=plan_id, family=access.family_id, episode=episode_id, kind=kind).save()
    for index, thread_id in enumerate(carry_over):
        field = f"carry_over[{index}]"
        thread = (
            await ObjectiveThread.select()
            .where((ObjectiveThread.id == thread_id) & (ObjectiveThread.family == access.family_id))
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
        if last["status"] == "open":
            await Objective.update({Objective.status: "carried"}).where(Objective.id == last["id"])
        copy = {
            k: v
            for k, v in last.items()
            if k
            not in (
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
        }
        await Objective(
            id=uuid.uuid4(),
            plan=plan_id,
            status="open",
            position=index,
            author=principal.person_id,
            **copy,
        ).save()
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
    return [{**row, "audience": _audience_of(row)} for row in rows]


async def decide_objectives(
    access: FamilyAccess, decisions: list[Decision], on: dt.date, principal: Principal
) -> None:
    """Record each closing decision on the objective and, when it ends, on its thread."""
    for decision in decisions:
        objective_id = uuid.UUID(decision.objective)
        status = {"carry": "carried", "achieved": "achieved", "dropped": "dropped"}[
            decision.decision
        ]
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
        await audit.record(
            actor=principal.person_id,
            action=f"objective.{status}",
            record_type="objective",
            record_id=objective_id,
            family=access.family_id,
            after={"status": status, "reason": decision.reason},
        )


# ---------------------------------------------------------------------------- scaling


async def add_scaling(
    principal: Principal, plan_id: Any, data: schemas.NewScaling
) -> dict[str, Any]:
    access, plan = await _plan_access(principal, plan_id, edit=True)
    audience = _audience(data.audience, principal)
    await _check_audience(audience, access.family_id)
    if data.statement is not None:
        row = (
            await Item.select(Item.section)
            .where(
                (Item.id == data.statement) & (Item.plan == plan["id"]) & Item.removed_at.is_null()
            )
            .first()
        )
        if row is None:
            raise NotFound("statement")
        if row["section"] not in ("worry", "harm"):
            raise Invalid("statement", "scaling is about a worry or harm statement, or overall")
    by_member = None
    if data.by_kind in ("parent", "child"):
        if data.by_member is None:
            raise Invalid("by_member", "say which family member gave this score")
        await permissions.require_same_family(
            Member, [data.by_member], access.family_id, "by_member"
        )
        by_member = data.by_member
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
        audience_kind=audience.kind,
        audience_ids=json.dumps(list(audience.ids)),
    )
    async with change():
        await require_open_plan(plan["id"])
        await scaling.save()
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="scaling.recorded",
            record_type="scaling",
            record_id=scaling.id,
            family=access.family_id,
            after={"score": data.score, "by_kind": data.by_kind, "statement": data.statement},
        )
        events.add(access.family_id, "scaling.recorded", scaling.id)
    row = await Scaling.select().where(Scaling.id == scaling.id).first()
    return scaling_out(row)


# ---------------------------------------------------------------------------- versions


async def current_document(plan: dict[str, Any]) -> dict[str, Any]:
    """The plan as it stands, read back from the database, as a version document."""
    episode = await Episode.select().where(Episode.id == plan["episode"]).first()
    members = await Member.select(Member.id, Member.given_name, Member.known_as, Member.role).where(
        Member.family == plan["family"]
    )
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
    return rules.plan_document(plan, episode, members, items, objectives, scaling)


def version_out(row: dict[str, Any]) -> dict[str, Any]:
    """A version's facts, without its content (which is read through `get_version` only,
    filtered by the reader's audience)."""
    return {
        key: row[key]
        for key in ("id", "plan", "number", "sha256", "label", "created_at", "shared_at", "schema")
    }


async def take_version(
    principal: Principal, plan_id: Any, data: schemas.NewVersion
) -> dict[str, Any]:
    access, plan = await _plan_access(principal, plan_id, edit=True)
    async with change():
        await require_open_plan(plan["id"])
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
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="version.taken",
            record_type="plan_version",
            record_id=version.id,
            family=access.family_id,
            after={"number": version.number, "sha256": snapshot.sha256},
        )
        events.add(access.family_id, "version.taken", version.id)
    return {
        "id": version.id,
        "number": version.number,
        "sha256": snapshot.sha256,
        "label": version.label,
    }


async def _version(plan_id: uuid.UUID, number: int, field: str = "number") -> dict[str, Any]:
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
    access, plan = await _plan_access(principal, plan_id, edit=False)
    row = await _version(plan["id"], number)
    content, filtered = rules.readable_document(json.loads(row["content"]), access.sees)
    return {**version_out(row), "content": content, "filtered": filtered}


async def diff_versions(principal: Principal, plan_id: Any, a: int, b: int) -> dict[str, Any]:
    """What changed between two versions, as the reader may read them: an entry for an
    audience that does not include the reader is in neither side (`filtered` says so)."""
    access, plan = await _plan_access(principal, plan_id, edit=False)
    before = await _version(plan["id"], a, "from")
    after = await _version(plan["id"], b, "to")
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


async def _share_members(
    family_id: uuid.UUID, version: dict[str, Any], today: dt.date
) -> list[dict[str, Any]]:
    """Every current member of the family as a version's sharing sees them: their view (the
    one made already, or the one sharing would make), whether sharing makes it now, whether
    they can read it, and if not, why. Readers first, then by name."""
    rows = await Member.select(
        Member.id,
        Member.given_name,
        Member.family_name,
        Member.known_as,
        Member.role,
        Member.portal_restricted,
        Member.to_date,
        Member.person,
        Member.person.active.as_alias("account_active"),
    ).where(Member.family == family_id)
    made = {
        row["member"]: row
        for row in await FamilyView.select(
            FamilyView.member, FamilyView.sha256, FamilyView.content
        ).where(FamilyView.version == version["id"])
    }
    document = json.loads(version["content"])
    out = []
    for row in rows:
        if row["to_date"] is not None and row["to_date"] < today:
            continue  # no longer in the family
        reads = rules.reads_the_portal(
            portal_restricted=row["portal_restricted"],
            has_account=row["person"] is not None,
            account_active=bool(row["account_active"]),
            current=True,
        )
        existing = made.get(row["id"])
        view: dict[str, Any] | None = None
        if existing is not None:
            view = {"sha256": existing["sha256"], "content": json.loads(existing["content"])}
        elif not row["portal_restricted"]:
            snapshot = rules.Snapshot.of(rules.family_view_document(document, str(row["id"])))
            view = {"sha256": snapshot.sha256, "content": json.loads(snapshot.text)}
        why_not = None
        if row["portal_restricted"]:
            why_not = "restricted"
        elif row["person"] is None:
            why_not = "no_account"
        elif not row["account_active"]:
            why_not = "account_closed"
        out.append(
            {
                "member": row["id"],
                "name": row["known_as"] or row["given_name"],
                "full_name": " ".join(
                    p for p in (row["known_as"] or row["given_name"], row["family_name"]) if p
                ),
                "role": row["role"],
                "has_account": row["person"] is not None,
                "person": row["person"],
                "reads_now": reads,
                "why_not": why_not,
                "has_view": existing is not None,
                "gets_view": existing is None and view is not None,
                "view": view,
            }
        )
    out.sort(key=lambda m: (not m["reads_now"], m["name"]))
    return out


def _digest_of(members: list[dict[str, Any]]) -> str:
    return rules.share_digest(
        (str(m["member"]), m["view"]["sha256"], m["reads_now"]) for m in members if m["gets_view"]
    )


async def share_preview(principal: Principal, plan_id: Any, number: int) -> dict[str, Any]:
    """Before sharing a version (issue 14): each member's view exactly as sharing makes it,
    made by the same rule (`rules.family_view_document`), who can read it and who cannot
    (and why), and the digest of what was checked, for `share_version(expected=...)`.
    Each view is given as `service.my_view` gives it to its member."""
    access, plan = await _plan_access(principal, plan_id, edit=True)
    if plan["closed_on"] is not None:  # a closed plan's versions are no longer shared
        raise PlanClosed(plan["closed_on"])
    version = await _version(plan["id"], number)
    members = await _share_members(access.family_id, version, dt.date.today())
    for member in members:
        if member["view"] is not None:
            member["view"] = {
                "family": access.family_id,
                "member": member["member"],
                "plan": plan["id"],
                "version": number,
                "version_sha256": version["sha256"],
                "id": None,
                **member["view"],
            }
    return {
        "plan": plan["id"],
        "family": access.family_id,
        "number": number,
        "sha256": version["sha256"],
        "label": version["label"],
        "shared_at": version["shared_at"],
        "members": members,
        "digest": _digest_of(members),
    }


@repeat_on_duplicate
async def share_version(
    principal: Principal, plan_id: Any, number: int, expected: str | None = None
) -> dict[str, Any]:
    """Make one family view per member (none for a portal-restricted member).

    `expected`: the digest of what the key worker checked (`share_preview`); if the views to
    be made or who can read them have changed since, nothing is shared (Conflict)."""
    access, plan = await _plan_access(principal, plan_id, edit=True)
    version = await _version(plan["id"], number)
    document = json.loads(version["content"])
    today = dt.date.today()
    members = await Member.select(Member.id, Member.portal_restricted, Member.to_date).where(
        Member.family == access.family_id
    )
    already = {
        row["member"]
        for row in await FamilyView.select(FamilyView.member).where(
            FamilyView.version == version["id"]
        )
    }
    made = []
    async with change():
        await require_open_plan(plan["id"])
        if expected is not None:
            checked = await _share_members(access.family_id, version, today)
            if _digest_of(checked) != expected:
                raise Conflict("recipients", {"number": number, "digest": _digest_of(checked)})
        for member in members:
            if member["portal_restricted"] or member["id"] in already:
                continue
            if member["to_date"] is not None and member["to_date"] < today:
                continue
            view = rules.Snapshot.of(rules.family_view_document(document, str(member["id"])))
            view_id = uuid.uuid4()
            await FamilyView(
                id=view_id,
                family=access.family_id,
                version=version["id"],
                member=member["id"],
                content=view.text,
                sha256=view.sha256,
            ).save()
            made.append({"member": member["id"], "sha256": view.sha256})
        if version["shared_at"] is None:
            await PlanVersion.update(
                {
                    PlanVersion.shared_at: dt.datetime.now(dt.UTC),
                    PlanVersion.shared_by: principal.person_id,
                }
            ).where(PlanVersion.id == version["id"])
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="version.shared",
            record_type="plan_version",
            record_id=version["id"],
            family=access.family_id,
            after={"number": number, "views": [str(m["member"]) for m in made]},
        )
        events.add(access.family_id, "version.shared", version["id"])
    views = await FamilyView.select(FamilyView.member, FamilyView.sha256).where(
        FamilyView.version == version["id"]
    )
    readers = [
        m["member"]
        for m in await _share_members(access.family_id, version, today)
        if m["reads_now"] and m["has_view"]
    ]
    # `views`: every view of the version; `readers`: the members who can read theirs now.
    return {"number": number, "sha256": version["sha256"], "views": views, "readers": readers}


async def my_view(principal: Principal, family_id: Any = None) -> dict[str, Any]:
    """A member's own view of the version last shared with their family."""
    if principal.is_professional:
        raise NotFound("view")
    family_ids = await permissions.visible_family_ids(principal)
    if family_id is not None:
        family_ids = [f for f in family_ids if str(f) == str(family_id)]
    for fid in family_ids:
        access = await permissions.family_access(principal, fid)
        row = (
            await FamilyView.select(
                *FamilyView.all_columns(),
                FamilyView.version.number.as_alias("number"),
                FamilyView.version.sha256.as_alias("version_sha256"),
                FamilyView.version.plan.as_alias("plan"),
            )
            .where(FamilyView.member == access.member_id)
            .order_by(FamilyView.created_at, ascending=False)
            .first()
        )
        if row is not None:
            return {
                "family": fid,
                "member": access.member_id,
                "plan": row["plan"],
                "version": row["number"],
                "version_sha256": row["version_sha256"],
                "sha256": row["sha256"],
                "content": json.loads(row["content"]),
                "id": row["id"],
            }
    raise NotFound("view")
