"""What a caseload needs of the meetings: read-only batch queries over many families.

The families are those `careplan.access.permissions` already let the caller see; each
function answers in a fixed number of queries, whatever the families' history.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from careplan.meetings.tables import Agreement, Disagreement, Meeting

# The meetings the caseload's dates and attention are worked out from (careplan.oversight.rules):
# of each plan, not every meeting of its history but, of each kind, the newest held (the two
# newest where `keep_two` names the kind), the newest held with a next review date decided
# (of `decided_kinds`), the newest held that discussed one of `versions`, the first scheduled,
# and the first scheduled from `since`. One pass of one window over the plans' meetings (the
# plan index finds them; one sort for every ranking: a window a ranking cost five): the
# newest first in each (plan, status, kind), a running count of those decided and of those
# on a version, and the start of the one before.
_DATING_SQL = """
SELECT id, plan, version, kind, status, starts_at, next_review_on
FROM (
    SELECT m.id, m.plan, m.version, m.kind, m.status, m.starts_at, d.next_review_on,
           CASE WHEN {on_versions} THEN 1 ELSE 0 END AS is_on_version,
           ROW_NUMBER() OVER newest_first AS newest,
           COUNT(d.next_review_on) OVER newest_first AS decided,
           COUNT(CASE WHEN {on_versions} THEN 1 END) OVER newest_first AS on_version,
           LEAD(m.starts_at) OVER newest_first AS older_at
    FROM meeting m LEFT JOIN decision d ON d.meeting = m.id
    WHERE m.plan IN ({plans}) AND m.status IN ('held', 'scheduled')
    WINDOW newest_first AS (PARTITION BY m.plan, m.status, m.kind ORDER BY m.starts_at DESC, m.id)
) AS ranked
WHERE (
    status = 'held' AND (
        newest = 1
        OR (newest = 2 AND kind IN ({keep_two}))
        OR (decided = 1 AND next_review_on IS NOT NULL AND kind IN ({decided_kinds}))
        OR (on_version = 1 AND is_on_version = 1)
    )
) OR (status = 'scheduled' AND (older_at IS NULL OR (starts_at >= {since} AND older_at < {since})))
ORDER BY starts_at, id
"""


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("{}" for _ in values)


async def dating_meetings(
    plan_ids: Sequence[uuid.UUID],
    since: dt.datetime,
    versions: Sequence[uuid.UUID] = (),
    *,
    decided_kinds: Sequence[str],
    keep_two: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Of the plans' meetings held or booked (not cancelled), only those a caseload's dates
    are worked out from, oldest first, each with the next review date its chair decided, if
    any: per plan and kind the newest held (the two newest of a kind in `keep_two`), the
    newest held with a review date (of `decided_kinds`), the newest held that discussed one
    of `versions`, the first booked and the first booked at or after `since`. Whatever a
    rule asks of all the plan's meetings (is there one held, the last of a kind, the last
    decided, the first booked, the first booked from today, was this version discussed) it
    gets the same answer from these. One statement."""
    if not plan_ids:
        return []
    versions = list(versions)
    on_versions = f"m.version IN ({_marks(versions)})" if versions else "1 = 0"
    sql = _DATING_SQL.format(
        on_versions=on_versions,
        plans=_marks(plan_ids),
        keep_two=_marks(keep_two) if keep_two else "''",
        decided_kinds=_marks(decided_kinds) if decided_kinds else "''",
        since="{}",
    )
    # The placeholders in the order they appear in the statement.
    args = [
        *versions,
        *versions,
        *plan_ids,
        *keep_two,
        *decided_kinds,
        since,
        since,
    ]
    return await Meeting.raw(sql, *args)


