"""Who last changed a record of a plan, and when, read from its audit trail (the editor's
merge view shows it beside a stale change). Audit sits below plans: its table is read here."""

from __future__ import annotations

from typing import Any

from careplan.access.principal import Principal
from careplan.audit.tables import AuditEvent
from careplan.plans.service.checking import item_access, objective_editor


async def last_change(
    principal: Principal, record_id: Any, what: str = "item"
) -> dict[str, Any] | None:
    """Who last changed an item or an objective, and when (for the editor's merge view),
    from its audit trail. Only for an editor who may see the record."""
    if what == "objective":
        await objective_editor(principal, record_id)
    else:
        await item_access(principal, record_id)
    row = (
        await AuditEvent.select(AuditEvent.at, AuditEvent.actor.name.as_alias("by"))
        .where((AuditEvent.record_type == what) & (AuditEvent.record_id == str(record_id)))
        .order_by(AuditEvent.sequence, ascending=False)
        .first()
    )
    return None if row is None else {"by": row["by"], "at": row["at"]}
