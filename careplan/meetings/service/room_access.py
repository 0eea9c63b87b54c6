"""Who holds a meeting: its chair, the family's team (or their managers), and the
professionals invited to it. The decision is `careplan.access.permissions.meeting_room`;
this reads what it needs (the meeting, whether the principal is on its attendee list)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from careplan.access import permissions
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.lib.errors import NotFound
from careplan.meetings.queries import room as room_reads
from careplan.meetings.tables import Meeting


@dataclass(frozen=True)
class MeetingAccess:
    """A professional's hold on a meeting: through the family's team, as its chair, as an
    invited professional attendee (`attendee`, their own row), or several of these."""

    family_id: uuid.UUID
    meeting: dict[str, Any]
    team: FamilyAccess | None
    chair: bool
    attendee: dict[str, Any] | None = None

    @property
    def takes_record(self) -> bool:
        """The team (or their managers) or the chair: they take attendance and the like."""
        return self.chair or (self.team is not None and self.team.can_edit_plan)


def meeting_query() -> Any:
    return Meeting.select(
        *Meeting.all_columns(),
        Meeting.version.number.as_alias("version_number"),
        Meeting.version.sha256.as_alias("version_sha256"),
    )


async def meeting_access(
    principal: Principal, meeting_id: Any, what: str = "meeting"
) -> MeetingAccess:
    """The meeting and the principal's hold on it; anyone else gets 404."""
    if not principal.is_professional:
        raise NotFound(what)
    family_id = await permissions.family_of(Meeting, meeting_id, what)
    meeting = await meeting_query().where(Meeting.id == uuid.UUID(str(meeting_id))).first()
    attendee = await room_reads.attendee_of(meeting["id"], principal.person_id)
    team, chair = await permissions.meeting_room(
        principal, family_id, meeting["chair"], attendee is not None, what
    )
    return MeetingAccess(
        family_id=family_id, meeting=meeting, team=team, chair=chair, attendee=attendee
    )
