"""A family's current team as access sees it: who works with the family now, from which
agency. Access is on the team (see `permissions`); the slices below families read the team
here, not from families' tables (the layout's one exemption), where they name its people and
agencies: a named-agencies audience, an objective's owner."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from careplan.families.tables import Member, TeamMember


async def team_of(family_id: uuid.UUID) -> list[dict[str, Any]]:
    """The family's current team: `person`, `name`, `agency`, `agency_name` for each."""
    return await TeamMember.select(
        TeamMember.person,
        TeamMember.person.name.as_alias("name"),
        TeamMember.agency,
        TeamMember.agency.name.as_alias("agency_name"),
    ).where((TeamMember.family == family_id) & TeamMember.left_on.is_null())


# The family's members and its current team, read together: families answers in one
# statement (`careplan.families.queries.names`, registered by `careplan.wiring`: access may
# read families' tables but not run SQL on them); without it, two reads.
NamesSource = Callable[[uuid.UUID], Awaitable[list[dict[str, Any]]]]
_names_source: list[NamesSource] = []


def use_names(source: NamesSource) -> None:
    """Where `names_of` reads from (wiring only)."""
    _names_source[:] = [source]


async def names_of(family_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every member the family has had, by the name they are known by (`kind` "member": `id`,
    `name`), and its current team (`kind` "team": `id` the person, `name`, `agency`,
    `agency_name`): `members_of` and `team_of` in one statement."""
    if _names_source:
        return await _names_source[0](family_id)
    members = await Member.select(Member.id, Member.known_as, Member.given_name).where(
        Member.family == family_id
    )
    return [
        {"kind": "member", "id": m["id"], "name": m["known_as"] or m["given_name"]} for m in members
    ] + [
        {"kind": "team", "id": t["person"], **{k: t[k] for k in ("name", "agency", "agency_name")}}
        for t in await team_of(family_id)
    ]
