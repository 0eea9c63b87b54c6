"""The professionals' pages from the page cache (careplan.web.page_cache, portal.pages.kept):
an unchanged page is served from memory, and no professional ever gets bytes they may not see.

Through the real app over the demo, on the engine the suite runs on. Priya (children's social
care, the Hartleys' key worker) and Grace (health visiting) are on one team; Helen manages
Priya's agency; Chloe is of Priya's agency but on no team. The pages: the caseload, the
family's page, the plan editor and its HTMX blocks (a section, the objectives, an item).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from careplan.access.principal import load_principal
from careplan.concerns import schemas as concern_schemas
from careplan.concerns import service as concerns
from careplan.demo.builder import demo_id
from careplan.families import schemas as family_schemas
from careplan.families import service as families
from careplan.families.tables import TeamMember
from careplan.meetings import schemas as meeting_schemas
from careplan.meetings import service as meetings
from careplan.plans import schemas as plan_schemas
from careplan.plans import service as plans
from tests.counting import counting

pytestmark = pytest.mark.anyio

HTMX = {"HX-Request": "true"}
FAMILY = demo_id("family:hartley")
PLAN = demo_id("hartley:plan:child_protection")
ITEM = demo_id("hartley:item:love")
LEO = demo_id("hartley:member:leo")
OBJECTIVE = demo_id("hartley:objective:school_cp")
CHLOE = demo_id("person:chloe")
GRACE = demo_id("person:grace")
# (path, headers): every kept page and block of the professionals' front end.
PAGES = [
    ("/workspace", {}),
    ("/workspace", HTMX),
    (f"/workspace/families/{FAMILY}", {}),
    (f"/workspace/families/{FAMILY}", HTMX),
    (f"/workspace/plans/{PLAN}", {}),
    (f"/workspace/plans/{PLAN}/sections/strength", HTMX),
    (f"/workspace/plans/{PLAN}/sections/objectives", HTMX),
    (f"/workspace/plans/{PLAN}/sections/scaling", HTMX),
    (f"/workspace/items/{ITEM}", HTMX),
    (f"/workspace/items/{ITEM}/edit", HTMX),
    (f"/workspace/objectives/{OBJECTIVE}", HTMX),
    (f"/workspace/objectives/{OBJECTIVE}/edit", HTMX),
]
FAMILY_PAGES = [(path, headers) for path, headers in PAGES if path != "/workspace"]
# A warm page's statements: the session with its person and the professional's roles (2),
# then what the key needs: the caseload's families with their revisions (1); a plan's, an
# item's or an objective's row with its family's revision and the professional's team row
# (1); the family's row with its revision, the decision and its members' devices (3). A
# manager's decision reads once more (the family's team by agency).
WARM = {"/workspace": 3, "families": 5, "plans": 3, "items": 3, "objectives": 3}
MASK = re.compile(
    r'nonce="[^"]*"|value="[0-9a-f]{128}"|"x-csrftoken": "[0-9a-f]{128}"'
    r'|name="client_uuid" value="[0-9a-f-]{36}"'
)


def budget(path: str) -> int:
    return WARM["/workspace"] if path == "/workspace" else WARM[path.split("/")[2]]


def cache_of(client):
    return client._transport.app.state.get("page_cache")  # type: ignore[attr-defined]


async def fresh(client, path: str, headers: dict[str, str]) -> str:
    """The page as built now, the cache emptied first."""
    cache_of(client).clear()
    return MASK.sub("", (await client.get(path, headers=headers)).text)


async def served(client, path: str, headers: dict[str, str]) -> str:
    response = await client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.status_code)
    return MASK.sub("", response.text)


async def principal(key: str):
    found = await load_principal(demo_id(f"person:{key}"))
    assert found is not None
    return found


async def for_my_agency_alone(text: str) -> dict:
    """Priya writes a worry that only her agency (children's social care) may read."""
    priya = await principal("priya")
    return await plans.add_item(
        priya,
        PLAN,
        plan_schemas.NewItem(
            section="worry", text=text, audience={"agencies": [str(priya.agency_id)]}
        ),
    )


# ---------------------------------------------------------------------------- served warm


@pytest.mark.parametrize("who", ["priya", "helen"])
async def test_a_warm_page_is_served_from_memory_within_its_budget(browse_as, who) -> None:
    client = await browse_as(who)
    manager = who == "helen"
    for path, headers in PAGES:
        first = await client.get(path, headers=headers)
        assert first.status_code == 200, (path, first.text[:300])
        hits = cache_of(client).hits
        with counting() as cost:
            again = await client.get(path, headers=headers)
        assert again.status_code == 200, path
        assert cache_of(client).hits == hits + 1, path
        assert cost.statements <= budget(path) + manager, (path, repr(cost))
        assert cost.access_checks <= 1, (path, repr(cost))
        assert again.headers["cache-control"] == "no-store", path
        assert "etag" not in again.headers
        assert again.headers["content-type"].startswith("text/html")
        assert MASK.sub("", again.text) == MASK.sub("", first.text), path
        assert "cp-slot-" not in again.text


# ---------------------------------------------------------------------------- audiences


async def test_two_agencies_on_one_team_never_get_each_others_bytes(browse_as) -> None:
    secret = "Only social care may read this worry about the nights"
    item = await for_my_agency_alone(secret)
    priya = await browse_as("priya")
    grace = await browse_as("grace")
    own = f"/workspace/items/{item['id']}"
    pages = [
        *FAMILY_PAGES,
        (own, HTMX),
        (own, {}),
        (f"/workspace/plans/{PLAN}/sections/worry", HTMX),
    ]
    shows = {f"/workspace/plans/{PLAN}", own, f"/workspace/plans/{PLAN}/sections/worry"}
    for first, second in ((priya, grace), (grace, priya), (priya, grace)):
        for path, headers in pages:
            await first.get(path, headers=headers)  # kept for the first
            for client in (second, first):
                response = await client.get(path, headers=headers)
                if client is grace:
                    assert response.status_code == (404 if path == own else 200), path
                    assert secret not in response.text, path
                else:
                    assert response.status_code == 200, path
                    assert (path not in shows) or secret in response.text, path
                name = "Priya Raman" if client is priya else "Grace Okafor"
                header = response.text.split('href="/auth/sessions">', 1)
                if len(header) == 2:
                    assert header[1].startswith(name), path
    assert cache_of(priya).hits > 0


async def test_a_professional_outside_the_team_gets_no_page_and_no_kept_bytes(
    browse_as,
) -> None:
    priya = await browse_as("priya")
    for path, headers in PAGES:
        for _ in range(2):
            assert (await priya.get(path, headers=headers)).status_code == 200
    for outsider in ("chloe", "sam", "person:jess"):
        client = await browse_as(outsider)
        for path, headers in FAMILY_PAGES:
            response = await client.get(path, headers=headers)
            assert response.status_code == 404, (outsider, path)
            assert "Hartley" not in response.text and "Leo" not in response.text, path
        if outsider == "chloe":
            caseload = (await client.get("/workspace")).text
            assert "Hartley" not in caseload and "Priya Raman" not in caseload


async def test_a_professional_removed_from_the_team_loses_every_page_at_once(browse_as) -> None:
    grace = await browse_as("grace")
    for path, headers in PAGES:
        for _ in range(2):
            assert (await grace.get(path, headers=headers)).status_code == 200, path
    assert f"/workspace/families/{FAMILY}" in (await grace.get("/workspace")).text
    # Straight to the table, as another worker's change would look: no revision is bumped.
    await TeamMember.update({TeamMember.left_on: dt.date.today()}).where(
        (TeamMember.person == GRACE) & (TeamMember.family == FAMILY)
    )
    for path, headers in FAMILY_PAGES:
        response = await grace.get(path, headers=headers)
        assert response.status_code == 404, path
        assert "Leo" not in response.text
    caseload = (await grace.get("/workspace")).text
    assert f"/workspace/families/{FAMILY}" not in caseload


# ---------------------------------------------------------------------------- changes


async def _kept_then_changed(client, change) -> dict[tuple[str, bool], tuple[str, str]]:
    """Every page kept, then `change()`, then each page as served and as built afresh."""
    before = {}
    for path, headers in PAGES:
        await client.get(path, headers=headers)
        before[path, bool(headers)] = await served(client, path, headers)
    await change()
    now = {(path, bool(headers)): await served(client, path, headers) for path, headers in PAGES}
    out = {}
    for path, headers in PAGES:  # then each built afresh (the cache emptied before each)
        key = (path, bool(headers))
        assert now[key] == await fresh(client, path, headers), path  # never the kept bytes
        out[key] = (before[key], now[key])
    return out


def changed(pages: dict, path: str, htmx: bool = False) -> bool:
    before, now = pages[path, htmx]
    return before != now


async def test_a_plan_edit_shows_at_once(browse_as) -> None:
    priya = await browse_as("priya")
    grace = await principal("grace")

    async def edit() -> None:
        await plans.add_item(
            grace, PLAN, plan_schemas.NewItem(section="strength", text="Leo naps at noon")
        )

    pages = await _kept_then_changed(priya, edit)
    assert changed(pages, f"/workspace/plans/{PLAN}")
    assert changed(pages, f"/workspace/plans/{PLAN}/sections/strength", True)
    assert "Leo naps at noon" in pages[f"/workspace/plans/{PLAN}", False][1]


async def test_a_concern_shows_at_once(browse_as) -> None:
    priya = await browse_as("priya")
    grace = await principal("grace")

    async def raise_one() -> None:
        await concerns.raise_concern(
            grace,
            FAMILY,
            concern_schemas.NewConcern(
                member=LEO,
                what="A bruise on his arm",
                seriousness="high",
                observed_on=dt.date.today(),
            ),
        )

    pages = await _kept_then_changed(priya, raise_one)
    assert changed(pages, "/workspace") and changed(pages, "/workspace", True)


async def test_a_meeting_shows_at_once(browse_as) -> None:
    priya = await browse_as("priya")
    me = await principal("priya")

    async def book() -> None:
        starts = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=3)
        await meetings.create_meeting(
            me,
            PLAN,
            meeting_schemas.NewMeeting(kind="core_group", starts_at=starts, chair=me.person_id),
        )

    await _kept_then_changed(priya, book)  # every page as built afresh


