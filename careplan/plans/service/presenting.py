"""How plans' records are given out: a row of a table as the dict a reader gets.

Also what an audit event records of a change to an item or an objective.
"""

from __future__ import annotations

from typing import Any

from careplan.access.audience import Audience
from careplan.lib.columns import loaded


def audience_of(row: dict[str, Any]) -> Audience:
    """The audience of an audienced row (an item, an objective, scaling)."""
    return Audience.from_columns(row["audience_kind"], loaded(row["audience_ids"]))


def family_reads(audience: Any) -> bool:
    """Whether a family member can be among the readers of an audience (given out as JSON)."""
    return audience == "family" or (isinstance(audience, dict) and "members" in audience)


def item_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "section": row["section"],
        "position": row["position"],
        "text": row["text"],
        "details": loaded(row["details"]),
        "audience": audience_of(row).to_json(),
        "about_member_ids": loaded(row["about_member_ids"]),
        "source": {
            "kind": row["source_kind"],
            "agency": row["source_agency"],
            "note": row["source_note"],
        },
        "answers": row["answers"],
        "network_person": row["network_person"],
        "author": row["author"],
        "revision": row["revision"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "removed_at": row["removed_at"],
        "removed_reason": row["removed_reason"],
    }


OWNER_COLUMNS = {"member": "owner_member", "professional": "owner_person", "agency": "owner_agency"}


def measure_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": row["measure_kind"],
        "unit": row["unit"],
        "baseline": row["baseline"],
        "target": row["target"],
    }


def objective_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "thread": row["thread"],
        "plan": row["plan"],
        "title": row["title"],
        "why": row["why"],
        "answers": row["answers"],
        "measure": measure_out(row),
        "due_on": row["due_on"],
        "owner": {"kind": row["owner_kind"], "id": row[OWNER_COLUMNS[row["owner_kind"]]]},
        "status": row["status"],
        "decided_reason": row["decided_reason"],
        "audience": audience_of(row).to_json(),
        "revision": row["revision"],
        "created_at": row["created_at"],
        "removed_at": row["removed_at"],
    }


SCALING_KEYS = (
    "id",
    "statement",
    "score",
    "by_kind",
    "by_person",
    "by_member",
    "by_agency",
    "by_name",
    "judged_on",
    "reason",
    "created_at",
)


def scaling_out(row: dict[str, Any]) -> dict[str, Any]:
    out = {key: row[key] for key in SCALING_KEYS}
    out["audience"] = audience_of(row).to_json()
    return out


PROGRESS_KEYS = (
    "id",
    "thread",
    "objective",
    "client_uuid",
    "recorded_on",
    "value",
    "note",
    "by_kind",
    "by_person",
    "created_at",
)


def progress_out(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in PROGRESS_KEYS}


def thread_out(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "title", "started_on", "status", "ended_on", "end_reason")
    return {key: row[key] for key in keys}


def version_out(row: dict[str, Any]) -> dict[str, Any]:
    """A version's facts, without its content (which is read through `get_version` only,
    filtered by the reader's audience)."""
    return {
        key: row[key]
        for key in ("id", "plan", "number", "sha256", "label", "created_at", "shared_at", "schema")
    }


def item_audit(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "section": row["section"],
        "text": row["text"],
        "position": row["position"],
        "audience_kind": row["audience_kind"],
        "audience_ids": loaded(row["audience_ids"]),
    }


def objective_audit(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": row["title"],
        "status": row["status"],
        "target": row["target"],
        "measure_kind": row["measure_kind"],
        "due_on": row["due_on"],
    }
