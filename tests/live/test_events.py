"""Live events are published after commit, carry ids only, and never for a rolled-back change."""

from __future__ import annotations

import pytest

from careplan.demo.builder import demo_id
from careplan.lib import events

pytestmark = pytest.mark.anyio

PLAN = str(demo_id("hartley:plan:child_protection"))


@pytest.fixture
def published():
    seen: list[events.Event] = []

    async def listen(event: events.Event) -> None:
        seen.append(event)

    unsubscribe = events.subscribe(listen)
    yield seen
    unsubscribe()


async def test_a_committed_change_publishes_ids_only(as_, published) -> None:
    response = await as_("priya").post(
        f"/api/v1/plans/{PLAN}/items",
        json={"section": "worry", "text": "Words that must not travel in an event"},
    )
    assert response.status_code == 201
    assert published == [
        events.Event(str(demo_id("family:hartley")), "item.changed", response.json()["id"])
    ]
    assert "Words" not in repr(published)


async def test_a_refused_change_publishes_nothing(as_, published) -> None:
    stale = await as_("priya").patch(
        f"/api/v1/items/{demo_id('hartley:item:love')}", json={"text": "x", "revision": 99}
    )
    assert stale.status_code == 409
    assert published == []


async def test_a_rolled_back_transaction_publishes_nothing(demo, published) -> None:
    from careplan.lib.uow import change

    with pytest.raises(RuntimeError):
        async with change():
            events.add(demo_id("family:hartley"), "item.changed", "x")
            raise RuntimeError("something failed after the write")
    assert published == []
