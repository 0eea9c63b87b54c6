"""What families' use cases read of tenancy: a professional, whether their agency works for a
local authority, and the local authority's kinds of episode. Read only."""

from __future__ import annotations

import uuid
from typing import Any

from careplan.tenancy.tables import AgencyAuthority, EpisodeKind, Person


async def person(person_id: Any) -> dict[str, Any] | None:
    """A person's id, agency, kind (professional or family) and whether they are active."""
    return (
        await Person.select(Person.id, Person.agency, Person.kind, Person.active)
        .where(Person.id == person_id)
        .first()
    )


async def works_for(agency: uuid.UUID, local_authority: uuid.UUID) -> bool:
    """Whether the agency works for the local authority."""
    return await AgencyAuthority.exists().where(
        (AgencyAuthority.agency == agency) & (AgencyAuthority.local_authority == local_authority)
    )


async def episode_kind(local_authority: uuid.UUID, code: str) -> dict[str, Any] | None:
    """The local authority's active kind of episode with this code, every column."""
    return (
        await EpisodeKind.select()
        .where(
            (EpisodeKind.local_authority == local_authority)
            & (EpisodeKind.code == code)
            & (EpisodeKind.active == True)
        )
        .first()
    )


async def episode_kinds(local_authority: uuid.UUID) -> list[dict[str, Any]]:
    """The local authority's active kinds of episode (code, label, plan kind), by label."""
    return (
        await EpisodeKind.select(EpisodeKind.code, EpisodeKind.label, EpisodeKind.plan_kind)
        .where((EpisodeKind.local_authority == local_authority) & (EpisodeKind.active == True))
        .order_by(EpisodeKind.label)
    )


async def professionals_working_for(local_authority: uuid.UUID) -> list[dict[str, Any]]:
    """Every active professional whose agency is active and works for the local authority:
    `id`, `name`, `job_title`, `agency`, `agency_name`, by agency then name."""
    agencies = AgencyAuthority.select(AgencyAuthority.agency).where(
        AgencyAuthority.local_authority == local_authority
    )
    return (
        await Person.select(
            Person.id,
            Person.name,
            Person.job_title,
            Person.agency,
            Person.agency.name.as_alias("agency_name"),
        )
        .where(
            (Person.kind == "professional")
            & (Person.active == True)
            & (Person.agency.active == True)
            & Person.agency.is_in(agencies)
        )
        .order_by(Person.agency.name)
        .order_by(Person.name)
    )
