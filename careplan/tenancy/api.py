"""The tenancy JSON API: agencies and professionals."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from careplan.access.principal import Principal
from careplan.tenancy import schemas, service
from careplan.web.openapi import example_body
from careplan.web.responses import shaped

NewAgencyBody = example_body(schemas.NewAgency, schemas.EXAMPLES)
NewProfessionalBody = example_body(schemas.NewProfessional, schemas.EXAMPLES)


class AgenciesController(Controller):
    path = "/agencies"
    tags = ["tenancy"]

    @get("/", summary="The agencies working with your local authority")
    async def list_agencies(
        self, principal: NamedDependency[Principal]
    ) -> list[schemas.AgencyListed]:
        return shaped(list[schemas.AgencyListed], await service.list_agencies(principal))

    @post("/", summary="(An administrator) add an agency to your local authority")
    async def create_agency(
        self, principal: NamedDependency[Principal], data: NewAgencyBody
    ) -> schemas.AgencyOut:
        return shaped(schemas.AgencyOut, await service.create_agency(principal, data))


class ProfessionalsController(Controller):
    path = "/professionals"
    tags = ["tenancy"]

    @post("/", summary="(An administrator) add a professional, with their roles")
    async def create_professional(
        self, principal: NamedDependency[Principal], data: NewProfessionalBody
    ) -> schemas.ProfessionalOut:
        person = await service.create_professional(principal, data)
        return shaped(schemas.ProfessionalOut, person)

    @post(
        "/{person_id:str}/deactivate",
        status_code=200,
        summary="(An administrator) deactivate a professional: they can no longer sign in",
    )
    async def deactivate_professional(
        self, principal: NamedDependency[Principal], person_id: FromPath[str]
    ) -> schemas.DeactivatedOut:
        person = await service.deactivate_professional(principal, person_id)
        return shaped(schemas.DeactivatedOut, person)
