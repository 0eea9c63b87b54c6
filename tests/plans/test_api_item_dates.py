"""An item's dates through the API: ISO dates only, 422 naming the field (issue 14, item 1)."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from careplan.demo.builder import demo_id
from careplan.plans.tables import Item

pytestmark = pytest.mark.anyio

PLAN = str(demo_id("hartley:plan:child_protection"))


def next_step(by_when: object) -> dict[str, object]:
    return {
        "section": "next_step",
        "text": "Tom books the food bank appointment",
        "audience": "family",
        "details": {"who": "Tom", "by_when": by_when},
    }


@pytest.mark.parametrize(
    "by_when",
    ["11 December 2026", "2026-02-31", "11/12/2026", "20261211", 20261211, ["2026-12-11"]],
)
async def test_a_date_that_is_not_an_iso_date_is_refused_naming_the_field(as_, by_when) -> None:
    before = await Item.count()
    response = await as_("priya").post(f"/api/v1/plans/{PLAN}/items", json=next_step(by_when))
    assert response.status_code == 422, response.text
    assert response.json()["fields"] == [
        {"field": "details.by_when", "message": "must be a real date, written YYYY-MM-DD"}
    ]
    assert await Item.count() == before


async def test_an_iso_date_is_stored_and_given_back_as_it_is(as_) -> None:
    priya = as_("priya")
    response = await priya.post(f"/api/v1/plans/{PLAN}/items", json=next_step("2026-12-11"))
    assert response.status_code == 201
    assert response.json()["details"] == {"who": "Tom", "by_when": "2026-12-11"}
    changed = await priya.patch(
        f"/api/v1/items/{response.json()['id']}",
        json={"details": {"who": "Tom", "by_when": "31 December 2026"}, "revision": 1},
    )
    assert changed.status_code == 422
    assert changed.json()["fields"][0]["field"] == "details.by_when"


async def test_words_kept_from_before_may_stay_but_not_change(as_) -> None:
    item_id = uuid.uuid4()
    await Item.insert(
        Item(
            id=item_id,
            family=demo_id("family:hartley"),
            plan=demo_id("hartley:plan:child_protection"),
            section="next_step",
            text="Tea",
            details=json.dumps({"who": "Tom", "by_when": "end of term"}),
            author=demo_id("person:priya"),
            updated_at=dt.datetime.now(dt.UTC),
        )
    )
    priya = as_("priya")
    kept = await priya.patch(
        f"/api/v1/items/{item_id}",
        json={
            "text": "Tea and toast",
            "details": {"who": "Tom", "by_when": "end of term"},
            "revision": 1,
        },
    )
    assert kept.status_code == 200
    assert kept.json()["details"]["by_when"] == "end of term"
    other = await priya.patch(
        f"/api/v1/items/{item_id}",
        json={"details": {"who": "Tom", "by_when": "half term"}, "revision": 2},
    )
    assert other.status_code == 422
    assert other.json()["fields"][0]["field"] == "details.by_when"


async def test_an_objectives_and_a_check_ins_dates_are_iso_dates_too(as_) -> None:
    priya = as_("priya")
    school = demo_id("hartley:objective:school_cp")
    moved = await priya.patch(
        f"/api/v1/objectives/{school}", json={"due_on": "1 March 2027", "revision": 1}
    )
    assert moved.status_code == 422
    assert "due_on" in moved.text
    checked = await priya.post(
        f"/api/v1/objectives/{school}/progress",
        json={"client_uuid": str(uuid.uuid4()), "value": "4", "recorded_on": "2026-02-30"},
    )
    assert checked.status_code == 422
    assert "recorded_on" in checked.text
