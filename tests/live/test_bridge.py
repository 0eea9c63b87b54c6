"""The bridge from committed events to the family's channel, inside one app."""

from __future__ import annotations

import asyncio
import json

import pytest

from careplan.lib import events
from careplan.lib.uow import change
from careplan.live.service.hub import family_channel
from careplan.plans.tables import Item
from tests.live.conftest import FAMILY, ITEM, PLAN

pytestmark = pytest.mark.anyio


async def _next(subscriber, within: float = 2.0) -> dict:
    iterator = subscriber.iter_events()
    return json.loads(await asyncio.wait_for(anext(iterator), within))


async def test_a_committed_change_goes_to_its_familys_channel_as_ids_only(demo_app, as_) -> None:
    subscriber = await demo_app.state.live.channels.subscribe(family_channel(FAMILY))
    made = await as_("priya").post(
        f"/api/v1/plans/{PLAN}/items", json={"section": "worry", "text": "Not in the event"}
    )
    assert made.status_code == 201
    assert await _next(subscriber) == {"kind": "item.changed", "id": made.json()["id"]}


async def test_a_rolled_back_change_publishes_nothing(demo_app, as_) -> None:
    subscriber = await demo_app.state.live.channels.subscribe(family_channel(FAMILY))
    with pytest.raises(RuntimeError):
        async with change():
            await Item.update({Item.text: "Never saved"}).where(Item.id == ITEM)
            events.add(FAMILY, "item.changed", ITEM)
            raise RuntimeError("something failed after the write")
    assert (await Item.select(Item.text).where(Item.id == ITEM).first())["text"] != "Never saved"
    # The next thing on the channel is the next committed change, not the rolled-back one.
    made = await as_("priya").post(
        f"/api/v1/plans/{PLAN}/items", json={"section": "worry", "text": "Committed"}
    )
    assert await _next(subscriber) == {"kind": "item.changed", "id": made.json()["id"]}
