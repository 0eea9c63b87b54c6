"""The concerns JSON API: translate HTTP to a service call and back, nothing else."""

from __future__ import annotations

from litestar import Controller, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from careplan.access.principal import Principal
from careplan.concerns import schemas, service
from careplan.plans.api import IfMatch, with_if_match
from careplan.web.openapi import example_body
from careplan.web.responses import shaped

NewConcernBody = example_body(schemas.NewConcern, schemas.EXAMPLES)
ConcernPatchBody = example_body(schemas.ConcernPatch, schemas.EXAMPLES)


class FamilyConcernsController(Controller):
    path = "/families/{family_id:str}/concerns"
    tags = ["concerns"]

    @post(
        "/",
        summary="Raise a concern about a child (any professional of the local authority); "
        "the answer holds only its id, status and due time",
    )
    async def raise_concern(
        self,
        principal: NamedDependency[Principal],
        family_id: FromPath[str],
        data: NewConcernBody,
    ) -> schemas.RaisedOut:
        return shaped(schemas.RaisedOut, await service.raise_concern(principal, family_id, data))

    @get("/", summary="A family's concerns, each saying whether its clock has run out")
    async def list_concerns(
        self, principal: NamedDependency[Principal], family_id: FromPath[str]
    ) -> list[schemas.ConcernOut]:
        concerns = await service.list_concerns(principal, family_id)
        return shaped(list[schemas.ConcernOut], concerns)


class ConcernsController(Controller):
    path = "/concerns/{concern_id:str}"
    tags = ["concerns"]

    @get("/", summary="A concern, with its clocks")
    async def get_concern(
        self, principal: NamedDependency[Principal], concern_id: FromPath[str]
    ) -> schemas.ConcernOut:
        return shaped(schemas.ConcernOut, await service.get_concern(principal, concern_id))

    @patch("/", summary="Acknowledge, decide, record the assessment or outcome (revision)")
    async def patch_concern(
        self,
        principal: NamedDependency[Principal],
        concern_id: FromPath[str],
        data: ConcernPatchBody,
        if_match: IfMatch = None,
    ) -> schemas.ConcernOut:
        data = with_if_match(data, if_match)
        return shaped(schemas.ConcernOut, await service.patch_concern(principal, concern_id, data))