async def test_a_team_change_shows_at_once(browse_as) -> None:
    priya = await browse_as("priya")
    chloe = await browse_as("chloe")
    for path, headers in FAMILY_PAGES:
        assert (await chloe.get(path, headers=headers)).status_code == 404
    me = await principal("priya")

    async def join() -> None:
        await families.add_team_member(
            me, FAMILY, family_schemas.NewTeamMember(person=CHLOE, role="social_worker")
        )

    pages = await _kept_then_changed(priya, join)
    assert changed(pages, f"/workspace/families/{FAMILY}")
    assert "Chloe Dunn" in pages[f"/workspace/families/{FAMILY}", False][1]
    for path, headers in FAMILY_PAGES:
        assert (await chloe.get(path, headers=headers)).status_code == 200, path
    assert f"/workspace/families/{FAMILY}" in (await chloe.get("/workspace")).text


# ---------------------------------------------------------------------------- per request


async def test_after_sign_out_nothing_kept_is_served(browse_as) -> None:
    priya = await browse_as("priya")
    for path, headers in PAGES:
        for _ in range(2):
            assert (await priya.get(path, headers=headers)).status_code == 200
    out = await priya.post("/auth/sign-out", data={"_csrf_token": priya.csrf})
    assert out.status_code == 303
    for path, headers in PAGES:
        response = await priya.get(path, headers=headers)
        if headers:
            assert response.status_code == 401 and response.text == "", path
        else:
            assert response.status_code == 303, path
            assert response.headers["location"].startswith("/auth/")
        assert "Hartley" not in response.text and "Priya Raman" not in response.text


