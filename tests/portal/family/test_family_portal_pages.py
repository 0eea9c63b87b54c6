"""The family portal's pages at /family, through the test client over the demo.

Every route as a full page and as its HTMX fragment; what a member may never see (a
professionals-only item, a confidential address, another member's view, a restricted
member's anything); check-ins stored once per client uuid; answers changed with their
history kept; a new version asking again; 304 from the per-user ETag.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from careplan.access.principal import load_principal
from careplan.demo.builder import demo_id
from careplan.families.tables import Member
from careplan.meetings import schemas as meeting_schemas
from careplan.meetings import service as meetings
from careplan.meetings.tables import Agreement
from careplan.plans import schemas as plan_schemas
from careplan.plans import service as plans
from careplan.plans.tables import ProgressEntry
from careplan.tenancy.tables import Person
from tests.portal.workspace.test_caseload import counting_queries

pytestmark = pytest.mark.anyio

HTMX = {"HX-Request": "true"}
HARTLEY_PLAN = demo_id("hartley:plan:child_protection")
OSEI_PLAN = demo_id("osei:plan:cin")
SCHOOL = demo_id("hartley:objective:school_cp")
ALONE = demo_id("hartley:objective:alone_cp")
KOFI_SLEEP = demo_id("osei:objective:sleep")
JESS = demo_id("hartley:member:jess")
PAGES = ["/family", "/family/goals", f"/family/goals/{SCHOOL}", "/family/answer"]
PAGES += ["/family/next", "/family/words"]
PROFESSIONALS_ONLY = "Police hold information about a regular visitor"
CHILDS_VIEW = "three houses"
OSEI_PROFESSIONALS_ONLY = "Michael asked Kofi"
OSEI_FOR_ABENA = "Abena is frightened that Michael will find the new flat"
CONFIDENTIAL_ADDRESS = ("27 Quarry Street", "NM2 8RT")


def view_sha256(html: str) -> str:
    match = re.search(r'name="view_sha256" value="([0-9a-f]{64})"', html)
    assert match, "the answer form carries the view it answers"
    return match.group(1)


def client_uuid(html: str, objective: uuid.UUID) -> str:
    form = html[html.index(f'action="/family/goals/{objective}/check-ins"') :]
    return re.search(r'name="client_uuid" value="([0-9a-f-]{36})"', form).group(1)


async def answer(client, **fields: str):
    page = await client.get("/family/answer")
    form = {"_csrf_token": client.csrf, "view_sha256": view_sha256(page.text), **fields}
    return await client.post("/family/answer", data=form)


# ---------------------------------------------------------------------------- every page


@pytest.mark.parametrize("path", PAGES)
async def test_each_page_is_whole_and_its_fragment_is_only_its_block(browse_as, path) -> None:
    jess = await browse_as("person:jess")
    full = await jess.get(path)
    assert full.status_code == 200
    assert full.text.startswith("<!DOCTYPE html>")
    assert 'data-module="govuk-exit-this-page"' in full.text
    assert 'href="https://www.bbc.co.uk/weather"' in full.text
    assert full.headers["cache-control"] == "private, no-cache"
    fragment = await jess.get(path, headers=HTMX)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "<header" not in fragment.text
    assert len(fragment.text) < len(full.text)
    assert fragment.headers["etag"] != full.headers["etag"]


async def test_the_plan_reads_in_three_plain_parts(browse_as) -> None:
    page = (await (await browse_as("person:jess")).get("/family")).text
    worried = page.index("What people are worried about")
    well = page.index("What is going well")
    needs = page.index("What needs to happen")
    assert worried < well < needs
    assert "there is not enough food, warmth and care" in page[worried:well]
    assert "Jess and Kieran love Leo and Mia" in page[well:needs]
    assert "Tom will help Jess and Kieran make a weekly food and money plan" in page[needs:]
    # The latest scaling: who gave it and why.
    assert "Riverside Primary School" in page and "Leo is on time more often" in page
    assert "Leo gets to school on time" in page  # her goals, linked
    assert 'class="govuk-button govuk-button--secondary cp-listen" data-listen="worries"' in page


async def test_a_term_can_be_tapped_for_its_plain_meaning(browse_as) -> None:
    page = (await (await browse_as("person:jess")).get("/family/next")).text
    term = re.search(r'<details class="cp-term"><summary class="cp-term__word">([^<]+)<', page)
    assert term and term.group(1).lower().startswith("core group")
    assert "A small meeting of the family and a few workers" in page


async def test_what_happens_next(browse_as) -> None:
    page = (await (await browse_as("person:jess")).get("/family/next")).text
    assert "Core group" in page and "Northmere Family Centre, Room 2" in page
    assert "ask Priya for a video link" in page
    assert "interpreter" in page
    assert 'href="tel:01632960100"' in page  # Priya's office: tap to call
    assert 'href="tel:01632960999"' in page  # the out-of-hours team (a fictional number)
    assert "Carol Hartley (Nan)" in page and 'href="tel:01632960501"' in page


async def test_words_and_pictures_for_the_children(browse_as) -> None:
    page = (await (await browse_as("person:jess")).get("/family/words")).text
    assert "Leo and Mia, lots of people care about you" in page
    assert CHILDS_VIEW not in page  # the child's own view is for professionals here


async def test_the_goals_page_draws_each_goal_with_its_text_equivalent(browse_as) -> None:
    page = (await (await browse_as("person:jess")).get("/family/goals")).text
    goal = page[page.index(f'id="goal-{SCHOOL}"') :]
    goal = goal[: goal.index("</section>")]
    # What it means is the goal itself; the worry it answers is why it matters (issue 14).
    assert "The aim is 5 days on time out of 5 by 1 March 2027." in goal
    assert "Leo misses the start of lessons" in goal  # why it matters
    assert "Days on time out of 5" in goal  # how it is measured
    assert '<svg class="cp-chart__svg"' in goal and 'role="img"' in goal
    assert "Target 5</text>" in goal  # the target line is labelled
    assert "<desc " in goal and "check-ins from" in goal
    assert "Show the check-ins as a list" in goal
    assert "Your check-ins so far" in goal
    assert "Mornings are easier when the bags are packed" in goal  # her own note
    # Two taps: a value is a radio, then Save.
    assert goal.count('name="value" type="radio"') == 6


# ---------------------------------------------------------------------------- privacy


async def test_a_professionals_only_item_never_reaches_a_parent(browse_as) -> None:
    jess = await browse_as("person:jess")
    for path in PAGES:
        for headers in ({}, HTMX):
            text = (await jess.get(path, headers=headers)).text
            assert PROFESSIONALS_ONLY not in text, path
            assert CHILDS_VIEW not in text, path
            assert "4 Alder Close" not in text, path
            assert "9990001234" not in text, path  # an NHS number


async def test_abena_sees_her_own_items_and_never_the_address_or_professionals_only(
    browse_as,
) -> None:
    abena = await browse_as("person:abena")
    plan = (await abena.get("/family")).text
    assert OSEI_FOR_ABENA in plan
    assert "Michael wants to keep seeing Kofi" in plan  # for the whole family
    goals = (await abena.get("/family/goals")).text
    assert "Kofi sleeps through the night" in goals
    for path in ["/family", "/family/goals", "/family/answer", "/family/next", "/family/words"]:
        text = (await abena.get(path)).text
        assert OSEI_PROFESSIONALS_ONLY not in text
        for part in CONFIDENTIAL_ADDRESS:
            assert part not in text


async def restricted_michael() -> None:
    """The demo's father who is restricted from the portal, given an account to try with."""
    await Person.insert(
        Person(
            id=demo_id("person:michael"),
            kind="family",
            name="Michael Osei",
            email="michael.osei@family.example",
        )
    )
    await Member.update({Member.person: demo_id("person:michael")}).where(
        Member.id == demo_id("osei:member:michael")
    )


