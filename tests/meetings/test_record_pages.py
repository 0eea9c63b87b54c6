"""The chair sends the outcome letter and the record from the record's page, once each,
audited; after sending, a correction is an annotation beside the record, never an edit; only
the chair (403 for the team, decided in careplan.access)."""

from __future__ import annotations

import pytest

from careplan.audit.tables import AuditEvent
from careplan.meetings.tables import Meeting, MeetingAnnotation
from tests.api.test_access import MEETING

pytestmark = pytest.mark.anyio

PAGE = f"/workspace/meetings/{MEETING}/record"


@pytest.fixture(autouse=True)
async def nothing_sent(demo) -> None:
    """Whatever the demo holds, each test starts with the letter and the record unsent."""
    await Meeting.update({Meeting.letter_sent_at: None, Meeting.record_sent_at: None}).where(
        Meeting.id == MEETING
    )
    await MeetingAnnotation.delete().where(MeetingAnnotation.meeting == MEETING)


async def test_the_chair_sends_the_letter_and_the_record_once_each(browse_as) -> None:
    robert = await browse_as("robert")
    page = await robert.get(PAGE)
    assert page.status_code == 200
    assert "Send the outcome letter" in page.text and "Send the record" in page.text
    assert "Add a correction" not in page.text  # nothing sent yet
    sent = await robert.post(f"{PAGE}/send-letter", data={"_csrf_token": robert.csrf})
    assert sent.status_code == 303
    row = (
        await Meeting.select(Meeting.letter_sent_at, Meeting.record_sent_at)
        .where(Meeting.id == MEETING)
        .first()
    )
    assert row["letter_sent_at"] is not None and row["record_sent_at"] is None
    assert await AuditEvent.count().where(AuditEvent.action == "meeting.letter_sent") == 1
    again = await robert.post(f"{PAGE}/send-letter", data={"_csrf_token": robert.csrf})
    assert again.status_code == 409 and "was sent already" in again.text
    assert (
        await robert.post(f"{PAGE}/send-record", data={"_csrf_token": robert.csrf})
    ).status_code == 303
    page = await robert.get(PAGE)
    assert "Send the record" not in page.text and "Add a correction" in page.text


async def test_a_correction_after_sending_is_an_annotation_beside_the_record(
    browse_as, as_
) -> None:
    robert = await browse_as("robert")
    before = (await as_("person:robert").get(f"/api/v1/meetings/{MEETING}/record")).json()
    early = await robert.post(f"{PAGE}/corrections", data={"_csrf_token": robert.csrf, "text": "x"})
    assert early.status_code == 409  # nothing sent yet: the record is still being written
    await robert.post(f"{PAGE}/send-record", data={"_csrf_token": robert.csrf})
    empty = await robert.post(f"{PAGE}/corrections", data={"_csrf_token": robert.csrf, "text": " "})
    assert empty.status_code == 422 and "Enter the correction" in empty.text
    words = "Daniel Okafor is the school's designated lead, not its head."
    done = await robert.post(
        f"{PAGE}/corrections", data={"_csrf_token": robert.csrf, "text": words}
    )
    assert done.status_code == 303
    assert await MeetingAnnotation.count().where(MeetingAnnotation.meeting == MEETING) == 1
    after = (await as_("person:robert").get(f"/api/v1/meetings/{MEETING}/record")).json()
    assert [a["text"] for a in after["annotations"]] == [words]
    # Nothing of the record itself changed: the correction sits beside it.
    for key in ("views", "decision", "dissent", "attendance", "version", "family_views"):
        assert after[key] == before[key]
    assert "designated lead, not its head" in (await robert.get(PAGE)).text
    assert await AuditEvent.count().where(AuditEvent.action == "meeting.corrected") == 1


@pytest.mark.parametrize("who", ["priya", "helen", "laura"])
async def test_only_the_chair_sends_or_corrects(browse_as, who) -> None:
    client = await browse_as(who)
    page = await client.get(PAGE)
    assert page.status_code == 200 and "Send the outcome letter" not in page.text
    for action in ("send-letter", "send-record"):
        refused = await client.post(f"{PAGE}/{action}", data={"_csrf_token": client.csrf})
        assert refused.status_code == 403
        assert "Only the chair of this meeting" in refused.text
    row = await Meeting.select(Meeting.letter_sent_at).where(Meeting.id == MEETING).first()
    assert row["letter_sent_at"] is None


@pytest.mark.parametrize("who", ["person:sophie", "chloe", "person:jess"])
async def test_the_record_page_is_not_found_for_who_may_not_read_it(browse_as, who) -> None:
    client = await browse_as(who)
    response = await client.get(PAGE)
    assert response.status_code == 404
    assert "Hartley" not in response.text
