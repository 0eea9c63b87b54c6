"""Whose phone it is (portal/family/device.py): one person's offline copy at most.

Offline, a phone cannot know who holds it. So the browser remembers, in a cookie sign-out
keeps, who has signed in on it; when someone else signs in, the first person's copy is wiped
(Clear-Site-Data) and every session on that browser is a shared phone's from then on. The
browser's side (the service worker) is in tests/browser/test_shared_phone.py.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar

from careplan.app import create_app
from careplan.demo.builder import demo_id
from careplan.identity.service import sessions
from careplan.identity.tables import Session
from tests.conftest import BASE_URL, DEMO_DAY, TEST_SECRET, bearer, make_settings

pytestmark = pytest.mark.anyio

JESS, KIERAN = demo_id("person:jess"), demo_id("person:kieran")
HARTLEY = demo_id("family:hartley")
KIERAN_MEMBER = demo_id("hartley:member:kieran")
TOKEN_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')
WIPE = '"cache", "storage"'
HOLDER_COOKIE = "careplan_phone"  # portal.family.device.HOLDER_COOKIE


@pytest.fixture
async def demo_site(database_url: str) -> AsyncIterator[Litestar]:
    app: Litestar = create_app(make_settings(database_url, demo=True))
    async with app.lifespan():
        from careplan.demo.loader import load

        await load(today=DEMO_DAY)
        yield app


@pytest.fixture
async def phone(demo_site: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """One browser: its cookies are kept from one person's sign-in to the next."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo_site), base_url=BASE_URL
    ) as browser:
        yield browser


async def sign_in(browser: httpx.AsyncClient, person) -> httpx.Response:
    page = await browser.get("/auth/demo")
    token = TOKEN_FIELD.search(page.text).group(1)
    response = await browser.post("/auth/demo", data={"person": str(person), "_csrf_token": token})
    assert response.status_code == 303, response.text[:300]
    return response


async def sign_out(browser: httpx.AsyncClient) -> httpx.Response:
    response = await browser.post(
        "/auth/sign-out", data={"_csrf_token": browser.cookies["careplan_csrf"]}
    )
    assert response.status_code == 303
    return response


async def shared(person) -> bool:
    row = await (
        Session.select(Session.shared_device)
        .where((Session.person == person) & Session.ended_at.is_null())
        .order_by(Session.created_at, ascending=False)
        .first()
    )
    return row["shared_device"]


async def test_the_first_person_on_a_browser_keeps_her_copy_under_a_mark_that_names_no_one(
    phone,
) -> None:
    from portal.family.device import holder_mark

    first = await sign_in(phone, JESS)
    mark = phone.cookies[HOLDER_COOKIE]
    assert mark == holder_mark(TEST_SECRET, JESS)
    assert str(JESS) not in mark and "jess" not in mark.lower() and len(mark) == 22
    assert "clear-site-data" not in first.headers
    cookie = next(c for c in first.headers.get_list("set-cookie") if c.startswith(HOLDER_COOKIE))
    assert "HttpOnly" in cookie and "Path=/" in cookie
    assert await shared(JESS) is False

    page = await phone.get("/family")
    assert 'data-offline="on"' in page.text
    assert f'data-holder="{mark}"' in page.text  # the worker keeps her copy under it
    assert page.headers["cache-control"] == "private, no-cache"

    # Her again, another day: the same phone, still hers alone.
    await sign_out(phone)
    again = await sign_in(phone, JESS)
    assert "clear-site-data" not in again.headers
    assert phone.cookies[HOLDER_COOKIE] == mark
    assert await shared(JESS) is False


async def test_a_second_person_wipes_the_first_persons_copy_and_the_browser_is_shared(
    phone,
) -> None:
    await sign_in(phone, JESS)
    second = await sign_in(phone, KIERAN)  # she did not sign out; he says it is his alone

    assert second.headers["clear-site-data"] == WIPE
    assert phone.cookies[HOLDER_COOKIE] == "shared"
    assert await shared(KIERAN) is True
    page = await phone.get("/family")
    assert 'data-offline="off"' in page.text and "data-holder" not in page.text
    assert page.headers["cache-control"] == "no-store"
    about = await phone.get("/family/phone")
    assert "someone else has signed in to Careplan on it" in about.text


async def test_sign_out_keeps_what_the_browser_knows_so_the_next_person_is_a_second_one(
    phone,
) -> None:
    await sign_in(phone, JESS)
    signed_out = await sign_out(phone)
    # The copy, the worker and the HTTP cache go; the holder cookie stays.
    assert signed_out.headers["clear-site-data"] == WIPE
    assert HOLDER_COOKIE in phone.cookies

    second = await sign_in(phone, KIERAN)
    assert second.headers["clear-site-data"] == WIPE
    assert await shared(KIERAN) is True
    await sign_out(phone)
    await sign_in(phone, JESS)  # and for her too, from now on
    assert await shared(JESS) is True


async def test_a_one_time_code_on_someone_elses_browser_wipes_their_copy(demo_site, phone) -> None:
    await sign_in(phone, JESS)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo_site), base_url=BASE_URL, headers=bearer("priya")
    ) as api:
        made = await api.post(
            f"/api/v1/families/{HARTLEY}/one-time-codes", json={"member": str(KIERAN_MEMBER)}
        )
    used = await phone.post(
        "/auth/code",
        data={"code": made.json()["code"], "_csrf_token": phone.cookies["careplan_csrf"]},
    )
    assert used.status_code == 303
    assert used.headers["clear-site-data"] == WIPE
    assert phone.cookies[HOLDER_COOKIE] == "shared"


async def test_clearing_the_phone_forgets_who_used_it(phone) -> None:
    await sign_in(phone, JESS)
    cleared = await phone.post(
        "/family/phone/clear", data={"_csrf_token": phone.cookies["careplan_csrf"]}
    )
    assert cleared.headers["clear-site-data"] == '"cache", "cookies", "storage"'


async def test_a_page_asked_with_an_ended_session_forgets_it_and_the_copy(phone) -> None:
    await sign_in(phone, JESS)
    await sessions.end_all(JESS, "timed_out")  # as a time-out or a revoked device does

    page = await phone.get("/family/goals")
    assert page.status_code == 303 and page.headers["location"].startswith("/auth/")
    assert page.headers["clear-site-data"] == WIPE
    assert sessions.COOKIE not in phone.cookies  # the answer deleted it


async def test_a_post_with_an_ended_session_keeps_the_phones_queue(phone) -> None:
    """A check-in kept offline and sent after the session ended waits for the parent to sign
    in again: the cookie goes, the phone's storage stays (a different person's sign-in would
    wipe it)."""
    await sign_in(phone, JESS)
    token = phone.cookies["careplan_csrf"]
    await sessions.end_all(JESS, "timed_out")
    posted = await phone.post("/family/answer", data={"_csrf_token": token})
    assert posted.status_code == 303 and posted.headers["location"].startswith("/auth/")
    assert "clear-site-data" not in posted.headers
    assert sessions.COOKIE not in phone.cookies