async def test_a_restricted_member_is_told_kindly_and_sees_nothing(browse_as) -> None:
    await restricted_michael()
    michael = await browse_as("person:michael")
    for path in ["/family", "/family/goals", "/family/answer", "/family/next", "/family/words"]:
        response = await michael.get(path)
        assert response.status_code == 200
        assert "This service is not available to you at the moment" in response.text
        for secret in (OSEI_FOR_ABENA, "Michael wants to keep seeing Kofi", "Kofi", "Efua"):
            assert secret not in response.text
        for part in CONFIDENTIAL_ADDRESS:
            assert part not in response.text
    assert (await michael.get(f"/family/goals/{KOFI_SLEEP}")).status_code == 404
    refused = await michael.post(
        f"/family/goals/{KOFI_SLEEP}/check-ins",
        data={"_csrf_token": michael.csrf, "client_uuid": str(uuid.uuid4()), "value": "3"},
    )
    assert refused.status_code == 404
    assert (
        await ProgressEntry.count().where(ProgressEntry.by_person == demo_id("person:michael")) == 0
    )


async def test_a_goal_for_one_member_alone_is_not_anothers(browse_as) -> None:
    jess = await browse_as("person:jess")
    assert (await jess.get(f"/family/goals/{KOFI_SLEEP}")).status_code == 404
    sophie = await browse_as("person:sophie")
    assert (await sophie.get(f"/family/goals/{SCHOOL}")).status_code == 404
    page = (await sophie.get("/family")).text
    assert "There is nothing to show you here yet" in page and "Leo" not in page