async def open_disagreements(family_ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """The families' open professional disagreements, with their stage's deadline: id,
    family, stage, stage_deadline. One statement."""
    if not family_ids:
        return []
    return await Disagreement.raw(
        "SELECT id, family, stage, stage_deadline FROM disagreement"
        f" WHERE family IN ({_marks(family_ids)}) AND status = 'open'",
        *family_ids,
    )


# Each member's latest answer to each plan (by when it was given; the id orders answers given
# at the same moment), that no professional has marked as seen. The (member, version,
# created_at) index answers the first NOT EXISTS, the unique index on the agreement the second.
_NEW_ANSWERS_SQL = """
SELECT a.id, a.family, a.plan, a.member, a.answer, a.created_at, v.number AS version,
       m.given_name, m.known_as
FROM agreement a
JOIN plan_version v ON v.id = a.version
JOIN member m ON m.id = a.member
WHERE a.plan IN ({})
  AND NOT EXISTS (
      SELECT 1 FROM agreement newer
      WHERE newer.member = a.member AND newer.plan = a.plan
        AND (newer.created_at > a.created_at
             OR (newer.created_at = a.created_at AND newer.id > a.id))
  )
  AND NOT EXISTS (SELECT 1 FROM answer_seen s WHERE s.agreement = a.id)
ORDER BY a.created_at, a.id
"""


async def new_answers(plan_ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """Each family member's latest answer to each of the plans that no professional has
    marked as seen: id, family, plan, member, name (known as, or given name), answer, version
    (its number), created_at. One statement."""
    if not plan_ids:
        return []
    rows = await Agreement.raw(_NEW_ANSWERS_SQL.format(_marks(plan_ids)), *plan_ids)
    return [
        {
            "id": row["id"],
            "family": row["family"],
            "plan": row["plan"],
            "member": row["member"],
            "name": row["known_as"] or row["given_name"],
            "answer": row["answer"],
            "version": row["version"],
            "created_at": row["created_at"],
        }
        for row in rows
    ]


# The members given a view of each version (of the roles asked after) who have not answered it.
_NOT_ANSWERED_SQL = """
SELECT fv.version, m.given_name
FROM family_view fv JOIN member m ON m.id = fv.member
WHERE fv.version IN ({versions}) AND m.role IN ({roles})
  AND NOT EXISTS (
      SELECT 1 FROM agreement a WHERE a.member = fv.member AND a.version = fv.version
  )
"""


async def not_yet_answered(
    version_ids: Sequence[uuid.UUID], roles: Sequence[str]
) -> dict[uuid.UUID, list[str]]:
    """version -> the given names, in order, of the members of `roles` who were given a view
    of it and have not answered it. One statement."""
    if not version_ids or not roles:
        return {}
    sql = _NOT_ANSWERED_SQL.format(versions=_marks(version_ids), roles=_marks(roles))
    waiting: dict[uuid.UUID, list[str]] = {}
    for row in await Agreement.raw(sql, *version_ids, *roles):
        waiting.setdefault(row["version"], []).append(row["given_name"])
    return {version: sorted(names) for version, names in waiting.items()}


async def booked_from(plan_id: uuid.UUID, since: dt.datetime) -> list[dict[str, Any]]:
    """The plan's meetings booked (scheduled) from `since`, soonest first."""
    return await (
        Meeting.select(Meeting.id, Meeting.kind, Meeting.starts_at)
        .where(
            (Meeting.plan == plan_id)
            & (Meeting.status == "scheduled")
            & (Meeting.starts_at >= since)
        )
        .order_by(Meeting.starts_at)
    )


# Issue 18: the chair's letters and records still to send, with the clocks they run on (the
# local authority's own `chair_letter` and `chair_record`, if it set them, and its region).
_CHAIR_DUE_SQL = """
SELECT m.id, m.kind, m.starts_at, m.letter_sent_at, m.record_sent_at,
       f.id AS family, f.name AS family_name, la.bank_holidays,
       cl.working_days AS letter_days, cr.working_days AS record_days
FROM meeting m JOIN family f ON f.id = m.family
JOIN local_authority la ON la.id = f.local_authority
LEFT JOIN statutory_clock cl ON cl.local_authority = la.id AND cl.code = 'chair_letter'
LEFT JOIN statutory_clock cr ON cr.local_authority = la.id AND cr.code = 'chair_record'
WHERE m.chair = {} AND m.status = 'held'
  AND (m.letter_sent_at IS NULL OR m.record_sent_at IS NULL)
ORDER BY m.starts_at, m.id
"""


async def chair_to_send(person_id: uuid.UUID) -> list[dict[str, Any]]:
    """The held meetings a person chairs whose letter or record is not sent yet. One
    statement."""
    return await Meeting.raw(_CHAIR_DUE_SQL, person_id)
