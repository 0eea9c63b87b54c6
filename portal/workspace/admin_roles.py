"""A professional's page in a local authority's administration (issue 17, item 8): who they
are, the roles they hold in the administrator's local authority, giving one and taking one
away (with a confirmation). Thin pages over careplan.tenancy.services.roles; a professional of
no agency working with the administrator's local authority answers 404."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Response, Template

from careplan.access.principal import Principal
from careplan.tenancy.services import roles
from portal import labels
from portal.pages import provide_professional
from portal.workspace import plan_forms
from portal.workspace.admin_rules import change, show

PERSON = "/workspace/admin/professionals/{person_id:str}"
NOTICES = {"granted": "The role was given.", "revoked": "The role was taken away."}


class ProfessionalRoles(Controller):
    path = PERSON
    include_in_schema = False
    dependencies = {"me": Provide(provide_professional)}

    def _person(self, me: Principal, person_id: str, request: Request | None = None):
        async def build() -> dict[str, Any]:
            person = await roles.professional(me, person_id)
            done = request.query_params.get("done", "") if request else ""
            return {
                "person": person,
                "offered": [
                    (r, labels.said(labels.PROFESSIONAL_ROLES, r)) for r in person["can_grant"]
                ],
                "notice": NOTICES.get(done),
            }

        return build

    @get("/")
    async def person_page(
        self, request: Request, me: NamedDependency[Principal], person_id: FromPath[str]
    ) -> Template:
        return await show(
            request, me, "workspace/admin_person.html", self._person(me, person_id, request)
        )

    @post("/roles", status_code=200)
    async def grant(
        self, request: Request, me: NamedDependency[Principal], person_id: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        role = plan_forms.text_of(form, "role")
        return await change(
            request,
            me,
            "workspace/admin_person.html",
            self._person(me, person_id),
            lambda: roles.grant_role(me, person_id, role),
            f"/workspace/admin/professionals/{person_id}?done=granted",
            {"role": role},
        )

    def _grant(self, me: Principal, person_id: str, grant_id: str):
        async def build() -> dict[str, Any]:
            return {"grant": await roles.grant_of(me, person_id, grant_id)}

        return build

    @get("/roles/{grant_id:str}/revoke")
    async def revoke_form(
        self,
        request: Request,
        me: NamedDependency[Principal],
        person_id: FromPath[str],
        grant_id: FromPath[str],
    ) -> Template:
        return await show(
            request, me, "workspace/admin_role_revoke.html", self._grant(me, person_id, grant_id)
        )

    @post("/roles/{grant_id:str}/revoke", status_code=200)
    async def revoke(
        self,
        request: Request,
        me: NamedDependency[Principal],
        person_id: FromPath[str],
        grant_id: FromPath[str],
    ) -> Response[Any]:
        return await change(
            request,
            me,
            "workspace/admin_role_revoke.html",
            self._grant(me, person_id, grant_id),
            lambda: roles.revoke_role(me, person_id, grant_id),
            f"/workspace/admin/professionals/{person_id}?done=revoked",
            {},
        )


ROUTES = [ProfessionalRoles]
