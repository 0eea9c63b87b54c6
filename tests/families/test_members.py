"""A family's members change through the API (issue 17, item 6): a new baby joins, details
change at a revision, a membership ends; restricting a parent closes their portal at once;
a confidential address leaves the server nowhere."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest

from careplan.access.principal import load_principal
from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.families.tables import Family, Member
from careplan.identity.service import sessions
from careplan.notify import service as notify
from careplan.notify.tables import PushSubscription
from careplan.plans.tables import FamilyView
from tests.conftest import BASE_URL

pytestmark = pytest.mark.anyio

HARTLEY = str(demo_id("family:hartley"))
PLAN = str(demo_id("hartley:plan:child_protection"))
JESS = demo_id("hartley:member:jess")
JESS_PERSON = demo_id("person:jess")
LEO = demo_id("hartley:member:leo")
BABY = {
    "given_name": "Ivy",
    "family_name": "Hartley",
    "role": "child",
    "relationship": "Daughter",
    "date_of_birth": "2026-11-20",
}
ADDRESS = "4 Alder Close"


async def _state() -> tuple[int, int, int]:
    family = await Family.select(Family.revision).where(Family.id == HARTLEY).first()
    return await AuditEvent.count(), family["revision"], await Member.count()


async def _revision(member_id: uuid.UUID) -> int:
    return (await Member.select(Member.revision).where(Member.id == member_id).first())["revision"]


async def test_a_key_worker_adds_a_new_baby_and_the_family_moves_on(as_) -> None:
    audits, revision, _ = await _state()
    added = await as_("priya").post(f"/api/v1/families/{HARTLEY}/members", json=BABY)
    assert added.status_code == 201, added.text
    baby = added.json()
    shown = (baby["given_name"], baby["role"], baby["date_of_birth"])
    assert shown == ("Ivy", "child", "2026-11-20")
    assert baby["revision"] == 1 and baby["to_date"] is None
    family = (await as_("priya").get(f"/api/v1/families/{HARTLEY}")).json()
    assert "Ivy" in [m["given_name"] for m in family["members"]]
    assert family["revision"] == revision + 1
    event = await AuditEvent.select().order_by(AuditEvent.sequence, ascending=False).first()
    assert event["action"] == "member.added" and await AuditEvent.count() == audits + 1


async def test_a_change_names_its_revision_and_a_stale_one_gets_409(as_) -> None:
    priya = as_("priya")
    revision = await _revision(LEO)
    changed = await priya.patch(
        f"/api/v1/members/{LEO}",
        json={"revision": revision, "known_as": "Lee", "interpreter_needed": True},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["known_as"] == "Lee" and changed.json()["revision"] == revision + 1
    before = await _state()
    stale = await priya.patch(
        f"/api/v1/members/{LEO}", json={"revision": revision, "known_as": "Leonard"}
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["known_as"] == "Lee"
    assert await _state() == before
    missing = await priya.patch(f"/api/v1/members/{LEO}", json={"known_as": "Leonard"})
    assert missing.status_code == 428


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date_of_birth": "2099-01-01"}, "date_of_birth"),
        ({"to_date": "2000-01-01"}, "to_date"),
        ({"nhs_number": "12"}, "nhs_number"),
        ({"nhs_number": "9990001242"}, "nhs_number"),  # its check digit is wrong
        ({"given_name": " "}, "given_name"),
        ({"role": "uncle"}, "role"),
    ],
)
async def test_a_bad_change_names_the_field_and_changes_nothing(as_, body, field) -> None:
    before = await _state()
    response = await as_("priya").patch(
        f"/api/v1/members/{LEO}", json={"revision": await _revision(LEO), **body}
    )
    assert response.status_code == 422, response.text
    assert field in response.json()["detail"]
    assert await _state() == before


async def test_a_new_member_with_a_blank_name_is_refused(as_) -> None:
    before = await _state()
    response = await as_("priya").post(
        f"/api/v1/families/{HARTLEY}/members", json={**BABY, "given_name": "  "}
    )
    assert response.status_code == 422 and "given_name" in response.json()["detail"]
    assert await _state() == before


async def test_ending_a_membership_keeps_the_member_with_their_end_date(as_) -> None:
    response = await as_("priya").patch(
        f"/api/v1/members/{LEO}", json={"revision": await _revision(LEO), "to_date": "2026-11-01"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["to_date"] == "2026-11-01"
    event = await AuditEvent.select().order_by(AuditEvent.sequence, ascending=False).first()
    assert event["action"] == "member.ended"


@pytest.mark.parametrize("who", ["laura", "grace"])
async def test_a_police_officer_or_health_visitor_on_the_team_is_refused(as_, who) -> None:
    before = await _state()
    added = await as_(who).post(f"/api/v1/families/{HARTLEY}/members", json=BABY)
    assert added.status_code == 403
    assert "add or change a family member" in added.json()["detail"]
    changed = await as_(who).patch(
        f"/api/v1/members/{JESS}",
        json={"revision": await _revision(JESS), "portal_restricted": True},
    )
    assert changed.status_code == 403
    assert await _state() == before


async def test_a_parent_and_a_stranger_cannot_find_a_member(as_) -> None:
    for who in ("person:jess", "chloe"):
        response = await as_(who).patch(f"/api/v1/members/{LEO}", json={"revision": 1})
        assert response.status_code == 404


async def _jess_session() -> str:
    principal = await load_principal(JESS_PERSON)
    assert principal is not None
    return await sessions.start(principal, user_agent="pytest")


def _phone(demo_app: Any, token: str) -> httpx.AsyncClient:
    """Jess's phone, signed in with the session `token`."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo_app),
        base_url=BASE_URL,
        cookies={sessions.COOKIE: token},
    )


