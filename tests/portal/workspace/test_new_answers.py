"""A family's answer reaches the people working with them (issue 14, item 5).

Jess answered "I do not agree"; the caseload did not mention it and the versions page showed
it as plain text, while the portal had promised her key worker was told straight away. Now a
family member's answer (a disagreement first) shows at the top of the plan editor, on the
versions page as a tag and on the caseload's "needs attention", until a professional marks
it as seen: who and when are kept, and audited. The portal promises only that.
"""

from __future__ import annotations

import re

import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.meetings.tables import Agreement, AnswerSeen

pytestmark = pytest.mark.anyio

PLAN = demo_id("hartley:plan:child_protection")
EDITOR = f"/workspace/plans/{PLAN}"
VERSIONS = f"{EDITOR}/versions"
PRIYA = demo_id("person:priya")
WORDS = "I do not agree that Leo was ever left alone at night."


async def answer(parent, choice: str, words: str) -> None:
    page = await parent.get("/family/answer")
    view_sha = re.search(r'name="view_sha256" value="([0-9a-f]{64})"', page.text).group(1)
    sent = await parent.post(
        "/family/answer",
        data={
            "_csrf_token": parent.csrf,
            "answer": choice,
            "words": words,
            "view_sha256": view_sha,
        },
    )
    assert sent.status_code == 303, sent.text


async def latest_answer_id(member_key: str):
    row = (
        await Agreement.select(Agreement.id)
        .where(Agreement.member == demo_id(f"hartley:member:{member_key}"))
        .order_by(Agreement.created_at, ascending=False)
        .first()
    )
    return row["id"]


async def test_a_disagreement_shows_everywhere_until_someone_marks_it_seen(browse_as) -> None:
    jess = await browse_as("person:jess")
    await answer(jess, "disagree", WORDS)
    priya = await browse_as("priya")

    editor = (await priya.get(EDITOR)).text
    banner = editor[editor.index('id="new-answers"') : editor.index("plan-plain-language")]
    assert (
        "Does not agree</strong> Jess Hartley does not agree with version 2 of the plan." in banner
    )
    assert WORDS in banner and "Mark as seen" in banner
    assert editor.index('id="new-answers"') < editor.index('id="section-worry"')  # at the top

    versions = (await priya.get(VERSIONS)).text
    row = versions[versions.index(f'id="answer-{demo_id("hartley:member:jess")}"') :]
    row = row[: row.index("</tr>")]
    assert '<strong class="govuk-tag govuk-tag--red">Does not agree</strong>' in row
    assert "New: not seen yet" in row

    caseload = (await priya.get("/workspace")).text
    assert "Jess does not agree with version 2 of the plan" in caseload
    assert '<strong class="govuk-tag govuk-tag--red">Does not agree</strong>' in caseload

    # Priya marks it as seen, from the versions page, without script.
    agreement = await latest_answer_id("jess")
    marked = await priya.post(
        f"{EDITOR}/answers/{agreement}/seen",
        data={"_csrf_token": priya.csrf, "return_to": "versions"},
    )
    assert marked.status_code == 303
    assert marked.headers["location"] == f"{VERSIONS}#answer-{demo_id('hartley:member:jess')}"
    seen = await AnswerSeen.select().where(AnswerSeen.agreement == agreement)
    assert len(seen) == 1 and seen[0]["seen_by"] == PRIYA
    audited = await AuditEvent.count().where(
        (AuditEvent.action == "agreement.seen") & (AuditEvent.record_id == str(agreement))
    )
    assert audited == 1

    assert 'id="new-answer-' not in (await priya.get(EDITOR)).text
    versions = (await priya.get(VERSIONS)).text
    assert "Seen by Priya Raman on" in versions
    assert "Jess does not agree with version" not in (await priya.get("/workspace")).text
    # Still a tag on the versions page: the answer stands.
    assert '<strong class="govuk-tag govuk-tag--red">Does not agree</strong>' in versions


async def test_any_new_answer_shows_and_marking_it_twice_keeps_one_record(browse_as) -> None:
    kieran = await browse_as("person:kieran")
    await answer(kieran, "agree", "Fine by me again.")
    helen = await browse_as("helen")  # Priya's manager: she may mark it too
    caseload = (await helen.get("/workspace")).text
    assert "Kieran agrees with version 2 of the plan" in caseload
    agreement = await latest_answer_id("kieran")
    for _ in range(2):
        fragment = await helen.post(
            f"{EDITOR}/answers/{agreement}/seen", headers={"HX-Request": "true"}
        )
        assert fragment.status_code == 200
        assert fragment.text.lstrip().startswith('<div id="new-answers"')
        assert "marked this answer as seen" in fragment.text
        assert 'id="new-answer-' not in fragment.text
    assert await AnswerSeen.count().where(AnswerSeen.agreement == agreement) == 1


async def test_only_the_team_may_mark_an_answer_seen(browse_as) -> None:
    jess = await browse_as("person:jess")
    await answer(jess, "disagree", WORDS)
    agreement = await latest_answer_id("jess")
    for who in ("person:jess", "chloe", "person:sophie"):
        client = await browse_as(who)
        refused = await client.post(
            f"{EDITOR}/answers/{agreement}/seen", data={"_csrf_token": client.csrf}
        )
        assert refused.status_code == 404, who
    # An answer of another plan, named under this plan: not found either.
    osei = demo_id("osei:plan:cin")
    priya = await browse_as("priya")
    wrong = await priya.post(
        f"/workspace/plans/{osei}/answers/{agreement}/seen", data={"_csrf_token": priya.csrf}
    )
    assert wrong.status_code == 404
    assert await AnswerSeen.count().where(AnswerSeen.agreement == agreement) == 0


async def test_the_portal_promises_only_what_the_service_does(browse_as) -> None:
    page = (await (await browse_as("person:jess")).get("/family/answer")).text
    assert "told straight away" not in page
    assert "until one of them marks it as read" in page
    assert "put on the list of things to talk about at your next meeting" in page
