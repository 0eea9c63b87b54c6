"""What the approval pages and the queue read of requests to close an episode
(careplan.families.services.approvals). The caller's access was already checked."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from careplan.families.tables import ClosureApproval, TeamMember
from careplan.tenancy.tables import RoleGrant

_A = ClosureApproval
_COLUMNS = (
    _A.id,
    _A.family,
    _A.family.name.as_alias("family_name"),
    _A.family.local_authority.as_alias("local_authority"),
    _A.episode,
    _A.episode.kind.as_alias("episode_kind"),
    _A.action,
    _A.closed_on,
    _A.outcome,
    _A.reason,
    _A.objectives,
    _A.episode_revision,
    _A.requested_by,
    _A.requested_by.name.as_alias("requested_by_name"),
    _A.requested_at,
    _A.state,
    _A.decided_by,
    _A.decided_by.name.as_alias("decided_by_name"),
    _A.decided_at,
    _A.decision_reason,
)


def _select() -> Any:
    return _A.select(*_COLUMNS).output(load_json=True)


async def one(approval_id: uuid.UUID) -> dict[str, Any]:
    """A request with its family's name and local authority, its episode's kind and the
    names of who asked and who decided. One statement."""
    return await _select().where(_A.id == approval_id).first()


async def waiting_for(episode_id: uuid.UUID) -> dict[str, Any] | None:
    """The request waiting for an episode, if one does. One statement."""
    return await _select().where((_A.episode == episode_id) & (_A.state == "waiting")).first()


async def latest_of(episode_id: uuid.UUID) -> dict[str, Any] | None:
    """The episode's latest request (any state), if it has one. One statement."""
    return (
        await _select()
        .where(_A.episode == episode_id)
        .order_by(_A.requested_at, ascending=False)
        .first()
    )


async def of_families(
    family_ids: list[uuid.UUID], since: dt.datetime, *, waiting_only: bool = False
) -> list[dict[str, Any]]:
    """The requests of these families: waiting ones, oldest first, then (unless
    `waiting_only`) those decided since `since`, newest first. One statement."""
    if not family_ids:
        return []
    where = _A.family.is_in(family_ids)
    if waiting_only:
        where &= _A.state == "waiting"
    else:
        where &= (_A.state == "waiting") | (_A.decided_at >= since)
    rows = await _select().where(where).order_by(_A.requested_at)
    waiting = [row for row in rows if row["state"] == "waiting"]
    decided = sorted(
        (row for row in rows if row["state"] != "waiting"),
        key=lambda row: row["decided_at"],
        reverse=True,
    )
    return waiting + decided


async def approvers(family_id: uuid.UUID, local_authority: uuid.UUID) -> list[dict[str, Any]]:
    """The managers, in the local authority, of agencies on the family's team now, with
    their agency's kind (`agency_kind`): who might decide a request (the authority's rule
    says which kinds do). Two statements."""
    agencies = await TeamMember.select(TeamMember.agency).where(
        (TeamMember.family == family_id) & TeamMember.left_on.is_null()
    )
    ids = list({row["agency"] for row in agencies})
    if not ids:
        return []
    rows = await RoleGrant.select(
        RoleGrant.person,
        RoleGrant.person.name.as_alias("name"),
        RoleGrant.agency,
        RoleGrant.agency.kind.as_alias("agency_kind"),
    ).where(
        (RoleGrant.role == "manager")
        & (RoleGrant.local_authority == local_authority)
        & RoleGrant.agency.is_in(ids)
        & RoleGrant.revoked_at.is_null()
        & (RoleGrant.person.active == True)
    )
    return sorted(rows, key=lambda row: row["name"])
