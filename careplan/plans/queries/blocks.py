"""The plan editor's reads, one per block of its page: an item, a section, an objective, the
objectives, the scaling table, and the page itself. Each reads only what its block shows, in
a fixed number of statements whatever the history, with one access decision (remembered for
the rest of the request: `careplan.access.memo`).

Every block has `access`, `plan` (id, family, episode, kind, `closed_on`: its episode's close,
or None while it is open) and `names` (what the block names: `members`, the team's
`agencies` and `people`, each by id; empty when the block names none), and beside them what
it shows. `statements` are the worry and harm statements the reader sees, `network` the
network people, as (id, words) pairs: what a safety goal answers, a safety rule names, a
score is about.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from piccolo.table import Table

from careplan import db
from careplan.access import members, memo, permissions, team
from careplan.access.audience import Audience
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.language import service as language
from careplan.lib.columns import loaded
from careplan.lib.errors import NotFound
from careplan.plans import episodes
from careplan.plans.queries.progress import latest_progress
from careplan.plans.service.presenting import (
    audience_of,
    family_reads,
    item_out,
    objective_out,
    scaling_out,
)
from careplan.plans.tables import Item, Objective, Plan, PlanVersion, Scaling
from careplan.plans.vocabulary import SECTIONS

LINKED = ("worry", "harm", "network")  # what other items and scores point at


@dataclass(frozen=True)
class Names:
    members: dict[str, str] = field(default_factory=dict)
    agencies: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)


async def names(family_id: uuid.UUID, *, of_members: bool, of_team: bool) -> Names:
    """The family's members (the name they are known by) and its team's agencies and people:
    only those asked for, in one statement."""
    found = Names()
    if of_members and of_team:
        for row in await team.names_of(family_id):
            if row["kind"] == "member":
                found.members[str(row["id"])] = row["name"]
            else:
                found.agencies.setdefault(str(row["agency"]), row["agency_name"])
                found.people[str(row["id"])] = row["name"]
        return found
    if of_members:
        for row in await members.members_of(family_id):
            found.members[str(row["id"])] = row["known_as"] or row["given_name"]
    if of_team:
        for row in await team.team_of(family_id):
            found.agencies.setdefault(str(row["agency"]), row["agency_name"])
            found.people[str(row["person"])] = row["name"]
    return found


def _named(audiences: list[Any]) -> tuple[bool, bool]:
    """Whether showing these audiences names members, agencies."""
    kinds = {audience.kind for audience in audiences}
    return "members" in kinds, "agencies" in kinds


def _with_language(item: dict[str, Any], text: str) -> dict[str, Any]:
    if family_reads(item["audience"]):
        item["plain_language"] = language.report(text)
    return item


def _item(row: dict[str, Any]) -> dict[str, Any]:
    return _with_language(item_out(row), row["text"])


def _links(rows: list[dict[str, Any]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The statements (worry, then harm) and network people among current items, in order."""
    statements = [
        (str(row["id"]), row["text"])
        for s in ("worry", "harm")
        for row in rows
        if row["section"] == s
    ]
    network = [
        (str(row["id"]), (loaded(row["details"]) or {}).get("name") or row["text"])
        for row in rows
        if row["section"] == "network"
    ]
    return statements, network


def _current_of_plan(table: type[Table], order: str) -> str:
    """A plan's current rows of `table` (every column, named as the ORM names them), in
    `order`: the select every editor request makes, written once as SQL and run by
    `db.fetch` (building it with the ORM cost more than running it). `{and_}`: more
    conditions, with their parameters."""
    columns = ", ".join(
        f'"{column._meta.db_column_name}" AS "{column._meta.name}"'
        for column in table._meta.columns
    )
    return (
        f'SELECT {columns} FROM "{table._meta.tablename}"'
        ' WHERE "plan" = {{}} AND "removed_at" IS NULL{and_}'
        f" ORDER BY {order}"
    )


_ITEMS = _current_of_plan(Item, '"section", "position"')
_OBJECTIVES = _current_of_plan(Objective, '"position"').format(and_="")
_SCORES = _current_of_plan(Scaling, '"judged_on"').format(and_="")


async def _current_items(
    plan_id: uuid.UUID, access: FamilyAccess, sections: tuple[str, ...] | None = None
) -> list[dict[str, Any]]:
    """The plan's current items the reader sees (of these sections), in their order."""
    if sections is None:
        rows = await db.fetch(Item, _ITEMS.format(and_=""), plan_id)
    else:
        listed = sorted(sections)
        among = ' AND "section" IN (' + ", ".join("{}" for _ in listed) + ")"
        rows = await db.fetch(Item, _ITEMS.format(and_=among), plan_id, *listed)
    return [row for row in rows if access.sees(audience_of(row))]


