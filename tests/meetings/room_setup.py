"""What the meeting room's registry entries need first: a dissent from the Hartleys' review
conference's decision, waiting for Helen (the senior chair) to review it."""

from __future__ import annotations

import datetime as dt

from careplan.demo.builder import demo_id
from careplan.lib.clock import utc_now
from careplan.meetings.tables import ConferenceDissent

REVIEW = demo_id("hartley:meeting:review")
DISSENT = demo_id("test:hartley:dissent")


async def a_dissent_waits() -> None:
    """Laura's dissent from the review conference's decision, with Helen to review it."""
    if await ConferenceDissent.exists().where(ConferenceDissent.id == DISSENT):
        return
    await ConferenceDissent(
        id=DISSENT,
        family=demo_id("family:hartley"),
        meeting=REVIEW,
        decision=demo_id("hartley:decision:review"),
        person=demo_id("person:laura"),
        agency=demo_id("agency:police"),
        reason="The plan does not yet deal with the visitor to the home.",
        window_ends_at=utc_now() + dt.timedelta(hours=72),
        reviewer=demo_id("person:helen"),
        updated_at=utc_now(),
    ).save()
