"""The child's view reaches parents only when the child agrees, on every route (issue 13,
item 13): the plans service refuses it (422 naming the field) on creating and changing an
item, and sharing never puts an unagreed child's view into a parent's view, even one stored
before the rule was enforced."""

from __future__ import annotations

import json

import pytest

from careplan.demo.builder import demo_id
from careplan.plans.tables import FamilyView, Item

pytestmark = pytest.mark.anyio

PLAN = str(demo_id("hartley:plan:child_protection"))
THREE_HOUSES = str(demo_id("hartley:item:three_houses"))
JESS = str(demo_id("hartley:member:jess"))
LEO = str(demo_id("hartley:member:leo"))
WORDS = "I want to stay with Mum and Dad and see Nan on Sundays."


async def items_with(text: str) -> int:
    return await Item.count().where(Item.text == text)


@pytest.mark.parametrize(
    "audience",
    ["family", {"members": [JESS]}, {"members": [LEO]}],
    ids=["family", "a parent", "the child"],
)
async def test_a_childs_view_for_the_family_needs_the_childs_agreement(as_, audience) -> None:
    priya = as_("priya")
    refused = await priya.post(
        f"/api/v1/plans/{PLAN}/items",
        json={"section": "childs_view", "text": WORDS, "audience": audience},
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"].startswith("audience:")
    assert "child agrees" in refused.json()["detail"]
    assert await items_with(WORDS) == 0  # nothing written
    not_agreed = await priya.post(
        f"/api/v1/plans/{PLAN}/items",
        json={
            "section": "childs_view",
            "text": WORDS,
            "audience": audience,
            "details": {"child_agrees": False},
        },
    )
    assert not_agreed.status_code == 422
    agreed = await priya.post(
        f"/api/v1/plans/{PLAN}/items",
        json={
            "section": "childs_view",
            "text": WORDS,
            "audience": audience,
            "details": {"child_agrees": True},
        },
    )
    assert agreed.status_code == 201, agreed.text
    assert await items_with(WORDS) == 1


@pytest.mark.parametrize("audience", ["professionals", {"agencies": [str(demo_id("agency:csc"))]}])
async def test_a_childs_view_for_professionals_needs_no_agreement(as_, audience) -> None:
    made = await as_("priya").post(
        f"/api/v1/plans/{PLAN}/items",
        json={"section": "childs_view", "text": WORDS, "audience": audience},
    )
    assert made.status_code == 201, made.text


async def test_a_childs_view_cannot_be_changed_to_reach_the_family_without_agreement(
    as_,
) -> None:
    priya = as_("priya")
    # Leo's three houses are for professionals: opening them to the family is refused...
    widened = await priya.patch(
        f"/api/v1/items/{THREE_HOUSES}", json={"audience": "family", "revision": 1}
    )
    assert widened.status_code == 422, widened.text
    assert widened.json()["detail"].startswith("audience:")
    row = await Item.select().where(Item.id == THREE_HOUSES).first()
    assert (row["audience_kind"], row["revision"]) == ("professionals", 1)
    # ... until Leo agrees, in the same change or before it.
    agreed = await priya.patch(
        f"/api/v1/items/{THREE_HOUSES}",
        json={"audience": "family", "details": {"child_agrees": True}, "revision": 1},
    )
    assert agreed.status_code == 200, agreed.text
    # Taking the agreement back while the family can read it is refused too.
    withdrawn = await priya.patch(
        f"/api/v1/items/{THREE_HOUSES}", json={"details": {}, "revision": 2}
    )
    assert withdrawn.status_code == 422
    back = await priya.patch(
        f"/api/v1/items/{THREE_HOUSES}",
        json={"audience": "professionals", "details": {}, "revision": 2},
    )
    assert back.status_code == 200, back.text


async def test_sharing_leaves_out_a_childs_view_stored_without_agreement(as_, browse_as) -> None:
    # As an item stored before the rule was enforced on every route could be.
    await Item.update({Item.audience_kind: "family", Item.audience_ids: "[]"}).where(
        Item.id == THREE_HOUSES
    )
    priya = as_("priya")
    number = (await priya.post(f"/api/v1/plans/{PLAN}/versions", json={})).json()["number"]
    shared = await priya.post(f"/api/v1/plans/{PLAN}/versions/{number}/share")
    assert shared.status_code == 200, shared.text
    views = await FamilyView.select().where(FamilyView.version.number == number)
    assert views
    for view in views:
        assert THREE_HOUSES not in json.loads(view["content"])["items"]
        assert "three houses" not in view["content"]
    jess = await browse_as("person:jess")
    for path in ("/family", "/family/words"):
        assert "three houses" not in (await jess.get(path)).text, path
    mine = (await as_("person:jess").get("/api/v1/me/view")).json()
    assert mine["version"] == number and THREE_HOUSES not in mine["content"]["items"]
