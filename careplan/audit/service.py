"""Writing and checking the audit trail.

`record` is called inside the use case's own write transaction, so the change and its event
commit together or not at all. Appends are serialised so the chain stays one line: SQLite's
BEGIN IMMEDIATE already holds the write lock; on PostgreSQL a transaction-scoped advisory
lock does the same for the few milliseconds until commit.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from careplan import db
from careplan.audit.rules import GENESIS, ChainFault, event_hash, verify_chain
from careplan.audit.tables import AuditEvent
from careplan.lib.canonical import normalise
from careplan.lib.clock import utc_now

# An arbitrary, fixed key for PostgreSQL's advisory lock on the chain's tail.
CHAIN_LOCK_KEY = 0x0CA4E9_1A7


def _id(value: Any) -> str | None:
    return None if value is None else str(value)


async def record(
    *,
    actor: Any,
    action: str,
    record_type: str,
    record_id: Any,
    family: Any = None,
    local_authority: Any = None,
    before: Any = None,
    after: Any = None,
    request_id: str = "",
) -> None:
    """Append one event to the chain, in the caller's transaction."""
    engine = db.current_engine()
    if engine.engine_type == "postgres":
        await engine.run_ddl(f"SELECT pg_advisory_xact_lock({CHAIN_LOCK_KEY})")
    tail = (
        await AuditEvent.select(AuditEvent.sequence, AuditEvent.sha256)
        .order_by(AuditEvent.sequence, ascending=False)
        .first()
    )
    now = utc_now()
    event: dict[str, Any] = {
        "sequence": (tail["sequence"] + 1) if tail else 1,
        "at": normalise(now),
        "actor": _id(actor),
        "local_authority": _id(local_authority),
        "family": _id(family),
        "action": action,
        "record_type": record_type,
        "record_id": str(record_id),
        "before": normalise(before),
        "after": normalise(after),
        "previous_sha256": tail["sha256"] if tail else GENESIS,
    }
    event["sha256"] = event_hash(event)
    await AuditEvent.insert(
        AuditEvent(
            id=uuid.uuid4(),
            sequence=event["sequence"],
            at=now,
            actor=event["actor"],
            local_authority=event["local_authority"],
            family=event["family"],
            action=action,
            record_type=record_type,
            record_id=event["record_id"],
            before=None if before is None else json.dumps(event["before"]),
            after=None if after is None else json.dumps(event["after"]),
            request_id=request_id,
            previous_sha256=event["previous_sha256"],
            sha256=event["sha256"],
        )
    )


async def verify() -> tuple[int, list[ChainFault]]:
    """Read the whole chain in order; return how many events and every fault found."""
    rows = await AuditEvent.select().order_by(AuditEvent.sequence).output(load_json=True)
    events = [_as_event(row) for row in rows]
    return len(events), verify_chain(events)


def _as_event(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "at": normalise(row["at"]),
        "actor": _id(row["actor"]),
        "local_authority": _id(row["local_authority"]),
        "family": _id(row["family"]),
    }
