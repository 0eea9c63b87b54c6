"""Concerns' reads: what a caseload shows of the concerns, and what the use cases read of the
slices below (families, tenancy). Read only; another slice's tables are read here and nowhere
else in the concerns slice."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from careplan.concerns import rules
from careplan.concerns.tables import Concern
from careplan.families.tables import Member, TeamMember
from careplan.lib.calendar import DEFAULT_REGION
from careplan.lib.clock import london_date
from careplan.tenancy import queries as tenancy
from careplan.tenancy.tables import RoleGrant

# ---------------------------------------------------------------------------- caseload


_OPEN_SQL = """
SELECT c.id, c.family, c.status, c.seriousness, c.raised_at, c.decision, c.decision_due_at,
       c.assessment_due_on, m.given_name AS child, c.child_name
FROM concern c LEFT JOIN member m ON m.id = c.member
WHERE c.family IN ({}) AND c.status <> 'closed' AND c.assessed_on IS NULL
"""


async def open_concerns(family_ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """Concerns about the families (already checked by `careplan.access.permissions`) that
    are not closed and not yet assessed: one statement for any number of families."""
    if not family_ids:
        return []
    marks = ", ".join("{}" for _ in family_ids)
    return await Concern.raw(_OPEN_SQL.format(marks), *family_ids)


# ---------------------------------------------------------------- concerns, with their region


def _with_region() -> tuple[Any, ...]:
    """Every column of a concern and, joined in the same statement, its local authority's
    bank-holiday region (`bank_holidays`): what its escalation is counted in."""
    return (
        *Concern.all_columns(),
        Concern.local_authority.bank_holidays.as_alias("bank_holidays"),
    )


def region_of(row: dict[str, Any]) -> str:
    return row.get("bank_holidays") or DEFAULT_REGION


async def concern(concern_id: uuid.UUID) -> dict[str, Any] | None:
    return await Concern.select(*_with_region()).where(Concern.id == concern_id).first()


async def family_concerns(family_id: uuid.UUID) -> list[dict[str, Any]]:
    """A family's concerns, newest first."""
    return (
        await Concern.select(*_with_region())
        .where(Concern.family == family_id)
        .order_by(Concern.raised_at, ascending=False)
    )


async def overdue_candidates(now: dt.datetime) -> list[dict[str, Any]]:
    """The concerns of families whose decision or assessment clock ran out by `now`."""
    return await Concern.select(*_with_region()).where(
        Concern.family.is_not_null()
        & (
            (Concern.status.is_in(list(rules.OPEN_FOR_DECISION)) & (Concern.decision_due_at < now))
            | (
                Concern.status.is_in(list(rules.DECIDED))
                & Concern.assessed_on.is_null()
                & (Concern.assessment_due_on < london_date(now))
            )
        )
    )


# ---------------------------------------------------------------------------- for the use cases


async def clock_working_days(
    local_authority: uuid.UUID, code: str, default: int
) -> tuple[int, str]:
    """A local authority's own clock, in working days, or England's default; and the
    bank-holiday region they are counted in."""
    row = await tenancy.clock(local_authority, code)
    days = default if row["working_days"] is None else int(row["working_days"])
    return days, row["bank_holidays"]


async def member_of_family(member_id: uuid.UUID, family_id: uuid.UUID) -> dict[str, Any] | None:
    """A member of this family (id and role), if it is one."""
    return (
        await Member.select(Member.id, Member.role)
        .where((Member.id == member_id) & (Member.family == family_id))
        .first()
    )


async def key_worker(family_id: uuid.UUID) -> uuid.UUID | None:
    """The family's key worker now, if it has one."""
    row = (
        await TeamMember.select(TeamMember.person)
        .where(
            (TeamMember.family == family_id)
            & (TeamMember.key_worker == True)
            & TeamMember.left_on.is_null()
        )
        .first()
    )
    return row["person"] if row else None


async def team_agencies(family_id: uuid.UUID) -> list[uuid.UUID]:
    """The agencies on the family's team now, each once, in order."""
    team = await TeamMember.select(TeamMember.agency).where(
        (TeamMember.family == family_id) & TeamMember.left_on.is_null()
    )
    return sorted({row["agency"] for row in team})


async def managers(local_authority: uuid.UUID, agencies: list[uuid.UUID] | None) -> set[Any]:
    """The managers of the local authority (of these agencies only, when named)."""
    query = RoleGrant.select(RoleGrant.person).where(
        (RoleGrant.role == "manager")
        & (RoleGrant.local_authority == local_authority)
        & RoleGrant.revoked_at.is_null()
    )
    if agencies is not None:
        if not agencies:
            return set()
        query = query.where(RoleGrant.agency.is_in(agencies))
    return {row["person"] for row in await query}
