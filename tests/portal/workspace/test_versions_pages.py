"""A plan's versions through the test client: take, list with fingerprints, read, compare,
share, and each family member's answer (issue 7, item 5)."""

from __future__ import annotations

import re

import pytest

from careplan.demo.builder import demo_id
from careplan.plans.tables import FamilyView, PlanVersion

pytestmark = pytest.mark.anyio

PLAN = demo_id("hartley:plan:child_protection")
LOVE = demo_id("hartley:item:love")
HTMX = {"HX-Request": "true"}
VERSIONS = f"/workspace/plans/{PLAN}/versions"


async def version_row(number: int) -> dict | None:
    return (
        await PlanVersion.select()
        .where((PlanVersion.plan == PLAN) & (PlanVersion.number == number))
        .first()
    )


async def test_the_versions_are_listed_with_their_fingerprints_and_the_familys_answers(
    browse_as,
) -> None:
    client = await browse_as("priya")
    response = await client.get(VERSIONS)
    assert response.status_code == 200
    for number in (1, 2):
        row = await version_row(number)
        assert f'<code class="editor-hash">{row["sha256"][:12]}</code>' in response.text
        assert row["sha256"] not in response.text  # the short fingerprint, not the whole hash
    assert "Ready for the review conference" in response.text
    assert "Agrees, with comments" in response.text
    assert "I don&#39;t agree the children ever went hungry" in response.text
    assert "Fine by me." in response.text
    # A comment on one item names the item it is about.
    assert "On “Priya, Grace and Mr Price are worried" in response.text
    assert "“They always had breakfast.”" in response.text
    fragment = await client.get(VERSIONS, headers=HTMX)
    assert fragment.text.lstrip().startswith('<div id="versions"')
    assert "<html" not in fragment.text


async def test_taking_a_version_without_script_opens_it(browse_as) -> None:
    client = await browse_as("priya")
    response = await client.post(
        VERSIONS, data={"_csrf_token": client.csrf, "label": "Ready for the meeting"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{VERSIONS}/3"
    row = await version_row(3)
    assert row["label"] == "Ready for the meeting"
    page = await client.get(f"{VERSIONS}/3")
    assert page.status_code == 200
    assert "Version 3: Ready for the meeting" in page.text
    assert row["sha256"] in page.text and row["sha256"][:12] in page.text
    assert "Not shared yet" in page.text


async def test_taking_a_version_with_htmx_swaps_the_list(browse_as) -> None:
    client = await browse_as("priya")
    response = await client.post(VERSIONS, data={"label": "For the core group"}, headers=HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="versions"')
    row = await version_row(3)
    assert f"Version 3 was taken. Its fingerprint is {row['sha256'][:12]}." in response.text


async def test_a_version_needs_a_label_and_nothing_is_taken_without_one(browse_as) -> None:
    client = await browse_as("priya")
    before = await PlanVersion.count()
    response = await client.post(VERSIONS, data={"label": "  "}, headers=HTMX)
    assert response.status_code == 200
    assert 'href="#take-label"' in response.text and "Enter a label" in response.text
    plain = await client.post(VERSIONS, data={"_csrf_token": client.csrf, "label": "x" * 201})
    assert plain.status_code == 422
    assert "The label must be 200 characters or fewer" in plain.text
    assert await PlanVersion.count() == before


async def test_a_version_shows_what_it_holds_and_the_comments_on_its_items(browse_as) -> None:
    client = await browse_as("priya")
    response = await client.get(f"{VERSIONS}/2")
    assert response.status_code == 200
    assert "Shared with the family on" in response.text
    assert "Jess and Kieran love Leo and Mia" in response.text
    assert "They always had breakfast." in response.text
    assert "Professionals only" in response.text  # the police's item is labelled so
    fragment = await client.get(f"{VERSIONS}/2", headers=HTMX)
    assert fragment.text.lstrip().startswith('<div id="version"')
    assert "<html" not in fragment.text
    assert (await client.get(f"{VERSIONS}/99")).status_code == 404


async def test_sharing_a_version_makes_each_members_view(browse_as) -> None:
    # Issue 14, item 2 changed this: a post that was not confirmed on the check page shares
    # nothing and goes to the check page; the check page's own form shares.
    client = await browse_as("priya")
    await client.post(VERSIONS, data={"label": "To share"}, headers=HTMX)
    row = await version_row(3)
    assert await FamilyView.count().where(FamilyView.version == row["id"]) == 0
    response = await client.post(f"{VERSIONS}/3/share", data={"_csrf_token": client.csrf})
    assert response.status_code == 303
    assert response.headers["location"] == f"{VERSIONS}/3/share"
    assert await FamilyView.count().where(FamilyView.version == row["id"]) == 0
    check = await client.get(f"{VERSIONS}/3/share")
    digest = re.search(r'name="recipients" value="([0-9a-f]{64})"', check.text).group(1)
    response = await client.post(
        f"{VERSIONS}/3/share", data={"_csrf_token": client.csrf, "recipients": digest}
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{VERSIONS}/3?shared=1"
    assert await FamilyView.count().where(FamilyView.version == row["id"]) > 0
    assert (await version_row(3))["shared_at"] is not None
    shared = await client.get(response.headers["location"])
    assert "is shared with the family" in shared.text
    again = await client.post(f"{VERSIONS}/3/share", headers=HTMX)
    assert again.status_code == 200
    assert again.headers["hx-redirect"] == f"{VERSIONS}/3/share"


async def test_the_difference_between_two_versions_is_shown_section_by_section(
    browse_as,
) -> None:
    client = await browse_as("priya")
    await client.post(
        f"/workspace/items/{LOVE}",
        data={"text": "They love the children very much.", "audience": "family", "revision": "1"},
        headers=HTMX,
    )
    await client.post(
        f"/workspace/plans/{PLAN}/items",
        data={"section": "next_step", "text": "Tom will visit on Friday."},
        headers=HTMX,
    )
    await client.post(VERSIONS, data={"label": "After the edits"}, headers=HTMX)
    response = await client.get(f"/workspace/plans/{PLAN}/diff?from=2&to=3")
    assert response.status_code == 200
    html = response.text
    strengths = html.index('id="diff-strength"')
    assert html.index("Before: Jess and Kieran love Leo and Mia", strengths) > strengths
    assert "After: They love the children very much." in html
    steps = html.index('id="diff-next_step"')
    assert html.index("Added:", steps) < html.index("Tom will visit on Friday.", steps)
    same = await client.get(f"/workspace/plans/{PLAN}/diff?from=3&to=3")
    assert "Nothing changed between these versions." in same.text
    fragment = await client.get(f"/workspace/plans/{PLAN}/diff?from=2&to=3", headers=HTMX)
    assert fragment.text.lstrip().startswith('<div id="difference"')
    assert (await client.get(f"/workspace/plans/{PLAN}/diff?from=1&to=9")).status_code == 404
    missing = await client.get(f"/workspace/plans/{PLAN}/diff?from=1")
    assert 400 <= missing.status_code < 500


async def test_a_stranger_cannot_take_or_share_a_version(browse_as) -> None:
    client = await browse_as("chloe")
    before = await PlanVersion.count()
    assert (await client.post(VERSIONS, data={"label": "x"})).status_code == 404
    assert (await client.post(f"{VERSIONS}/1/share")).status_code == 404
    assert (await client.get(f"/workspace/plans/{PLAN}/diff?from=1&to=2")).status_code == 404
    assert await PlanVersion.count() == before
