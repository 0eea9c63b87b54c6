"""The family's side of a meeting in the portal (issue 18, items 2 and 11), over the demo.

The audience matrix: Jess (a parent of the Hartleys), Kieran (her partner, made
portal-restricted here), a member asked not to come (Jess, excluded in a test), and a parent
of another family (Abena Osei) each see exactly what they should of the meeting page, its
reports, its scales and its outcome. Jess's view and scale are saved once each and changed
until the meeting starts, then refused plainly (409); bad input names its field (422) and
writes nothing; asking for an interpreter is recorded on her attendee row, audited, and
tells the key worker.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from careplan.access.principal import load_principal
from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.families.tables import Family, Member, TeamMember
from careplan.meetings import schemas as meeting_schemas
from careplan.meetings import service as meetings
from careplan.meetings.tables import (
    Attendee,
    ChildDecision,
    Meeting,
    MeetingReport,
    MeetingScale,
)
from careplan.notify.tables import Notification

pytestmark = pytest.mark.anyio

HTMX = {"HX-Request": "true"}
HARTLEY = demo_id("family:hartley")
HARTLEY_PLAN = demo_id("hartley:plan:child_protection")
REVIEW = demo_id("hartley:meeting:review")
CORE_GROUP = demo_id("hartley:meeting:core_group")
JESS = demo_id("hartley:member:jess")
KIERAN = demo_id("hartley:member:kieran")
MIA = demo_id("hartley:member:mia")
PRIYA = demo_id("person:priya")
ROBERT = demo_id("person:robert")
PLACE = "Northmere Civic Centre, Room 9"


async def bump() -> None:
    """A change made straight in the tables, as a use case would: the family's revision."""
    await Family.update({Family.revision: Family.revision + 1}).where(Family.id == HARTLEY)


async def conference(days: float = 20, kind: str = "review_conference", **extra) -> uuid.UUID:
    """A conference of the Hartleys arranged by Priya, chaired by Robert, Jess invited."""
    priya = await load_principal(PRIYA)
    made = await meetings.create_meeting(
        priya,
        HARTLEY_PLAN,
        meeting_schemas.NewMeeting(
            kind=kind,
            starts_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=days),
            chair=ROBERT,
            purpose="To review the plan for Leo and Mia.",
            location=PLACE,
            how_to_join="Come to the civic centre.",
            version=2,
            attendees=[meeting_schemas.AttendeeIn(member=JESS)],
            **extra,
        ),
    )
    return made["id"]


async def priya_agency() -> uuid.UUID:
    row = (
        await TeamMember.select(TeamMember.agency)
        .where((TeamMember.family == HARTLEY) & (TeamMember.person == PRIYA))
        .first()
    )
    return row["agency"]


async def report(meeting_id, body, audience="family", ids=(), by_kind="agency", member=None):
    await MeetingReport(
        id=uuid.uuid4(),
        family=HARTLEY,
        meeting=meeting_id,
        by_kind=by_kind,
        agency=await priya_agency() if by_kind == "agency" else None,
        member=member,
        author=PRIYA,
        title=f"Report: {body[:20]}",
        body=body,
        updated_at=dt.datetime.now(dt.UTC),
        audience_kind=audience,
        audience_ids=json.dumps([str(i) for i in ids]),
    ).save()
    await bump()


async def exclude(meeting_id, excluded, part="", reason="The chair's own reason XR-7") -> None:
    await Attendee.update(
        {
            Attendee.excluded: excluded,
            Attendee.excluded_part: part,
            Attendee.exclusion_reason: reason,
        }
    ).where((Attendee.meeting == meeting_id) & (Attendee.member == JESS))
    await bump()


async def start(meeting_id) -> None:
    """The meeting's start moves to a minute ago (it has begun)."""
    await Meeting.update(
        {Meeting.starts_at: dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)}
    ).where(Meeting.id == meeting_id)
    await bump()


# ---------------------------------------------------------------------------- who sees what


async def test_jess_reads_a_coming_meeting_with_when_where_and_how(browse_as) -> None:
    meeting = await conference()
    jess = await browse_as("person:jess")
    page = await jess.get(f"/family/meetings/{meeting}")
    assert page.status_code == 200
    text = page.text
    assert "Review child protection conference" in text
    assert "looks at how your family&#39;s child protection" in text
    assert PLACE in text and "Come to the civic centre." in text
    assert 'action="/family/meetings/' in text and "Ask for an interpreter" in text
    listed = (await jess.get("/family/meetings")).text
    assert f"/family/meetings/{meeting}" in listed and f"/family/meetings/{REVIEW}" in listed
    nxt = (await jess.get("/family/next")).text
    assert 'href="/family/meetings"' in nxt


