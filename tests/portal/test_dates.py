"""Dates people enter and read (issue 14, items 1 and 8), through the real routes.

The family portal answered 500 for every parent of the family after a key worker typed a next
step's "By when" as the form's own hint said ("11 December 2026") and shared the version. Now
every date a person enters is a real date (a GOV.UK date input), stored as `YYYY-MM-DD`; words
written before are read tolerantly; and no single item can take a family page down. Dates read
one way on every page: 27 November 2026.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import uuid
from typing import Any

import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.plans.tables import FamilyView, Item, PlanVersion
from careplan.plans.vocabulary import SECTIONS

pytestmark = pytest.mark.anyio

FAMILY = demo_id("family:hartley")
PLAN = demo_id("hartley:plan:child_protection")
PRIYA = demo_id("person:priya")
JESS = demo_id("hartley:member:jess")
EDITOR = f"/workspace/plans/{PLAN}"
HTMX = {"HX-Request": "true"}
FAMILY_PAGES = ["/family", "/family/goals", "/family/answer", "/family/next", "/family/words"]

# Every section's details as the editor writes them now ...
NEW_SHAPES: dict[str, dict[str, Any]] = {
    "harm": {"family_view": "We did not know he was out", "family_disputes": True},
    "worry": {"who_is_worried": "Grace", "family_view": "We are trying", "family_disputes": False},
    "complicating": {},
    "strength": {},
    "safety_goal": {},
    "next_step": {"who": "Tom", "by_when": "2026-12-11"},
    "safety_rule": {"trigger": "If there is no food in the house"},
    "contingency": {},
    "network": {"name": "Carol", "contact": "01632 960501"},
    "words_and_pictures": {},
    "childs_view": {"child_agrees": True},
}
# ... and as the old code let them be stored: a date in words (the 500), words that are no
# date, values of other types than the pages expect.
OLD_SHAPES: dict[str, dict[str, Any]] = {
    "harm": {"family_view": {"said": "no"}, "family_disputes": "yes"},
    "worry": {"who_is_worried": ["Grace", "Daniel"], "family_view": 7},
    "complicating": {"note": None},
    "strength": {"by_when": "end of term"},
    "safety_goal": {"by_when": 20261211},
    "next_step": {"who": "Tom", "by_when": "11 December 2026"},
    "safety_rule": {"trigger": None},
    "contingency": {"by_when": ["soon"]},
    "network": {"name": ["Carol"], "contact": 1632960501},
    "words_and_pictures": {"by_when": {"day": 11}},
    "childs_view": {"child_agrees": "yes"},
}


def visible(html: str) -> str:
    """The page's words as a person reads them: no markup, scripts or attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


async def write_old_item(section: str, details: Any, text: str) -> uuid.UUID:
    """An item as it was stored before dates were checked (nothing refused it then)."""
    item_id = uuid.uuid4()
    await Item.insert(
        Item(
            id=item_id,
            family=FAMILY,
            plan=PLAN,
            section=section,
            position=50,
            text=text,
            details=json.dumps(details),
            audience_kind="family",
            audience_ids="[]",
            about_member_ids="[]",
            source_kind="agency",
            author=PRIYA,
            updated_at=dt.datetime.now(dt.UTC),
        )
    )
    return item_id


async def share(priya) -> int:
    taken = await priya.post(f"/api/v1/plans/{PLAN}/versions", json={"label": "For the family"})
    assert taken.status_code == 201, taken.text
    number = taken.json()["number"]
    shared = await priya.post(f"/api/v1/plans/{PLAN}/versions/{number}/share")
    assert shared.status_code == 200, shared.text
    return number


# ---------------------------------------------------------------------------- item 1


