"""Sessions and the demo sign-in: server-side, HttpOnly, CSRF-protected, ending for real."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar

from careplan.app import create_app
from careplan.demo.builder import demo_id
from careplan.identity.tables import Session
from careplan.settings import SettingsError
from tests.conftest import BASE_URL, DEMO_DAY, make_settings

pytestmark = pytest.mark.anyio

PRIYA = str(demo_id("person:priya"))
TOKEN_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')


@pytest.fixture
async def demo_site(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app: Litestar = create_app(make_settings(database_url, demo=True))
    async with app.lifespan():
        from careplan.demo.loader import load

        await load(today=DEMO_DAY)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=BASE_URL
        ) as browser:
            yield browser


async def sign_in(browser: httpx.AsyncClient, person: str = PRIYA) -> httpx.Response:
    page = await browser.get("/auth/demo")
    token = TOKEN_FIELD.search(page.text).group(1)
    return await browser.post("/auth/demo", data={"person": person, "_csrf_token": token})


async def test_the_demo_page_lists_the_demo_people(demo_site) -> None:
    page = await demo_site.get("/auth/demo")
    assert page.status_code == 200
    assert "Priya Raman" in page.text and "Jess Hartley" in page.text


async def test_demo_sign_in_sets_a_safe_cookie_and_signs_in(demo_site) -> None:
    response = await sign_in(demo_site)
    assert response.status_code == 303 and response.headers["location"] == "/workspace"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("careplan_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    me = await demo_site.get("/api/v1/me")
    assert me.status_code == 200 and me.json()["name"] == "Priya Raman"
    stored = await Session.select(Session.token_sha256).first()
    assert cookie.split(";")[0].split("=", 1)[1] not in str(stored)  # only its hash is kept


async def test_each_sign_in_makes_a_new_session_id(demo_site) -> None:
    first = (await sign_in(demo_site)).cookies["careplan_session"]
    second = (await sign_in(demo_site)).cookies["careplan_session"]
    assert first != second


async def test_a_sign_in_post_without_a_csrf_token_is_refused(demo_site) -> None:
    await demo_site.get("/auth/demo")
    response = await demo_site.post("/auth/demo", data={"person": PRIYA})
    assert response.status_code == 403
    assert await Session.count() == 0


async def test_a_cookie_authenticated_api_post_without_a_csrf_token_is_refused(demo_site) -> None:
    await sign_in(demo_site)
    body = {"text": "CIN"}
    refused = await demo_site.post("/api/v1/plain-language/check", json=body)
    assert refused.status_code == 403
    token = demo_site.cookies["careplan_csrf"]
    allowed = await demo_site.post(
        "/api/v1/plain-language/check", json=body, headers={"x-csrftoken": token}
    )
    assert allowed.status_code == 200


async def test_signing_out_ends_the_session_and_clears_the_site(demo_site) -> None:
    await sign_in(demo_site)
    page = await demo_site.get("/")
    token = TOKEN_FIELD.search(page.text).group(1)
    response = await demo_site.post("/auth/sign-out", data={"_csrf_token": token})
    assert response.status_code == 303
    assert "storage" in response.headers["clear-site-data"]
    row = await Session.select(Session.ended_reason).first()
    assert row["ended_reason"] == "signed_out"
    assert (await demo_site.get("/api/v1/me")).status_code == 401


async def test_a_professional_session_ends_after_30_idle_minutes(demo_site) -> None:
    await sign_in(demo_site)
    assert (await demo_site.get("/api/v1/me")).status_code == 200
    idle = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31)
    await Session.update({Session.last_seen_at: idle}, force=True)
    assert (await demo_site.get("/api/v1/me")).status_code == 401
    row = await Session.select(Session.ended_reason).first()
    assert row["ended_reason"] == "timed_out"


async def test_a_person_lists_their_sessions_and_ends_one(demo_site) -> None:
    await sign_in(demo_site)
    listed = (await demo_site.get("/api/v1/me/sessions")).json()
    assert len(listed) == 1
    ended = await demo_site.delete(
        f"/api/v1/me/sessions/{listed[0]['id']}",
        headers={"x-csrftoken": demo_site.cookies["careplan_csrf"]},
    )
    assert ended.status_code == 204
    assert (await demo_site.get("/api/v1/me")).status_code == 401


async def test_deactivating_a_person_ends_their_sessions(demo_site) -> None:
    from careplan.tenancy.tables import Person

    await sign_in(demo_site)
    await Person.update({Person.active: False}).where(Person.id == PRIYA)
    assert (await demo_site.get("/api/v1/me")).status_code == 401


async def test_without_demo_mode_there_is_no_demo_sign_in(client: httpx.AsyncClient) -> None:
    assert (await client.get("/auth/demo")).status_code == 404


def test_demo_mode_refuses_a_base_url_beyond_this_computer(database_url: str) -> None:
    with pytest.raises(SettingsError) as caught:
        create_app(make_settings(database_url, demo=True, base_url="https://careplan.example"))
    assert caught.value.name == "CAREPLAN_DEMO"


async def test_guessing_at_sign_in_is_slowed_down(demo_site) -> None:
    from careplan.web.rate_limits import ATTEMPTS_PER_MINUTE

    # With the CSRF token, as a real guess must be (without it nothing is tried: 403).
    await demo_site.get("/healthz")
    guess = {"code": "ABCDE-000000", "_csrf_token": demo_site.cookies["careplan_csrf"]}
    statuses = [
        (await demo_site.post("/auth/code", data=guess)).status_code
        for _ in range(ATTEMPTS_PER_MINUTE + 1)
    ]
    assert statuses[-1] == 429
    assert 429 not in statuses[:ATTEMPTS_PER_MINUTE]
    assert (await demo_site.get("/healthz")).status_code == 200  # other routes go on


async def test_a_session_signs_in_with_the_roles_held_now(demo_site) -> None:
    """The session is read with the person's current role grants (one statement): a manager's
    two grants both count, a revoked one no longer does, and a parent holds none."""
    from careplan.access.principal import load_principal
    from careplan.demo.service import sign_in as demo_sign_in
    from careplan.identity.service import sessions
    from careplan.tenancy.tables import RoleGrant

    helen, jess = demo_id("person:helen"), demo_id("person:jess")
    token, _ = await demo_sign_in(helen, "test")
    session = await sessions.resolve(token)
    assert session is not None and session.principal == await load_principal(helen)
    assert {held.role for held in session.principal.roles} == {"practitioner", "manager"}
    assert session.principal.holds("manager", session.principal.roles[0].local_authority)
    await RoleGrant.update({RoleGrant.revoked_at: dt.datetime.now(dt.UTC)}).where(
        (RoleGrant.person == helen) & (RoleGrant.role == "manager")
    )
    session = await sessions.resolve(token)
    assert session is not None and [held.role for held in session.principal.roles] == [
        "practitioner"
    ]
    token, _ = await demo_sign_in(jess, "test")
    session = await sessions.resolve(token)
    assert session is not None and session.principal.roles == ()
    assert session.principal == await load_principal(jess)