async def test_a_parent_with_responsibility_sees_a_meeting_she_was_not_named_on(browse_as):
    jess = await browse_as("person:jess")
    page = await jess.get(f"/family/meetings/{CORE_GROUP}")
    assert page.status_code == 200 and "Northmere Family Centre, Room 2" in page.text


async def test_kieran_who_is_kept_out_of_the_portal_gets_only_the_neutral_page(browse_as):
    meeting = await conference()
    # Kept out of the portal (the demo lets him in today: Michael Osei is its restricted one).
    await Member.update({Member.portal_restricted: True}).where(Member.id == KIERAN)
    await bump()
    kieran = await browse_as("person:kieran")
    for path in ("/family/meetings", f"/family/meetings/{meeting}", f"/family/meetings/{REVIEW}"):
        page = await kieran.get(path)
        assert page.status_code == 200, path
        assert PLACE not in page.text and "conference" not in page.text.lower()
        assert "Hartley" not in page.text and "Leo" not in page.text
    refused = await kieran.post(
        f"/family/meetings/{meeting}/view", data={"_csrf_token": kieran.csrf, "view": "Mine"}
    )
    assert refused.status_code == 404
    assert await MeetingReport.count().where(MeetingReport.meeting == meeting) == 0


async def test_a_parent_of_another_family_finds_no_such_meeting(browse_as) -> None:
    meeting = await conference()
    abena = await browse_as("person:abena")
    for path in (f"/family/meetings/{meeting}", f"/family/meetings/{REVIEW}"):
        page = await abena.get(path)
        assert page.status_code == 404 and PLACE not in page.text and "Hartley" not in page.text
    posted = await abena.post(
        f"/family/meetings/{meeting}/scale",
        data={"_csrf_token": abena.csrf, "score": "5", "reason": "Hers"},
    )
    assert posted.status_code == 404
    assert f"/family/meetings/{meeting}" not in (await abena.get("/family/meetings")).text
    assert await MeetingScale.count().where(MeetingScale.meeting == meeting) == 0


async def test_a_member_asked_not_to_come_sees_the_meeting_but_never_when_or_where(browse_as):
    meeting = await conference(days=1)
    await exclude(meeting, "all")
    jess = await browse_as("person:jess")
    for path in (f"/family/meetings/{meeting}", "/family/meetings", "/family/next"):
        text = (await jess.get(path)).text
        assert PLACE not in text and "Come to the civic centre." not in text, path
        assert "XR-7" not in text
    text = (await jess.get(f"/family/meetings/{meeting}")).text
    assert "asked that you do not come to this meeting" in text
    assert "Review child protection conference" in text
    # Her view still reaches the meeting.
    assert 'action="/family/meetings/' + str(meeting) + '/view"' in text


async def test_a_member_kept_out_of_a_part_is_told_the_part_but_not_the_reason(browse_as):
    meeting = await conference()
    await exclude(meeting, "part", part="the police's report")
    text = (await (await browse_as("person:jess")).get(f"/family/meetings/{meeting}")).text
    assert "leave the meeting for one part of it: the police&#39;s report" in text
    assert PLACE in text and "XR-7" not in text


async def test_a_confidential_place_is_given_by_the_social_worker(browse_as) -> None:
    meeting = await conference(location_confidential=True)
    text = (await (await browse_as("person:jess")).get(f"/family/meetings/{meeting}")).text
    assert PLACE not in text
    assert "The address will be given to you by your social worker." in text


# ---------------------------------------------------------------------------- reports


async def test_jess_reads_only_the_reports_meant_for_her_once_they_open(browse_as) -> None:
    meeting = await conference(days=2)  # a review: reports open 5 working days before
    await report(meeting, "For the whole family FAM-1")
    await report(meeting, "For Jess by name JESS-2", "members", [JESS])
    await report(meeting, "Professionals only PRO-3", "professionals")
    await report(meeting, "For Kieran only KIE-4", "members", [KIERAN])
    await report(meeting, "Kieran's own view KV-5", "members", [KIERAN], "member", KIERAN)
    text = (await (await browse_as("person:jess")).get(f"/family/meetings/{meeting}")).text
    assert "FAM-1" in text and "JESS-2" in text
    for secret in ("PRO-3", "KIE-4", "KV-5", "Priya"):
        assert secret not in text, secret


