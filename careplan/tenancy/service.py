"""Tenancy's use cases. Each runs in one write transaction with its audit event."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Any

from careplan import db
from careplan.access import permissions
from careplan.access.principal import Principal
from careplan.audit import service as audit
from careplan.lib.clock import utc_now
from careplan.lib.errors import Invalid
from careplan.lib.uow import change
from careplan.tenancy import schemas
from careplan.tenancy.accounts import accounts
from careplan.tenancy.rules import DEFAULT_CLOCKS, DEFAULT_EPISODE_KINDS
from careplan.tenancy.tables import (
    Agency,
    AgencyAuthority,
    EpisodeKind,
    LocalAuthority,
    Person,
    RoleGrant,
    StatutoryClock,
)

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class TenancyError(ValueError):
    """A request that cannot be carried out; `field` names what to change."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Administrator:
    person_id: uuid.UUID
    local_authority_id: uuid.UUID
    created_local_authority: bool


async def _local_authority(name: str, code: str) -> tuple[uuid.UUID, bool]:
    existing = (
        await LocalAuthority.select(LocalAuthority.id).where(LocalAuthority.name == name).first()
    )
    if existing:
        return existing["id"], False
    authority = LocalAuthority(id=uuid.uuid4(), name=name, code=code)
    await authority.save()
    for kind in DEFAULT_EPISODE_KINDS:
        await EpisodeKind(
            id=uuid.uuid4(),
            local_authority=authority.id,
            code=kind.code,
            label=kind.label,
            plan_kind=kind.plan_kind,
        ).save()
    for clock in DEFAULT_CLOCKS:
        await StatutoryClock(
            id=uuid.uuid4(),
            local_authority=authority.id,
            code=clock.code,
            description=clock.description,
            working_days=clock.working_days,
            months=clock.months,
        ).save()
    return authority.id, True


async def _agency(name: str, local_authority_id: uuid.UUID) -> uuid.UUID:
    existing = await Agency.select(Agency.id).where(Agency.name == name).first()
    agency_id = existing["id"] if existing else uuid.uuid4()
    if not existing:
        await Agency(id=agency_id, name=name, kind="childrens_social_care").save()
    linked = await AgencyAuthority.exists().where(
        (AgencyAuthority.agency == agency_id)
        & (AgencyAuthority.local_authority == local_authority_id)
    )
    if not linked:
        await AgencyAuthority(
            id=uuid.uuid4(), agency=agency_id, local_authority=local_authority_id
        ).save()
    return agency_id


async def create_administrator(
    *, name: str, email: str, local_authority: str, code: str, agency: str
) -> Administrator:
    """The first administrator of a local authority (made with it, if it is new)."""
    name, email = name.strip(), email.strip().lower()
    if not name:
        raise TenancyError("name", "enter the administrator's full name")
    if not EMAIL.match(email):
        raise TenancyError("email", "enter an e-mail address, like name@council.example")
    if not local_authority.strip():
        raise TenancyError("local-authority", "enter the local authority's name")
    async with db.write_transaction():
        if await Person.exists().where(Person.email == email):
            raise TenancyError("email", f"{email} already belongs to someone")
        la_id, created = await _local_authority(local_authority.strip(), code.strip().upper())
        agency_id = await _agency(agency.strip(), la_id)
        person = Person(
            id=uuid.uuid4(),
            kind="professional",
            name=name,
            email=email,
            agency=agency_id,
            job_title="Administrator",
        )
        await person.save()
        await RoleGrant(
            id=uuid.uuid4(), person=person.id, role="administrator", local_authority=la_id
        ).save()
        await audit.record(
            actor=None,
            action="administrator.created",
            record_type="person",
            record_id=person.id,
            local_authority=la_id,
            after={"name": name, "email": email, "role": "administrator"},
        )
    return Administrator(person.id, la_id, created)


def _administered(principal: Principal) -> uuid.UUID:
    return min(permissions.administered_authorities(principal))


# Any e-mail already held answers the same, whoever holds it: a parent's portal account must
# not show through (nor a professional of another authority), so it names no one and no kind.
EMAIL_TAKEN = "this address cannot be used for a new professional: check it or use another"


async def list_agencies(principal: Principal) -> list[dict[str, Any]]:
    """The agencies working with the principal's local authorities (any signed-in person)."""
    authorities = {r.local_authority for r in principal.roles}
    if not authorities:
        return []
    return (
        await Agency.select(Agency.id, Agency.name, Agency.kind, Agency.phone)
        .where(
            Agency.id.is_in(
                AgencyAuthority.select(AgencyAuthority.agency).where(
                    AgencyAuthority.local_authority.is_in(list(authorities))
                )
            )
        )
        .order_by(Agency.name)
    )


