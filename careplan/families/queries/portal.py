"""What a signed-in family member reads about their own family in the portal (read only).

Access is decided in `careplan.access.permissions`, as everywhere: a member flagged
`portal_restricted`, or one whose membership has ended, has no family here at all.
Nothing here ever returns an address, a date of birth or another system's id.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from careplan import db
from careplan.access import permissions
from careplan.access.principal import Principal
from careplan.families.tables import Family, Member, TeamMember
from careplan.lib.errors import NotFound
from careplan.plans.tables import FamilyView
from careplan.tenancy.tables import LocalAuthority


@dataclass(frozen=True)
class Home:
    """The member's family in the portal, and its revision (for per-user ETags)."""

    family_id: uuid.UUID
    member_id: uuid.UUID
    revision: int


# The member's memberships with each family's authority and revision, for the decision.
# Run on every family page's request: written once rather than built by the ORM each time
# (building a joined select costs more than running it).
_MEMBER_HOMES = (
    'SELECT m."id", m."family", m."portal_restricted", m."to_date", '
    'f."local_authority" AS "local_authority", f."revision" AS "revision" '
    f'FROM "{Member._meta.tablename}" m JOIN "{Family._meta.tablename}" f ON f."id" = m."family" '
    'WHERE m."person" = {}'
)


async def my_home(principal: Principal) -> Home | None:
    """The family this member sees in the portal, or None (restricted, or no family).

    One read for a member of one family (their memberships with each family's revision,
    decided by `permissions.member_homes`), a second only for someone in two families."""
    if principal.is_professional:
        raise NotFound("family")
    rows = await db.fetch(Member, _MEMBER_HOMES, principal.person_id)
    homes = {h.access.family_id: h for h in await permissions.member_homes(principal, rows)}
    if not homes:
        return None
    family_ids = sorted(homes)
    chosen = family_ids[0]
    if len(family_ids) > 1:
        # A person in two families sees the one whose plan was shared with them last.
        latest = (
            await FamilyView.select(FamilyView.family)
            .where(
                FamilyView.family.is_in(family_ids)
                & (FamilyView.member.person == principal.person_id)
            )
            .order_by(FamilyView.created_at, ascending=False)
            .first()
        )
        if latest is not None:
            chosen = latest["family"]
    home = homes[chosen]
    assert home.access.member_id is not None
    return Home(family_id=chosen, member_id=home.access.member_id, revision=home.revision)


async def my_contacts(principal: Principal, family_id: Any) -> dict[str, Any]:
    """Who to call: the key worker (name, job, phone), the out-of-hours number, and what the
    member told us about interpreters. Only for a member of this family."""
    access = await permissions.family_access(principal, family_id)
    if not access.is_member:
        raise NotFound("family")
    key_worker = (
        await TeamMember.select(
            TeamMember.person.name.as_alias("name"),
            TeamMember.person.phone.as_alias("phone"),
            TeamMember.person.job_title.as_alias("job_title"),
            TeamMember.agency.name.as_alias("agency"),
            TeamMember.agency.phone.as_alias("agency_phone"),
        )
        .where(
            (TeamMember.family == access.family_id)
            & (TeamMember.key_worker == True)
            & TeamMember.left_on.is_null()
        )
        .first()
    )
    authority = (
        await LocalAuthority.select(LocalAuthority.name, LocalAuthority.out_of_hours_phone)
        .where(LocalAuthority.id == access.local_authority_id)
        .first()
    )
    member = (
        await Member.select(Member.preferred_language, Member.interpreter_needed)
        .where(Member.id == access.member_id)
        .first()
    )
    return {
        "key_worker": key_worker,
        "council": authority["name"] if authority else "",
        "out_of_hours_phone": authority["out_of_hours_phone"] if authority else "",
        "preferred_language": member["preferred_language"] if member else "English",
        "interpreter_needed": bool(member and member["interpreter_needed"]),
    }


async def family_revision(family_id: Any) -> int | None:
    """The family's revision as the database being read has it (None: no such family). No
    access decision: only a number, for `careplan.lib.replica.read_at_least` to compare a
    replica's snapshot with the revision the primary gave the request."""
    row = await Family.select(Family.revision).where(Family.id == family_id).first()
    return None if row is None else row["revision"]
