"""Items through the API: no lost update, soft removal, errors that name the field."""

from __future__ import annotations

import asyncio

import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.plans.tables import Item

pytestmark = pytest.mark.anyio

PLAN = str(demo_id("hartley:plan:child_protection"))
STRENGTH = str(demo_id("hartley:item:love"))


async def test_a_new_item_is_for_professionals_unless_said_otherwise(as_) -> None:
    response = await as_("priya").post(
        f"/api/v1/plans/{PLAN}/items", json={"section": "worry", "text": "A worry"}
    )
    assert response.status_code == 201
    assert response.json()["audience"] == "professionals"


async def test_concurrent_edits_of_one_item_one_wins_one_gets_409(as_) -> None:
    priya, grace = as_("priya"), as_("grace")
    first, second = await asyncio.gather(
        priya.patch(f"/api/v1/items/{STRENGTH}", json={"text": "Priya's words", "revision": 1}),
        grace.patch(f"/api/v1/items/{STRENGTH}", json={"text": "Grace's words", "revision": 1}),
    )
    assert sorted([first.status_code, second.status_code]) == [200, 409]
    winner, loser = (first, second) if first.status_code == 200 else (second, first)
    assert loser.json()["current"]["text"] == winner.json()["text"]
    row = await Item.select(Item.text, Item.revision).where(Item.id == STRENGTH).first()
    assert row == {"text": winner.json()["text"], "revision": 2}


async def test_stale_edit_gets_409_and_keeps_theirs(as_) -> None:
    priya = as_("priya")
    ok = await priya.patch(f"/api/v1/items/{STRENGTH}", json={"text": "Theirs", "revision": 1})
    assert ok.status_code == 200
    stale = await priya.patch(f"/api/v1/items/{STRENGTH}", json={"text": "Mine", "revision": 1})
    assert stale.status_code == 409
    assert stale.json()["current"]["text"] == "Theirs"
    assert stale.json()["current"]["revision"] == 2


async def test_an_edit_without_a_revision_gets_428_and_changes_nothing(as_) -> None:
    response = await as_("priya").patch(f"/api/v1/items/{STRENGTH}", json={"text": "x"})
    assert response.status_code == 428
    row = await Item.select(Item.revision).where(Item.id == STRENGTH).first()
    assert row["revision"] == 1


async def test_if_match_with_the_etag_names_the_revision(as_) -> None:
    response = await as_("priya").patch(
        f"/api/v1/items/{STRENGTH}", json={"text": "By ETag"}, headers={"If-Match": 'W/"1"'}
    )
    assert response.status_code == 200 and response.json()["revision"] == 2


async def test_removing_an_item_is_soft_with_a_reason_and_audited(as_) -> None:
    priya = as_("priya")
    before = await AuditEvent.count()
    missing_reason = await priya.request(
        "DELETE", f"/api/v1/items/{STRENGTH}", json={"revision": 1}
    )
    assert missing_reason.status_code == 422
    removed = await priya.request(
        "DELETE", f"/api/v1/items/{STRENGTH}", json={"revision": 1, "reason": "Said twice"}
    )
    assert removed.status_code == 200
    row = await Item.select().where(Item.id == STRENGTH).first()
    assert row["removed_reason"] == "Said twice" and row["removed_at"] is not None
    plan = (await priya.get(f"/api/v1/plans/{PLAN}")).json()
    assert STRENGTH not in {i["id"] for i in plan["sections"]["strength"]}
    event = await AuditEvent.select().order_by(AuditEvent.sequence, ascending=False).first()
    assert event["action"] == "item.removed" and await AuditEvent.count() == before + 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"section": "gossip", "text": "x"}, "section"),
        ({"section": "worry", "text": ""}, "text"),
        ({"section": "worry", "text": "x" * 4001}, "text"),
        ({"section": "worry", "text": "x", "audience": "everyone"}, "audience"),
        ({"section": "worry", "text": "x", "colour": "red"}, "colour"),
        ({"section": "worry", "text": "x", "answers": "not-a-uuid"}, "answers"),
    ],
)
async def test_bad_input_gets_422_naming_the_field_and_writes_nothing(as_, body, field) -> None:
    before = await Item.count()
    response = await as_("priya").post(f"/api/v1/plans/{PLAN}/items", json=body)
    assert response.status_code == 422, response.text
    assert field in response.json()["detail"]
    assert await Item.count() == before


async def test_ids_of_another_family_smuggled_into_a_body_are_refused(as_) -> None:
    abena = str(demo_id("osei:member:abena"))
    before = await Item.count()
    for body in (
        {"section": "worry", "text": "x", "about_member_ids": [abena]},
        {"section": "worry", "text": "x", "audience": {"members": [abena]}},
        {"section": "safety_goal", "text": "x", "answers": str(demo_id("osei:item:worry"))},
    ):
        response = await as_("priya").post(f"/api/v1/plans/{PLAN}/items", json=body)
        assert response.status_code == 404, (body, response.text)
    assert await Item.count() == before


async def test_a_change_that_fails_part_way_leaves_nothing_written(as_) -> None:
    # A safety rule naming a network person that is not a network item: refused after the
    # audience was checked, before anything is written.
    before_items, before_events = await Item.count(), await AuditEvent.count()
    response = await as_("priya").post(
        f"/api/v1/plans/{PLAN}/items",
        json={
            "section": "safety_rule",
            "text": "x",
            "audience": "family",
            "network_person": str(demo_id("hartley:item:love")),
        },
    )
    assert response.status_code == 404
    assert (await Item.count(), await AuditEvent.count()) == (before_items, before_events)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", f"/api/v1/plans/{PLAN}/items", {"section": "worry", "text": "nul \x00 here"}),
        ("PATCH", f"/api/v1/items/{STRENGTH}", {"text": "x", "revision": 99999999999}),
        ("GET", f"/api/v1/plans/{PLAN}/versions/99999999999", None),
        ("GET", f"/api/v1/plans/{PLAN}/diff?from=1&to=99999999999", None),
    ],
)
async def test_values_the_database_cannot_hold_get_422_not_500(as_, method, path, body) -> None:
    before = await Item.count()
    response = await as_("priya").request(method, path, json=body)
    assert response.status_code in (400, 404, 422), response.text
    assert response.status_code != 400 or "detail" in response.json()
    assert await Item.count() == before
