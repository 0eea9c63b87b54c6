"""A family's page at /workspace/families/{id}: members, team, the timeline, portal access.

Through the test client over the demo: full pages and HTMX fragments, who gets 404, the
confidential address that never appears, invitations with their QR code, one-time codes,
and revoking an enrolled device.
"""

from __future__ import annotations

import hashlib
import re
import uuid

import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.identity.tables import Invitation, OneTimeCode, Passkey
from careplan.lib.clock import utc_now
from portal.workspace import timeline
from tests.portal.workspace.test_caseload import counting_queries

pytestmark = pytest.mark.anyio

HARTLEY, OSEI = demo_id("family:hartley"), demo_id("family:osei")
JESS, KIERAN = demo_id("hartley:member:jess"), demo_id("hartley:member:kieran")
ABENA, MICHAEL = demo_id("osei:member:abena"), demo_id("osei:member:michael")
PAGE = f"/workspace/families/{HARTLEY}"
OSEI_PAGE = f"/workspace/families/{OSEI}"
CONFIDENTIAL_ADDRESS = ("27 Quarry Street", "NM2 8RT")
PLANS = [
    demo_id(f"hartley:plan:{name}") for name in ("early_help", "child_in_need", "child_protection")
]
HTMX = {"HX-Request": "true"}


async def counts() -> tuple[int, int, int, int]:
    return (
        await AuditEvent.count(),
        await Invitation.count(),
        await OneTimeCode.count(),
        await Passkey.count().where(Passkey.revoked_at.is_null()),
    )


async def enrol_device(member_key: str = "person:jess", name: str = "Jess's phone") -> uuid.UUID:
    """A passkey as registering one leaves it (the ceremony itself is tested in identity)."""
    passkey = Passkey(
        id=uuid.uuid4(),
        person=demo_id(member_key),
        credential_id=f"test-{uuid.uuid4()}",
        public_key="test",
        device_name=name,
        created_at=utc_now(),
    )
    await passkey.save()
    return passkey.id


# ---------------------------------------------------------------------------- the page


async def test_the_family_page_shows_members_team_and_the_whole_story(browse_as) -> None:
    priya = await browse_as("priya")
    response = await priya.get(PAGE)
    assert response.status_code == 200
    html = response.text
    assert '<h1 class="govuk-heading-l">Hartley family</h1>' in html
    for name in ("Jess Hartley", "Kieran Hartley", "Leo Hartley", "Mia Hartley"):
        assert name in html
    assert "4 Alder Close" in html  # not confidential
    assert "Priya Raman" in html and "Key worker" in html
    # Every episode since the first, with a link to each one's plan editor.
    for plan in PLANS:
        assert f'href="/workspace/plans/{plan}"' in html
    assert "3 episodes since" in html and "6 objectives across them" in html
    # The drawing: a band per episode, a line per thread, made on the server.
    svg = re.search(r'<svg class="careplan-timeline__svg".*?</svg>', html, re.S).group(0)
    assert svg.count("careplan-timeline__band ") == 3
    assert svg.count('class="careplan-timeline__thread ') == 6
    assert "careplan-timeline__mark--achieved" in svg and "careplan-timeline__mark--dropped" in svg
    assert "Kieran finishes the parenting course (dropped)" in svg
    assert "<script" not in svg and "style=" not in svg
    # Its text equivalent: status, progress, and why each one ended.
    assert "The course closed for lack of funding" in html
    assert "All checks and jabs done by Mia&#39;s third birthday." in html
    assert "Early help: carried on" in html and "Child in need: dropped" in html
    assert re.search(r"Latest: 5 \(target 5 days on time out of 5, started at 2\)", html)
    assert "36 check-ins in all" in html
    assert "Stepped up: Leo was found alone at night buying food" in html


