"""Who am I, and what of my family's plan may I see."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, delete, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery

from careplan.access.principal import Principal
from careplan.identity.service import sessions
from careplan.lib.errors import NotFound
from careplan.plans import service as plans


class MeController(Controller):
    path = "/me"
    tags = ["me"]

    @get("/", summary="The signed-in person, with their roles")
    async def me(self, principal: NamedDependency[Principal]) -> dict[str, Any]:
        return {
            "id": principal.person_id,
            "kind": principal.kind,
            "name": principal.name,
            "email": principal.email,
            "agency": principal.agency_id,
            "roles": [
                {"role": r.role, "local_authority": r.local_authority, "agency": r.agency}
                for r in principal.roles
            ],
        }

    @get("/sessions", summary="Your signed-in sessions (devices), newest first")
    async def my_sessions(self, principal: NamedDependency[Principal]) -> list[dict[str, Any]]:
        return await sessions.live_sessions(principal.person_id)

    @delete("/sessions/{session_id:uuid}", status_code=204, summary="End one of your sessions")
    async def end_session(
        self, principal: NamedDependency[Principal], session_id: FromPath[uuid.UUID]
    ) -> None:
        if not await sessions.end(session_id, principal.person_id, "ended_by_owner"):
            raise NotFound("session")

    @get("/view", summary="(A family member) your view of the version last shared with you")
    async def my_view(
        self, principal: NamedDependency[Principal], family: FromQuery[str | None] = None
    ) -> dict[str, Any]:
        return await plans.my_view(principal, family)
