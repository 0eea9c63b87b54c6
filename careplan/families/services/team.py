"""A family's team as it changes: someone joins it, leaves it, or becomes its key worker.

Access follows the team (careplan.access.permissions reads the team row on every request), so
taking someone off it ends their access at once: their next page or API read of the family is
404, and their open event streams end (careplan.live.service.stream checks again on the
`team.changed` event this publishes, and on every keep-alive). The row is never deleted:
`left_on`, `left_by` and `left_reason` keep who was there, until when, who ended it and why.

Who may: careplan.access.authority, `team.add`, `team.remove` and `team.key_worker` (by
default children's social care on the team, the key worker, or a manager). Adding someone is
`careplan.families.service.add_team_member`; `to_add` is what its page offers.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from careplan.access import authority, permissions
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.audit import service as audit
from careplan.families import schemas
from careplan.families.queries import family as family_reads
from careplan.families.queries import tenancy
from careplan.families.service import get_family
from careplan.families.tables import TeamMember
from careplan.lib import events
from careplan.lib.errors import Invalid, NotFound
from careplan.lib.uow import change, require_revision, touch_family, update_at_revision

ACTIONS = ("team.add", "team.remove", "team.key_worker")
KEY_WORKER_STAYS = "is the family's key worker: make someone else key worker first"


def _person_uuid(person_id: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(person_id))
    except ValueError as error:
        raise NotFound("team member") from error


async def _current_row(family_id: uuid.UUID, person_id: uuid.UUID) -> dict[str, Any]:
    """The person's current team row of the family, or NotFound: someone who is not on the
    team (never was, or has left) cannot leave it or lead it."""
    row = (
        await TeamMember.select()
        .where(
            (TeamMember.family == family_id)
            & (TeamMember.person == person_id)
            & TeamMember.left_on.is_null()
        )
        .first()
    )
    if row is None:
        raise NotFound("team member")
    return row


async def _access_for(principal: Principal, family_id: Any, action: str) -> FamilyAccess:
    """Access to the family (404 for anyone who may not read it), and authority to take
    `action` on its team (403 naming the action and who may)."""
    access = (await permissions.professional_access(principal, family_id)).require_editor()
    await authority.require(access, action)
    return access


async def team_actions(access: FamilyAccess) -> frozenset[str]:
    """Which changes to the team the principal may make: what the family page offers."""
    return await authority.allowed(access, *ACTIONS)


async def who_left(access: FamilyAccess, person_id: Any) -> str | None:
    """The name of someone who has left the team, for a notice; None for anyone else."""
    try:
        person = uuid.UUID(str(person_id))
    except ValueError:
        return None
    return await family_reads.name_of_leaver(access.family_id, person)


async def to_change(principal: Principal, family_id: Any, person_id: Any, action: str) -> dict:
    """What a confirmation page shows before `action` on someone of the team: the family
    (`id`, `name`, its `team` now) and the person as on the team (`team_member`: id, person,
    name, agency_name, role, key_worker, joined_on, revision). 404 for a family the principal
    may not read or a person not on its team; 403 naming who may, for someone who may not
    take the action."""
    access = await _access_for(principal, family_id, action)
    person = _person_uuid(person_id)
    family = await family_reads.family_and_team(access.family_id)
    if family is None:
        raise NotFound("family")
    found = next((t for t in family["team"] if t["person"] == person), None)
    if found is None:
        raise NotFound("team member")
    return {
        "id": family["id"],
        "name": family["name"],
        "team": family["team"],
        "team_member": found,
    }


async def to_add(principal: Principal, family_id: Any) -> dict[str, Any]:
    """What the page that adds someone to the team shows: the family (`id`, `name`, its
    `team` now), who may be added (`candidates`: the active professionals of the agencies
    working for its local authority, not on the team now: id, name, job_title, agency,
    agency_name) and whether the principal may make them key worker (`may_make_key_worker`).
    404 for a family the principal may not read; 403 naming who may add someone."""
    access = await _access_for(principal, family_id, "team.add")
    family = await family_reads.family_and_team(access.family_id)
    if family is None:
        raise NotFound("family")
    on_team = {t["person"] for t in family["team"]}
    candidates = [
        p
        for p in await tenancy.professionals_working_for(access.local_authority_id)
        if p["id"] not in on_team
    ]
    return {
        "id": family["id"],
        "name": family["name"],
        "team": family["team"],
        "candidates": candidates,
        "may_make_key_worker": await authority.may(access, "team.key_worker"),
    }


async def remove_team_member(
    principal: Principal, family_id: Any, person_id: Any, data: schemas.TeamLeaving
) -> dict[str, Any]:
    """Take a professional off the family's team, with a reason: their row ends today (kept).
    The key worker stays until someone else is made key worker (422 naming `person`)."""
    access = await _access_for(principal, family_id, "team.remove")
    reason = data.reason.strip()
    if not reason:
        raise Invalid("reason", "say why they are leaving the team")
    person = _person_uuid(person_id)
    row = await _current_row(access.family_id, person)
    if row["key_worker"]:
        raise Invalid("person", KEY_WORKER_STAYS)
    left_on = max(dt.date.today(), row["joined_on"])
    async with change():
        # Only if they are still on the team and still not its key worker: a change made
        # since the row was read (they left, or were made key worker) wins.
        ended = (
            await TeamMember.update(
                {
                    TeamMember.left_on: left_on,
                    TeamMember.left_by: principal.person_id,
                    TeamMember.left_reason: reason,
                    TeamMember.revision: TeamMember.revision + 1,
                },
                use_auto_update=False,
            )
            .where(
                (TeamMember.id == row["id"])
                & TeamMember.left_on.is_null()
                & (TeamMember.key_worker == False)
            )
            .returning(*TeamMember.all_columns())
        )
        if not ended:
            now = await TeamMember.select(TeamMember.key_worker, TeamMember.left_on).where(
                TeamMember.id == row["id"]
            )
            if now and now[0]["left_on"] is None:
                raise Invalid("person", KEY_WORKER_STAYS)
            raise NotFound("team member")
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="team.left",
            record_type="team_member",
            record_id=row["id"],
            family=access.family_id,
            before={"person": person, "role": row["role"], "joined_on": row["joined_on"]},
            after={"left_on": left_on, "reason": reason},
        )
        events.add(access.family_id, "team.changed", row["id"])
    left = ended[0]
    return {key: left[key] for key in schemas.TeamLeftOut.__struct_fields__}


async def change_team_member(
    principal: Principal, family_id: Any, person_id: Any, data: schemas.TeamMemberPatch
) -> dict[str, Any]:
    """A change to someone on the team, at their row's revision: `key_worker` true makes
    them key worker (the one before stays on the team, no longer key worker)."""
    if data.key_worker is None:
        raise Invalid("key_worker", "say true to make them the family's key worker")
    if data.key_worker is False:
        raise Invalid(
            "key_worker",
            "a family keeps its key worker: make someone else key worker instead",
        )
    access = await _access_for(principal, family_id, "team.key_worker")
    person = _person_uuid(person_id)
    revision = require_revision(data.revision, "team member")
    row = await _current_row(access.family_id, person)
    if row["key_worker"] and row["revision"] == revision:
        return await get_family(principal, access.family_id)  # already: nothing to change
    async with change():
        before = await TeamMember.select(TeamMember.id, TeamMember.person).where(
            (TeamMember.family == access.family_id)
            & TeamMember.left_on.is_null()
            & (TeamMember.key_worker == True)
        )
        # The one before first: at most one current key worker (a unique index says so).
        await TeamMember.update(
            {TeamMember.key_worker: False, TeamMember.revision: TeamMember.revision + 1},
            use_auto_update=False,
        ).where(
            (TeamMember.family == access.family_id)
            & TeamMember.left_on.is_null()
            & (TeamMember.key_worker == True)
            & (TeamMember.id != row["id"])
        )

        def left(current: dict[str, Any]) -> None:
            if current["left_on"] is not None:
                raise NotFound("team member")

        await update_at_revision(
            TeamMember,
            row["id"],
            revision,
            {TeamMember.key_worker: True},
            "team member",
            only_if=TeamMember.left_on.is_null(),
            refuse=left,
        )
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="team.key_worker",
            record_type="team_member",
            record_id=row["id"],
            family=access.family_id,
            before={"key_worker": [b["person"] for b in before]},
            after={"key_worker": person},
        )
        events.add(access.family_id, "team.changed", row["id"])
    return await get_family(principal, access.family_id)
