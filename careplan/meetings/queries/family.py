"""What a family member reads of meetings and of their own answers in the portal (read only).

Access goes through `careplan.access.permissions`: only a member of the family, and only
their own answers. A confidential meeting place is never returned.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from careplan.access import permissions
from careplan.access.principal import Principal
from careplan.lib.clock import utc_now
from careplan.lib.columns import loaded
from careplan.lib.errors import NotFound
from careplan.meetings.queries.plans import plan_access
from careplan.meetings.tables import Agreement, Meeting

# Meetings the family does not take part in: never shown to them.
PROFESSIONALS_ONLY = ("strategy_discussion",)
# A meeting is still the family's "next" until this long after it starts.
STILL_NEXT = dt.timedelta(hours=2)


async def my_next_meeting(principal: Principal, family_id: Any) -> dict[str, Any] | None:
    """The family's next scheduled meeting (kind, purpose, when, where unless confidential,
    how to take part), or None. A strategy discussion is between professionals: never shown."""
    access = await permissions.family_access(principal, family_id)
    if not access.is_member:
        raise NotFound("family")
    row = (
        await Meeting.select(
            Meeting.id,
            Meeting.kind,
            Meeting.purpose,
            Meeting.starts_at,
            Meeting.location,
            Meeting.location_confidential,
            Meeting.how_to_join,
        )
        .where(
            (Meeting.family == access.family_id)
            & (Meeting.status == "scheduled")
            & Meeting.kind.not_in(list(PROFESSIONALS_ONLY))
            & (Meeting.starts_at >= utc_now() - STILL_NEXT)
        )
        .order_by(Meeting.starts_at)
        .first()
    )
    if row is None:
        return None
    confidential = bool(row["location_confidential"])
    return {
        "id": row["id"],
        "kind": row["kind"],
        "purpose": row["purpose"],
        "starts_at": row["starts_at"],
        "location": "" if confidential else row["location"],
        "location_confidential": confidential,
        "how_to_join": row["how_to_join"],
    }


async def my_answers(principal: Principal, plan_id: Any) -> list[dict[str, Any]]:
    """The member's own answers to this plan, newest first, each with the view it answered
    (`view_content`, that member's own view document) so a later view can be compared."""
    access = await plan_access(principal, plan_id)
    if not access.is_member or access.member_id is None:
        raise NotFound("plan")
    rows = (
        await Agreement.select(
            Agreement.id,
            Agreement.answer,
            Agreement.words,
            Agreement.item_comments,
            Agreement.view_sha256,
            Agreement.created_at,
            Agreement.version.number.as_alias("version"),
            Agreement.family_view.content.as_alias("view_content"),
        )
        .where(
            (Agreement.plan == uuid.UUID(str(plan_id)))
            & (Agreement.member == access.member_id)
            & (Agreement.family == access.family_id)
        )
        .order_by(Agreement.created_at, ascending=False)
    )
    out = []
    for index, row in enumerate(rows):
        out.append(
            {
                "id": row["id"],
                "answer": row["answer"],
                "words": row["words"],
                "item_comments": loaded(row["item_comments"]),
                "view_sha256": row["view_sha256"],
                "created_at": row["created_at"],
                "version": row["version"],
                # Only the latest answer's view is needed (to show what changed since).
                "view_content": json.loads(row["view_content"]) if index == 0 else None,
            }
        )
    return out
