"""Which of a member's answers to a plan a page reads: the latest few, never all of them.

An answer is never changed (a changed answer is a new row), so a member's answers pile up with
the versions they answer; a page that shows the latest answer (and the one before it) reads
only those, in the same statement, whatever the history.
"""

from __future__ import annotations

from piccolo.columns.combination import WhereRaw


def among_latest(count: int) -> WhereRaw:
    """A condition on a query of `agreement`: the answer is one of its member's `count` latest
    to its plan (by when it was given; the id orders answers given at the same moment). The
    index on the member answers the subquery."""
    return WhereRaw(
        "(SELECT COUNT(*) FROM agreement newer"
        ' WHERE newer.plan = "agreement"."plan" AND newer.member = "agreement"."member"'
        ' AND (newer.created_at > "agreement"."created_at"'
        ' OR (newer.created_at = "agreement"."created_at" AND newer.id > "agreement"."id"))'
        ") < {}",
        count,
    )
