"""What a caseload needs of the concerns: the families' concerns not yet assessed or closed.

Read-only, one query for any number of families (already checked by
`careplan.access.permissions`).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from careplan.concerns.tables import Concern


async def open_concerns(family_ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """Concerns about the families that are not closed and not yet assessed."""
    if not family_ids:
        return []
    return await Concern.select(
        Concern.id,
        Concern.family,
        Concern.status,
        Concern.seriousness,
        Concern.raised_at,
        Concern.decision,
        Concern.decision_due_at,
        Concern.assessment_due_on,
        Concern.member.given_name.as_alias("child"),
        Concern.child_name,
    ).where(
        Concern.family.is_in(list(family_ids))
        & (Concern.status != "closed")
        & Concern.assessed_on.is_null()
    )