async def test_anothers_note_is_never_shown_only_their_value(browse_as) -> None:
    kieran = await load_principal(demo_id("person:kieran"))
    note = "Private words Kieran wrote about his week."
    await plans.add_progress(
        kieran,
        ALONE,
        plan_schemas.NewProgress(client_uuid=uuid.uuid4(), value="10", note=note),
    )
    jess = await browse_as("person:jess")
    page = (await jess.get("/family/goals")).text
    assert note not in page
    goal = page[page.index(f'id="goal-{ALONE}"') :]
    assert "Kieran Hartley" in goal[: goal.index("</section>")]


async def test_a_professional_gets_404_on_the_family_pages(browse_as) -> None:
    priya = await browse_as("priya")
    for path in PAGES:
        response = await priya.get(path)
        assert response.status_code == 404
        assert "Leo" not in response.text


# ---------------------------------------------------------------------------- check-ins


async def test_a_check_in_without_script_is_stored_and_shown(browse_as) -> None:
    jess = await browse_as("person:jess")
    page = (await jess.get("/family/goals")).text
    sent = client_uuid(page, SCHOOL)
    before = await ProgressEntry.count()
    response = await jess.post(
        f"/family/goals/{SCHOOL}/check-ins",
        data={
            "_csrf_token": jess.csrf,
            "client_uuid": sent,
            "value": "4",
            "note": "A <b>good</b> week.",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/family/goals?saved={SCHOOL}#goal-{SCHOOL}"
    assert await ProgressEntry.count() == before + 1
    stored = (
        await ProgressEntry.select().where(ProgressEntry.client_uuid == uuid.UUID(sent)).first()
    )
    assert stored["value"] == "4" and stored["by_kind"] == "parent"
    after = (await jess.get(response.headers["location"])).text
    assert "Thank you. Your check-in is saved." in after
    assert "A &lt;b&gt;good&lt;/b&gt; week." in after  # her words, escaped
    assert client_uuid(after, SCHOOL) != sent  # the next check-in is a new one


async def test_a_check_in_sent_twice_with_one_client_uuid_is_stored_once(browse_as) -> None:
    jess = await browse_as("person:jess")
    sent = str(uuid.uuid4())
    form = {"_csrf_token": jess.csrf, "client_uuid": sent, "value": "3", "note": "Offline"}
    first = await jess.post(f"/family/goals/{SCHOOL}/check-ins", data=form, headers=HTMX)
    assert first.status_code == 200
    assert "Thank you. Your check-in is saved." in first.text
    assert first.text.lstrip().startswith(f'<section class="cp-goal" id="goal-{SCHOOL}"')
    again = await jess.post(f"/family/goals/{SCHOOL}/check-ins", data=form, headers=HTMX)
    assert again.status_code == 200
    assert "This check-in was already saved." in again.text
    assert await ProgressEntry.count().where(ProgressEntry.client_uuid == uuid.UUID(sent)) == 1


@pytest.mark.parametrize(
    ("value", "note", "message"),
    [
        ("", "", "Choose or enter a number"),
        # Days on time out of 5: from 0 to 5 (issue 14, item 9).
        ("lots", "", "Enter a number from 0 to 5"),
        ("-1", "", "Enter a number from 0 to 5"),
        ("6", "", "Enter a number from 0 to 5"),
        ("3", "x" * 2001, "Your note must be 2000 characters or fewer"),
        ("3", "bad\x00note", "Your note has a character we cannot save"),
    ],
)
async def test_a_bad_check_in_names_the_field_and_stores_nothing(
    browse_as, value, note, message
) -> None:
    jess = await browse_as("person:jess")
    before = await ProgressEntry.count()
    form = {
        "_csrf_token": jess.csrf,
        "client_uuid": str(uuid.uuid4()),
        "value": value,
        "note": note,
    }
    page = await jess.post(f"/family/goals/{SCHOOL}/check-ins", data=form)
    assert page.status_code == 422
    assert "There is a problem" in page.text and message in page.text
    field = "note" if "note" in message.lower() else "value"
    assert f'href="#{field}-{SCHOOL}' in page.text
    fragment = await jess.post(f"/family/goals/{SCHOOL}/check-ins", data=form, headers=HTMX)
    assert fragment.status_code == 200 and message in fragment.text
    assert await ProgressEntry.count() == before


async def test_a_percentage_goal_takes_a_typed_number(browse_as) -> None:
    jess = await browse_as("person:jess")
    objective = demo_id("hartley:objective:appointments_cp")
    page = (await jess.get(f"/family/goals/{objective}")).text
    assert 'inputmode="decimal"' in page
    bad = await jess.post(
        f"/family/goals/{objective}/check-ins",
        data={"_csrf_token": jess.csrf, "client_uuid": str(uuid.uuid4()), "value": "120"},
    )
    assert bad.status_code == 422 and "Enter a number from 0 to 100" in bad.text


# ---------------------------------------------------------------------------- answers


async def test_answer_then_change_it_keeps_the_history(browse_as) -> None:
    jess = await browse_as("person:jess")
    page = (await jess.get("/family/answer")).text
    assert "It is safe to say you do not agree" in page
    assert "Priya Raman, your key worker," in page and "will read your answer" in page
    assert "advocate" in page
    before = await Agreement.count().where(Agreement.member == JESS)
    first = await answer(
        jess,
        answer="agree_with_comments",
        words="Mostly right. Meetings after 10 please.",
        comment_item=str(demo_id("hartley:item:worry_food")),
        comment="They always had breakfast.",
    )
    assert first.status_code == 303
    assert first.headers["location"] == "/family/answer?done=1#your-answer"
    changed = await answer(jess, answer="disagree", words="I have thought again. I do not agree.")
    assert changed.status_code == 303
    rows = await Agreement.select().where(Agreement.member == JESS).order_by(Agreement.created_at)
    assert len(rows) == before + 2
    assert rows[-1]["answer"] == "disagree" and rows[-1]["replaces"] == rows[-2]["id"]
    assert rows[-1]["words"] == "I have thought again. I do not agree."
    shown = (await jess.get("/family/answer?done=1")).text
    assert "We have your answer" in shown
    assert "I do not agree" in shown and "Your earlier answers" in shown
    assert "Mostly right. Meetings after 10 please." in shown
    assert "They always had breakfast." in shown


async def test_the_same_answer_sent_twice_is_kept_once(browse_as) -> None:
    jess = await browse_as("person:jess")
    page = (await jess.get("/family/answer")).text
    form = {
        "_csrf_token": jess.csrf,
        "view_sha256": view_sha256(page),
        "answer": "agree",
        "words": "Thank you.",
    }
    before = await Agreement.count()
    assert (await jess.post("/family/answer", data=form)).status_code == 303
    assert (await jess.post("/family/answer", data=form)).status_code == 303
    assert await Agreement.count() == before + 1


@pytest.mark.parametrize(
    ("fields", "message", "anchor"),
    [
        ({}, "Choose if you agree, agree with comments, or do not agree", "answer-agree"),
        ({"answer": "maybe"}, "Choose if you agree", "answer-agree"),
        ({"answer": "agree_with_comments"}, "Say what your comments are", "words"),
        ({"answer": "agree", "comment": "Hm."}, "Choose which part of the plan", "comment-item"),
        (
            {
                "answer": "agree",
                "comment_item": str(demo_id("hartley:item:visitor")),
                "comment": "?",
            },
            "Choose a part of the plan from the list",
            "comment-item",
        ),
        ({"answer": "agree", "words": "x" * 4001}, "4000 characters or fewer", "words"),
    ],
)
async def test_a_bad_answer_names_the_field_and_stores_nothing(
    browse_as, fields, message, anchor
) -> None:
    jess = await browse_as("person:jess")
    before = await Agreement.count()
    response = await answer(jess, **fields)
    assert response.status_code == 422
    assert "There is a problem" in response.text and message in response.text
    assert f'href="#{anchor}"' in response.text
    assert await Agreement.count() == before


async def test_an_answer_to_a_view_no_longer_current_is_asked_again(browse_as) -> None:
    jess = await browse_as("person:jess")
    form = {"_csrf_token": jess.csrf, "view_sha256": "0" * 64, "answer": "agree"}
    response = await jess.post("/family/answer", data=form)
    assert response.status_code == 409
    assert "Your plan changed while you were answering" in response.text
    assert "view_sha256" in response.text  # a fresh form, bound to the view now


async def share_a_new_version(text: str) -> None:
    priya = await load_principal(demo_id("person:priya"))
    await plans.add_item(
        priya,
        HARTLEY_PLAN,
        plan_schemas.NewItem(section="strength", text=text, audience="family"),
    )
    await plans.add_item(
        priya,
        HARTLEY_PLAN,
        plan_schemas.NewItem(
            section="complicating", text="Only for the team.", audience="professionals"
        ),
    )
    version = await plans.take_version(priya, HARTLEY_PLAN, plan_schemas.NewVersion(label="v3"))
    await plans.share_version(priya, HARTLEY_PLAN, version["number"])


async def test_a_new_version_asks_again_and_shows_what_changed(browse_as) -> None:
    jess = await browse_as("person:jess")
    assert "has changed since you last answered" not in (await jess.get("/family")).text
    await share_a_new_version("Jess has cooked a hot meal every day this month.")
    plan = (await jess.get("/family")).text
    assert "Your plan has changed since you last answered." in plan
    page = (await jess.get("/family/answer")).text
    assert "You answered version 2. This is version 3." in page
    changes = page[page.index('class="govuk-list cp-changes"') :]
    changes = changes[: changes.index("</ul>")]
    assert "New" in changes and "Jess has cooked a hot meal every day this month." in changes
    assert "Only for the team." not in page
    assert (await answer(jess, answer="agree")).status_code == 303
    row = (
        await Agreement.select()
        .where(Agreement.member == JESS)
        .order_by(Agreement.created_at, ascending=False)
        .first()
    )
    assert row["view_sha256"] == view_sha256(page)
    assert "has changed since you last answered" not in (await jess.get("/family")).text


async def test_a_confidential_meeting_place_is_never_shown(browse_as) -> None:
    priya = await load_principal(demo_id("person:priya"))
    await meetings.create_meeting(
        priya,
        OSEI_PLAN,
        meeting_schemas.NewMeeting(
            kind="child_in_need_review",
            starts_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=5),
            chair=demo_id("person:priya"),
            purpose="To see how Kofi is doing.",
            location="The refuge, 9 Hidden Lane",
            location_confidential=True,
        ),
    )
    page = (await (await browse_as("person:abena")).get("/family/next")).text
    assert "To see how Kofi is doing." in page
    assert "Hidden Lane" not in page and "will be given to you by your social worker" in page


async def test_a_strategy_discussion_between_professionals_is_never_shown(browse_as) -> None:
    priya = await load_principal(demo_id("person:priya"))
    await meetings.create_meeting(
        priya,
        HARTLEY_PLAN,
        meeting_schemas.NewMeeting(
            kind="strategy_discussion",
            starts_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1),
            chair=demo_id("person:priya"),
            purpose="Police and social care share what they know about the visitor.",
            location="Police station, interview room 3",
        ),
    )
    page = (await (await browse_as("person:jess")).get("/family/next")).text
    assert "the visitor" not in page and "interview room" not in page
    assert "Northmere Family Centre, Room 2" in page  # the core group, next for the family