# What the blocks read of their record with its access, made once: the access read is built
# once for each set of column objects (`permissions.record_access`).
_PLAN = (Plan.id, Plan.family, Plan.episode, Plan.kind, Plan.state)
_PLAN_NAMED = (*_PLAN, Plan.family.name.as_alias("family_name"))
_ITEM = (
    *Item.all_columns(),
    Item.plan.episode.as_alias("episode"),
    Item.plan.kind.as_alias("kind"),
)
_OBJECTIVE = (
    *Objective.all_columns(),
    Objective.plan.episode.as_alias("episode"),
    Objective.plan.kind.as_alias("kind"),
)


async def _plan(
    principal: Principal, plan_id: Any, *, family_name: bool = False
) -> tuple[FamilyAccess, dict[str, Any], episodes.EpisodeFacts]:
    """A professional's access to a plan, its row (with its family's revision, and with
    `family_name` the family's name, read with it) and its episode; a family member reads
    plans only through their views: 404."""
    columns = _PLAN_NAMED if family_name else _PLAN
    access, row = await permissions.record_access(
        principal, Plan, plan_id, "plan", *columns, family_revision=True
    )
    if access.is_member:
        raise NotFound("plan")
    episode = await episodes.of(row["episode"])
    return access, {**row, "closed_on": episode.closed_on}, episode


async def plan_family_revision(principal: Principal, plan_id: Any) -> tuple[uuid.UUID, int]:
    """A professional's access to a plan (404 as `_plan`), and the plan's family with that
    family's revision now: what a replica must have caught up to before the editor is read
    there (careplan.lib.replica). Read with the access decision, on the primary."""
    access, row = await permissions.record_access(
        principal, Plan, plan_id, "plan", Plan.id, family_revision=True
    )
    if access.is_member:
        raise NotFound("plan")
    return access.family_id, row["family_revision"]


def _block(access: FamilyAccess, plan: dict[str, Any], found: Names, **shown: Any) -> dict:
    return {"access": access, "plan": plan, "names": found, **shown}


# ---------------------------------------------------------------------------- items


async def item(principal: Principal, item_id: Any, *, editing: bool = False) -> dict[str, Any]:
    """One current item for an editor of its plan: shown, or with its edit form (`editing`:
    every name and link a form offers)."""
    access, row = await permissions.record_access(principal, Item, item_id, "item", *_ITEM)
    if access.is_member or row["removed_at"] is not None or not access.sees(audience_of(row)):
        raise NotFound("item")
    access.require_editor()
    episode = await episodes.of(row["episode"])
    plan = {
        "id": row["plan"],
        "family": access.family_id,
        "episode": row["episode"],
        "kind": row["kind"],
        "closed_on": episode.closed_on,
    }
    if editing:
        found = await names(access.family_id, of_members=True, of_team=True)
    else:
        of_members, of_team = _named([audience_of(row)])
        found = await names(access.family_id, of_members=of_members, of_team=of_team)
    linked = (editing and row["section"] in ("safety_goal", "safety_rule")) or (
        row["answers"] is not None or row["network_person"] is not None
    )
    rows = await _current_items(row["plan"], access, LINKED) if linked else []
    statements, network = _links(rows)
    shown = {**_item(row), "plan": row["plan"]}
    return _block(access, plan, found, item=shown, statements=statements, network=network)


async def section(principal: Principal, plan_id: Any, name: str) -> dict[str, Any]:
    """One section of the plan, with its add form."""
    if name not in SECTIONS:
        raise NotFound("section")
    access, plan, _ = await _plan(principal, plan_id)
    rows = await _current_items(plan["id"], access, tuple({name, *LINKED}))
    statements, network = _links(rows)
    found = await names(access.family_id, of_members=True, of_team=True)
    items = [_item(row) for row in rows if row["section"] == name]
    return _block(
        access, plan, found, section=name, items=items, statements=statements, network=network
    )


async def place_of_item(principal: Principal, item_id: Any) -> dict[str, Any]:
    """Where an item is (its plan, its section), for an editor of the plan, whether it is
    still current or not: the section to show after a change to it."""
    access, row = await permissions.record_access(
        principal, Item, item_id, "item", Item.plan, Item.section
    )
    if access.is_member:
        raise NotFound("item")
    access.require_editor()
    return row


def _decided(principal: Principal) -> FamilyAccess | None:
    """The one access decision this request has made (a change's), if it made one."""
    made = memo.decided(principal)
    return made[0] if len(made) == 1 else None


