"""A closed plan's pages (issue 13, item 7): the editor reads but no longer changes, a change
posted from a page opened before the close is refused with the reason shown (409; for HTMX the
editor as it is now, swapped in by editor.js), and a parent's check-in on a goal whose plan
closed is saved where the goal continues and she is told so.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.families.tables import Episode
from careplan.plans.tables import Objective, ProgressEntry
from tests.families.closing import approved

pytestmark = pytest.mark.anyio

TODAY = dt.date.today()
HARTLEY = demo_id("family:hartley")
CP_EPISODE = demo_id("hartley:episode:child_protection")
CP_PLAN = demo_id("hartley:plan:child_protection")
CIN_EPISODE = demo_id("hartley:episode:child_in_need")
CIN_PLAN = demo_id("hartley:plan:child_in_need")
SCHOOL_CP = demo_id("hartley:objective:school_cp")
SCHOOL_THREAD = demo_id("hartley:thread:school")
CHECKS_CIN = demo_id("hartley:objective:checks_cin")
LOVE = demo_id("hartley:item:love")
LEO = demo_id("hartley:member:leo")
HTMX = {"HX-Request": "true"}
EDITOR = f"/workspace/plans/{CP_PLAN}"
CONTROLS = (
    "Add a ",
    "Add an objective",
    "Record progress",
    "Record the score",
    "/edit",
    "/move",
    "/remove",
    "<textarea",
)


def said_closed(day: dt.date) -> str:
    return f"This plan is closed: its episode ended on {day.day} {day:%B %Y}."


def form(client: Any, **values: Any) -> dict[str, Any]:
    return {"_csrf_token": client.csrf, **values}


async def close_hartley_cp(api: Any) -> None:
    plan = (await api.get(f"/api/v1/plans/{CP_PLAN}")).json()
    asked = await api.post(
        f"/api/v1/episodes/{CP_EPISODE}/close",
        json={
            "closed_on": TODAY.isoformat(),
            "outcome": "step_down",
            "reason": "Things are better: family help from here.",
            "objectives": [
                {"id": o["id"], "decision": "carry"}
                for o in plan["objectives"]
                if o["status"] == "open"
            ],
        },
    )
    closed = await approved(api, asked)  # her manager approves stepping it down
    assert closed.status_code == 200, closed.text


# ---------------------------------------------------------------------------- the editor


async def test_the_editor_of_a_closed_plan_has_no_controls_and_says_when_it_closed(
    browse_as,
) -> None:
    client = await browse_as("priya")
    episode = await Episode.select(Episode.closed_on).where(Episode.id == CIN_EPISODE).first()
    page = await client.get(f"/workspace/plans/{CIN_PLAN}")
    assert page.status_code == 200
    html = page.text
    assert said_closed(episode["closed_on"]) in html
    assert "It can be read but no longer changed" in html
    main = html[html.index('id="plan-editor"') : html.index("</main>")]
    for control in CONTROLS:
        assert control not in main, control
    # Its objectives say how the close decided them.
    assert "Achieved" in main and "Dropped: The course closed for lack of funding." in main
    # The open plan next to it keeps every control.
    open_plan = (await client.get(EDITOR)).text
    assert "This plan is closed" not in open_plan
    for control in CONTROLS[:4]:
        assert control in open_plan, control


async def test_a_change_posted_to_a_plan_closed_meanwhile_is_refused_with_the_reason(
    browse_as, as_
) -> None:
    client = await browse_as("priya")
    before = (await client.get(EDITOR)).text  # the page is open ...
    revision = re.search(rf'id="item-{LOVE}" data-revision="(\d+)"', before).group(1)
    school = re.search(rf'id="objective-{SCHOOL_CP}" data-revision="(\d+)"', before).group(1)
    await close_hartley_cp(as_("priya"))  # ... when someone closes the episode
    events = await AuditEvent.count()
    posts = {
        "add an item": (f"{EDITOR}/items", {"section": "strength", "text": "New."}),
        "change an item": (f"/workspace/items/{LOVE}", {"revision": revision, "text": "New."}),
        "move an item": (
            f"/workspace/items/{LOVE}/move",
            {"revision": revision, "direction": "down"},
        ),
        "remove an item": (
            f"/workspace/items/{LOVE}/remove",
            {"revision": revision, "reason": "Old."},
        ),
        "add an objective": (
            f"{EDITOR}/objectives",
            {
                "title": "Leo reads",
                "measure_kind": "count",
                "target": "7",
                "owner": f"member:{LEO}",
                "audience": "family",
            },
        ),
        "change an objective": (
            f"/workspace/objectives/{SCHOOL_CP}",
            {
                "revision": school,
                "title": "Changed",
                "measure_kind": "count",
                "target": "5",
                "owner": f"member:{LEO}",
                "audience": "family",
            },
        ),
        "record a score": (
            f"{EDITOR}/scaling",
            {"score": "6", "by_kind": "professional", "reason": "Better.", "audience": "family"},
        ),
    }
    for what, (url, data) in posts.items():
        response = await client.post(url, data=form(client, **data), headers=HTMX)
        assert response.status_code == 409, (what, response.status_code)
        # The editor as it is now, told to replace the stale one (editor.js swaps a 409 that
        # names its target), with the reason on top and no controls.
        assert response.headers["hx-retarget"] == "#plan-editor", what
        assert response.headers["hx-reswap"] == "outerHTML", what
        html = response.text
        assert html.lstrip().startswith('<div id="plan-editor">') and "<html" not in html, what
        assert said_closed(TODAY) + " Your change was not saved." in html, what
        assert 'role="alert"' in html and "data-autofocus" in html, what
        for control in CONTROLS:
            assert control not in html, (what, control)
    # Without script: the whole page, 409, saying why.
    plain = await client.post(f"{EDITOR}/items", data=form(client, section="strength", text="New."))
    assert plain.status_code == 409 and "<html" in plain.text
    assert said_closed(TODAY) + " Your change was not saved." in plain.text
    assert await AuditEvent.count() == events


async def test_a_closed_plans_edit_forms_and_versions_take_nothing(browse_as, as_) -> None:
    client = await browse_as("priya")
    await close_hartley_cp(as_("priya"))
    edit = await client.get(f"/workspace/items/{LOVE}/edit", headers=HTMX)
    assert edit.status_code == 200 and "<textarea" not in edit.text and "<form" not in edit.text
    versions = (await client.get(f"{EDITOR}/versions")).text
    assert said_closed(TODAY) in versions and 'name="label"' not in versions
    events = await AuditEvent.count()
    take = await client.post(f"{EDITOR}/versions", data=form(client, label="Late"), headers=HTMX)
    assert take.status_code == 409 and take.headers["hx-retarget"] == "#versions"
    assert "No version was taken. " + said_closed(TODAY) in take.text
    share = await client.post(f"{EDITOR}/versions/1/share", data=form(client), headers=HTMX)
    assert share.status_code == 409 and share.headers["hx-retarget"] == "#share"
    assert "Not shared. " + said_closed(TODAY) in share.text
    assert "/share" not in share.text.split('id="plan-closed"')[1]
    assert await AuditEvent.count() == events


# ---------------------------------------------------------------------------- the family


async def open_early_help_carrying_school(api: Any) -> str:
    opened = await api.post(
        f"/api/v1/families/{HARTLEY}/episodes",
        json={
            "kind": "early_help",
            "children": [{"member": str(LEO)}],
            "opened_on": TODAY.isoformat(),
            "reason": "Stepped down to family help.",
            "carry_over": [str(SCHOOL_THREAD)],
        },
    )
    assert opened.status_code == 201, opened.text
    plan = (await api.get(f"/api/v1/plans/{opened.json()['plan']}")).json()
    (carried,) = [o["id"] for o in plan["objectives"] if o["thread"] == str(SCHOOL_THREAD)]
    return carried


async def test_a_parents_check_in_sent_after_the_close_goes_on_in_her_new_plan(
    browse_as, as_
) -> None:
    priya = as_("priya")
    await close_hartley_cp(priya)
    carried = await open_early_help_carrying_school(priya)
    jess = await browse_as("person:jess")
    client_uuid = str(uuid.uuid4())
    # A check-in from the goals page she had open (or her phone's queue): a plain form post.
    url = f"/family/goals/{SCHOOL_CP}/check-ins"
    sent = await jess.post(url, data=form(jess, client_uuid=client_uuid, value="4", note="Late"))
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == (
        f"/family/goals?saved={SCHOOL_CP}&outcome=carried#goal-{SCHOOL_CP}"
    )
    shown = await jess.get(sent.headers["location"])
    assert shown.status_code == 200
    assert "Thank you. Your check-in is saved." in shown.text
    assert "This goal is now part of your new plan, and your check-in goes with it." in shown.text
    stored = await ProgressEntry.select(ProgressEntry.objective, ProgressEntry.thread).where(
        ProgressEntry.client_uuid == client_uuid
    )
    assert stored == [{"objective": uuid.UUID(carried), "thread": SCHOOL_THREAD}]
    # Sent twice (an offline retry): stored once.
    again = await jess.post(url, data=form(jess, client_uuid=client_uuid, value="4"))
    assert again.status_code == 303
    assert await ProgressEntry.count().where(ProgressEntry.client_uuid == client_uuid) == 1
    # The page's own fetch (HTMX-style): the goal's block, saying the same.
    block = await jess.post(
        url, data=form(jess, client_uuid=str(uuid.uuid4()), value="5"), headers=HTMX
    )
    assert block.status_code == 200
    assert f'id="goal-{SCHOOL_CP}"' in block.text and "<html" not in block.text
    assert "This goal is now part of your new plan" in block.text
    # The goal, now carried, says where it went instead of "finished".
    assert "This goal carries on in your new plan" in block.text
    assert await Objective.count().where(Objective.id == uuid.UUID(carried)) == 1


async def test_a_parents_check_in_on_a_goal_that_ended_is_kept_and_she_is_told(browse_as):
    jess = await browse_as("person:jess")
    client_uuid = str(uuid.uuid4())
    # Mia's checks ended (achieved) when the child in need episode closed; its plan is no
    # longer the one shown to Jess.
    sent = await jess.post(
        f"/family/goals/{CHECKS_CIN}/check-ins",
        data=form(jess, client_uuid=client_uuid, value="1"),
    )
    assert sent.status_code == 303, sent.text
    assert "outcome=ended" in sent.headers["location"]
    shown = (await jess.get(sent.headers["location"])).text
    assert "Your check-in was saved. This goal has ended, so your check-in is kept" in shown
    stored = await ProgressEntry.select(ProgressEntry.objective).where(
        ProgressEntry.client_uuid == client_uuid
    )
    assert stored == [{"objective": CHECKS_CIN}]
    block = await jess.post(
        f"/family/goals/{CHECKS_CIN}/check-ins",
        data=form(jess, client_uuid=str(uuid.uuid4()), value="1"),
        headers=HTMX,
    )
    assert block.status_code == 200 and f'id="goal-{CHECKS_CIN}"' in block.text
    assert "This goal has ended, so your check-in is kept with its history." in block.text


async def test_a_parents_answer_to_a_plan_that_closed_is_refused_plainly(browse_as, as_):
    view = (await as_("person:jess").get("/api/v1/me/view")).json()
    await close_hartley_cp(as_("priya"))
    jess = await browse_as("person:jess")
    events = await AuditEvent.count()
    answered = await jess.post(
        "/family/answer", data=form(jess, answer="agree", view_sha256=view["sha256"])
    )
    assert answered.status_code == 409
    assert f"This plan ended on {TODAY.day} {TODAY:%B %Y}, so your answer was not saved" in (
        answered.text
    )
    assert await AuditEvent.count() == events