async def administration(principal: Principal) -> dict[str, Any]:
    """What an administrator looks after (Forbidden for anyone else): their local
    authority's agencies, and the professionals of those agencies, each with the roles
    they hold there now, active first, by name."""
    authority = _administered(principal)
    agencies = (
        await Agency.select(Agency.id, Agency.name, Agency.kind, Agency.phone, Agency.email)
        .where(
            Agency.id.is_in(
                AgencyAuthority.select(AgencyAuthority.agency).where(
                    AgencyAuthority.local_authority == authority
                )
            )
        )
        .order_by(Agency.name)
    )
    names = {agency["id"]: agency["name"] for agency in agencies}
    people = (
        await Person.select(
            Person.id, Person.name, Person.email, Person.agency, Person.job_title, Person.active
        )
        .where((Person.kind == "professional") & Person.agency.is_in(list(names) or [None]))
        .order_by(Person.active, ascending=False)
        .order_by(Person.name)
    )
    grants = await RoleGrant.select(RoleGrant.person, RoleGrant.role).where(
        (RoleGrant.local_authority == authority)
        & RoleGrant.revoked_at.is_null()
        & RoleGrant.person.is_in([p["id"] for p in people] or [None])
    )
    roles: dict[Any, list[str]] = {}
    for grant in grants:
        roles.setdefault(grant["person"], []).append(grant["role"])
    return {
        "local_authority": authority,
        "agencies": agencies,
        "professionals": [
            {
                **p,
                "agency_name": names.get(p["agency"], ""),
                "roles": sorted(roles.get(p["id"], [])),
            }
            for p in people
        ],
    }


async def create_agency(principal: Principal, data: schemas.NewAgency) -> dict[str, Any]:
    authority = _administered(principal)
    agency = Agency(
        id=uuid.uuid4(), name=data.name.strip(), kind=data.kind, phone=data.phone, email=data.email
    )
    async with change():
        await agency.save()
        await AgencyAuthority(id=uuid.uuid4(), agency=agency.id, local_authority=authority).save()
        await audit.record(
            actor=principal.person_id,
            action="agency.created",
            record_type="agency",
            record_id=agency.id,
            local_authority=authority,
            after={"name": agency.name, "kind": agency.kind},
        )
    return {"id": agency.id, "name": agency.name, "kind": agency.kind}


async def create_professional(
    principal: Principal, data: schemas.NewProfessional
) -> dict[str, Any]:
    # Roles are given in the administrator's own authority, for an agency working with it.
    authority = await permissions.administered_agency(principal, data.agency)
    email = data.email.strip().lower()
    if await Person.exists().where(Person.email == email):
        raise Invalid("email", EMAIL_TAKEN)
    if "manager" in data.roles and len(set(data.roles)) != len(data.roles):
        raise Invalid("roles", "name each role once")
    person = Person(
        id=uuid.uuid4(),
        kind="professional",
        name=data.name.strip(),
        email=email,
        agency=data.agency,
        job_title=data.job_title,
    )
    async with change():
        await person.save()
        for role in sorted(set(data.roles)):
            await RoleGrant(
                id=uuid.uuid4(),
                person=person.id,
                role=role,
                local_authority=authority,
                agency=data.agency if role == "manager" else None,
                granted_by=principal.person_id,
            ).save()
        for index, account in enumerate(data.sign_ins):
            await accounts().link(
                person.id,
                account.issuer,
                account.subject,
                actor=principal.person_id,
                how="administrator",
                field=f"sign_ins[{index}]",
            )
        await audit.record(
            actor=principal.person_id,
            action="professional.created",
            record_type="person",
            record_id=person.id,
            local_authority=authority,
            after={"name": person.name, "email": email, "roles": data.roles},
        )
    return {
        "id": person.id,
        "name": person.name,
        "email": email,
        "agency": data.agency,
        "roles": sorted(set(data.roles)),
    }


async def deactivate_professional(principal: Principal, person_id: Any) -> dict[str, Any]:
    """(An administrator of their home authority) stop a professional signing in: their
    sessions end at once."""
    person, authority = await permissions.professional_to_deactivate(principal, person_id)
    person_uuid = person["id"]
    if person_uuid == principal.person_id:
        raise Invalid("person", "you cannot deactivate yourself: ask another administrator")
    if person["active"]:
        async with change():
            await Person.update(
                {Person.active: False, Person.deactivated_at: dt.datetime.now(dt.UTC)}
            ).where(Person.id == person_uuid)
            await audit.record(
                actor=principal.person_id,
                action="professional.deactivated",
                record_type="person",
                record_id=person_uuid,
                local_authority=authority,
                after={"name": person["name"]},
            )
    ended = await accounts().end_sessions(person_uuid, "deactivated", actor=principal.person_id)
    return {"id": person_uuid, "active": False, "sessions_ended": ended}


async def add_family_person(name: str) -> uuid.UUID:
    """A family member's account (kind "family", no e-mail), inside the caller's change():
    families makes it for a member joining the portal, and records it (member_account)."""
    person = Person(id=uuid.uuid4(), kind="family", name=name, created_at=utc_now())
    await person.save()
    return person.id