def nonce_of(response) -> str:
    found = re.search(r"'nonce-([^']+)'", response.headers["content-security-policy"])
    assert found
    return found.group(1)


async def test_each_request_gets_its_own_token_nonce_and_check_in_ids(browse_as) -> None:
    one = await browse_as("priya")
    two = await browse_as("priya")
    assert one.csrf != two.csrf
    seen_ids: set[str] = set()
    nonces: set[str] = set()
    for path, headers in [(f"/workspace/plans/{PLAN}", {}), ("/workspace", {})]:
        for client in (one, two, one, two):
            response = await client.get(path, headers=headers)
            text = response.text
            nonce = nonce_of(response)
            assert nonce not in nonces
            nonces.add(nonce)
            assert set(re.findall(r'nonce="([^"]*)"', text)) == {nonce}
            assert set(re.findall(r'name="_csrf_token" value="([^"]*)"', text)) == {client.csrf}
            assert f'hx-headers=\'{{"x-csrftoken": "{client.csrf}"}}\'' in text
            assert "cp-slot-" not in text
            ids = re.findall(r'name="client_uuid" value="([^"]*)"', text)
            assert all(uuid.UUID(i) for i in ids)
            assert not seen_ids & set(ids), "a check-in id is never given twice"
            seen_ids.update(ids)
            if path != "/workspace":
                assert ids, path
    assert cache_of(one).hits >= 6


