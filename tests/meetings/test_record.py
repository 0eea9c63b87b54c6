"""The chair's record, its letter and the agreed plan (issue 18, items 9 and 10): JSON and
PDF, the fingerprints a printed copy is checked by, a dissent, the parent's own copy holding
nothing outside her view, corrections as annotations, the chair alone sending."""

from __future__ import annotations

import io
import json
import uuid

import pypdf
import pytest

from careplan.demo.builder import demo_id
from careplan.families.tables import Member
from careplan.meetings.tables import Attendee, Meeting, MeetingScale
from careplan.plans.tables import FamilyView, PlanVersion
from tests.api.test_access import MEETING, PLAN

pytestmark = pytest.mark.anyio

JESS = demo_id("hartley:member:jess")
KIERAN = demo_id("hartley:member:kieran")
RECORD = f"/api/v1/meetings/{MEETING}/record"


def pdf_text(body: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() for page in reader.pages)


async def version_2() -> dict:
    return (
        await PlanVersion.select()
        .where((PlanVersion.plan == PLAN) & (PlanVersion.number == 2))
        .first()
    )


async def test_the_chair_reads_the_whole_record_with_fingerprints_and_dissent(as_) -> None:
    response = await as_("person:robert").get(RECORD)
    assert response.status_code == 200, response.text
    record = response.json()
    version = await version_2()
    assert record["copy"] == "whole"
    assert record["version"] == {"number": 2, "sha256": version["sha256"]}
    views = await FamilyView.select(FamilyView.sha256).where(FamilyView.version == version["id"])
    assert {v["sha256"] for v in record["family_views"]} == {v["sha256"] for v in views}
    assert any(d["reason"].startswith("The plan does not yet deal") for d in record["dissent"])
    assert record["decision"]["category"] == "neglect"
    assert record["you_chair"] is True
    assert record["meeting"]["letter_due_on"] > record["meeting"]["starts_at"][:10]