# ---------------------------------------------------------------------------- 304


async def test_an_unchanged_page_answers_304_and_a_change_makes_a_new_etag(browse_as) -> None:
    jess = await browse_as("person:jess")
    first = await jess.get("/family/goals")
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    again = await jess.get("/family/goals", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag and again.headers["cache-control"] == "private, no-cache"
    weak = await jess.get("/family/goals", headers={"If-None-Match": f'"other", W/{tag}'})
    assert weak.status_code == 304
    # Another member of the same family never shares Jess's tag.
    kieran = await browse_as("person:kieran")
    assert (await kieran.get("/family/goals")).headers["etag"] != tag
    await jess.post(
        f"/family/goals/{SCHOOL}/check-ins",
        data={"_csrf_token": jess.csrf, "client_uuid": str(uuid.uuid4()), "value": "5"},
    )
    changed = await jess.get("/family/goals", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    for path in PAGES:
        response = await jess.get(path)
        repeat = await jess.get(path, headers={"If-None-Match": response.headers["etag"]})
        assert repeat.status_code == 304, path


async def test_the_queries_of_a_page_do_not_grow_with_history(browse_as) -> None:
    jess = await browse_as("person:jess")
    kieran = await load_principal(demo_id("person:kieran"))

    async def queries(path: str) -> int:
        with counting_queries() as seen:
            assert (await jess.get(path)).status_code == 200
        return len(seen)

    before = {path: await queries(path) for path in PAGES}
    for week in range(20):
        await plans.add_progress(
            kieran,
            ALONE,
            plan_schemas.NewProgress(client_uuid=uuid.uuid4(), value=str(week % 12)),
        )
    assert {path: await queries(path) for path in PAGES} == before
    # And a 304 is cheaper still: it never reads the plan.
    tag = (await jess.get("/family/goals")).headers["etag"]
    with counting_queries() as seen:
        assert (await jess.get("/family/goals", headers={"If-None-Match": tag})).status_code == 304
    assert len(seen) < before["/family/goals"]
