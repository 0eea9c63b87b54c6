"""The pages before a meeting (issue 18): the Meetings section on the family page, the plan
editor and a version's page; arranging a meeting from its form (every field, mistakes named in
an error summary, a late date needing its reason); the meeting's page; an agency's report."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from careplan.demo.builder import demo_id
from careplan.meetings.tables import Attendee, Meeting, MeetingReport

pytestmark = pytest.mark.anyio

HARTLEY = demo_id("family:hartley")
PLAN = demo_id("hartley:plan:child_protection")
CORE_GROUP = demo_id("hartley:meeting:core_group")
REVIEW = demo_id("hartley:meeting:review")
JESS = str(demo_id("hartley:member:jess"))
KIERAN = str(demo_id("hartley:member:kieran"))
NEW = f"/workspace/plans/{PLAN}/meetings/new"


def person(key: str) -> str:
    return str(demo_id(f"person:{key}"))


def arrange_form(csrf: str, days: int = 21, **values: Any) -> dict[str, Any]:
    day = dt.date.today() + dt.timedelta(days=days)
    form: dict[str, Any] = {
        "_csrf_token": csrf,
        "kind": "review_conference",
        "starts-day": str(day.day),
        "starts-month": str(day.month),
        "starts-year": str(day.year),
        "time": "14:30",
        "location": "Northmere Civic Centre, Room 4",
        "how_to_join": "Ask Priya for a video link.",
        "purpose": "To review the plan.",
        "chair": person("robert"),
        "invite": [person("priya"), person("grace")],
        f"role-{person('priya')}": "Social worker",
        f"role-{person('grace')}": "Health visitor",
        "invite_member": [JESS, KIERAN],
        f"interpreter-{JESS}": "Polish",
        f"excluded-{KIERAN}": "part",
        f"excluded_part-{KIERAN}": "The police update",
        f"exclusion_reason-{KIERAN}": "Police information not yet shareable.",
        "version": "2",
    }
    form.update(values)
    return form


async def test_the_family_page_lists_meetings_coming_and_past_and_offers_arranging(
    browse_as,
) -> None:
    priya = await browse_as("priya")
    page = (await priya.get(f"/workspace/families/{HARTLEY}")).text
    section = page[page.index('id="meetings"') :]
    coming = section[section.index('id="meetings-coming"') : section.index('id="meetings-past"')]
    assert f"/workspace/meetings/{CORE_GROUP}" in coming
    assert f"/workspace/meetings/{REVIEW}" in section[section.index('id="meetings-past"') :]
    assert f'href="/workspace/plans/{PLAN}/meetings/new"' in page
    # A partner agency on the team reads the meetings, and is not offered to arrange one.
    laura = await browse_as("laura")
    page = (await laura.get(f"/workspace/families/{HARTLEY}")).text
    assert f"/workspace/meetings/{CORE_GROUP}" in page
    assert "/meetings/new" not in page


async def test_a_partner_agency_is_refused_the_arrange_form_naming_the_action(browse_as) -> None:
    laura = await browse_as("laura")
    response = await laura.get(NEW)
    assert response.status_code == 403
    assert "arrange a meeting" in response.text


async def test_the_arrange_form_shows_when_a_review_is_due(browse_as) -> None:
    priya = await browse_as("priya")
    page = (await priya.get(NEW)).text
    assert "Review child protection conference" in page
    assert "Due by" in page
    assert 'name="timing_reason"' in page
    assert 'value="take"' in page


async def test_a_review_conference_is_arranged_from_the_form_with_every_field(browse_as) -> None:
    priya = await browse_as("priya")
    response = await priya.post(NEW, data=arrange_form(priya.csrf))
    assert response.status_code == 303, response.text
    target = response.headers["location"]
    meeting_id = re.search(r"/workspace/meetings/([0-9a-f-]+)", target).group(1)
    row = await Meeting.select().where(Meeting.id == meeting_id).first()
    assert row["kind"] == "review_conference" and row["due_on"] is not None
    kieran = (
        await Attendee.select()
        .where((Attendee.meeting == meeting_id) & (Attendee.member == KIERAN))
        .first()
    )
    assert (kieran["excluded"], kieran["excluded_part"]) == ("part", "The police update")
    page = (await priya.get(target)).text
    assert "The meeting is arranged." in page
    assert "needs a Polish interpreter" in page
    assert "kept out of The police update" in page
    assert f"/workspace/plans/{PLAN}/versions/2" in page
    assert f"/workspace/meetings/{meeting_id}/room" in page
    assert f"/workspace/meetings/{meeting_id}/record" in page
    assert f"/workspace/meetings/{meeting_id}/reports/new" in page


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"time": "half two"}, "time"),
        ({"kind": ""}, "kind"),
        ({"chair": person("helen")}, "chair"),
        ({f"exclusion_reason-{KIERAN}": ""}, f"exclusion_reason-{KIERAN}"),
    ],
)
async def test_a_mistake_is_named_in_the_error_summary_and_nothing_is_written(
    browse_as, change: dict[str, Any], field: str
) -> None:
    priya = await browse_as("priya")
    before = await Meeting.count()
    response = await priya.post(NEW, data=arrange_form(priya.csrf, **change))
    assert response.status_code == 422, response.text
    assert f'href="#{field}"' in response.text
    assert f'id="{field}"' in response.text
    assert await Meeting.count() == before


async def test_a_late_meeting_asks_why_saying_its_due_date(browse_as) -> None:
    priya = await browse_as("priya")
    response = await priya.post(NEW, data=arrange_form(priya.csrf, days=260))
    assert response.status_code == 422, response.text
    assert 'href="#timing_reason"' in response.text
    assert "was due by" in response.text
    form = arrange_form(priya.csrf, days=260, timing_reason="After the summer, as asked.")
    assert (await priya.post(NEW, data=form)).status_code == 303


async def test_a_version_taken_now_is_shown_with_its_fingerprint(browse_as) -> None:
    priya = await browse_as("priya")
    response = await priya.post(NEW, data=arrange_form(priya.csrf, version="take"))
    assert response.status_code == 303, response.text
    page = (await priya.get(response.headers["location"])).text
    assert f"/workspace/plans/{PLAN}/versions/3" in page
    assert re.search(r'careplan-fingerprint">[0-9a-f]{12}<', page)


async def test_an_agency_report_is_added_and_listed_on_the_meeting(browse_as) -> None:
    grace = await browse_as("grace")
    url = f"/workspace/meetings/{CORE_GROUP}/reports/new"
    assert (await grace.get(url)).status_code == 200
    refused = await grace.post(url, data={"_csrf_token": grace.csrf, "title": "", "body": "x"})
    assert refused.status_code == 422 and 'href="#title"' in refused.text
    form = {
        "_csrf_token": grace.csrf,
        "title": "Health visiting report",
        "body": "Mia is back on her growth line.",
        "audience": "members",
        "audience_members": [JESS],
    }
    response = await grace.post(url, data=form)
    assert response.status_code == 303, response.text
    page = (await grace.get(f"/workspace/meetings/{CORE_GROUP}")).text
    assert "Health visiting report" in page and "Mia is back on her growth line." in page
    row = await MeetingReport.select().where(MeetingReport.meeting == CORE_GROUP).first()
    assert row["audience_kind"] == "members"


async def test_the_editor_and_a_version_page_list_their_meetings(browse_as) -> None:
    priya = await browse_as("priya")
    editor = (await priya.get(f"/workspace/plans/{PLAN}")).text
    assert 'id="meetings"' in editor and f"/workspace/meetings/{CORE_GROUP}" in editor
    version = (await priya.get(f"/workspace/plans/{PLAN}/versions/2")).text
    assert f"/workspace/meetings/{REVIEW}" in version
    assert f"/workspace/meetings/{CORE_GROUP}" in version
    first = (await priya.get(f"/workspace/plans/{PLAN}/versions/1")).text
    assert f"/workspace/meetings/{REVIEW}" not in first
