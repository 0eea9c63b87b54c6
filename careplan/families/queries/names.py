"""A family's members and its current team by name, in one statement: what the plan editor's
blocks name (an audience's members and agencies, an objective's owner). Answered here, from
families' own tables, for `careplan.access.team.names_of` (registered by `careplan.wiring`).
Read only."""

from __future__ import annotations

import uuid
from typing import Any

from careplan import db
from careplan.families.tables import Member, TeamMember

_MEMBER = Member._meta.tablename
_TEAM = TeamMember._meta.tablename
_PERSON = TeamMember.person._foreign_key_meta.resolved_references._meta.tablename
_AGENCY = TeamMember.agency._foreign_key_meta.resolved_references._meta.tablename
# A row a member (`kind` "member": `id`, `name` the name they are known by) and a row a
# professional on the team now (`kind` "team": `id` the person, `name`, `agency`,
# `agency_name`). Written once as SQL: the editor reads it on most requests.
_NAMES = (
    "SELECT 'member' AS kind, m.\"id\" AS id,"
    ' COALESCE(NULLIF(m."known_as", \'\'), m."given_name") AS name,'
    " NULL AS agency, NULL AS agency_name"
    f' FROM "{_MEMBER}" m WHERE m."family" = {{}}'
    " UNION ALL"
    ' SELECT \'team\', t."person", p."name", t."agency", a."name"'
    f' FROM "{_TEAM}" t LEFT JOIN "{_PERSON}" p ON p."id" = t."person"'
    f' LEFT JOIN "{_AGENCY}" a ON a."id" = t."agency"'
    ' WHERE t."family" = {} AND t."left_on" IS NULL'
)


async def names_of(family_id: uuid.UUID) -> list[dict[str, Any]]:
    """The family's members and its current team (see `_NAMES`)."""
    return await db.fetch(Member, _NAMES, family_id, family_id)
