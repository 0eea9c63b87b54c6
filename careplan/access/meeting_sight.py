"""What a family member may see of one of their family's meetings: the one place it is
decided (the family portal's meeting pages and the service behind them ask here).

A member reaches their family only through `permissions.family_access` (a member flagged
`portal_restricted`, or whose membership ended, has no family at all: NotFound). Of a
meeting of that family, by the member's part in it:

- A meeting between professionals (a strategy discussion) is never shown to the family.
- Invited (an attendee row names them), not excluded: everything meant for the family
  (what it is for, when and where unless the place is confidential, how to take part).
- Excluded from all of it (`excluded == "all"`): that there is a meeting and what it is for,
  never its time or place or how to join. They may still send their own view and scale
  before it, and read its outcome afterwards (parents are told the decision either way).
- Excluded from a part (`excluded == "part"`): everything, and the part they are asked to
  leave, in plain words (`excluded_part`). The chair's reason (`exclusion_reason`) has no
  audience of its own and may be about someone else's safety: it is never shown on the
  parent's page; their social worker explains it in person.
- Not invited (no attendee row): a parent or carer with parental responsibility is shown
  the meeting as an invited parent (parents are invited unless the chair excludes them);
  anyone else, and always a child, only when invited.
- A cancelled meeting is shown as cancelled, without its time or place.
- The professionals' scales are never shown to the family, before the chair's reveal or
  after it (a decision of issue 18: the scales are the professionals' private judgement, and
  the outcome the family needs is the decision, which they are told in plain words).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from careplan.access import permissions
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.families.tables import Member
from careplan.lib.errors import NotFound

# Meetings the family takes no part in: never shown to them.
PROFESSIONALS_ONLY = ("strategy_discussion",)
# The members who are shown a meeting they were not named on: parents and carers with
# parental responsibility.
ADULT_ROLES = ("parent", "carer")


@dataclass(frozen=True)
class MeetingSight:
    """What one member sees of one meeting."""

    member_id: uuid.UUID
    # Its time, place and how to join (False: that it exists and what it is for only).
    details: bool
    # Excluded from all of it, or the part they are asked to leave ("" for none).
    excluded_all: bool
    excluded_part: str
    # The member's attendee row, if they were named on the meeting.
    attendee_id: uuid.UUID | None
    # Whose scale theirs is: "parent" (an adult) or "child".
    scale_by: str


def sight(
    member: dict[str, Any], meeting: dict[str, Any], attendee: dict[str, Any] | None
) -> MeetingSight | None:
    """The decision, pure: `member` (id, role, parental_responsibility), `meeting` (kind,
    status) and the member's attendee row of it (excluded, excluded_part) or None. None: the
    member is not shown the meeting at all."""
    if meeting["kind"] in PROFESSIONALS_ONLY:
        return None
    child = member["role"] == "child"
    if attendee is None and (
        child or member["role"] not in ADULT_ROLES or not member["parental_responsibility"]
    ):
        return None
    excluded = attendee["excluded"] if attendee is not None else None
    part = (attendee.get("excluded_part") or "").strip() if excluded == "part" else ""
    return MeetingSight(
        member_id=member["id"],
        details=excluded != "all" and meeting["status"] != "cancelled",
        excluded_all=excluded == "all",
        excluded_part=part or ("a part of the meeting" if excluded == "part" else ""),
        attendee_id=None if attendee is None else attendee["id"],
        scale_by="child" if child else "parent",
    )


async def member_access(principal: Principal, family_id: Any) -> tuple[FamilyAccess, dict]:
    """A family member's access to their family and their own membership (id, role,
    parental_responsibility), or NotFound (anyone else, a restricted member included)."""
    access = await permissions.family_access(principal, family_id)
    if not access.is_member or access.member_id is None:
        raise NotFound("meeting")
    member = (
        await Member.select(Member.id, Member.role, Member.parental_responsibility)
        .where(Member.id == access.member_id)
        .first()
    )
    if member is None:
        raise NotFound("meeting")
    return access, member


def require_sight(found: MeetingSight | None) -> MeetingSight:
    """What a member may see of the meeting, or NotFound when they may see nothing of it."""
    if found is None:
        raise NotFound("meeting")
    return found
