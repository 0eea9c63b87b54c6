"""The meeting room's pages (issue 18, items 4-7): the version in the conference's order with
its fingerprint; attendance and quorum; blind scales (no one reads another's score on the
page before the chair shows them); views by agency; the decision per child; dissent and the
senior chair's review. Plain posts answer 303; HTMX gets the section's block."""

from __future__ import annotations

import re
from typing import Any

import pytest

from careplan.demo.builder import demo_id
from careplan.meetings.tables import ChildDecision, ConferenceDissent, Meeting, MeetingScale
from tests.meetings.test_room import LEO, MIA, conference

pytestmark = pytest.mark.anyio

REVIEW = demo_id("hartley:meeting:review")


def room(meeting: Any) -> str:
    return f"/workspace/meetings/{meeting}/room"


def form(client: Any, **values: Any) -> dict[str, Any]:
    return {"_csrf_token": client.csrf, **values}


async def test_the_room_shows_the_version_in_the_conference_order_with_its_fingerprint(
    browse_as,
) -> None:
    page = await (await browse_as("priya")).get(room(REVIEW))
    assert page.status_code == 200, page.text
    html = page.text
    assert "The plan discussed: version 2" in html
    assert re.search(r'id="version-sha256">[0-9a-f]{64}<', html)
    order = [
        "What are we worried about?",
        "What is working well?",
        "Danger and worry statements",
        "Overall judgement",
        'id="attendance"',
        'id="scales"',
        'id="views"',
        'id="decision"',
        'id="dissents"',
    ]
    positions = [html.index(words) for words in order]
    assert positions == sorted(positions)
    assert f'href="/workspace/meetings/{REVIEW}"' in html
    assert f'href="/workspace/meetings/{REVIEW}/record"' in html
    # Views grouped by agency, with the police's dissent and its reason.
    assert "The plan does not yet deal with the visitor" in html


async def test_people_outside_the_room_are_told_it_does_not_exist(browse_as) -> None:
    for who in ("chloe", "person:jess", "person:sophie", "sam"):
        page = await (await browse_as(who)).get(room(REVIEW))
        assert page.status_code == 404, who
        assert "Hartley" not in page.text


async def test_attendance_is_taken_with_a_plain_post_and_the_quorum_shown(browse_as) -> None:
    meeting = await conference()
    priya = await browse_as("priya")
    ids = {a["name"].split()[0].lower(): a["id"] for a in meeting["attendees"]}
    posted = await priya.post(
        room(meeting["id"]) + "/attendance",
        data=form(
            priya,
            **{
                f"attendance-{ids['priya']}": "present",
                f"attendance-{ids['laura']}": "present",
                f"attendance-{ids['daniel']}": "present",
                f"attendance-{ids['grace']}": "absent",
            },
            family_attendance="attended",
        ),
        headers={"x-csrftoken": ""},
    )
    assert posted.status_code == 303, posted.text
    page = await priya.get(posted.headers["location"])
    assert "Quorate." in page.text
    row = await Meeting.select().where(Meeting.id == meeting["id"]).first()
    assert row["quorate"] is True and row["family_attendance"] == "attended"


async def test_htmx_gets_only_the_section_back(browse_as) -> None:
    meeting = await conference()
    priya = await browse_as("priya")
    attendee = meeting["attendees"][0]["id"]
    answer = await priya.post(
        room(meeting["id"]) + "/attendance",
        data={f"attendance-{attendee}": "present"},
        headers={"hx-request": "true"},
    )
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<section id="attendance"')
    assert "<html" not in answer.text


async def test_scales_are_blind_on_the_page_until_the_chair_shows_them(browse_as) -> None:
    meeting = await conference()
    laura, daniel, robert = [await browse_as(p) for p in ("laura", "daniel", "robert")]
    said = "Laura worries about the visitor"
    posted = await laura.post(
        room(meeting["id"]) + "/scales", data=form(laura, score="2", reason=said)
    )
    assert posted.status_code == 303
    mine = await laura.get(room(meeting["id"]))
    assert said in mine.text and 'id="my-score"' in mine.text
    for other in (daniel, robert, await browse_as("priya")):
        page = await other.get(room(meeting["id"]))
        assert said not in page.text
        assert "1 professional has scaled" in page.text
    refused = await laura.post(room(meeting["id"]) + "/reveal", data=form(laura))
    assert refused.status_code == 403
    assert (await Meeting.select().where(Meeting.id == meeting["id"]).first())[
        "scales_revealed_at"
    ] is None
    shown = await robert.post(room(meeting["id"]) + "/reveal", data=form(robert))
    assert shown.status_code == 303
    page = await daniel.get(room(meeting["id"]))
    assert said in page.text and 'id="professional-scales"' in page.text
    again = await laura.post(
        room(meeting["id"]) + "/scales", data=form(laura, score="5", reason="Changed")
    )
    assert again.status_code == 409
    row = await MeetingScale.select().where(MeetingScale.meeting == meeting["id"]).first()
    assert row["score"] == 2


