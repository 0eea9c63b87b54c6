"""A family's revision: one number that moves whenever anything of the family changes.

Pages use it for their ETags. The unit of work collects the families a change touched and,
just before it commits, runs `bump` (registered by `careplan.wiring`): one UPDATE, however
many records of the family the change wrote.
"""

from __future__ import annotations

from careplan.families.tables import Family
from careplan.lib.clock import utc_now
from careplan.lib.uow import Work


async def bump(work: Work) -> None:
    if not work.families:
        return
    await Family.update(
        {Family.revision: Family.revision + 1, Family.updated_at: utc_now()},
        use_auto_update=False,
    ).where(Family.id.is_in(list(work.families.values())))
