"""What a caseload needs of the meetings: read-only batch queries over many families.

The families are those `careplan.access.permissions` already let the caller see; each
function answers in a fixed number of queries, whatever the families' history.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from careplan.meetings.queries.answers import among_latest
from careplan.meetings.tables import Agreement, AnswerSeen, Decision, Disagreement, Meeting


async def meetings_of(family_ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """Every meeting of the families that is held or booked (not cancelled), oldest first,
    with the next review date its chair decided, if any. Two queries."""
    if not family_ids:
        return []
    meetings = (
        await Meeting.select(
            Meeting.id,
            Meeting.family,
            Meeting.plan,
            Meeting.version,
            Meeting.kind,
            Meeting.status,
            Meeting.starts_at,
        )
        .where(Meeting.family.is_in(list(family_ids)) & (Meeting.status != "cancelled"))
        .order_by(Meeting.starts_at)
    )
    decisions = await Decision.select(Decision.meeting, Decision.next_review_on).where(
        Decision.family.is_in(list(family_ids))
    )
    review_on = {row["meeting"]: row["next_review_on"] for row in decisions}
    return [{**row, "next_review_on": review_on.get(row["id"])} for row in meetings]


async def open_disagreements(family_ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """The families' open professional disagreements, with their stage's deadline."""
    if not family_ids:
        return []
    return await Disagreement.select(
        Disagreement.id, Disagreement.family, Disagreement.stage, Disagreement.stage_deadline
    ).where(Disagreement.family.is_in(list(family_ids)) & (Disagreement.status == "open"))


async def new_answers(family_ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """Each family member's latest answer to an open plan that no professional has marked
    as seen: family, plan, member's name, answer, version number. Two queries."""
    if not family_ids:
        return []
    answers = (
        await Agreement.select(
            Agreement.id,
            Agreement.family,
            Agreement.plan,
            Agreement.member,
            Agreement.answer,
            Agreement.created_at,
            Agreement.version.number.as_alias("version"),
            Agreement.member.given_name.as_alias("given_name"),
            Agreement.member.known_as.as_alias("known_as"),
        )
        .where(
            Agreement.family.is_in(list(family_ids))
            & Agreement.plan.episode.closed_on.is_null()
            & among_latest(1)
        )
        .order_by(Agreement.created_at)
    )
    latest: dict[tuple[Any, Any], dict[str, Any]] = {}
    for row in answers:
        latest[(row["plan"], row["member"])] = row
    if not latest:
        return []
    seen = {
        row["agreement"]
        for row in await AnswerSeen.select(AnswerSeen.agreement).where(
            AnswerSeen.agreement.is_in([row["id"] for row in latest.values()])
        )
    }
    return [
        {**row, "name": row["known_as"] or row["given_name"]}
        for row in latest.values()
        if row["id"] not in seen
    ]
