"""The audience picker never hides an item from its own author (issue 14, item 3).

"Only the agencies I choose" with one other agency ticked used to store an audience without
the writer's own agency: the item vanished from her editor and her colleague's. Now the
writer's agency is always in a named-agencies audience, added by the plans service for the
pages and the API alike, and shown ticked (and not untickable) in the picker.
"""

from __future__ import annotations

import json

import pytest

from careplan.demo.builder import demo_id
from careplan.plans.tables import Item

pytestmark = pytest.mark.anyio

PLAN = demo_id("hartley:plan:child_protection")
EDITOR = f"/workspace/plans/{PLAN}"
CSC, POLICE, HV = (demo_id(f"agency:{k}") for k in ("csc", "police", "hv"))


async def stored_audience(text: str) -> tuple[str, list[str]]:
    row = await Item.select(Item.audience_kind, Item.audience_ids).where(Item.text == text).first()
    assert row is not None, text
    return row["audience_kind"], sorted(json.loads(row["audience_ids"]))


async def test_an_item_for_the_police_stays_in_its_authors_editor_and_her_colleagues(
    browse_as,
) -> None:
    priya = await browse_as("priya")  # children's social care
    words = "A police matter the social worker still needs to see."
    saved = await priya.post(
        f"{EDITOR}/items",
        data={
            "_csrf_token": priya.csrf,
            "section": "complicating",
            "text": words,
            "audience": "agencies",
            "audience_agencies": str(POLICE),  # her own agency not ticked, as the old form sent
        },
    )
    assert saved.status_code == 303
    assert await stored_audience(words) == ("agencies", sorted([str(CSC), str(POLICE)]))
    for who in ("priya", "helen", "laura"):  # the author, her manager, the police
        page = await (await browse_as(who)).get(EDITOR)
        assert words in page.text, who
        assert "Named agencies: Northmere Children" in page.text
    grace = await (await browse_as("grace")).get(EDITOR)  # health visiting: not named
    assert words not in grace.text


async def test_the_api_adds_the_writers_own_agency_too(as_) -> None:
    grace = as_("grace")
    made = await grace.post(
        f"/api/v1/plans/{PLAN}/items",
        json={
            "section": "worry",
            "text": "For the police, from health",
            "audience": {"agencies": [str(POLICE)]},
        },
    )
    assert made.status_code == 201, made.text
    assert sorted(made.json()["audience"]["agencies"]) == sorted([str(HV), str(POLICE)])
    plan = (
        await grace.get(f"/api/v1/episodes/{demo_id('hartley:episode:child_protection')}/plan")
    ).json()
    assert any(i["text"] == "For the police, from health" for i in plan["sections"]["worry"])
    objective = await grace.post(
        f"/api/v1/plans/{PLAN}/objectives",
        json={
            "title": "Mia's weight is checked every fortnight",
            "measure": {"kind": "count", "target": "2", "unit": "checks a month"},
            "owner": {"kind": "agency", "id": str(HV)},
            "audience": {"agencies": [str(POLICE)]},
        },
    )
    assert objective.status_code == 201, objective.text
    assert sorted(objective.json()["audience"]["agencies"]) == sorted([str(HV), str(POLICE)])


async def test_the_picker_shows_the_writers_agency_ticked_and_fixed(browse_as) -> None:
    priya = await browse_as("priya")
    page = (await priya.get(EDITOR)).text
    start = page.index('id="new-worry-agency-')
    picker = page[
        page.rindex("<div", 0, start) : page.index("</div>", page.index("Your agency", start))
    ]
    assert 'type="checkbox" checked disabled data-name="Northmere Children' in page
    assert "Your agency: it always sees what you share with named agencies" in page
    assert picker  # the own agency's box is in the worry form's picker
    # A refused form shows its summary with the writer's agency in it.
    refused = await priya.post(
        f"{EDITOR}/items",
        data={
            "_csrf_token": priya.csrf,
            "section": "worry",
            "text": "",
            "audience": "agencies",
            "audience_agencies": [str(POLICE), str(CSC)],
        },
    )
    assert refused.status_code == 422
    assert "Who can see this: <span data-audience-summary>Named agencies: Northmere" in refused.text
