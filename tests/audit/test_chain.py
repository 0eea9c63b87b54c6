"""The audit trail shows tampering: a changed or removed event breaks the chain."""

from __future__ import annotations

import pytest
from piccolo.engine.base import Engine

from careplan.audit import service as audit
from careplan.audit.tables import AuditEvent

pytestmark = pytest.mark.anyio


async def test_a_changed_event_is_found(demo: Engine) -> None:
    assert (await audit.verify())[1] == []
    await AuditEvent.update({AuditEvent.action: "nothing.happened"}).where(AuditEvent.sequence == 2)
    _, faults = await audit.verify()
    assert [f.sequence for f in faults] == [2]
    assert "changed" in faults[0].problem


async def test_a_removed_event_is_found(demo: Engine) -> None:
    await AuditEvent.delete().where(AuditEvent.sequence == 2)
    _, faults = await audit.verify()
    assert faults and faults[0].sequence == 3


async def test_events_appended_later_follow_the_chain(demo: Engine) -> None:
    await audit.record(actor=None, action="test.event", record_type="family", record_id="x")
    count, faults = await audit.verify()
    assert faults == [] and count == 5
