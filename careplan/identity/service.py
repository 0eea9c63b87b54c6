"""Identity's use cases that pages call: demo sign-in, sign-out, one's own sessions."""

from __future__ import annotations

import ipaddress
import uuid
from typing import Any

from careplan.access.principal import load_principal
from careplan.audit import service as audit
from careplan.demo.loader import demo_people
from careplan.identity import sessions
from careplan.lib.errors import NotFound
from careplan.lib.uow import change
from careplan.tenancy.tables import Person


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def demo_choices() -> list[dict[str, Any]]:
    """The demo people, as they are in the database, for the one-click demo sign-in."""
    people = demo_people()
    rows = await Person.select(Person.id, Person.email).where(
        Person.email.is_in([p.email for p in people])
    )
    ids = {row["email"]: row["id"] for row in rows}
    return [
        {"id": ids[p.email], "name": p.name, "role": p.role, "agency": p.agency}
        for p in people
        if p.email in ids
    ]


async def demo_sign_in(
    person_id: Any, user_agent: str, *, shared_device: bool = False
) -> tuple[str, str]:
    """Sign in as a demo person; returns the session token and where to go next."""
    choices = {str(c["id"]) for c in await demo_choices()}
    if str(person_id) not in choices:
        raise NotFound("demo person")
    principal = await load_principal(uuid.UUID(str(person_id)))
    if principal is None:
        raise NotFound("demo person")
    token = await sessions.start(
        principal, user_agent=user_agent, shared_device=shared_device, how="demo"
    )
    return token, landing_page(principal.kind)


def landing_page(kind: str) -> str:
    """Where a person goes once signed in: a professional to their caseload, a family member
    to their family's plan."""
    return "/workspace" if kind == "professional" else "/family"


async def sign_out(session: sessions.ActiveSession | None) -> None:
    if session is not None:
        await sessions.end(session.id, session.principal.person_id, "signed_out")


async def failed_sign_in(reason: str, detail: dict[str, Any]) -> None:
    async with change():
        await audit.record(
            actor=None,
            action="sign_in.failed",
            record_type="sign_in",
            record_id=reason,
            after=detail,
        )
