"""Agencies' reports before a meeting (issue 18): written by a professional on the family's
team, or by a professional invited to the meeting, for their own agency; each with an audience
as the plan's items have ("professionals", "family", named members, named agencies). Read by
the meeting's professionals as far as each report's audience lets them (the one audience rule:
`careplan.access.permissions.professional_sees`)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from careplan.access import members, permissions
from careplan.access.audience import Audience, AudienceError
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.lib.clock import utc_now
from careplan.lib.errors import Forbidden, Invalid, NotFound
from careplan.lib.uow import change
from careplan.meetings import schemas
from careplan.meetings.queries import arranging as reads
from careplan.meetings.tables import Meeting, MeetingReport

NOT_YOURS = (
    "Only a professional on the family's team or invited to this meeting can add their "
    "agency's report"
)


@dataclass(frozen=True)
class ReportAccess:
    """A professional's hold on a meeting's reports: through the family (its team, their
    managers), as the meeting's chair, or as a professional invited to it."""

    family_id: uuid.UUID
    meeting: dict[str, Any]
    team: FamilyAccess | None
    chair: bool
    invited: bool

    @property
    def may_write(self) -> bool:
        return (self.team is not None and self.team.can_edit_plan) or self.invited


async def report_access(principal: Principal, meeting_id: Any) -> ReportAccess:
    """Anyone who is not the team, a manager, the chair or an invited professional: 404."""
    if not principal.is_professional:
        raise NotFound("meeting")
    family_id = await permissions.family_of(Meeting, meeting_id, "meeting")
    meeting = (
        await Meeting.select(
            Meeting.id, Meeting.chair, Meeting.status, Meeting.kind, Meeting.starts_at
        )
        .where(Meeting.id == uuid.UUID(str(meeting_id)))
        .first()
    )
    invited = await reads.invited_professional(meeting["id"], principal.person_id) is not None
    try:
        team, chair = await permissions.team_or_chair(
            principal, family_id, meeting["chair"], "meeting"
        )
    except NotFound:
        if not invited:
            raise
        team, chair = None, False
    return ReportAccess(family_id, meeting, team, chair, invited)


def _audience(raw: Any, principal: Principal) -> Audience:
    try:
        return Audience.parse(raw).with_author(principal.agency_id)
    except AudienceError as error:
        raise Invalid("audience", str(error)) from error


async def _check_audience(audience: Audience, family_id: uuid.UUID) -> None:
    if audience.kind == "members":
        await members.require_members(audience.ids, family_id, "audience.members")
    elif audience.kind == "agencies" and not await reads.agencies_exist(list(audience.ids)):
        raise NotFound("audience.agencies")


def report_out(row: dict[str, Any]) -> dict[str, Any]:
    audience = Audience.from_columns(row["audience_kind"], row["audience_ids"])
    return {
        "id": row["id"],
        "meeting": row["meeting"],
        "by_kind": row["by_kind"],
        "agency": row["agency"],
        "agency_name": row.get("agency_name"),
        "member": row["member"],
        "author": row["author"],
        "author_name": row.get("author_name") or "",
        "title": row["title"],
        "body": row["body"],
        "audience": audience.to_json(),
        "created_at": row["created_at"],
    }


async def add_report(
    principal: Principal, meeting_id: Any, data: schemas.NewReport
) -> dict[str, Any]:
    held = await report_access(principal, meeting_id)
    if not held.may_write or principal.agency_id is None:
        raise Forbidden(NOT_YOURS)
    if held.meeting["status"] == "cancelled":
        raise Invalid("meeting", "this meeting was cancelled")
    title, body = data.title.strip(), data.body.strip()
    if not title:
        raise Invalid("title", "give the report a title")
    if not body:
        raise Invalid("body", "write the report")
    audience = _audience(data.audience, principal)
    await _check_audience(audience, held.family_id)
    report_id = uuid.uuid4()
    async with change() as work:
        await MeetingReport(
            id=report_id,
            family=held.family_id,
            meeting=held.meeting["id"],
            by_kind="agency",
            agency=principal.agency_id,
            author=principal.person_id,
            title=title,
            body=body,
            audience_kind=audience.kind,
            audience_ids=json.dumps(list(audience.ids)),
            updated_at=utc_now(),
        ).save()
        work.touch(held.family_id)
        await work.audit(
            actor=principal.person_id,
            action="meeting_report.added",
            record_type="meeting_report",
            record_id=report_id,
            family=held.family_id,
            after={
                "meeting": held.meeting["id"],
                "agency": principal.agency_id,
                "title": title,
                "audience": audience.to_json(),
            },
        )
        work.event(held.family_id, "meeting.changed", held.meeting["id"])
    return report_out(await reads.report(report_id))


async def readable_reports(principal: Principal, meeting_id: uuid.UUID) -> list[dict[str, Any]]:
    """The meeting's reports the professional may see (access already decided)."""
    return [
        report_out(row)
        for row in await reads.reports(meeting_id)
        if permissions.professional_sees(
            principal, Audience.from_columns(row["audience_kind"], row["audience_ids"])
        )
    ]


async def list_reports(principal: Principal, meeting_id: Any) -> list[dict[str, Any]]:
    held = await report_access(principal, meeting_id)
    return await readable_reports(principal, held.meeting["id"])