async def _jess_push() -> None:
    await PushSubscription.insert(
        PushSubscription(
            id=uuid.uuid4(),
            person=JESS_PERSON,
            endpoint=f"https://push.example/{uuid.uuid4()}",
            p256dh="p",
            auth="a",
        )
    )


async def test_restricting_a_parent_closes_their_portal_at_once(as_, demo_app) -> None:
    token = await _jess_session()
    await _jess_push()
    assert await sessions.live_sessions(JESS_PERSON)
    assert await notify.live_subscriptions(JESS_PERSON)
    phone = _phone(demo_app, token)
    async with phone:
        assert (await phone.get("/family")).status_code == 200
        restricted = await as_("priya").patch(
            f"/api/v1/members/{JESS}",
            json={"revision": await _revision(JESS), "portal_restricted": True},
        )
        assert restricted.status_code == 200, restricted.text
        assert await sessions.live_sessions(JESS_PERSON) == []
        assert await notify.live_subscriptions(JESS_PERSON) == []
        # The phone's next contact, whatever it asks: the site is cleared, the cookie
        # forgotten, and what is said is neutral.
        csrf = {"x-csrftoken": phone.cookies["careplan_csrf"]}
        posted = await phone.post("/family/answer", data={"answer": "agree"}, headers=csrf)
        assert posted.headers["clear-site-data"] == '"cache", "storage"'
        phone.cookies.set(sessions.COOKIE, token)
        page = await phone.get("/family")
        assert page.status_code == 403
        assert page.headers["clear-site-data"] == '"cache", "storage"'
        assert "This service is not available to you at the moment" in page.text
        for secret in ("Hartley", "restrict", "Priya", "Leo"):
            assert secret not in page.text
    # Signed in again (a passkey still works): the same neutral page, nothing of the family.
    again = _phone(demo_app, await _jess_session())
    async with again:
        page = await again.get("/family")
        assert page.status_code == 200
        assert "This service is not available to you at the moment" in page.text
        assert "Hartley" not in page.text and 'data-offline="off"' in page.text
        assert (await again.get("/api/v1/me/view")).status_code == 404
    # A version shared afterwards makes no view for her.
    priya = as_("priya")
    number = (await priya.post(f"/api/v1/plans/{PLAN}/versions", json={})).json()["number"]
    shared = await priya.post(f"/api/v1/plans/{PLAN}/versions/{number}/share")
    assert shared.status_code in (200, 201), shared.text
    assert str(JESS) not in [str(v["member"]) for v in shared.json()["views"]]
    assert not await FamilyView.exists().where(
        (FamilyView.member == JESS) & (FamilyView.version.number == number)
    )
    event = await AuditEvent.select().where(AuditEvent.action == "member.changed").first()
    assert event is not None


async def test_a_confidential_address_is_on_no_answer_page_or_view(as_, browse_as) -> None:
    priya = as_("priya")
    made = await priya.patch(
        f"/api/v1/members/{JESS}",
        json={"revision": await _revision(JESS), "address_confidential": True},
    )
    assert made.status_code == 200
    assert made.json()["address"] == "confidential"
    assert ADDRESS not in made.text
    # Kieran shares her address: his stays shown; hers is on no answer or page.
    stale = await priya.patch(f"/api/v1/members/{JESS}", json={"revision": 1, "known_as": "J"})
    assert stale.status_code == 409
    jess_current = stale.json()["current"]
    assert jess_current["address"] == "confidential"
    family = (await priya.get(f"/api/v1/families/{HARTLEY}")).json()
    jess = next(m for m in family["members"] if m["id"] == str(JESS))
    assert jess["address"] == "confidential"
    page = await (await browse_as("priya")).get(f"/workspace/families/{HARTLEY}")
    assert page.status_code == 200
    jess_part = page.text.split("Jess Hartley", 1)[1].split("Kieran", 1)[0]
    assert ADDRESS not in jess_part and "confidential" in jess_part
    number = (await priya.post(f"/api/v1/plans/{PLAN}/versions", json={})).json()["number"]
    await priya.post(f"/api/v1/plans/{PLAN}/versions/{number}/share")
    for view in await FamilyView.select(FamilyView.content):
        assert ADDRESS not in view["content"]
    mine = await as_("person:jess").get("/api/v1/me/view")
    assert ADDRESS not in mine.text
    event = await AuditEvent.select().order_by(AuditEvent.sequence, ascending=False).first()
    assert ADDRESS not in str(event)


