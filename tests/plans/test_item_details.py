"""Each section's item shape (careplan.plans.vocabulary.SECTION_DETAILS), checked by the
plans service on every write, from the API and the pages alike (issue 15, item 3): a field
the section does not have, or a value of the wrong type, answers 422 naming the field and
writes nothing. What is stored is read as it is, never checked again."""

from __future__ import annotations

import json
import uuid

import pytest

from careplan.access.principal import load_principal
from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.lib.clock import utc_now
from careplan.lib.errors import Invalid
from careplan.plans import schemas, service
from careplan.plans.tables import Item
from careplan.plans.vocabulary import DETAIL_FIELDS, DETAIL_FLAGS, SECTIONS

pytestmark = pytest.mark.anyio

PLAN = str(demo_id("hartley:plan:child_protection"))
ITEMS = f"/api/v1/plans/{PLAN}/items"
RULE = str(demo_id("hartley:item:rule_nan"))
WORRY = str(demo_id("hartley:item:worry_food"))

# The shapes the pages, the demo and the API's users write today: each is taken as it is.
WRITTEN_TODAY = {
    "harm": {"family_view": "It happened once.", "family_disputes": False},
    "worry": {
        "who_is_worried": "Priya, Grace and Mr Price",
        "family_view": "We agree money is tight, but the children are never hungry.",
        "family_disputes": True,
    },
    "complicating": {},
    "strength": {},
    "safety_goal": {},
    "next_step": {"who": "Tom", "by_when": "2026-12-11"},
    "safety_rule": {"trigger": "Jess feels too low to get up"},
    "contingency": {},
    "network": {"name": "Carol Hartley", "contact": "01632 960501"},
    "words_and_pictures": {},
    "childs_view": {"child_agrees": True},
}


async def counts() -> tuple[int, int]:
    return await Item.count(), await AuditEvent.count()


def test_every_section_has_a_shape_and_the_forms_fields_are_its_fields() -> None:
    assert set(DETAIL_FIELDS) == set(SECTIONS) == set(WRITTEN_TODAY)
    for section, details in WRITTEN_TODAY.items():
        assert set(details) <= set(DETAIL_FIELDS[section])
    assert DETAIL_FIELDS["safety_rule"] == ("trigger",)
    assert DETAIL_FIELDS["network"] == ("name", "contact")
    assert set(DETAIL_FLAGS) == {"family_disputes", "child_agrees"}


@pytest.mark.parametrize("section", SECTIONS)
async def test_the_details_written_today_are_kept_and_versioned_as_they_are(as_, section) -> None:
    priya = as_("priya")
    details = WRITTEN_TODAY[section]
    made = await priya.post(ITEMS, json={"section": section, "text": "Words", "details": details})
    assert made.status_code == 201, made.text
    assert made.json()["details"] == details
    version = await priya.post(f"/api/v1/plans/{PLAN}/versions", json={})
    assert version.status_code == 201, version.text
    number = version.json()["number"]
    content = (await priya.get(f"/api/v1/plans/{PLAN}/versions/{number}")).json()["content"]
    assert content["items"][made.json()["id"]]["details"] == details


@pytest.mark.parametrize(
    ("section", "details", "field", "message"),
    [
        (
            "next_step",
            {"who": "Tom", "by_when": "2026-12-07", "visits": 3},
            "details.visits",
            "is not a detail of a next_step item: it takes who, by_when",
        ),
        (
            "strength",
            {"who": "Tom"},
            "details.who",
            "is not a detail of a strength item: it takes no details",
        ),
        ("safety_rule", {"trigger": 1}, "details.trigger", "must be text"),
        ("safety_rule", {"trigger": ["Jess"]}, "details.trigger", "must be text"),
        ("network", {"name": "Carol", "contact": None}, "details.contact", "must be text"),
        ("worry", {"family_disputes": "yes"}, "details.family_disputes", "must be true or false"),
        ("childs_view", {"child_agrees": 1}, "details.child_agrees", "must be true or false"),
        (
            "next_step",
            {"who": "Tom", "by_when": 20261211},
            "details.by_when",
            "must be a real date, written YYYY-MM-DD",
        ),
    ],
)
async def test_a_detail_the_section_does_not_have_or_of_the_wrong_type_is_refused_naming_it(
    as_, section, details, field, message
) -> None:
    before = await counts()
    response = await as_("priya").post(
        ITEMS, json={"section": section, "text": "Words", "details": details}
    )
    assert response.status_code == 422, response.text
    assert response.json()["fields"] == [{"field": field, "message": message}]
    assert await counts() == before


async def test_a_change_is_checked_against_the_items_own_section(as_) -> None:
    priya = as_("priya")
    before = await counts()
    # A network person's fields on a safety rule: the rule's section decides.
    wrong = await priya.patch(
        f"/api/v1/items/{RULE}", json={"details": {"name": "Carol"}, "revision": 1}
    )
    assert wrong.status_code == 422, wrong.text
    assert wrong.json()["fields"][0]["field"] == "details.name"
    typed = await priya.patch(
        f"/api/v1/items/{WORRY}", json={"details": {"family_disputes": "no"}, "revision": 1}
    )
    assert typed.status_code == 422, typed.text
    assert typed.json()["fields"][0]["field"] == "details.family_disputes"
    assert await counts() == before
    right = await priya.patch(
        f"/api/v1/items/{RULE}",
        json={"details": {"trigger": "Jess cannot get up"}, "revision": 1},
    )
    assert right.status_code == 200, right.text
    assert right.json()["details"] == {"trigger": "Jess cannot get up"}


async def test_the_pages_go_through_the_same_check(demo) -> None:
    """The editor's forms call the same use case: the service refuses, whoever calls it."""
    priya = await load_principal(demo_id("person:priya"))
    assert priya is not None
    with pytest.raises(Invalid) as refused:
        await service.add_item(
            priya,
            PLAN,
            schemas.NewItem(section="safety_rule", text="Words", details={"who": "Tom"}),
        )
    assert refused.value.field == "details.who"


async def test_details_stored_before_the_shapes_are_read_and_versioned_as_they_are(as_) -> None:
    item_id = uuid.uuid4()
    stored = {"who": "Tom", "by_when": "end of term", "visits": 3, "agreed": True, "with": ["Jess"]}
    await Item.insert(
        Item(
            id=item_id,
            family=demo_id("family:hartley"),
            plan=demo_id("hartley:plan:child_protection"),
            section="next_step",
            text="Visit",
            details=json.dumps(stored),
            author=demo_id("person:priya"),
            updated_at=utc_now(),
        )
    )
    priya = as_("priya")
    plan = (await priya.get(f"/api/v1/plans/{PLAN}")).json()
    shown = [i for i in plan["sections"]["next_step"] if i["id"] == str(item_id)]
    assert shown[0]["details"] == stored
    # A change that leaves the details alone does not check them again.
    renamed = await priya.patch(
        f"/api/v1/items/{item_id}", json={"text": "Visit twice", "revision": 1}
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["details"] == stored
    version = await priya.post(f"/api/v1/plans/{PLAN}/versions", json={})
    number = version.json()["number"]
    content = (await priya.get(f"/api/v1/plans/{PLAN}/versions/{number}")).json()["content"]
    assert content["items"][str(item_id)]["details"] == stored
    assert json.dumps(content).count('"visits": 3') == 1