async def changed_item(
    principal: Principal, item_id: Any, saved: dict[str, Any]
) -> dict[str, Any] | None:
    """The item block after the principal changed the item in this request: the item as
    saved (its plan is open: the change was made), reading only the names and links it shows.
    None when it is no longer for their eyes (saved for an audience their agency is not in)."""
    access = _decided(principal)
    if access is None:
        try:
            return await item(principal, item_id)
        except NotFound:
            return None
    seen = Audience.parse(saved["audience"])
    if not access.sees(seen):
        return None
    of_members, of_team = _named([seen])
    found = await names(access.family_id, of_members=of_members, of_team=of_team)
    plan = {"id": None, "family": access.family_id, "episode": None, "kind": "", "closed_on": None}
    statements: list[tuple[str, str]] = []
    network: list[tuple[str, str]] = []
    if saved["answers"] is not None or saved["network_person"] is not None:
        _, row = await permissions.record_access(principal, Item, item_id, "item", Item.plan)
        plan["id"] = row["plan"]
        statements, network = _links(await _current_items(row["plan"], access, LINKED))
    shown = {**_with_language(dict(saved), saved["text"]), "plan": plan["id"]}
    return _block(access, plan, found, item=shown, statements=statements, network=network)


# ---------------------------------------------------------------------------- objectives


def _objective(row: dict[str, Any]) -> dict[str, Any]:
    return _with_language(objective_out(row), row["title"])


async def _current_objectives(plan_id: uuid.UUID, access: FamilyAccess) -> list[dict[str, Any]]:
    rows = await db.fetch(Objective, _OBJECTIVES, plan_id)
    return [_objective(row) for row in rows if access.sees(audience_of(row))]


def _owner_named(objective: dict[str, Any]) -> tuple[bool, bool]:
    kind = objective["owner"]["kind"]
    return kind == "member", kind in ("professional", "agency")


async def objective(
    principal: Principal, objective_id: Any, *, editing: bool = False
) -> dict[str, Any]:
    """One current objective for an editor of its plan, with its latest progress."""
    access, row = await permissions.record_access(
        principal, Objective, objective_id, "objective", *_OBJECTIVE
    )
    if access.is_member or row["removed_at"] is not None or not access.sees(audience_of(row)):
        raise NotFound("objective")
    access.require_editor()
    episode = await episodes.of(row["episode"])
    plan = {
        "id": row["plan"],
        "family": access.family_id,
        "episode": row["episode"],
        "kind": row["kind"],
        "closed_on": episode.closed_on,
    }
    shown = _objective(row)
    if editing:
        of_members, of_team = True, True
    else:
        audience_members, audience_agencies = _named([audience_of(row)])
        owner_member, owner_team = _owner_named(shown)
        of_members, of_team = audience_members or owner_member, audience_agencies or owner_team
    found = await names(access.family_id, of_members=of_members, of_team=of_team)
    progress = await latest_progress(access, [shown])
    return _block(access, plan, found, objective=shown, progress=progress)


async def changed_objective(
    principal: Principal, objective_id: Any, saved: dict[str, Any]
) -> dict[str, Any] | None:
    """The objective block after the principal changed it in this request (see
    `changed_item`): as saved, with its latest progress and the names it shows."""
    access = _decided(principal)
    if access is None:
        try:
            return await objective(principal, objective_id)
        except NotFound:
            return None
    seen = Audience.parse(saved["audience"])
    if not access.sees(seen):
        return None
    audience_members, audience_agencies = _named([seen])
    owner_member, owner_team = _owner_named(saved)
    found = await names(
        access.family_id,
        of_members=audience_members or owner_member,
        of_team=audience_agencies or owner_team,
    )
    plan = {
        "id": saved["plan"],
        "family": access.family_id,
        "episode": None,
        "kind": "",
        "closed_on": None,
    }
    shown = _with_language(dict(saved), saved["title"])
    progress = await latest_progress(access, [shown])
    return _block(access, plan, found, objective=shown, progress=progress)


async def checked_in(principal: Principal, row: dict[str, Any], outcome: str) -> dict[str, Any]:
    """The objective block after the principal recorded a check-in on it in this request
    (`row`: the objective as the check-in read it, `plans.service.check_in`): recorded on it,
    its plan was open and the objective unchanged, so only its names and latest progress are
    read. A check-in that went elsewhere (the plan closed meanwhile) reads the whole block."""
    access = _decided(principal)
    if access is None or outcome != "recorded":
        return await objective(principal, row["id"])
    if access.is_member:
        raise NotFound("objective")
    access.require_editor()
    plan = {
        "id": row["plan"],
        "family": access.family_id,
        "episode": row["episode"],
        "kind": "",
        "closed_on": None,
    }
    shown = _objective(row)
    audience_members, audience_agencies = _named([audience_of(row)])
    owner_member, owner_team = _owner_named(shown)
    found = await names(
        access.family_id,
        of_members=audience_members or owner_member,
        of_team=audience_agencies or owner_team,
    )
    progress = await latest_progress(access, [shown])
    return _block(access, plan, found, objective=shown, progress=progress)