async def test_portal_access_needs_its_own_authority_where_the_local_rules_say(as_) -> None:
    """A local authority whose rules let no one on the team change portal access (it is done
    elsewhere there): the key worker still changes a name, but not who can use the portal."""
    import json

    from careplan.tenancy.tables import LocalSetting

    family = await Family.select(Family.local_authority).where(Family.id == HARTLEY).first()
    nobody_here = {"agency_kinds": [], "key_worker": False, "managers": False}
    await LocalSetting.insert(
        LocalSetting(
            id=uuid.uuid4(),
            local_authority=family["local_authority"],
            key="authority",
            value=json.dumps({"member.portal": {"*": nobody_here}}),
        )
    )
    priya = as_("priya")
    renamed = await priya.patch(
        f"/api/v1/members/{LEO}", json={"revision": await _revision(LEO), "known_as": "Lee"}
    )
    assert renamed.status_code == 200, renamed.text
    before = await _state()
    refused = await priya.patch(
        f"/api/v1/members/{JESS}",
        json={"revision": await _revision(JESS), "portal_restricted": True},
    )
    assert refused.status_code == 403
    assert "access to the portal" in refused.json()["detail"]
    assert await _state() == before
    assert not (await Member.select().where(Member.id == JESS).first())["portal_restricted"]


async def test_a_member_change_is_a_live_event_for_the_open_plan_pages(as_) -> None:
    from careplan.lib import events

    seen: list[events.Event] = []

    async def keep(event: events.Event) -> None:
        seen.append(event)

    stop = events.subscribe(keep)
    try:
        await as_("priya").post(f"/api/v1/families/{HARTLEY}/members", json=BABY)
    finally:
        stop()
    assert [(e.family_id, e.kind) for e in seen] == [(HARTLEY, "member.added")]


async def test_a_parent_who_left_today_is_out_at_once_not_at_midnight(as_, demo_app) -> None:
    left = await as_("priya").patch(
        f"/api/v1/members/{JESS}",
        json={"revision": await _revision(JESS), "to_date": dt.date.today().isoformat()},
    )
    assert left.status_code == 200, left.text
    # Signed in again (a passkey still works): nothing of the family, the same day.
    phone = _phone(demo_app, await _jess_session())
    async with phone:
        assert (await phone.get("/api/v1/me/view")).status_code == 404
        page = await phone.get("/family")
        assert "Hartley" not in page.text
    # No invitation or code is made for her, and a version shared today makes no view.
    priya = as_("priya")
    code = await priya.post(
        f"/api/v1/families/{HARTLEY}/one-time-codes", json={"member": str(JESS)}
    )
    assert code.status_code == 422 and "left the family" in code.text
    number = (await priya.post(f"/api/v1/plans/{PLAN}/versions", json={})).json()["number"]
    shared = await priya.post(f"/api/v1/plans/{PLAN}/versions/{number}/share")
    assert str(JESS) not in [str(v["member"]) for v in shared.json()["views"]]


async def test_a_restricted_parent_on_an_htmx_page_reloads_into_the_neutral_page(
    as_, demo_app
) -> None:
    token = await _jess_session()
    phone = _phone(demo_app, token)
    async with phone:
        assert (await phone.get("/family")).status_code == 200
        restricted = await as_("priya").patch(
            f"/api/v1/members/{JESS}",
            json={"revision": await _revision(JESS), "portal_restricted": True},
        )
        assert restricted.status_code == 200, restricted.text
        csrf = {"x-csrftoken": phone.cookies["careplan_csrf"], "HX-Request": "true"}
        swapped = await phone.post("/family/answer", data={"answer": "agree"}, headers=csrf)
        assert swapped.status_code == 401
        assert swapped.headers["hx-refresh"] == "true"
        assert swapped.headers["clear-site-data"] == '"cache", "storage"'
        assert sessions.COOKIE not in swapped.headers.get("set-cookie", "")
        # The reload: the neutral page, never the sign-in page, and the cookie forgotten now.
        reloaded = await phone.get("/family")
        assert reloaded.status_code == 403
        assert "This service is not available to you at the moment" in reloaded.text
        assert "Sign in" not in reloaded.text and "Hartley" not in reloaded.text
        assert sessions.COOKIE in reloaded.headers.get("set-cookie", "")
