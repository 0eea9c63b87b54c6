"""Who am I, and what of my family's plan may I see."""

from __future__ import annotations

import uuid

from litestar import Controller, delete, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery

from careplan.access.principal import Principal
from careplan.identity import schemas
from careplan.identity.service import sessions
from careplan.lib.errors import NotFound
from careplan.plans import service as plans
from careplan.plans.schemas.responses import MyViewOut
from careplan.web.responses import shaped


class MeController(Controller):
    path = "/me"
    tags = ["me"]

    @get("/", summary="The signed-in person, with their roles")
    async def me(self, principal: NamedDependency[Principal]) -> schemas.MeOut:
        me = {
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
        return shaped(schemas.MeOut, me)

    @get("/sessions", summary="Your signed-in sessions (devices), newest first")
    async def my_sessions(self, principal: NamedDependency[Principal]) -> list[schemas.SessionOut]:
        live = await sessions.live_sessions(principal.person_id)
        return shaped(list[schemas.SessionOut], live)

    @delete("/sessions/{session_id:uuid}", status_code=204, summary="End one of your sessions")
    async def end_session(
        self, principal: NamedDependency[Principal], session_id: FromPath[uuid.UUID]
    ) -> None:
        if not await sessions.end(session_id, principal.person_id, "ended_by_owner"):
            raise NotFound("session")

    @get("/view", summary="(A family member) your view of the version last shared with you")
    async def my_view(
        self, principal: NamedDependency[Principal], family: FromQuery[str | None] = None
    ) -> MyViewOut:
        return shaped(MyViewOut, await plans.my_view(principal, family))
