"""What the meeting room shows besides the meeting's record: its quorum, the scales as far as
the reader may read them (blind before the reveal), and the dissents from its decision."""

from __future__ import annotations

import uuid
from typing import Any

from careplan.meetings import quorum, room_rules
from careplan.meetings.queries import room as room_reads
from careplan.meetings.service.room_access import MeetingAccess
from careplan.meetings.tables import ConferenceDissent, MeetingScale

DISSENT_KEYS = (
    "id",
    "family",
    "meeting",
    "decision",
    "person",
    "agency",
    "reason",
    "window_ends_at",
    "reviewer",
    "state",
    "outcome",
    "reviewed_at",
    "disagreement",
    "revision",
    "created_at",
)
SCALE_KEYS = (
    "id",
    "by_kind",
    "person",
    "member",
    "agency",
    "score",
    "reason",
    "entered_by",
    "updated_at",
)


async def quorum_of(
    meeting: dict[str, Any], settings: dict[str, Any] | None = None
) -> quorum.Quorum:
    if settings is None:
        _, settings = await room_reads.room_settings(meeting["family"])
    needed = quorum.other_agencies_needed(settings.get(quorum.SETTING))
    rows = await room_reads.attendees(meeting["id"])
    return quorum.quorum(meeting["kind"], room_reads.presences(rows), needed)


async def previous_inquorate(meeting: dict[str, Any]) -> bool:
    previous = await room_reads.previous_conference(meeting)
    return previous is not None and previous["quorate"] is False


async def quorum_document(meeting: dict[str, Any]) -> dict[str, Any]:
    found = await quorum_of(meeting)
    return {
        **found.out(),
        "inquorate_choice": meeting["inquorate_choice"],
        "inquorate_reason": meeting["inquorate_reason"],
        "previous_inquorate": found.required and await previous_inquorate(meeting),
    }


def scale_out(row: dict[str, Any], names: dict[Any, str]) -> dict[str, Any]:
    out = {key: row[key] for key in SCALE_KEYS}
    out["name"] = names.get(row["person"] or row["member"], "")
    return out


async def scales_document(principal_person: uuid.UUID, meeting: dict[str, Any]) -> dict[str, Any]:
    rows = (
        await MeetingScale.select()
        .where(MeetingScale.meeting == meeting["id"])
        .order_by(MeetingScale.created_at)
    )
    revealed = meeting["scales_revealed_at"] is not None
    shown = room_rules.scales_shown(rows, principal_person, revealed)
    wanted = [r for r in [shown["mine"], *shown["professionals"], *shown["family"]] if r]
    names: dict[Any, str] = dict(await room_reads.names(r["person"] for r in wanted))
    if any(r["member"] for r in wanted):
        members = await room_reads.members(meeting["family"])
        for key, member in members.items():
            names[key] = member["known_as"] or member["given_name"]
    return {
        "revealed": revealed,
        "revealed_at": meeting["scales_revealed_at"],
        "scaled": shown["scaled"],
        "family_scaled": shown["family_scaled"],
        "mine": None if shown["mine"] is None else scale_out(shown["mine"], names),
        "professionals": [scale_out(r, names) for r in shown["professionals"]],
        "family": [scale_out(r, names) for r in shown["family"]],
        "escalation_prompt": shown["escalation_prompt"],
    }


async def dissent_rows(meeting_id: uuid.UUID) -> list[dict[str, Any]]:
    return (
        await ConferenceDissent.select()
        .where(ConferenceDissent.meeting == meeting_id)
        .order_by(ConferenceDissent.created_at)
    )


async def dissents_document(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    names = await room_reads.names([r["person"] for r in rows] + [r["reviewer"] for r in rows])
    return [dissent_out(r, names) for r in rows]


def dissent_out(row: dict[str, Any], names: dict[Any, str]) -> dict[str, Any]:
    out = {key: row[key] for key in DISSENT_KEYS}
    out["person_name"] = names.get(row["person"], "")
    out["reviewer_name"] = names.get(row["reviewer"], "") if row["reviewer"] else ""
    return out


async def extras(principal_person: uuid.UUID, held: MeetingAccess) -> dict[str, Any]:
    """What GET /meetings/{id} gives besides the record: quorum, scales, dissents."""
    meeting = held.meeting
    return {
        "quorum": await quorum_document(meeting),
        "scales": await scales_document(principal_person, meeting),
        "dissents": await dissents_document(await dissent_rows(meeting["id"])),
    }
