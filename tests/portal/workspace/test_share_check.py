"""Nothing a family sees is shared unseen (issue 14, item 2).

Before "Share with the family" the key worker sees each member's view exactly as that member
will (the family portal's own block, from the same view-making rule) and the list of who
will read it: only members who can use the portal are counted. Sharing asks for
confirmation, and is refused if who gets what changed since it was checked.
"""

from __future__ import annotations

import re

import pytest

from careplan.demo.builder import demo_id
from careplan.families.tables import Member
from careplan.plans.tables import FamilyView, PlanVersion

pytestmark = pytest.mark.anyio

PLAN = demo_id("hartley:plan:child_protection")
VERSIONS = f"/workspace/plans/{PLAN}/versions"
JESS, KIERAN, LEO, MIA = (demo_id(f"hartley:member:{k}") for k in ("jess", "kieran", "leo", "mia"))
HTMX = {"HX-Request": "true"}


def plan_view(html: str) -> str:
    """The rendered `plan_view` block of a page: <div id="plan-view"> and all it holds."""
    start = html.index('<div id="plan-view"')
    depth, at = 0, start
    for tag in re.finditer(r"<(/?)div\b[^>]*>", html[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            at = start + tag.end()
            break
    return html[start:at]


def digest_of(html: str) -> str:
    return re.search(r'name="recipients" value="([0-9a-f]{64})"', html).group(1)


async def new_version(priya) -> int:
    await priya.post(
        f"/workspace/plans/{PLAN}/items",
        data={
            "section": "worry",
            "text": "Only Jess should read this worry.",
            "audience": "members",
            "audience_members": str(JESS),
        },
        headers=HTMX,
    )
    await priya.post(
        f"/workspace/plans/{PLAN}/items",
        data={
            "section": "strength",
            "text": "Kieran fixed the heating upstairs.",
            "audience": "family",
        },
        headers=HTMX,
    )
    await priya.post(VERSIONS, data={"label": "For the family"}, headers=HTMX)
    row = (
        await PlanVersion.select(PlanVersion.number)
        .where(PlanVersion.plan == PLAN)
        .order_by(PlanVersion.number, ascending=False)
        .first()
    )
    return row["number"]


async def test_the_preview_is_byte_for_byte_what_each_member_then_reads(browse_as) -> None:
    priya = await browse_as("priya")
    number = await new_version(priya)
    previews = {}
    for member in (JESS, KIERAN):
        page = await priya.get(f"{VERSIONS}/{number}/share?member={member}")
        assert page.status_code == 200
        assert page.headers["cache-control"] == "no-store"
        previews[member] = plan_view(page.text)
    assert "Only Jess should read this worry." in previews[JESS]
    assert "Only Jess should read this worry." not in previews[KIERAN]
    assert "Kieran fixed the heating upstairs." in previews[KIERAN]
    shared = await priya.post(
        f"{VERSIONS}/{number}/share",
        data={"_csrf_token": priya.csrf, "recipients": digest_of(page.text)},
    )
    assert shared.status_code == 303
    for member, key in ((JESS, "person:jess"), (KIERAN, "person:kieran")):
        phone = await (await browse_as(key)).get("/family")
        assert f"(version {number})" in phone.text
        assert plan_view(phone.text) == previews[member], key


async def test_only_members_who_can_use_the_portal_are_counted(browse_as) -> None:
    priya = await browse_as("priya")
    number = await new_version(priya)
    check = await priya.get(f"{VERSIONS}/{number}/share")
    text = check.text
    for member in (JESS, KIERAN):
        row = text[text.index(f'id="recipient-{member}"') :]
        assert "Will read it" in row[: row.index("</div>")]
    for member in (LEO, MIA):
        row = text[text.index(f'id="recipient-{member}"') :]
        assert "no account for the family portal yet" in row[: row.index("</div>")]
    assert "2 people will be able to read it: Jess, Kieran." in text
    # Leo's view can be checked too: he will read it once he is invited.
    leo = await priya.get(f"{VERSIONS}/{number}/share?member={LEO}")
    assert "What Leo will read" in leo.text
    done = await priya.post(
        f"{VERSIONS}/{number}/share",
        data={"_csrf_token": priya.csrf, "recipients": digest_of(text)},
    )
    page = await priya.get(done.headers["location"])
    assert (
        f"Version {number} is shared with the family. "
        "Jess and Kieran can now read their view of it."
        " Not told, as they cannot use the family portal yet: Leo and Mia." in page.text
    )
    assert "4 family members" not in page.text


async def test_sharing_is_refused_when_who_gets_it_changed_after_the_check(browse_as) -> None:
    priya = await browse_as("priya")
    number = await new_version(priya)
    check = await priya.get(f"{VERSIONS}/{number}/share")
    # Meanwhile Kieran's portal is turned off (as an administrator would).
    await Member.update({Member.portal_restricted: True}).where(Member.id == KIERAN)
    refused = await priya.post(
        f"{VERSIONS}/{number}/share",
        data={"_csrf_token": priya.csrf, "recipients": digest_of(check.text)},
    )
    assert refused.status_code == 409
    assert "Who gets this version changed while you were checking it" in refused.text
    version = (
        await PlanVersion.select(PlanVersion.id, PlanVersion.shared_at)
        .where((PlanVersion.plan == PLAN) & (PlanVersion.number == number))
        .first()
    )
    assert version["shared_at"] is None
    assert await FamilyView.count().where(FamilyView.version == version["id"]) == 0
    row = refused.text[refused.text.index(f'id="recipient-{KIERAN}"') :]
    assert "turned off for them" in row[: row.index("</div>")]
    # Checked again, it shares.
    again = await priya.post(
        f"{VERSIONS}/{number}/share",
        data={"_csrf_token": priya.csrf, "recipients": digest_of(refused.text)},
    )
    assert again.status_code == 303


async def test_an_unconfirmed_share_shares_nothing_and_strangers_see_nothing(browse_as) -> None:
    priya = await browse_as("priya")
    number = await new_version(priya)
    plain = await priya.post(f"{VERSIONS}/{number}/share", data={"_csrf_token": priya.csrf})
    assert plain.status_code == 303 and plain.headers["location"].endswith("/share")
    version = (
        await PlanVersion.select(PlanVersion.id)
        .where((PlanVersion.plan == PLAN) & (PlanVersion.number == number))
        .first()
    )
    assert await FamilyView.count().where(FamilyView.version == version["id"]) == 0
    for who in ("chloe", "person:jess"):
        client = await browse_as(who)
        assert (await client.get(f"{VERSIONS}/{number}/share")).status_code == 404
        assert (await client.get(f"{VERSIONS}/{number}/share?member={JESS}")).status_code == 404


async def test_the_api_says_who_can_read_their_view(as_) -> None:
    priya = as_("priya")
    number = (await priya.post(f"/api/v1/plans/{PLAN}/versions", json={})).json()["number"]
    shared = (await priya.post(f"/api/v1/plans/{PLAN}/versions/{number}/share")).json()
    assert {v["member"] for v in shared["views"]} == {str(m) for m in (JESS, KIERAN, LEO, MIA)}
    assert set(shared["readers"]) == {str(JESS), str(KIERAN)}
