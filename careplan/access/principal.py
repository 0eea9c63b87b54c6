"""The one principal type for permissions: a professional or a family member who signed in."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from careplan.lib.replica import on_primary
from careplan.tenancy.tables import LocalAuthority, Person, RoleGrant


@dataclass(frozen=True)
class RoleHeld:
    role: str
    local_authority: uuid.UUID
    agency: uuid.UUID | None
    # The local authority's revision, which moves on whenever one of its local rules changes
    # (careplan.tenancy.services.local_rules): a page kept with what those rules decided has
    # the viewer's roles in its key, so it is built again (issue 17, item 8).
    rules_revision: int = 0


@dataclass(frozen=True)
class Principal:
    person_id: uuid.UUID
    kind: str  # "professional" or "family"
    name: str
    email: str | None
    agency_id: uuid.UUID | None
    roles: tuple[RoleHeld, ...] = field(default=())

    @property
    def is_professional(self) -> bool:
        return self.kind == "professional"

    def holds(self, role: str, local_authority: uuid.UUID | None = None) -> bool:
        return any(
            held.role == role
            and (local_authority is None or held.local_authority == local_authority)
            for held in self.roles
        )

    def authorities_as(self, role: str) -> set[uuid.UUID]:
        return {held.local_authority for held in self.roles if held.role == role}


@on_primary
async def load_principal(person_id: uuid.UUID) -> Principal | None:
    """The active person with that id, with their current roles; None if there is none.
    One read for someone who holds a role (their grants with the person joined), a second
    only for someone who holds none."""
    grants = await RoleGrant.select(
        RoleGrant.role,
        RoleGrant.local_authority,
        RoleGrant.agency,
        RoleGrant.local_authority.revision.as_alias("rules_revision"),
        RoleGrant.person.kind.as_alias("person_kind"),
        RoleGrant.person.name.as_alias("person_name"),
        RoleGrant.person.email.as_alias("person_email"),
        RoleGrant.person.agency.as_alias("person_agency"),
    ).where(
        (RoleGrant.person == person_id)
        & RoleGrant.revoked_at.is_null()
        & (RoleGrant.person.active == True)
    )
    if grants:
        person = {
            "id": uuid.UUID(str(person_id)),
            **{key: grants[0][f"person_{key}"] for key in ("kind", "name", "email", "agency")},
        }
    else:
        person = (
            await Person.select(Person.id, Person.kind, Person.name, Person.email, Person.agency)
            .where((Person.id == person_id) & (Person.active == True))
            .first()
        )
        if person is None:
            return None
    return Principal(
        person_id=person["id"],
        kind=person["kind"],
        name=person["name"],
        email=person["email"],
        agency_id=person["agency"],
        roles=tuple(
            RoleHeld(g["role"], g["local_authority"], g["agency"], g["rules_revision"])
            for g in grants
        ),
    )


PERSON_FIELDS = ("kind", "name", "email", "agency", "active")
# A person's current role grants, for a caller that reads them with the person in one
# statement (the session: careplan.identity.service.sessions): the table, the columns of a
# grant, and the condition on it (`{grant}`: the grant's alias), as `principal_of` reads them.
GRANT_TABLE = RoleGrant._meta.tablename
GRANT_FIELDS = ("role", "local_authority", "agency")
GRANT_CURRENT = '{grant}."revoked_at" IS NULL'
# The grant's local authority, joined for its revision (`rules_revision` of a grant).
AUTHORITY_TABLE = LocalAuthority._meta.tablename


def _as_uuid(value: Any) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


@on_primary
async def principal_of(
    person_id: uuid.UUID, person: dict[str, Any], grants: list[dict[str, Any]] | None = None
) -> Principal | None:
    """The principal of a person already read (with a session, say: `PERSON_FIELDS`), or None
    when they are not active. Roles are read only for a professional: they are given to
    professionals alone (careplan.tenancy), so a parent's request reads nothing more here.
    `grants`: the professional's current grants (`GRANT_FIELDS`, `GRANT_CURRENT`) when they
    were read with the person; otherwise they are read here."""
    if not person["active"]:
        return None
    roles: tuple[RoleHeld, ...] = ()
    if person["kind"] == "professional":
        if grants is None:
            grants = await RoleGrant.select(
                RoleGrant.role,
                RoleGrant.local_authority,
                RoleGrant.agency,
                RoleGrant.local_authority.revision.as_alias("rules_revision"),
            ).where((RoleGrant.person == person_id) & RoleGrant.revoked_at.is_null())
        roles = tuple(
            RoleHeld(
                g["role"],
                _as_uuid(g["local_authority"]),  # type: ignore[arg-type]
                _as_uuid(g["agency"]),
                g.get("rules_revision") or 0,
            )
            for g in grants
        )
    return Principal(
        person_id=uuid.UUID(str(person_id)),
        kind=person["kind"],
        name=person["name"],
        email=person["email"],
        agency_id=person["agency"],
        roles=roles,
    )


async def person_id_by_email(email: str) -> uuid.UUID | None:
    row = await Person.select(Person.id).where(Person.email == email.strip().lower()).first()
    return row["id"] if row else None