async def test_a_form_from_a_kept_page_saves(browse_as) -> None:
    """The CSRF token in a kept page is the request's own: a plain post from it is accepted."""
    priya = await browse_as("priya")
    await priya.get(f"/workspace/plans/{PLAN}")
    page = (await priya.get(f"/workspace/plans/{PLAN}")).text  # kept
    token = re.search(r'name="_csrf_token" value="([^"]*)"', page).group(1)
    del priya.headers["x-csrftoken"]
    response = await priya.post(
        f"/workspace/plans/{PLAN}/items",
        data={"_csrf_token": token, "section": "strength", "text": "Saved from a kept page"},
    )
    assert response.status_code == 303, response.text[:300]
    assert "Saved from a kept page" in (await priya.get(f"/workspace/plans/{PLAN}")).text


async def test_a_device_enrolled_used_or_revoked_shows_at_once(browse_as) -> None:
    """A parent's device changes no record of the family: the family page is kept by its
    members' devices as well (careplan.identity.queries.devices_mark)."""
    from careplan.identity.tables import Passkey
    from careplan.lib.clock import utc_now
    from tests.portal.workspace.test_family_page import enrol_device

    priya = await browse_as("priya")
    page = f"/workspace/families/{FAMILY}"
    await priya.get(page)
    assert "A phone of my own" not in (await priya.get(page)).text  # kept
    device = await enrol_device(name="A phone of my own")
    assert "A phone of my own" in (await priya.get(page)).text
    await priya.get(page)  # kept again
    used = utc_now() - dt.timedelta(days=400)
    await Passkey.update({Passkey.last_used_at: used}).where(Passkey.id == device)
    assert f"last used {used.day} " in (await priya.get(page)).text
    revoke = f"{page}/devices/{device}/revoke"
    assert revoke in (await priya.get(page)).text
    response = await priya.post(revoke, data={"_csrf_token": priya.csrf})
    assert response.status_code == 303
    assert revoke not in (await priya.get(page)).text


async def test_a_member_given_an_account_shows_at_once(browse_as) -> None:
    """Opening an invitation makes the member's account (families.member_account): the
    family's revision moves with it, so the family page says so at once."""
    from careplan.families.tables import Member
    from careplan.identity.service import invitations

    priya = await browse_as("priya")
    page = f"/workspace/families/{FAMILY}"
    await Member.update({Member.person: None}).where(Member.id == demo_id("hartley:member:kieran"))
    me = await principal("priya")
    made = await invitations.create_invitation(
        me, FAMILY, demo_id("hartley:member:kieran"), "http://testserver.local"
    )
    await priya.get(page)
    before = (await priya.get(page)).text  # kept
    assert MASK.sub("", before) == MASK.sub("", (await priya.get(page)).text)
    token = made["link"].rsplit("/", 1)[-1]
    assert await invitations.open_invitation(token) is not None
    after = (await priya.get(page)).text
    assert MASK.sub("", before) != MASK.sub("", after)
    assert after.count("Has an account") == before.count("Has an account") + 1