async def test_the_htmx_fragment_is_the_family_block_alone(browse_as) -> None:
    priya = await browse_as("priya")
    response = await priya.get(PAGE, headers=HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="family">')
    assert "<html" not in response.text and "govuk-footer" not in response.text
    assert "careplan-timeline__svg" in response.text


async def test_a_manager_sees_the_family_page(browse_as) -> None:
    helen = await browse_as("helen")
    response = await helen.get(PAGE)
    assert response.status_code == 200
    assert "Hartley family" in response.text


async def test_a_confidential_address_never_appears(browse_as) -> None:
    priya = await browse_as("priya")
    answers = [
        await priya.get(OSEI_PAGE),
        await priya.get(OSEI_PAGE, headers=HTMX),
        await priya.post(
            f"{OSEI_PAGE}/invitations", data={"member": str(ABENA), "_csrf_token": priya.csrf}
        ),
        await priya.post(f"{OSEI_PAGE}/one-time-codes", data={"member": str(ABENA)}, headers=HTMX),
        await priya.get("/workspace"),
    ]
    for response in answers:
        assert response.status_code == 200
        for words in CONFIDENTIAL_ADDRESS:
            assert words not in response.text
    assert "Abena Osei" in answers[0].text
    assert ">confidential</strong>" in answers[0].text


@pytest.mark.parametrize("who", ["chloe", "sam", "person:jess", "person:sophie"])
async def test_anyone_not_working_with_the_family_gets_404_and_nothing_changes(
    browse_as, who
) -> None:
    device = await enrol_device()
    client = await browse_as(who)
    before = await counts()
    answers = [
        await client.get(PAGE),
        await client.get(PAGE, headers=HTMX),
        await client.post(f"{PAGE}/invitations", data={"member": str(JESS)}),
        await client.post(f"{PAGE}/one-time-codes", data={"member": str(JESS)}, headers=HTMX),
        await client.post(f"{PAGE}/devices/{device}/revoke", data={}),
        await client.post(f"{PAGE}/devices/{device}/revoke", data={}, headers=HTMX),
    ]
    for response in answers:
        assert response.status_code == 404, response.request.url
        assert "Hartley" not in response.text and "Leo" not in response.text
    assert await counts() == before


async def test_an_id_that_is_not_a_family_is_404(browse_as) -> None:
    priya = await browse_as("priya")
    assert (await priya.get("/workspace/families/not-an-id")).status_code == 404
    assert (await priya.get(f"/workspace/families/{uuid.uuid4()}")).status_code == 404


async def test_the_family_page_reads_a_fixed_number_of_queries(browse_as) -> None:
    """Six years and three episodes of the Hartleys take as many queries as the Oseis' one."""
    priya = await browse_as("priya")
    with counting_queries() as hartley:
        assert (await priya.get(PAGE)).status_code == 200
    with counting_queries() as osei:
        assert (await priya.get(OSEI_PAGE)).status_code == 200
    assert len(hartley) == len(osei)
    assert 5 < len(hartley) < 30


def test_the_timeline_drawing_spans_the_episodes_and_threads() -> None:
    import datetime as dt

    today = dt.date(2026, 11, 23)
    first, second = uuid.uuid4(), uuid.uuid4()
    episodes = [
        {
            "id": first,
            "kind": "early_help",
            "opened_on": dt.date(2024, 1, 1),
            "closed_on": dt.date(2025, 1, 1),
        },
        {"id": second, "kind": "local_kind", "opened_on": dt.date(2025, 1, 1), "closed_on": None},
    ]
    threads = [
        {
            "title": "Carried",
            "status": "open",
            "started_on": dt.date(2024, 1, 1),
            "ended_on": None,
            "objectives": [
                {"episode": first, "status": "carried"},
                {"episode": second, "status": "open"},
            ],
        },
        {
            "title": "Dropped",
            "status": "dropped",
            "started_on": dt.date(2024, 6, 1),
            "ended_on": dt.date(2025, 1, 1),
            "objectives": [{"episode": first, "status": "dropped"}],
        },
    ]
    drawing = timeline.draw(episodes, threads, today)
    assert [b.label for b in drawing.bands] == ["Early help", "Local kind"]
    assert drawing.bands[0].x == timeline.LEFT
    assert drawing.rows[0].x2 == timeline.RIGHT  # still open: to today
    assert [m.kind for m in drawing.rows[0].marks] == ["carried", "open"]
    assert drawing.rows[0].marks[0].x == drawing.bands[1].x  # carried where episode 2 began
    assert [m.kind for m in drawing.rows[1].marks] == ["dropped"]
    assert drawing.rows[1].title == "Dropped (dropped)"
    assert [t.label for t in drawing.ticks] == ["2025", "2026"]
    assert timeline.duration(dt.date(2024, 1, 1), today) == "2 years and 11 months"
    assert timeline.duration(today, today) == "0 days"
    # A family new to the service: its first weeks, marked week by week.
    new = [
        {
            "id": first,
            "kind": "child_protection",
            "opened_on": dt.date(2026, 11, 11),
            "closed_on": None,
        }
    ]
    drawing = timeline.draw(new, [], today)
    # Dates in full, as on every page (issue 14, item 8).
    assert [t.label for t in drawing.ticks] == ["9 November", "16 November", "23 November"]
    assert drawing.rows == []
    assert drawing.bands[0].width > (timeline.RIGHT - timeline.LEFT) / 2


# ---------------------------------------------------------------------------- portal access


async def test_inviting_a_parent_without_script_shows_link_code_and_qr(browse_as) -> None:
    priya = await browse_as("priya")
    form = {"member": str(JESS), "_csrf_token": priya.csrf}
    del priya.headers["x-csrftoken"]  # a plain browser form sends the field only
    before = await Invitation.count()
    response = await priya.post(f"{PAGE}/invitations", data=form)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    html = response.text
    assert "<html" in html  # the whole page, without script
    assert "Invitation for Jess Hartley" in html
    assert "Give the code in person" in html and "Send the link by text message or email" in html
    link = re.search(r'id="invitation-link">([^<]+)<', html).group(1)
    code = re.search(r'id="invitation-code">(\d{6})<', html).group(1)
    assert link.startswith("http://127.0.0.1:8000/auth/invite/")
    assert re.search(r'<svg role="img" focusable="false" [^>]*class="careplan-qr"', html)
    assert "<title>QR code of the invitation link</title>" in html
    # What was stored is the invitation the link and code open, as hashes only.
    assert await Invitation.count() == before + 1
    row = await Invitation.select().order_by(Invitation.created_at, ascending=False).first()
    assert row["member"] == JESS
    assert row["code_sha256"] == hashlib.sha256(code.encode()).hexdigest()
    token = link.rsplit("/", 1)[1]
    assert row["token_sha256"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(await Invitation.select())
    # And the link works: it opens a pending session that asks for the code.
    opened = await priya.get(f"/auth/invite/{token}")
    assert opened.status_code == 303 and opened.headers["location"] == "/auth/invite"


async def test_inviting_with_htmx_swaps_only_the_portal_block(browse_as) -> None:
    priya = await browse_as("priya")
    response = await priya.post(f"{PAGE}/invitations", data={"member": str(KIERAN)}, headers=HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="portal-access"')
    assert "<html" not in response.text and "careplan-timeline__svg" not in response.text
    assert "Invitation for Kieran Hartley" in response.text
    assert 'class="careplan-qr"' in response.text


async def test_a_one_time_code_signs_the_parent_in_once(browse_as, demo_app) -> None:
    priya = await browse_as("priya")
    response = await priya.post(f"{PAGE}/one-time-codes", data={"member": str(JESS)}, headers=HTMX)
    assert response.status_code == 200
    code = re.search(r'id="one-time-code">([A-Z0-9]{5}-\d{6})<', response.text).group(1)
    assert "Give this code in person" in response.text
    import httpx

    from tests.conftest import BASE_URL

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo_app), base_url=BASE_URL
    ) as phone:
        await phone.get("/healthz")
        token = phone.cookies["careplan_csrf"]
        signed_in = await phone.post("/auth/code", data={"code": code, "_csrf_token": token})
        assert signed_in.status_code == 303 and signed_in.headers["location"] == "/family"


@pytest.mark.parametrize(
    ("family", "member", "field_words"),
    [
        (OSEI, MICHAEL, "restricted from the family portal"),
        (HARTLEY, "", "Choose who to invite"),
    ],
)
async def test_who_cannot_be_invited_gets_an_error_summary_and_nothing_is_made(
    browse_as, family, member, field_words
) -> None:
    priya = await browse_as("priya")
    before = await counts()
    page = await priya.post(f"/workspace/families/{family}/invitations", data={"member": member})
    assert page.status_code == 422
    assert "There is a problem" in page.text and field_words in page.text
    assert "<title>Error:" in page.text
    # Without script the summary leads the page, linking to the member's own message.
    assert page.text.index("govuk-error-summary") < page.text.index('id="story"')
    assert page.text.count("govuk-error-summary__title") == 1
    if member:
        assert f'href="#portal-member-{member}"' in page.text
        assert f'id="portal-member-{member}-error"' in page.text
    fragment = await priya.post(
        f"/workspace/families/{family}/one-time-codes", data={"member": member}, headers=HTMX
    )
    assert fragment.status_code == 200  # htmx swaps 2xx only: the error shows in place
    assert "govuk-error-summary" in fragment.text and field_words in fragment.text
    assert await counts() == before


async def test_the_portal_block_offers_only_who_can_be_invited(browse_as) -> None:
    priya = await browse_as("priya")
    html = (await priya.get(OSEI_PAGE)).text
    portal = html[html.index('<section id="portal-access"') :]
    assert f'name="member" value="{ABENA}"' in portal
    assert f'name="member" value="{MICHAEL}"' not in portal
    assert "Cannot use the family portal" in portal
    hartley = (await priya.get(PAGE)).text
    assert f'name="member" value="{demo_id("hartley:member:leo")}"' not in hartley


async def test_a_member_of_another_family_is_404(browse_as) -> None:
    priya = await browse_as("priya")
    before = await counts()
    response = await priya.post(f"{PAGE}/invitations", data={"member": str(ABENA)})
    assert response.status_code == 404
    assert await counts() == before


async def test_revoking_a_device_without_script_redirects_back(browse_as) -> None:
    device = await enrol_device()
    priya = await browse_as("priya")
    html = (await priya.get(PAGE)).text
    assert "Jess&#39;s phone" in html
    assert f'action="/workspace/families/{HARTLEY}/devices/{device}/revoke"' in html
    form = {"_csrf_token": priya.csrf}
    response = await priya.post(f"{PAGE}/devices/{device}/revoke", data=form)
    assert response.status_code == 303
    assert response.headers["location"] == f"{PAGE}?revoked=1#portal-access"
    row = await Passkey.select().where(Passkey.id == device).first()
    assert row["revoked_at"] is not None and row["revoked_by"] == demo_id("person:priya")
    after = (await priya.get(response.headers["location"])).text
    assert "The device was revoked." in after
    assert f"/devices/{device}/revoke" not in after  # no button for a revoked device
    assert "revoked</strong>" in after
    # Revoking it again is refused in words, naming the problem, and changes nothing.
    before = await counts()
    again = await priya.post(f"{PAGE}/devices/{device}/revoke", data=form)
    assert again.status_code == 422 and "already revoked" in again.text
    assert await counts() == before


async def test_revoking_a_device_with_htmx_swaps_only_the_portal_block(browse_as) -> None:
    device = await enrol_device("person:kieran", "Kieran's tablet")
    priya = await browse_as("priya")
    response = await priya.post(f"{PAGE}/devices/{device}/revoke", headers=HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="portal-access"')
    assert "The device was revoked." in response.text
    row = await Passkey.select(Passkey.revoked_at).where(Passkey.id == device).first()
    assert row["revoked_at"] is not None


async def test_a_device_of_another_family_is_404(browse_as) -> None:
    device = await enrol_device("person:abena", "Abena's phone")
    priya = await browse_as("priya")
    response = await priya.post(f"{PAGE}/devices/{device}/revoke")
    assert response.status_code == 404
    row = await Passkey.select(Passkey.revoked_at).where(Passkey.id == device).first()
    assert row["revoked_at"] is None
