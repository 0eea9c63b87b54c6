"""Rate limits guard only the routes named for them (careplan.web.rate_limits).

Every client of the test app comes from the same address (httpx's ASGI transport says
127.0.0.1), as people behind one home router or office network do: one client's guesses must
never stop another person signing out, clearing the phone or ending a session.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar

from careplan.demo.builder import demo_id
from careplan.identity.tables import Invitation, OneTimeCode, Session
from careplan.web.rate_limits import ATTEMPTS_PER_MINUTE
from tests.conftest import BASE_URL, bearer

pytestmark = pytest.mark.anyio

JESS = demo_id("person:jess")
KIERAN = demo_id("person:kieran")
HARTLEY = demo_id("family:hartley")
JESS_MEMBER = demo_id("hartley:member:jess")
FAMILY_PAGE = f"/workspace/families/{HARTLEY}"
CODE = re.compile(r'id="one-time-code">([A-Z0-9]{5}-\d{6})<')


@contextlib.asynccontextmanager
async def anonymous(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=BASE_URL
    ) as client:
        await client.get("/healthz")  # the CSRF cookie
        yield client


async def guess_until_refused(app: Litestar) -> list[int]:
    """Another client on the same address tries wrong one-time codes until it is refused."""
    async with anonymous(app) as guesser:
        guess = {"code": "ABCDE-000000", "_csrf_token": guesser.cookies["careplan_csrf"]}
        return [
            (await guesser.post("/auth/code", data=guess)).status_code
            for _ in range(ATTEMPTS_PER_MINUTE + 1)
        ]


async def live_sessions(person) -> int:
    return await Session.count().where((Session.person == person) & Session.ended_at.is_null())


async def test_sign_out_clear_phone_and_ending_a_session_work_when_guessing_was_refused(
    demo_app, browse_as
) -> None:
    jess = await browse_as("person:jess", shared_device=True)
    kieran = await browse_as("person:kieran", shared_device=True)
    priya = await browse_as("priya")
    [priya_session] = await Session.select(Session.id).where(
        Session.person == demo_id("person:priya")
    )

    statuses = await guess_until_refused(demo_app)
    assert statuses[-1] == 429 and 429 not in statuses[:-1]

    signed_out = await jess.post("/auth/sign-out", data={"_csrf_token": jess.csrf})
    assert signed_out.status_code == 303, signed_out.text[:300]
    assert await live_sessions(JESS) == 0
    assert (await jess.get("/family")).headers["location"].startswith("/auth/")

    cleared = await kieran.post("/family/phone/clear", data={"_csrf_token": kieran.csrf})
    assert cleared.status_code == 303
    assert await live_sessions(KIERAN) == 0

    ended = await priya.post(
        f"/auth/sessions/{priya_session['id']}/end", data={"_csrf_token": priya.csrf}
    )
    assert ended.status_code == 303
    assert await live_sessions(demo_id("person:priya")) == 0


async def test_making_one_time_codes_on_the_page_is_limited_like_the_api(
    demo_app, browse_as
) -> None:
    priya = await browse_as("priya")
    made = []
    for _ in range(ATTEMPTS_PER_MINUTE + 5):
        response = await priya.post(
            f"{FAMILY_PAGE}/one-time-codes",
            data={"member": str(JESS_MEMBER)},
            headers={"HX-Request": "true"},
        )
        made.append(response.status_code)
    assert made[:ATTEMPTS_PER_MINUTE] == [200] * ATTEMPTS_PER_MINUTE
    assert made[ATTEMPTS_PER_MINUTE:] == [429] * 5
    assert await OneTimeCode.count() == ATTEMPTS_PER_MINUTE

    # One bucket for making codes and invitations, on the pages and in the API alike.
    invited = await priya.post(f"{FAMILY_PAGE}/invitations", data={"member": str(JESS_MEMBER)})
    assert invited.status_code == 429
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo_app), base_url=BASE_URL, headers=bearer("priya")
    ) as api:
        by_api = await api.post(
            f"/api/v1/families/{HARTLEY}/one-time-codes", json={"member": str(JESS_MEMBER)}
        )
        assert by_api.status_code == 429
        assert by_api.json()["status_code"] == 429
    assert await OneTimeCode.count() == ATTEMPTS_PER_MINUTE
    assert await Invitation.count() == 0


async def test_a_parent_on_the_same_network_can_still_use_her_code(demo_app, browse_as) -> None:
    """Making codes and trying them are different buckets: the key worker who made many codes
    in the office does not stop a parent on the office's network signing in with hers."""
    priya = await browse_as("priya")
    codes = []
    for _ in range(ATTEMPTS_PER_MINUTE):
        response = await priya.post(
            f"{FAMILY_PAGE}/one-time-codes",
            data={"member": str(JESS_MEMBER)},
            headers={"HX-Request": "true"},
        )
        codes.append(CODE.search(response.text).group(1))
    async with anonymous(demo_app) as phone:
        used = await phone.post(
            "/auth/code", data={"code": codes[-1], "_csrf_token": phone.cookies["careplan_csrf"]}
        )
    assert used.status_code == 303 and used.headers["location"] == "/family"


async def test_other_routes_are_never_counted(demo_app, browse_as) -> None:
    jess = await browse_as("person:jess")
    for _ in range(ATTEMPTS_PER_MINUTE * 2):
        assert (await jess.get("/family/phone")).status_code == 200
    statuses = await guess_until_refused(demo_app)
    assert 429 not in statuses[:ATTEMPTS_PER_MINUTE]
