"""Who may change a local authority's local rules and its professionals' roles: its
administrators, each in their own local authority only (issue 17, item 8).

The rules (statutory clocks, episode kinds, who may take which action, disagreement stages,
the bank-holiday region) are a local authority's own: its administrator changes them and
nobody else, and no route names the local authority, so an administrator of another one
only ever reaches their own. A record of another local authority (an episode kind, a clock)
answers 404, as for one that does not exist. A professional's roles here are given and taken
by an administrator of a local authority their agency works with, in that local authority.
"""

from __future__ import annotations

import uuid
from typing import Any

from careplan.access.permissions import administered_authorities
from careplan.access.principal import Principal
from careplan.lib.errors import NotFound
from careplan.lib.replica import on_primary
from careplan.tenancy.tables import AgencyAuthority, Person


def administered(principal: Principal) -> uuid.UUID:
    """The local authority whose rules the principal administers (Forbidden for anyone who
    administers none): the first of theirs, as on the administration page."""
    return min(administered_authorities(principal))


def _uuid(value: Any, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise NotFound(what) from error


def local_record(principal: Principal, row: dict[str, Any] | None, what: str) -> dict[str, Any]:
    """A row of a local authority's rules (with its `local_authority`) that the principal
    administers; NotFound for any other, or none."""
    authority = administered(principal)
    if row is None or row["local_authority"] != authority:
        raise NotFound(what)
    return row


def record_id(value: Any, what: str) -> uuid.UUID:
    """A path's id, or NotFound when it is not one."""
    return _uuid(value, what)


@on_primary
async def professional_to_grant(
    principal: Principal, person_id: Any
) -> tuple[dict[str, Any], uuid.UUID]:
    """A professional whose roles the administrator gives and takes, and the local authority
    they do it in: one of an agency working with the administrator's local authority.
    Anyone else answers 404 (they do not know them)."""
    authority = administered(principal)
    person_uuid = _uuid(person_id, "professional")
    person = (
        await Person.select(
            Person.id, Person.name, Person.email, Person.agency, Person.job_title, Person.active
        )
        .where((Person.id == person_uuid) & (Person.kind == "professional"))
        .first()
    )
    if person is None or person["agency"] is None:
        raise NotFound("professional")
    works_here = await AgencyAuthority.exists().where(
        (AgencyAuthority.agency == person["agency"])
        & (AgencyAuthority.local_authority == authority)
    )
    if not works_here:
        raise NotFound("professional")
    return person, authority