async def test_a_date_written_the_old_way_shared_and_read_by_the_parent_is_no_500(
    as_, browse_as, caplog
) -> None:
    texts: dict[str, str] = {}
    for section in SECTIONS:
        for shape, details in (("new", NEW_SHAPES[section]), ("old", OLD_SHAPES[section])):
            text = f"A {shape} {section.replace('_', ' ')} item for the family"
            await write_old_item(section, details, text)
            texts[f"{shape}:{section}"] = text
    await share(as_("priya"))
    jess = await browse_as("person:jess")
    with caplog.at_level(logging.WARNING):
        pages = {path: await jess.get(path) for path in FAMILY_PAGES}
    for path, response in pages.items():
        assert response.status_code == 200, path
    plan = visible(pages["/family"].text)
    # The worries, what is going well and what needs to happen: every item, both shapes.
    for section in ("harm", "worry", "complicating", "strength", "safety_goal", "next_step"):
        for shape in ("new", "old"):
            assert texts[f"{shape}:{section}"] in plan, (shape, section)
    for shape in ("new", "old"):
        assert texts[f"{shape}:safety_rule"] in plan
        assert texts[f"{shape}:contingency"] in plan
    # The new date reads as a date; the old words are shown as they were written.
    assert "By 11 December 2026" in plan
    assert plan.count("By 11 December 2026") == 2
    assert "By end of term" in plan
    assert "Jess and Kieran love Leo and Mia" in plan  # the demo's own items are all there
    network = visible(pages["/family/next"].text)
    assert texts["new:network"] in network and texts["old:network"] in network
    assert "Call Carol on 01632 960501" in network
    words = visible(pages["/family/words"].text)
    assert texts["new:words_and_pictures"] in words and texts["old:words_and_pictures"] in words
    # What could not be read as a date was logged (without the family's words).
    logged = [r.getMessage() for r in caplog.records if r.name == "careplan.web.dates"]
    assert logged and all("December" not in m and "term" not in m for m in logged)


async def test_an_old_version_of_an_odd_shape_is_read_tolerantly(as_, browse_as) -> None:
    """An old version of a shape the page cannot draw (a text that is a number) is read
    tolerantly: versions are never rewritten, so the page copes with what is there."""
    number = await share(as_("priya"))
    version = (
        await PlanVersion.select()
        .where((PlanVersion.plan == PLAN) & (PlanVersion.number == number))
        .first()
    )
    view = (
        await FamilyView.select()
        .where((FamilyView.version == version["id"]) & (FamilyView.member == JESS))
        .first()
    )
    content = json.loads(view["content"])
    for section in ("strength", "words_and_pictures", "network"):
        content["items"][str(uuid.uuid4())] = {
            **next(iter(content["items"].values())),
            "section": section,
            "text": 12345,
            "details": {},
        }
    text = json.dumps(content)
    older = uuid.uuid4()
    await PlanVersion.insert(
        PlanVersion(
            id=older,
            family=FAMILY,
            plan=PLAN,
            number=number + 1,
            schema=1,
            content=version["content"],
            sha256=version["sha256"][:-8] + "0" * 8,
            label="Written by an older release",
            created_by=PRIYA,
            shared_at=dt.datetime.now(dt.UTC),
            shared_by=PRIYA,
        )
    )
    await FamilyView.insert(
        FamilyView(
            id=uuid.uuid4(),
            family=FAMILY,
            version=older,
            member=JESS,
            content=text,
            sha256="f" * 64,
            created_at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5),
        )
    )
    jess = await browse_as("person:jess")
    for path in FAMILY_PAGES:
        assert (await jess.get(path)).status_code == 200, path
    response = await jess.get("/family")
    page = visible(response.text)
    assert "12345" in page  # shown as it was written
    assert "Jess and Kieran love Leo and Mia" in page  # and the rest of the page
    assert "there is not enough food, warmth and care" in page


