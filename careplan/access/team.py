"""A family's current team as access sees it: who works with the family now, from which
agency. Access is on the team (see `permissions`); the slices below families read the team
here, not from families' tables (the layout's one exemption), where they name its people and
agencies: a named-agencies audience, an objective's owner."""

from __future__ import annotations

import uuid
from typing import Any

from careplan.families.tables import TeamMember


async def team_of(family_id: uuid.UUID) -> list[dict[str, Any]]:
    """The family's current team: `person`, `name`, `agency`, `agency_name` for each."""
    return await TeamMember.select(
        TeamMember.person,
        TeamMember.person.name.as_alias("name"),
        TeamMember.agency,
        TeamMember.agency.name.as_alias("agency_name"),
    ).where((TeamMember.family == family_id) & TeamMember.left_on.is_null())
