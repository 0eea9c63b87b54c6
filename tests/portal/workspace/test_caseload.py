"""The caseload at /workspace: whose families, what needs attention, most overdue first.

Through the test client over the demo (as of its fixed day), and the words the page says the
caseload's machine values in; the pure rules beneath it are tested in
tests/oversight/test_rules.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator

import pytest

from careplan import db
from careplan.demo.builder import demo_id
from careplan.oversight import vocabulary
from portal.workspace import caseload

pytestmark = pytest.mark.anyio

HARTLEY, OSEI, NOVAK, WHITFIELD = (
    demo_id(f"family:{name}") for name in ("hartley", "osei", "novak", "whitfield")
)


def family_order(html: str) -> list[str]:
    return re.findall(r'href="/workspace/families/([0-9a-f-]{36})"', html)


@contextlib.contextmanager
def counting_queries() -> Iterator[list[str]]:
    """Every SQL statement the engine runs inside the block (wrapped on the engine's class:
    PostgreSQL's engine has slots, so an instance attribute cannot be set)."""
    engine_class = type(db.current_engine())
    seen: list[str] = []
    original = engine_class.run_querystring

    async def counted(self, querystring, *args, **kwargs):
        seen.append(str(querystring))
        return await original(self, querystring, *args, **kwargs)

    engine_class.run_querystring = counted  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        engine_class.run_querystring = original  # type: ignore[method-assign]


# ---------------------------------------------------------------------------- pages


async def test_the_key_worker_sees_her_families_most_overdue_first(browse_as) -> None:
    priya = await browse_as("priya")
    response = await priya.get("/workspace")
    assert response.status_code == 200
    html = response.text
    assert '<h1 class="govuk-heading-l">Your caseload</h1>' in html
    # The Hartleys' disagreement stage ends in 3 days, the Novaks' conference is due in
    # 9 working days, the Oseis have no statutory date running.
    assert family_order(html) == [str(HARTLEY), str(NOVAK), str(OSEI)]
    assert str(WHITFIELD) not in html  # not on her team
    assert "Initial child protection conference" in html
    assert "Booked for 26 November 2026" in html
    assert "Version 2 is waiting for Kieran&#39;s answer" in html
    assert "Version 1 is waiting for a meeting" in html  # the Oseis'
    assert "objectives with no progress for 4 weeks" in html
    assert "27 Quarry Street" not in html


async def test_an_overdue_concern_comes_first_and_is_counted(browse_as) -> None:
    tom = await browse_as("tom")
    html = (await tom.get("/workspace")).text
    order = family_order(html)
    assert order[0] == str(WHITFIELD)
    assert set(order) == {str(WHITFIELD), str(HARTLEY)}
    first = html.split('class="govuk-summary-card__title"')[1].split("</h2>")[0]
    assert "Whitfield family" in first
    assert re.search(
        r"Decision on a concern about Alfie: \d+ November 2026 \(\d+ days overdue\)", html
    )
    assert "1 concern not yet assessed" in html
    assert "Overdue" in html


async def test_a_manager_sees_her_agencys_families(browse_as) -> None:
    helen = await browse_as("helen")
    html = (await helen.get("/workspace")).text
    assert set(family_order(html)) == {str(HARTLEY), str(OSEI), str(NOVAK)}


@pytest.mark.parametrize(
    ("who", "words"),
    [
        ("chloe", "When a key worker adds you to a family"),
        ("sam", "As an administrator, you set up agencies and people"),
    ],
)
async def test_someone_on_no_team_gets_an_empty_caseload_with_a_reason(
    browse_as, who, words
) -> None:
    client = await browse_as(who)
    response = await client.get("/workspace")
    assert response.status_code == 200
    assert "You have no families on your caseload." in response.text
    assert words in response.text
    assert family_order(response.text) == []
    assert "Hartley" not in response.text


async def test_the_htmx_fragment_is_the_caseload_block_alone(browse_as) -> None:
    priya = await browse_as("priya")
    response = await priya.get("/workspace", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="caseload"')
    assert "<html" not in response.text and "govuk-footer" not in response.text
    assert family_order(response.text) == [str(HARTLEY), str(NOVAK), str(OSEI)]
    assert "HX-Request" in response.headers["vary"]


async def test_a_parent_gets_404(browse_as) -> None:
    for parent in ("person:jess", "person:sophie"):
        client = await browse_as(parent)
        for headers in ({}, {"HX-Request": "true"}):
            response = await client.get("/workspace", headers=headers)
            assert response.status_code == 404
            assert "Hartley" not in response.text and "Whitfield" not in response.text


async def test_the_caseload_reads_a_fixed_number_of_queries(browse_as) -> None:
    """Priya's three families and Tom's two, with six years of the Hartleys' history among
    them, take the same number of queries: nothing is read family by family."""
    priya, tom = await browse_as("priya"), await browse_as("tom")
    with counting_queries() as for_priya:
        assert (await priya.get("/workspace")).status_code == 200
    with counting_queries() as for_tom:
        assert (await tom.get("/workspace")).status_code == 200
    assert len(for_priya) == len(for_tom)
    assert 5 < len(for_priya) < 25


# ---------------------------------------------------------------------------- the words


def test_how_far_says_it_in_plain_words() -> None:
    today = dt.date(2026, 11, 23)
    assert caseload.how_far(today, today) == "due today"
    assert caseload.how_far(today - dt.timedelta(days=1), today) == "1 day overdue"
    assert caseload.how_far(today - dt.timedelta(days=12), today) == "12 days overdue"
    assert caseload.how_far(today + dt.timedelta(days=1), today) == "tomorrow"
    assert caseload.how_far(today + dt.timedelta(days=9), today) == "in 9 days"
    assert caseload.how_far(today + dt.timedelta(days=28), today) == "in 4 weeks"
    assert caseload.how_far(today + dt.timedelta(days=182), today) == "in 6 months"


def test_every_date_due_is_said_in_words() -> None:
    assert caseload.due_words("initial_conference") == "Initial child protection conference"
    assert caseload.due_words("review_conference") == "Review conference"
    assert caseload.due_words("first_core_group") == "First core group"
    assert caseload.due_words("first_looked_after_review") == "First looked-after review"
    assert caseload.due_words("looked_after_review") == "Looked-after review"
    assert caseload.due_words("concern_decision", "Alfie") == "Decision on a concern about Alfie"
    assert caseload.due_words("concern_assessment", "") == "Assessment of a concern about a child"
    assert (
        caseload.due_words("disagreement_stage", "senior_managers")
        == "Professional disagreement: senior managers stage"
    )


def test_every_line_of_attention_is_said_in_words() -> None:
    answer = {"name": "Kieran", "version": 2, "plan": "p", "member": "m"}
    lines = [
        {"kind": "disagreement", "answer": "disagree", **answer},
        {"kind": "new_answer", "answer": "agree_with_comments", **answer},
        {"kind": "overdue", "count": 2},
        {"kind": "objectives", "count": 1, "titles": ["School every day"]},
        {"kind": "concerns", "count": 3},
        {"kind": "answer", "version": 2, "names": ["Jess", "Kieran"]},
        {"kind": "meeting", "version": 1, "booked_on": dt.date(2026, 11, 26)},
        {"kind": "meeting", "version": 1, "booked_on": None},
    ]
    assert {line["kind"] for line in lines} == set(vocabulary.ATTENTION)
    said = [caseload.attention_words(line) for line in lines]
    assert said[0] == {
        "kind": "disagreement",
        "text": "Kieran does not agree with version 2 of the plan",
        "tag": "Does not agree",
        "href": "/workspace/plans/p/versions#answer-m",
    }
    assert said[1]["text"] == "Kieran agrees, with comments, with version 2 of the plan"
    assert said[1]["tag"] == "New answer"
    assert [line["text"] for line in said[2:]] == [
        "2 dates overdue",
        "1 objective with no progress for 4 weeks",
        "3 concerns not yet assessed",
        "Version 2 is waiting for Jess and Kieran's answer",
        "Version 1 is waiting for a meeting (booked for 26 November 2026)",
        "Version 1 is waiting for a meeting",
    ]
    assert said[3]["titles"] == ["School every day"]