async def test_reports_are_not_shown_before_the_day_they_open(browse_as) -> None:
    meeting = await conference(days=60)
    await report(meeting, "For the whole family FAM-1")
    text = (await (await browse_as("person:jess")).get(f"/family/meetings/{meeting}")).text
    assert "FAM-1" not in text
    assert "You can read the reports for this meeting from" in text


# ---------------------------------------------------------------------------- her view and scale


async def test_her_view_and_scale_are_saved_once_and_changed_until_the_meeting_starts(browse_as):
    meeting = await conference(days=3)
    jess = await browse_as("person:jess")
    base = f"/family/meetings/{meeting}"
    sent = await jess.post(f"{base}/view", data={"_csrf_token": jess.csrf, "view": "First VIEW"})
    assert sent.status_code == 303 and sent.headers["location"].startswith(base)
    again = await jess.post(f"{base}/view", data={"_csrf_token": jess.csrf, "view": "Second"})
    assert again.status_code == 303
    rows = await MeetingReport.select().where(MeetingReport.meeting == meeting)
    assert [(r["by_kind"], r["member"], r["body"]) for r in rows] == [("member", JESS, "Second")]
    assert rows[0]["audience_kind"] == "members"
    assert json.loads(rows[0]["audience_ids"]) == [str(JESS)]
    for score in ("4", "6"):
        form = {"_csrf_token": jess.csrf, "score": score, "reason": f"Because {score}"}
        assert (await jess.post(f"{base}/scale", data=form)).status_code == 303
    scales = await MeetingScale.select().where(MeetingScale.meeting == meeting)
    assert [(s["by_kind"], s["member"], s["score"]) for s in scales] == [("parent", JESS, 6)]
    audited = await AuditEvent.select(AuditEvent.action).where(AuditEvent.family == HARTLEY)
    actions = [a["action"] for a in audited]
    assert actions.count("meeting_report.member_view_saved") == 2
    assert actions.count("meeting_scale.family_saved") == 2
    page = (await jess.get(base)).text
    assert "Second</textarea>" in page and 'value="6" checked' in page

    await start(meeting)
    before = await MeetingScale.select().where(MeetingScale.meeting == meeting)
    late = await jess.post(
        f"{base}/scale", data={"_csrf_token": jess.csrf, "score": "9", "reason": "Late"}
    )
    assert late.status_code == 409
    assert "The meeting has started" in late.text and "govuk-error-summary" in late.text
    late_view = await jess.post(f"{base}/view", data={"_csrf_token": jess.csrf, "view": "Late"})
    assert late_view.status_code == 409
    assert await MeetingScale.select().where(MeetingScale.meeting == meeting) == before
    page = (await jess.get(base)).text
    assert "You chose <strong>6 out of 10</strong>" in page and "Second" in page


async def test_bad_input_names_the_field_and_writes_nothing(browse_as) -> None:
    meeting = await conference(days=3)
    jess = await browse_as("person:jess")
    base = f"/family/meetings/{meeting}"
    bad = await jess.post(f"{base}/scale", data={"_csrf_token": jess.csrf, "score": "11"})
    assert bad.status_code == 422
    assert 'href="#score-0"' in bad.text and 'href="#scale-reason"' in bad.text
    assert "Choose a number from 0 to 10" in bad.text
    empty = await jess.post(f"{base}/view", data={"_csrf_token": jess.csrf, "view": "  "})
    assert empty.status_code == 422 and 'href="#view-words"' in empty.text
    long = await jess.post(f"{base}/interpreter", data={"_csrf_token": jess.csrf, "language": ""})
    assert long.status_code == 422 and 'href="#language"' in long.text
    assert await MeetingScale.count().where(MeetingScale.meeting == meeting) == 0
    assert await MeetingReport.count().where(MeetingReport.meeting == meeting) == 0


