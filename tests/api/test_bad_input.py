"""Bad input through the real routes: 422 naming the field, never 500, nothing written.

`details` with a float or nested hundreds deep, a body that is not UTF-8, text that a parent
reads with a direction override or a C1 control character, and `"revision": "1"`: each of
these answered 500, or was stored, before.
"""

from __future__ import annotations

import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.plans.tables import Item, Objective

pytestmark = pytest.mark.anyio

PLAN = str(demo_id("hartley:plan:child_protection"))
ITEMS = f"/api/v1/plans/{PLAN}/items"
STRENGTH = str(demo_id("hartley:item:love"))
SCHOOL = str(demo_id("hartley:objective:school_cp"))
JSON = {"content-type": "application/json"}
FAMILY = '"family"'


def nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


@pytest.fixture
async def written():
    """How many items and audit events there are: assert nothing was written."""

    async def count() -> tuple[int, int]:
        return await Item.count(), await AuditEvent.count()

    return count


async def refused(response, field: str) -> None:
    assert response.status_code == 422, response.text
    fields = [f["field"] for f in response.json()["fields"]]
    assert any(f == field or f.startswith((f"{field}.", f"{field}[")) for f in fields), fields


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"section": "worry", "text": "x", "details": {"a": 1.5}}', "details"),
        (b'{"section": "worry", "text": "x", "details": {"a": 1e400}}', "body"),
        (
            b'{"section": "worry", "text": "x", "details": {"a": 12345678901234567890123}}',
            "details",
        ),
        (f'{{"section": "worry", "text": "x", "details": {{"a": {nested(490)}}}}}', "details"),
        (
            '{"section": "worry", "text": "x", "details": ' + '{"a": ' * 490 + "1" + "}" * 491,
            "details",
        ),
        (
            f'{{"section": "worry", "text": "x", "audience": {nested(490, FAMILY)}}}',
            "audience",
        ),
        (b'{"section": "worry", "text": "\xff\xfe worry"}', "body"),
        (b'{"section": "worry", "text": "x", "details": {"a": NaN}}', "body"),
    ],
)
async def test_bad_bodies_of_a_new_item_answer_422_naming_the_field(
    as_, written, body, field
) -> None:
    before = await written()
    response = await as_("priya").post(
        ITEMS, content=body.encode() if isinstance(body, str) else body, headers=JSON
    )
    await refused(response, field)
    assert await written() == before


@pytest.mark.parametrize(
    "character", [*"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", "\x80", "\x85", "\x9f"]
)
async def test_text_a_parent_reads_refuses_direction_overrides_and_c1_controls(
    as_, written, character
) -> None:
    before = await written()
    priya = as_("priya")
    text = f"Jess will call Carol {character}1 yad yreve"
    new = await priya.post(ITEMS, json={"section": "strength", "text": text, "audience": "family"})
    await refused(new, "text")
    details = await priya.post(
        ITEMS, json={"section": "network", "text": "Carol", "details": {"contact": text}}
    )
    await refused(details, "details")
    edit = await priya.patch(f"/api/v1/items/{STRENGTH}", json={"text": text, "revision": 1})
    await refused(edit, "text")
    goal = await priya.patch(f"/api/v1/objectives/{SCHOOL}", json={"title": text, "revision": 1})
    await refused(goal, "title")
    assert await written() == before


async def test_a_revision_given_as_text_is_refused_like_any_wrong_type(as_) -> None:
    priya = as_("priya")
    before = await Item.select(Item.text, Item.revision).where(Item.id == STRENGTH).first()
    item = await priya.patch(f"/api/v1/items/{STRENGTH}", json={"text": "New", "revision": "1"})
    await refused(item, "revision")
    assert await Item.select(Item.text, Item.revision).where(Item.id == STRENGTH).first() == before
    goal = await priya.patch(f"/api/v1/objectives/{SCHOOL}", json={"title": "T", "revision": "1"})
    await refused(goal, "revision")
    row = await Objective.select(Objective.revision).where(Objective.id == SCHOOL).first()
    assert row["revision"] == 1
    flag = await priya.post(
        f"/api/v1/families/{demo_id('family:hartley')}/team",
        json={
            "person": str(demo_id("person:chloe")),
            "role": "social_worker",
            "key_worker": "true",
        },
    )
    await refused(flag, "key_worker")


async def test_details_of_ordinary_shape_are_kept_and_versioned(as_) -> None:
    # Text, a date and yes or no: the kinds of value a section's details hold (each section's
    # fields are its shape's: tests/plans/test_item_details.py).
    priya = as_("priya")
    details = {"who_is_worried": "Tom", "family_view": "We agree", "family_disputes": True}
    made = await priya.post(ITEMS, json={"section": "worry", "text": "Visit", "details": details})
    assert made.status_code == 201, made.text
    assert made.json()["details"] == details
    step = {"who": "Tom", "by_when": "2026-12-07"}
    made_step = await priya.post(
        ITEMS, json={"section": "next_step", "text": "Visit", "details": step}
    )
    assert made_step.status_code == 201, made_step.text
    assert made_step.json()["details"] == step
    version = await priya.post(f"/api/v1/plans/{PLAN}/versions", json={})
    assert version.status_code == 201, version.text
    content = (await priya.get(f"/api/v1/plans/{PLAN}/versions/{version.json()['number']}")).json()
    assert content["content"]["items"][made.json()["id"]]["details"] == details
    assert content["content"]["items"][made_step.json()["id"]]["details"] == step
