"""How meetings' records are answered: the documents the API and the pages receive."""

from __future__ import annotations

from typing import Any

from careplan.lib.columns import loaded

MEETING_KEYS = (
    "id",
    "family",
    "plan",
    "kind",
    "purpose",
    "starts_at",
    "location",
    "location_confidential",
    "how_to_join",
    "chair",
    "quorate",
    "family_attendance",
    "status",
    "revision",
    "created_at",
    "pre_birth",
    "due_on",
    "timing_reason",
)
ATTENDEE_KEYS = (
    "id",
    "person",
    "member",
    "agency",
    "name",
    "attended",
    "apologies",
    "attendance",
    "role",
    "direct_contact",
    "interpreter",
    "excluded",
    "excluded_part",
    "exclusion_reason",
)
VIEW_KEYS = ("id", "meeting", "attendee", "view", "reason", "recorded_by", "created_at")
DECISION_KEYS = (
    "id",
    "meeting",
    "plan_needed",
    "category",
    "next_review_on",
    "notes",
    "decided_by",
    "created_at",
)
STAGE_KEYS = ("stage", "started_on", "deadline", "ended_on", "outcome")
DISAGREEMENT_KEYS = (
    "id",
    "family",
    "meeting",
    "meeting_view",
    "raised_by",
    "about",
    "stage",
    "stage_deadline",
    "status",
    "resolved_on",
    "resolution",
    "revision",
    "created_at",
)


def agreement_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "plan": row["plan"],
        "member": row["member"],
        "version": row["version_number"],
        "version_sha256": row["version_sha256"],
        "view_sha256": row["view_sha256"],
        "answer": row["answer"],
        "words": row["words"],
        "item_comments": loaded(row["item_comments"]),
        "answered_by": row["answered_by"],
        "replaces": row["replaces"],
        "created_at": row["created_at"],
    }


def meeting_out(row: dict[str, Any]) -> dict[str, Any]:
    out = {key: row[key] for key in MEETING_KEYS}
    out["version"] = row["version_number"]
    out["version_sha256"] = row.get("version_sha256")
    return out


def attendee_out(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in ATTENDEE_KEYS}


def view_out(row: dict[str, Any]) -> dict[str, Any]:
    out = {key: row[key] for key in VIEW_KEYS}
    out["version"] = row.get("version_number")
    return out


def decision_out(row: dict[str, Any]) -> dict[str, Any]:
    out = {key: row[key] for key in DECISION_KEYS}
    out["version"] = row.get("version_number")
    return out


def stage_out(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in STAGE_KEYS}


def disagreement_out(
    row: dict[str, Any], stages: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    out = {key: row[key] for key in DISAGREEMENT_KEYS}
    if stages is not None:
        out["stages"] = [stage_out(s) for s in stages]
    return out