async def objectives(principal: Principal, plan_id: Any) -> dict[str, Any]:
    """The plan's objectives with their latest progress, and the form to add one."""
    access, plan, _ = await _plan(principal, plan_id)
    shown = await _current_objectives(plan["id"], access)
    progress = await latest_progress(access, shown)
    statements, _ = _links(await _current_items(plan["id"], access, ("worry", "harm")))
    found = await names(access.family_id, of_members=True, of_team=True)
    return _block(access, plan, found, objectives=shown, progress=progress, statements=statements)


# ---------------------------------------------------------------------------- scaling


async def _current_scaling(
    plan_id: uuid.UUID, access: FamilyAccess, *, family_revision: list[int] | None = None
) -> list[dict[str, Any]]:
    """The plan's current scores the reader sees, oldest first. With `family_revision` (a
    list), the family's revision is read with them and appended to it."""
    where = (Scaling.plan == plan_id) & Scaling.removed_at.is_null()
    if family_revision is None:
        rows = await db.fetch(Scaling, _SCORES, plan_id)
    else:
        rows = (
            await Scaling.select(
                *Scaling.all_columns(), Scaling.family.revision.as_alias("family_revision")
            )
            .where(where & (Scaling.family == access.family_id))
            .order_by(Scaling.judged_on)
        )
        family_revision.extend(row.pop("family_revision") for row in rows[:1])
    return [scaling_out(row) for row in rows if access.sees(audience_of(row))]


async def scaling(principal: Principal, plan_id: Any) -> dict[str, Any]:
    """The plan's scaling table, and the form to record a score."""
    access, plan, _ = await _plan(principal, plan_id)
    judged = await _current_scaling(plan["id"], access)
    statements, _ = _links(await _current_items(plan["id"], access, ("worry", "harm")))
    found = await names(access.family_id, of_members=True, of_team=True)
    return _block(access, plan, found, scaling=judged, statements=statements)


async def changed_scaling(principal: Principal, plan_id: Any) -> dict[str, Any]:
    """The scaling block after the principal recorded a score on the plan in this request:
    its plan is open (the score was recorded) and its access decided, so the scores are read
    with the family's revision, then the statements and names the form offers."""
    access = _decided(principal)
    if access is None:
        return await scaling(principal, plan_id)
    plan_uuid = uuid.UUID(str(plan_id))
    revision: list[int] = []
    judged = await _current_scaling(plan_uuid, access, family_revision=revision)
    if not revision:  # no score of the plan in this family: read it as a stranger would
        return await scaling(principal, plan_id)
    plan = {
        "id": plan_uuid,
        "family": access.family_id,
        "episode": None,
        "kind": "",
        "closed_on": None,
        "family_revision": revision[0],
    }
    statements, _ = _links(await _current_items(plan_uuid, access, ("worry", "harm")))
    found = await names(access.family_id, of_members=True, of_team=True)
    return _block(access, plan, found, scaling=judged, statements=statements)


# ---------------------------------------------------------------------------- the page


async def page(principal: Principal, plan_id: Any) -> dict[str, Any]:
    """The whole editor: every section, the objectives with their progress, the scaling
    table, the plan's episode and how many versions it has; the plan has its family's name
    (`family_name`) and revision (`family_revision`), read with it."""
    access, plan, episode = await _plan(principal, plan_id, family_name=True)
    rows = await _current_items(plan["id"], access)
    sections: dict[str, list[dict[str, Any]]] = {name: [] for name in SECTIONS}
    for row in rows:
        sections[row["section"]].append(_item(row))
    statements, network = _links([row for row in rows if row["section"] in LINKED])
    shown = await _current_objectives(plan["id"], access)
    texts = [i["text"] for s in sections.values() for i in s if "plain_language" in i]
    texts += [o["title"] for o in shown if "plain_language" in o]
    return _block(
        access,
        plan,
        await names(access.family_id, of_members=True, of_team=True),
        episode=episode,
        sections=sections,
        objectives=shown,
        progress=await latest_progress(access, shown),
        scaling=await _current_scaling(plan["id"], access),
        statements=statements,
        network=network,
        plain_language=language.state(texts),
        versions=await PlanVersion.count().where(PlanVersion.plan == plan["id"]),
    )
