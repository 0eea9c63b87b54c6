"""Who am I, and what of my family's plan may I see."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromQuery

from careplan.identity.principal import Principal
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

    @get("/view", summary="(A family member) your view of the version last shared with you")
    async def my_view(
        self, principal: NamedDependency[Principal], family: FromQuery[str | None] = None
    ) -> dict[str, Any]:
        return await plans.my_view(principal, family)
