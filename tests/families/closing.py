"""Closing an episode in tests about something else: England's rule asks a manager's approval
of closing child protection work (careplan.access.authority), so a close a social worker asks
for (202) is approved by Helen Marsh, the demo's manager of children's social care."""

from __future__ import annotations

import datetime as dt
import uuid

import httpx

from careplan.demo.builder import demo_id
from careplan.families.tables import ClosureApproval, Episode
from careplan.lib.clock import utc_now
from careplan.plans.tables import Objective
from tests.conftest import bearer


async def approved(asker: httpx.AsyncClient, asked: httpx.Response) -> httpx.Response:
    """`asked` (a close's answer) as it is once approved: unchanged unless it waited for a
    manager (202); then Helen approves it and the answer is the episode, closed."""
    if asked.status_code != 202:
        return asked
    request = asked.json()
    async with httpx.AsyncClient(
        transport=asker._transport, base_url=asker.base_url, headers=bearer("helen")
    ) as helen:
        done = await helen.post(f"/api/v1/approvals/{request['id']}/approve")
        assert done.status_code == 200, done.text
    return await asker.get(f"/api/v1/episodes/{request['episode']}")


HARTLEY = demo_id("family:hartley")
HARTLEY_CP = demo_id("hartley:episode:child_protection")
# Priya's request to step the Hartleys' child protection work down (`a_request_waits`).
WAITING = demo_id("hartley:approval:step_down")


async def a_request_waits() -> uuid.UUID:
    """Priya has asked to step the Hartleys' child protection episode down (each open
    objective carried): her request waits for a manager (Helen). Made as the service makes
    it, without its audit event, for tests of who may see and decide it. Once: asking
    again changes nothing."""
    if await ClosureApproval.exists().where(ClosureApproval.id == WAITING):
        return WAITING
    episode = await Episode.select(Episode.revision).where(Episode.id == HARTLEY_CP).first()
    objectives = await Objective.select(Objective.id).where(
        (Objective.plan.episode == HARTLEY_CP)
        & (Objective.status == "open")
        & Objective.removed_at.is_null()
    )
    await ClosureApproval(
        id=WAITING,
        family=HARTLEY,
        episode=HARTLEY_CP,
        action="episode.step_down",
        closed_on=dt.date.today(),
        outcome="step_down",
        reason="Things are safer now: family help from here.",
        objectives=[{"id": str(o["id"]), "decision": "carry", "reason": ""} for o in objectives],
        episode_revision=episode["revision"],
        requested_by=demo_id("person:priya"),
        requested_at=utc_now(),
    ).save()
    return WAITING