async def test_a_score_without_a_reason_is_refused_naming_it(browse_as) -> None:
    meeting = await conference()
    laura = await browse_as("laura")
    answer = await laura.post(room(meeting["id"]) + "/scales", data=form(laura, score="4"))
    assert answer.status_code == 422
    assert 'href="#reason"' in answer.text
    assert await MeetingScale.count().where(MeetingScale.meeting == meeting["id"]) == 0


async def test_the_chair_decides_for_each_child_on_the_page(browse_as) -> None:
    meeting = await conference()
    robert = await browse_as("robert")
    answer = await robert.post(
        room(meeting["id"]) + "/decision",
        data=form(
            robert,
            **{
                f"child-{LEO}-plan": "yes",
                f"child-{LEO}-category": "neglect",
                f"child-{LEO}-lead": str(demo_id("person:priya")),
                f"child-{MIA}-plan": "no",
                "notes": "A plan for Leo.",
            },
        ),
    )
    assert answer.status_code == 303, answer.text
    rows = await ChildDecision.select().where(ChildDecision.meeting == meeting["id"])
    assert {(r["member"], r["plan_needed"]) for r in rows} == {(LEO, True), (MIA, False)}
    page = await robert.get(room(meeting["id"]))
    assert "A child protection plan, under the category of neglect" in page.text


async def test_a_child_without_a_category_is_refused_on_its_field(browse_as) -> None:
    meeting = await conference()
    robert = await browse_as("robert")
    answer = await robert.post(
        room(meeting["id"]) + "/decision", data=form(robert, **{f"child-{LEO}-plan": "yes"})
    )
    assert answer.status_code == 422
    assert f'href="#child-{LEO}-category"' in answer.text


async def test_a_dissent_goes_to_the_senior_chairs_page_and_is_reviewed_there(browse_as) -> None:
    meeting = await conference()
    robert, laura, helen = (
        await browse_as("robert"),
        await browse_as("laura"),
        await browse_as("helen"),
    )
    await laura.post(
        room(meeting["id"]) + "/attendance", data=form(laura)
    )  # refused (403): a partner takes no attendance
    priya = await browse_as("priya")
    ids = {a["name"].split()[0].lower(): a["id"] for a in meeting["attendees"]}
    await priya.post(
        room(meeting["id"]) + "/attendance",
        data=form(
            priya, **{f"attendance-{ids[p]}": "present" for p in ("priya", "laura", "daniel")}
        ),
    )
    await robert.post(
        room(meeting["id"]) + "/decision",
        data=form(robert, **{f"child-{LEO}-plan": "yes", f"child-{LEO}-category": "neglect"}),
    )
    page = await laura.get(room(meeting["id"]))
    assert "I dissent from the decision, because" in page.text
    posted = await laura.post(
        room(meeting["id"]) + "/dissent", data=form(laura, dissent_reason="The visitor.")
    )
    assert posted.status_code == 303
    where = posted.headers["location"]
    assert where.startswith("/workspace/dissents/")
    dissent_page = await laura.get(where)
    assert "The senior chair will review it" in dissent_page.text
    assert "Helen Marsh" in dissent_page.text and "Record the review" not in dissent_page.text
    review_page = await helen.get(where.split("?")[0])
    assert review_page.status_code == 200 and "Record the review" in review_page.text
    reviewed = await helen.post(
        where.split("?")[0] + "/review",
        data=form(helen, result="decision_stands", outcome="The visitor is named now."),
    )
    assert reviewed.status_code == 303
    row = await ConferenceDissent.select().where(ConferenceDissent.meeting == meeting["id"]).first()
    assert row["state"] == "decision_stands"
    listed = await priya.get(room(meeting["id"]))
    assert "Reviewed: the decision stands" in listed.text
    outsider = await (await browse_as("chloe")).get(where.split("?")[0])
    assert outsider.status_code in (200, 404)  # chloe was invited to this conference