async def test_a_form_sent_by_script_gets_its_own_block_back(browse_as) -> None:
    meeting = await conference(days=3)
    jess = await browse_as("person:jess")
    answer = await jess.post(
        f"/family/meetings/{meeting}/scale",
        data={"_csrf_token": jess.csrf, "score": "7", "reason": "Better"},
        headers=HTMX,
    )
    assert answer.status_code == 200 and "<html" not in answer.text
    assert answer.text.lstrip().startswith('<section class="cp-meeting-form" id="scale"')
    assert "Your number is saved" in answer.text
    wrong = await jess.post(
        f"/family/meetings/{meeting}/scale",
        data={"_csrf_token": jess.csrf, "score": "x", "reason": ""},
        headers=HTMX,
    )
    assert wrong.status_code == 200 and "govuk-error-summary" in wrong.text


async def test_a_post_without_its_csrf_token_is_refused(browse_as) -> None:
    meeting = await conference(days=3)
    jess = await browse_as("person:jess")
    del jess.headers["x-csrftoken"]
    refused = await jess.post(f"/family/meetings/{meeting}/view", data={"view": "No token"})
    assert refused.status_code == 403
    assert await MeetingReport.count().where(MeetingReport.meeting == meeting) == 0


async def test_the_professionals_scales_never_reach_the_family(browse_as) -> None:
    meeting = await conference(days=3)
    await MeetingScale(
        id=uuid.uuid4(),
        family=HARTLEY,
        meeting=meeting,
        by_kind="professional",
        person=PRIYA,
        agency=await priya_agency(),
        score=2,
        reason="PRO-SCALE reason",
        entered_by=PRIYA,
        updated_at=dt.datetime.now(dt.UTC),
    ).save()
    await bump()
    jess = await browse_as("person:jess")
    assert "PRO-SCALE" not in (await jess.get(f"/family/meetings/{meeting}")).text
    await Meeting.update({Meeting.scales_revealed_at: dt.datetime.now(dt.UTC)}).where(
        Meeting.id == meeting
    )
    await bump()
    assert "PRO-SCALE" not in (await jess.get(f"/family/meetings/{meeting}")).text


# ---------------------------------------------------------------------------- interpreter


async def test_asking_for_an_interpreter_is_recorded_audited_and_told_to_the_key_worker(
    browse_as,
) -> None:
    jess = await browse_as("person:jess")
    sent = await jess.post(
        f"/family/meetings/{CORE_GROUP}/interpreter",
        data={"_csrf_token": jess.csrf, "language": "Polish"},
    )
    assert sent.status_code == 303
    # Not named on the core group, she is now: her attendee row carries the language.
    row = (
        await Attendee.select()
        .where((Attendee.meeting == CORE_GROUP) & (Attendee.member == JESS))
        .first()
    )
    assert row["interpreter"] == "Polish" and row["name"] == "Jess Hartley"
    audit = (
        await AuditEvent.select().where(AuditEvent.action == "meeting.interpreter_asked").first()
    )
    assert audit["record_id"] == str(row["id"])
    told = await Notification.select().where(Notification.kind == "meeting.interpreter_asked")
    assert [n["person"] for n in told] == [PRIYA]
    assert "Polish" not in told[0]["payload"]
    page = (await jess.get(f"/family/meetings/{CORE_GROUP}")).text
    assert "an interpreter who speaks <strong>Polish</strong>" in page


# ---------------------------------------------------------------------------- afterwards


async def test_afterwards_she_reads_what_was_decided_in_plain_words_with_her_copies(browse_as):
    # The demo's held review decided for each child; the next review date is set here.
    changed = await ChildDecision.update(
        {ChildDecision.next_review_on: dt.date(2027, 3, 12)}, use_auto_update=False
    ).where((ChildDecision.meeting == REVIEW) & (ChildDecision.member == MIA))
    assert changed is not None
    await bump()
    text = (await (await browse_as("person:jess")).get(f"/family/meetings/{REVIEW}")).text
    assert (
        "The conference decided Mia needs a child protection plan, under the category of "
        "neglect." in text
    )
    assert "The next review is on 12 March 2027." in text
    assert f'href="/api/v1/meetings/{REVIEW}/record.pdf"' in text
    assert f'href="/api/v1/plans/{HARTLEY_PLAN}/versions/2/agreed.pdf"' in text
    # The chair's notes, the police's dissent and the views of the professionals stay theirs.
    for secret in ("settle the disagreement", "visitor to the home", "late most Mondays"):
        assert secret not in text
    assert 'action="/family/meetings/' not in text  # nothing to send after the meeting