def test_an_item_whose_drawing_fails_is_drawn_plainly_and_logged(caplog) -> None:
    """The guard every family page draws its items with (`portal.family.pages.guard`)."""
    from careplan.web.templates import make_environment
    from portal.family.pages import TEMPLATE_HELPERS, guard

    macros = make_environment().get_template("family/_macros.html").make_module(TEMPLATE_HELPERS)
    entry = {"id": "5f0c", "section": "strength", "text": "Jess cooks every evening"}

    def broken(item: dict[str, Any]) -> str:
        raise ValueError("Invalid isoformat string: '11 December 2026'")

    with caplog.at_level(logging.ERROR, logger="portal.family.pages"):
        drawn = guard(broken, entry, fallback=macros.plain_item)
        left_out = guard(broken, entry)
    assert 'id="item-5f0c"' in drawn and "Jess cooks every evening" in drawn
    assert left_out == ""
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2 and messages[0].startswith("a family page could not show")
    assert all("December" not in r.getMessage() for r in caplog.records)
    # An item that draws is drawn as it is.
    assert "Jess cooks every evening" in guard(macros.item, {**entry, "details": {}})


async def test_by_when_is_a_gov_uk_date_input_that_refuses_31_february(browse_as) -> None:
    priya = await browse_as("priya")
    before = await AuditEvent.count(), await Item.count()
    form = {
        "section": "next_step",
        "text": "Tom books the food bank appointment",
        "who": "Tom",
        "audience": "family",
        "by_when-day": "31",
        "by_when-month": "2",
        "by_when-year": "2027",
    }
    refused = await priya.post(f"{EDITOR}/items", data=form, headers=HTMX)
    assert refused.status_code == 200
    assert "By when must be a real date" in refused.text
    assert 'href="#new-next_step-by_when"' in refused.text  # the summary names the field
    assert 'id="new-next_step-by_when" name="by_when-day"' in refused.text
    assert "govuk-form-group--error" in refused.text
    plain = await priya.post(f"{EDITOR}/items", data={"_csrf_token": priya.csrf, **form})
    assert plain.status_code == 422 and "By when must be a real date" in plain.text
    for day, month, year, message in (
        ("11", "", "2026", "By when must include a month"),
        ("", "", "2026", "By when must include a day and month"),
        ("11", "13", "2026", "By when must be a real date"),
        ("29", "2", "2027", "By when must be a real date"),
        ("eleven", "12", "2026", "By when must be a real date"),
    ):
        values = {**form, "by_when-day": day, "by_when-month": month, "by_when-year": year}
        response = await priya.post(f"{EDITOR}/items", data=values, headers=HTMX)
        assert message in response.text, (day, month, year)
    assert (await AuditEvent.count(), await Item.count()) == before  # nothing written


async def test_a_real_date_is_stored_as_a_date_and_read_in_full(browse_as) -> None:
    priya = await browse_as("priya")
    form = {
        "section": "next_step",
        "text": "Tom books the food bank appointment",
        "who": "Tom",
        "audience": "family",
        "by_when-day": "11",
        "by_when-month": "Dec",  # a month may be written as a word
        "by_when-year": "2026",
    }
    saved = await priya.post(f"{EDITOR}/items", data=form, headers=HTMX)
    assert saved.status_code == 200
    assert "By when: 11 December 2026." in saved.text
    row = await Item.select().where(Item.text == "Tom books the food bank appointment").first()
    assert json.loads(row["details"]) == {"who": "Tom", "by_when": "2026-12-11"}
    # Its edit form gives the date back in its three boxes.
    opened = await priya.get(f"/workspace/items/{row['id']}/edit", headers=HTMX)
    assert 'name="by_when-day" type="text" value="11"' in opened.text
    assert 'name="by_when-month" type="text" value="12"' in opened.text
    assert 'name="by_when-year" type="text" value="2026"' in opened.text