async def test_the_record_pdf_carries_the_fingerprints_and_the_dissent(as_) -> None:
    response = await as_("priya").get(f"{RECORD}.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    version = await version_2()
    assert version["sha256"] in text
    views = await FamilyView.select(FamilyView.sha256).where(FamilyView.version == version["id"])
    for view in views:
        assert view["sha256"] in text
    assert "visitor to the home" in text


async def test_the_letter_pdf_has_the_outcome_and_the_outline_plan(as_) -> None:
    response = await as_("priya").get(f"/api/v1/meetings/{MEETING}/letter.pdf")
    assert response.status_code == 200, response.text
    text = pdf_text(response.content)
    assert "neglect" in text
    assert (await version_2())["sha256"] in text


async def test_a_parent_gets_her_own_copy_and_nothing_outside_her_view(as_) -> None:
    response = await as_("person:jess").get(RECORD)
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["copy"] == "member"
    assert [v["member"] for v in record["family_views"]] == [str(JESS)]
    assert all(v["reason"] == "" for v in record["views"])
    assert all(d["reason"] == "" for d in record["dissent"])
    text = pdf_text((await as_("person:jess").get(f"{RECORD}.pdf")).content)
    assert "visitor to the home" not in text
    mine = (
        await FamilyView.select(FamilyView.sha256)
        .where((FamilyView.version == (await version_2())["id"]) & (FamilyView.member == JESS))
        .first()
    )
    assert mine["sha256"] in text


async def test_the_restricted_parent_and_an_excluded_member_get_404(as_) -> None:
    await Member.update({Member.portal_restricted: True}).where(Member.id == KIERAN)
    assert (await as_("person:kieran").get(RECORD)).status_code == 404
    await Attendee.update({Attendee.excluded: "all", Attendee.exclusion_reason: "Safety"}).where(
        (Attendee.meeting == MEETING) & (Attendee.member == JESS)
    )
    assert (await as_("person:jess").get(RECORD)).status_code == 404
    assert (await as_("person:jess").get(f"{RECORD}.pdf")).status_code == 404


@pytest.mark.parametrize("caller", ["person:sophie", "chloe"])
async def test_strangers_get_404(as_, caller) -> None:
    for path in (RECORD, f"{RECORD}.pdf", f"/api/v1/meetings/{MEETING}/letter.pdf"):
        assert (await as_(caller).get(path)).status_code == 404


async def test_scales_of_professionals_stay_hidden_until_revealed(as_) -> None:
    meeting = await Meeting.select(Meeting.family).where(Meeting.id == MEETING).first()
    # Whatever the demo holds: no scales yet, none revealed.
    await MeetingScale.delete().where(MeetingScale.meeting == MEETING)
    await Meeting.update({Meeting.scales_revealed_at: None}).where(Meeting.id == MEETING)
    for key, score in (("priya", 4), ("laura", 2)):
        await MeetingScale(
            id=uuid.uuid4(),
            family=meeting["family"],
            meeting=MEETING,
            by_kind="professional",
            person=demo_id(f"person:{key}"),
            score=score,
            reason=f"{key} reason",
            entered_by=demo_id(f"person:{key}"),
            audience_kind="professionals",
        ).save()
    await MeetingScale(
        id=uuid.uuid4(),
        family=meeting["family"],
        meeting=MEETING,
        by_kind="parent",
        member=JESS,
        score=7,
        reason="Things are better at home.",
        entered_by=demo_id("person:jess"),
        audience_kind="family",
    ).save()
    scales = (await as_("person:robert").get(RECORD)).json()["scales"]
    assert scales["professionals"] == [] and scales["waiting"] == 2
    assert [s["score"] for s in scales["parents"]] == [7]
    await Meeting.update({Meeting.scales_revealed_at: Meeting.created_at}).where(
        Meeting.id == MEETING
    )
    scales = (await as_("person:robert").get(RECORD)).json()["scales"]
    assert sorted(s["score"] for s in scales["professionals"]) == [2, 4]
    # The professionals' scales are for professionals: never in the parent's copy.
    mine = (await as_("person:jess").get(RECORD)).json()["scales"]
    assert mine["professionals"] == [] and [s["score"] for s in mine["parents"]] == [7]


async def test_only_the_chair_sends_and_a_correction_is_an_annotation(as_) -> None:
    send = f"/api/v1/meetings/{MEETING}/record/send"
    assert (await as_("priya").post(send, json={"what": "letter"})).status_code in (403, 404, 405)


async def test_the_agreed_plan_pdf_says_it_is_evidence_and_holds_the_views(as_) -> None:
    path = f"/api/v1/plans/{PLAN}/versions/2/agreed.pdf"
    response = await as_("priya").get(path)
    assert response.status_code == 200, response.text
    text = pdf_text(response.content)
    assert "evidence in court proceedings" in text
    assert (await version_2())["sha256"] in text
    assert "Dissents" in text
    mine = await as_("person:jess").get(path)
    assert mine.status_code == 200, mine.text
    parent_text = pdf_text(mine.content)
    assert "evidence in court proceedings" in parent_text
    content = json.loads((await version_2())["content"])
    for entry in content["items"].values():
        audience = entry["audience"]
        if audience == "professionals" or (isinstance(audience, dict) and "agencies" in audience):
            assert entry["text"][:40] not in parent_text.replace("\n", " ")
    await Member.update({Member.portal_restricted: True}).where(Member.id == KIERAN)
    assert (await as_("person:kieran").get(path)).status_code == 404
    assert (await as_("person:sophie").get(path)).status_code == 404
    assert (await as_("chloe").get(path)).status_code == 404


async def test_a_signed_in_parent_downloads_her_own_copies_from_the_portal(browse_as) -> None:
    """The family portal links a member to these routes (issue 18, item 11): her session is
    enough, and each answer is hers alone and kept by no shared browser or proxy."""
    jess = await browse_as("person:jess")
    for path in (f"{RECORD}.pdf", f"/api/v1/plans/{PLAN}/versions/2/agreed.pdf"):
        response = await jess.get(path)
        assert response.status_code == 200, (path, response.text)
        assert response.headers["content-type"] == "application/pdf"
        assert "no-store" in response.headers["cache-control"]
        assert "visitor to the home" not in pdf_text(response.content)
