"""The demo's face for the edge: load it, reset it, its secret key, and signing in as one of
its people (the one-click sign-in on this computer, /auth/demo).

Identity knows nothing of the demo: the demo asks identity for a session, as any sign-in does.
"""

from __future__ import annotations

import uuid
from typing import Any

from careplan.access.principal import Principal, load_principal
from careplan.demo.loader import DemoPerson, demo_people, load
from careplan.demo.reset import NotTheDemo, reset
from careplan.demo.secret import kept_secret, with_demo_secret
from careplan.identity.service import sessions
from careplan.lib.errors import NotFound
from careplan.tenancy import queries as tenancy

__all__ = [
    "DemoPerson",
    "NotTheDemo",
    "choices",
    "demo_people",
    "kept_secret",
    "load",
    "reset",
    "sign_in",
    "with_demo_secret",
]


async def choices() -> list[dict[str, Any]]:
    """The demo people, as they are in the database, for the one-click demo sign-in."""
    people = demo_people()
    ids = await tenancy.people_by_email(p.email for p in people)
    return [
        {"id": ids[p.email], "name": p.name, "role": p.role, "agency": p.agency}
        for p in people
        if p.email in ids
    ]


async def sign_in(
    person_id: Any, user_agent: str, *, shared_device: bool = False
) -> tuple[str, Principal]:
    """Sign in as a demo person: the session's token and who signed in (NotFound for anyone
    the demo does not know)."""
    if str(person_id) not in {str(c["id"]) for c in await choices()}:
        raise NotFound("demo person")
    principal = await load_principal(uuid.UUID(str(person_id)))
    if principal is None:
        raise NotFound("demo person")
    token = await sessions.start(
        principal, user_agent=user_agent, shared_device=shared_device, how="demo"
    )
    return token, principal
