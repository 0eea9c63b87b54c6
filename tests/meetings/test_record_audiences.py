"""The audience matrix extended to the chair's record, the letter and the agreed plan (issue
18): an item for professionals only and an item for one agency never reach a family member's
copy (JSON or PDF), and the agency's item never reaches a professional of another agency; an
item for the family reaches everyone."""

from __future__ import annotations

import io

import pypdf
import pytest

from careplan.demo.builder import demo_id
from careplan.meetings.tables import Meeting
from careplan.plans.tables import PlanVersion
from tests.api.test_access import MEETING, PLAN

pytestmark = pytest.mark.anyio

POLICE = demo_id("agency:police")
GOALS = {
    "professionals": "Goal for professionals only: the visitor is checked by police",
    "police": "Goal for the police only: intelligence on the visitor is shared",
    "family": "Goal for everyone: Leo gets to school on time every day",
}


def text_of(body: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(body)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


async def a_version_with_three_audiences(as_) -> int:
    """A goal for each audience (the police's written by Laura, of the police: an agency's
    item always names its author's agency), a version of them taken and shared by Priya;
    the review conference is then on that version."""
    priya = as_("priya")
    audiences = {
        "professionals": "professionals",
        "police": {"agencies": [str(POLICE)]},
        "family": "family",
    }
    for key, audience in audiences.items():
        author = as_("laura") if key == "police" else priya
        added = await author.post(
            f"/api/v1/plans/{PLAN}/items",
            json={"section": "safety_goal", "text": GOALS[key], "audience": audience},
        )
        assert added.status_code == 201, added.text
    number = (await priya.post(f"/api/v1/plans/{PLAN}/versions", json={})).json()["number"]
    shared = await priya.post(f"/api/v1/plans/{PLAN}/versions/{number}/share")
    assert shared.status_code == 200, shared.text
    version = (
        await PlanVersion.select(PlanVersion.id)
        .where((PlanVersion.plan == PLAN) & (PlanVersion.number == number))
        .first()
    )
    await Meeting.update({Meeting.version: version["id"]}).where(Meeting.id == MEETING)
    return number


async def documents(as_, who: str, number: int) -> dict[str, str]:
    client = as_(who)
    record = await client.get(f"/api/v1/meetings/{MEETING}/record")
    assert record.status_code == 200, (who, record.text)
    out = {"record.json": record.text}
    for name, path in (
        ("record.pdf", f"/api/v1/meetings/{MEETING}/record.pdf"),
        ("letter.pdf", f"/api/v1/meetings/{MEETING}/letter.pdf"),
        ("agreed.pdf", f"/api/v1/plans/{PLAN}/versions/{number}/agreed.pdf"),
    ):
        response = await client.get(path)
        assert response.status_code == 200, (who, name, response.text)
        out[name] = text_of(response.content)
    return out


async def test_a_parents_copies_hold_only_what_is_for_her(as_) -> None:
    number = await a_version_with_three_audiences(as_)
    for name, text in (await documents(as_, "person:jess", number)).items():
        assert GOALS["professionals"] not in text, name
        assert GOALS["police"] not in text, name
        if name in ("letter.pdf", "agreed.pdf", "record.json"):
            assert GOALS["family"] in text, name


async def test_an_agencys_item_reaches_only_that_agency(as_) -> None:
    number = await a_version_with_three_audiences(as_)
    priya = await documents(as_, "priya", number)  # children's social care
    laura = await documents(as_, "laura", number)  # police
    for name in ("letter.pdf", "agreed.pdf"):
        assert GOALS["professionals"] in priya[name] and GOALS["police"] not in priya[name]
        assert GOALS["police"] in laura[name] and GOALS["professionals"] in laura[name]
    # The chair, from outside the team: all but what is for agencies other than his own.
    robert = await documents(as_, "person:robert", number)
    assert GOALS["police"] not in robert["letter.pdf"]
    assert GOALS["family"] in robert["letter.pdf"]
