"""A professional's roles in a local authority, given and taken by its administrator (issue
17, item 8): practitioner, manager (of their own agency), chair, administrator. A role taken
away keeps its row, with when (`revoked_at`); the last administrator of a local authority
cannot be taken away, or nobody could administer it. Audited; who may is decided in
careplan.access.administration."""

from __future__ import annotations

import uuid
from typing import Any

from careplan.access import administration
from careplan.access.principal import Principal
from careplan.lib.clock import utc_now
from careplan.lib.errors import Invalid, NotFound
from careplan.lib.uow import change
from careplan.tenancy.tables import Agency, Person, RoleGrant
from careplan.tenancy.vocabulary import ROLES


async def _grants(person_id: uuid.UUID, authority_id: uuid.UUID) -> list[dict[str, Any]]:
    return (
        await RoleGrant.select(
            RoleGrant.id,
            RoleGrant.role,
            RoleGrant.agency,
            RoleGrant.created_at,
            RoleGrant.granted_by.name.as_alias("granted_by_name"),
        )
        .where(
            (RoleGrant.person == person_id)
            & (RoleGrant.local_authority == authority_id)
            & RoleGrant.revoked_at.is_null()
        )
        .order_by(RoleGrant.created_at)
    )


async def professional(principal: Principal, person_id: Any) -> dict[str, Any]:
    """A professional of an agency working with the administrator's local authority, with
    the roles they hold there now."""
    person, authority_id = await administration.professional_to_grant(principal, person_id)
    agency = await Agency.select(Agency.name).where(Agency.id == person["agency"]).first()
    grants = await _grants(person["id"], authority_id)
    held = {g["role"] for g in grants}
    return {
        **person,
        "agency_name": agency["name"] if agency else "",
        "grants": grants,
        "can_grant": [role for role in ROLES if role not in held],
    }


async def grant_role(principal: Principal, person_id: Any, role: str) -> dict[str, Any]:
    """Give a role in the administrator's local authority (a manager manages their own
    agency there). Invalid naming `role`."""
    person, authority_id = await administration.professional_to_grant(principal, person_id)
    if role not in ROLES:
        raise Invalid("role", "choose a role to give")
    held = {g["role"] for g in await _grants(person["id"], authority_id)}
    if role in held:
        raise Invalid("role", f"{person['name']} already holds this role here")
    grant = RoleGrant(
        id=uuid.uuid4(),
        person=person["id"],
        role=role,
        local_authority=authority_id,
        agency=person["agency"] if role == "manager" else None,
        granted_by=principal.person_id,
    )
    async with change() as work:
        await grant.save()
        await work.audit(
            actor=principal.person_id,
            action="role.granted",
            record_type="role_grant",
            record_id=grant.id,
            local_authority=authority_id,
            after={"person": person["id"], "role": role, "agency": grant.agency},
        )
    return {"id": grant.id, "role": role}


async def grant_of(principal: Principal, person_id: Any, grant_id: Any) -> dict[str, Any]:
    """One of the roles the professional holds now in the administrator's local authority."""
    person, authority_id = await administration.professional_to_grant(principal, person_id)
    wanted = administration.record_id(grant_id, "role")
    for grant in await _grants(person["id"], authority_id):
        if grant["id"] == wanted:
            return {**grant, "person": person, "local_authority": authority_id}
    raise NotFound("role")


async def revoke_role(principal: Principal, person_id: Any, grant_id: Any) -> dict[str, Any]:
    """Take a role away (its row stays, with when). The last administrator of the local
    authority keeps theirs: Invalid naming `grant`."""
    grant = await grant_of(principal, person_id, grant_id)
    person, authority_id = grant["person"], grant["local_authority"]
    async with change() as work:
        if grant["role"] == "administrator":
            administrators = await RoleGrant.count().where(
                (RoleGrant.local_authority == authority_id)
                & (RoleGrant.role == "administrator")
                & RoleGrant.revoked_at.is_null()
                & RoleGrant.person.is_in(Person.select(Person.id).where(Person.active == True))
            )
            if administrators <= 1:
                raise Invalid(
                    "grant",
                    "this is the last administrator of your local authority: give someone "
                    "else the administrator role first",
                )
        await RoleGrant.update({RoleGrant.revoked_at: utc_now()}).where(
            (RoleGrant.id == grant["id"]) & RoleGrant.revoked_at.is_null()
        )
        await work.audit(
            actor=principal.person_id,
            action="role.revoked",
            record_type="role_grant",
            record_id=grant["id"],
            local_authority=authority_id,
            before={"person": person["id"], "role": grant["role"]},
        )
    return {"id": grant["id"], "role": grant["role"], "revoked": True}
