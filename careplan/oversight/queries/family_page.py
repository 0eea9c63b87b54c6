"""A family's page for the professionals: members, team, and its whole story.

One read of everything the page shows, through the families service (which checks access in
`careplan.access.permissions`): the family with its members and team, the timeline of every
episode with each objective thread across them, each episode's plan, and the members'
portal access (who can be invited, their enrolled devices). A fixed number of queries,
whatever the family's history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from careplan.access.principal import Principal
from careplan.families import service
from careplan.identity.service import passkeys
from careplan.oversight.rules import INVITABLE_ROLES, invitable


async def family_page(
    principal: Principal, family_id: Any, today: dt.date | None = None
) -> dict[str, Any]:
    """Everything the family page shows; NotFound for anyone who may not see the family."""
    today = today or dt.date.today()
    family = await service.get_family(principal, family_id)
    timeline = await service.timeline(principal, family["id"], with_plans=True)
    episodes = timeline["episodes"]
    devices = await passkeys.list_devices(principal, family["id"])
    by_member: dict[Any, list[dict[str, Any]]] = {}
    for device in devices:
        by_member.setdefault(device["member"], []).append(device)
    portal = [
        {"member": m, "devices": by_member.get(m["id"], []), "invitable": invitable(m, today)}
        for m in family["members"]
        if m["role"] in INVITABLE_ROLES or by_member.get(m["id"])
    ]
    return {
        "family": family,
        "episodes": episodes,
        "threads": timeline["threads"],
        "portal": portal,
        "today": today,
    }
