"""The chair's clocks (issue 18, item 9): the outcome letter within 1 working day of the
meeting and the record within 15, in the local authority's bank-holiday region, shown on the
chair's caseload with overdue first, linking to the record."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from careplan.families.tables import Family
from careplan.meetings.record_rules import chair_dues
from careplan.meetings.tables import Meeting
from tests.api.test_access import MEETING


def row(starts: dt.datetime, region: str = "ENG", **sent) -> dict:
    return {
        "id": uuid.uuid4(),
        "kind": "review_conference",
        "starts_at": starts,
        "letter_sent_at": sent.get("letter"),
        "record_sent_at": sent.get("record"),
        "family": uuid.uuid4(),
        "family_name": "Test",
        "bank_holidays": region,
        "letter_days": None,
        "record_days": None,
    }


def test_the_letter_waits_for_christmas_and_boxing_day() -> None:
    # Thursday 24 December 2026: Christmas (Friday), the weekend, and Boxing Day's substitute
    # (Monday 28th) are not working days: the letter is due on Tuesday 29 December.
    held = dt.datetime(2026, 12, 24, 10, tzinfo=dt.UTC)
    dues = chair_dues([row(held)], dt.date(2026, 12, 24))
    letter = next(d for d in dues if d["what"] == "letter")
    assert letter["due_on"] == dt.date(2026, 12, 29)
    record = next(d for d in dues if d["what"] == "record")
    assert record["due_on"] == dt.date(2027, 1, 19)  # 15 working days, New Year's Day too


def test_scotland_keeps_its_own_bank_holidays() -> None:
    # Thursday 31 December 2026: in Scotland 1 and 2 January (Friday, and Saturday's
    # substitute on Monday 4th) are bank holidays; in England only 1 January.
    held = dt.datetime(2026, 12, 31, 10, tzinfo=dt.UTC)
    england = chair_dues([row(held)], dt.date(2026, 12, 31))[0]
    scotland = chair_dues([row(held, "SCT")], dt.date(2026, 12, 31))[0]
    assert england["due_on"] == dt.date(2027, 1, 4)
    assert scotland["due_on"] == dt.date(2027, 1, 5)


def test_overdue_comes_first_and_what_was_sent_is_gone() -> None:
    old = row(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), letter=dt.datetime.now(dt.UTC))
    new = row(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC))
    dues = chair_dues([new, old], dt.date(2026, 11, 28))
    # The old meeting's record (due 23 November) and the new one's letter (27th) are overdue,
    # the oldest first; the new one's record is not due yet; the old letter was sent.
    assert [(d["meeting"], d["what"], d["overdue"]) for d in dues] == [
        (old["id"], "record", True),
        (new["id"], "letter", True),
        (new["id"], "record", False),
    ]


@pytest.mark.anyio
async def test_the_chairs_caseload_shows_what_is_due_and_links_to_the_record(browse_as) -> None:
    await Meeting.update({Meeting.letter_sent_at: None, Meeting.record_sent_at: None}).where(
        Meeting.id == MEETING
    )
    await Family.update({Family.revision: Family.revision + 1}).where(
        Family.id
        == (await Meeting.select(Meeting.family).where(Meeting.id == MEETING).first())["family"]
    )
    robert = await browse_as("robert")
    page = await robert.get("/workspace")
    assert page.status_code == 200
    assert "Letters and records to send" in page.text
    assert f"/workspace/meetings/{MEETING}/record" in page.text
    assert "overdue" in page.text  # the review was held 10 days before the demo's day
    await Meeting.update(
        {Meeting.letter_sent_at: Meeting.updated_at, Meeting.record_sent_at: Meeting.updated_at}
    ).where(Meeting.id == MEETING)
    await Family.update({Family.revision: Family.revision + 1}).where(
        Family.id
        == (await Meeting.select(Meeting.family).where(Meeting.id == MEETING).first())["family"]
    )
    page = await robert.get("/workspace")
    assert "Letters and records to send" not in page.text
    # Priya chairs no meeting held: nothing of it on hers.
    assert (
        "Letters and records to send"
        not in (await (await browse_as("priya")).get("/workspace")).text
    )