async def test_words_kept_from_before_are_shown_and_kept_until_a_date_is_entered(
    browse_as,
) -> None:
    item_id = await write_old_item("next_step", {"who": "Tom", "by_when": "end of term"}, "Tea")
    priya = await browse_as("priya")
    opened = await priya.get(f"/workspace/items/{item_id}/edit", headers=HTMX)
    assert "It was written as “end of term” before dates were checked" in opened.text
    form = {"text": "Tea and toast", "who": "Tom", "audience": "family", "revision": "1"}
    kept = await priya.post(
        f"/workspace/items/{item_id}", data={**form, "by_when-words": "end of term"}, headers=HTMX
    )
    assert kept.status_code == 200 and "By when: end of term." in kept.text
    row = await Item.select().where(Item.id == item_id).first()
    assert json.loads(row["details"])["by_when"] == "end of term"
    # New words are not taken: only the item's own, unchanged.
    other = await priya.post(
        f"/workspace/items/{item_id}",
        data={**form, "revision": "2", "by_when-words": "half term"},
        headers=HTMX,
    )
    assert "By when must be a real date" in other.text
    dated = await priya.post(
        f"/workspace/items/{item_id}",
        data={
            **form,
            "revision": "2",
            "by_when-words": "end of term",
            "by_when-day": "17",
            "by_when-month": "7",
            "by_when-year": "2027",
        },
        headers=HTMX,
    )
    assert "By when: 17 July 2027." in dated.text
    row = await Item.select().where(Item.id == item_id).first()
    assert json.loads(row["details"])["by_when"] == "2027-07-17"


# ---------------------------------------------------------------------------- item 8

ISO = re.compile(r"\b20[0-9]{2}-[0-9]{2}-[0-9]{2}\b")
SHORT = re.compile(
    r"\b[0-9]{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? ([0-9]{2}|[0-9]{4})\b"
)
CLOCK_24 = re.compile(r"\b(at|,) [0-2][0-9]:[0-5][0-9]\b")


async def test_dates_read_one_way_on_every_page_of_both_front_ends(as_, browse_as) -> None:
    priya = as_("priya")
    # A next step with a date and a new score, so both show on the pages.
    added = await priya.post(
        f"/api/v1/plans/{PLAN}/items",
        json={
            "section": "next_step",
            "text": "Grace visits after the review",
            "audience": "family",
            "details": {"who": "Grace", "by_when": "2026-12-11"},
        },
    )
    assert added.status_code == 201
    number = await share(priya)
    pro = await browse_as("priya")
    jess = await browse_as("person:jess")
    school = demo_id("hartley:objective:school_cp")
    pages = [
        (pro, "/workspace"),
        (pro, f"/workspace/families/{FAMILY}"),
        (pro, EDITOR),
        (pro, f"{EDITOR}/versions"),
        (pro, f"{EDITOR}/versions/{number}"),
        (pro, f"{EDITOR}/diff?from=1&to={number}"),
        (pro, "/auth/sessions"),
        (jess, "/family"),
        (jess, "/family/goals"),
        (jess, f"/family/goals/{school}"),
        (jess, "/family/answer"),
        (jess, "/family/next"),
    ]
    for client, path in pages:
        response = await client.get(path)
        assert response.status_code == 200, path
        text = visible(response.text)
        assert not ISO.search(text), (path, ISO.search(text))
        assert not SHORT.search(text), (path, SHORT.search(text))
        assert not CLOCK_24.search(text), (path, CLOCK_24.search(text))
    editor = visible((await pro.get(EDITOR)).text)
    assert "By when: 11 December 2026." in editor
    taken = visible((await pro.get(f"{EDITOR}/versions/{number}")).text)
    assert re.search(
        r"Taken [0-9]{1,2} [A-Z][a-z]+ 20[0-9]{2} at [0-9]{1,2}(:[0-9]{2})?[ap]m", taken
    ) or (re.search(r"Taken [0-9]{1,2} [A-Z][a-z]+ 20[0-9]{2} at (midday|midnight)", taken))
    plan = visible((await jess.get("/family")).text)
    assert "By 11 December 2026" in plan
    # The API keeps ISO dates.
    assert added.json()["details"]["by_when"] == "2026-12-11"
