"""What the meeting room's page shows, read once for the page: the meeting's record with
its quorum, scales (as far as the reader may read them) and dissents; the fixed version in
the conference's order with its fingerprint; who is there, by agency; the children a
decision is about; and what the reader may do in the room."""

from __future__ import annotations

import json
from typing import Any

from careplan.access import permissions
from careplan.access.principal import Principal
from careplan.lib.clock import utc_now
from careplan.meetings import agenda, quorum, room_rules
from careplan.meetings.queries import room as room_reads
from careplan.meetings.service import meetings
from careplan.meetings.service import room_reads as shown
from careplan.meetings.service.room_access import meeting_access
from careplan.plans import rules as plan_rules


async def _version(principal: Principal, version_id: Any) -> dict[str, Any] | None:
    """The meeting's version as this professional may read it (entries for named agencies
    reach only those agencies), in the conference's order."""
    if version_id is None:
        return None
    row = await room_reads.version_of(version_id)
    if row is None:
        return None
    content, filtered = plan_rules.readable_document(
        json.loads(row["content"]),
        lambda audience: permissions.professional_sees(principal, audience),
    )
    return {
        "number": row["number"],
        "label": row["label"],
        "sha256": row["sha256"],
        "created_at": row["created_at"],
        "filtered": filtered,
        "members": content.get("members", {}),
        "agenda": agenda.signs_of_safety(content),
    }


def _views_by_agency(
    document: dict[str, Any], agencies: dict[Any, str]
) -> list[tuple[str, list[dict[str, Any]]]]:
    attendees = {a["id"]: a for a in document["attendees"]}
    grouped: dict[str, list[dict[str, Any]]] = {}
    for view in document["views"]:
        who = attendees.get(view["attendee"], {})
        group = agencies.get(who.get("agency"), "") if who.get("agency") else "The family"
        grouped.setdefault(group or "Other", []).append({**view, "name": who.get("name", "")})
    return sorted(grouped.items())


async def room(principal: Principal, meeting_id: Any) -> dict[str, Any]:
    held = await meeting_access(principal, meeting_id)
    meeting = held.meeting
    document = await meetings._meeting_document(meeting["id"])
    document.update(await shown.extras(principal.person_id, held))
    agencies = await room_reads.agency_names(a["agency"] for a in document["attendees"])
    names = await room_reads.names([meeting["chair"]])
    children = await room_reads.children_of_plan(meeting["plan"])
    decision = document["decision"]
    mine = held.attendee
    window_ends_at = None
    may_dissent = False
    if decision is not None and quorum.needs_quorum(meeting["kind"]):
        _, settings = await room_reads.room_settings(held.family_id)
        hours = room_rules.dissent_hours(settings.get(room_rules.DISSENT_WINDOW_SETTING))
        window_ends_at = room_rules.dissent_window_ends(decision["created_at"], hours)
        may_dissent = room_rules.attended(mine) and utc_now() <= window_ends_at
    professionals = [a for a in document["attendees"] if a["person"] is not None]
    return {
        "meeting": document,
        "family_name": await room_reads.family_name(held.family_id),
        "chair_name": names.get(meeting["chair"], ""),
        "version": await _version(principal, meeting["version"]),
        "agencies": {str(k): v for k, v in agencies.items()},
        "views_by_agency": _views_by_agency(document, agencies),
        "children": [{"id": k, "name": v} for k, v in sorted(children.items(), key=lambda c: c[1])],
        "professionals": professionals,
        "family_attendees": [a for a in document["attendees"] if a["member"] is not None],
        "takes_record": held.takes_record,
        "is_chair": held.chair,
        "my_attendee": mine,
        "may_scale": mine is not None,
        "may_dissent": may_dissent,
        "window_ends_at": window_ends_at,
        "needs_choice": quorum.needs_quorum(meeting["kind"])
        and document["quorum"]["taken"]
        and not document["quorum"]["quorate"]
        and meeting["inquorate_choice"] is None,
    }
