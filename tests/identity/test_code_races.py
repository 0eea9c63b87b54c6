"""Five wrong codes end an invitation or a one-time code, also when twenty come at once.

The tries are real HTTP requests sent together (asyncio.gather), each from its own address as
an attacker spreading a burst would, so the per-address rate limit is not what stops them:
the count of tries is. On PostgreSQL a read-then-write of the count let 19 to 34 codes be
compared in a burst of twenty.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from litestar import Litestar

from careplan.audit.tables import AuditEvent
from careplan.identity.tables import Invitation, OneTimeCode, Session
from tests.conftest import BASE_URL

pytestmark = pytest.mark.anyio

TOKEN_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')
BURST = 20


@pytest.fixture
async def from_address(demo_app: Litestar) -> AsyncIterator[Callable[[int], httpx.AsyncClient]]:
    """`from_address(n)`: a browser at its own client address (10.0.0.n)."""
    clients: list[httpx.AsyncClient] = []

    def make(n: int) -> httpx.AsyncClient:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=demo_app, client=(f"10.0.{n // 250}.{n % 250}", 1)),
            base_url=BASE_URL,
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
async def family(as_) -> dict:
    response = await as_("priya").post(
        "/api/v1/families",
        json={
            "name": "Brook family",
            "members": [{"given_name": "Dana", "family_name": "Brook", "role": "parent"}],
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return {"id": body["id"], "dana": body["members"][0]["id"]}


def wrong_secret(secret: str) -> str:
    return "000000" if secret != "000000" else "111111"


async def count(action: str) -> int:
    return await AuditEvent.count().where(AuditEvent.action == action)


async def test_twenty_wrong_invitation_codes_at_once_compare_only_five(
    as_, family, from_address
) -> None:
    response = await as_("priya").post(
        f"/api/v1/families/{family['id']}/invitations", json={"member": family["dana"]}
    )
    assert response.status_code == 201, response.text
    invitation = response.json()
    phone = from_address(0)
    opened = await phone.get(httpx.URL(invitation["link"]).path)
    assert opened.status_code == 303
    page = await phone.get("/auth/invite")
    token = TOKEN_FIELD.search(page.text).group(1)
    cookies = dict(phone.cookies)

    async def guess(n: int) -> httpx.Response:
        client = from_address(n)
        client.cookies.update(cookies)
        return await client.post(
            "/auth/invite", data={"code": wrong_secret(invitation["code"]), "_csrf_token": token}
        )

    answers = await asyncio.gather(*(guess(n) for n in range(1, BURST + 1)))
    statuses = sorted(answer.status_code for answer in answers)
    assert set(statuses) <= {410, 422}, statuses
    assert statuses.count(422) == 4, statuses  # "n tries left" for the first four
    assert await count("invitation.code_failed") == 5
    row = await Invitation.select().first()
    assert row["failed_attempts"] == 5 and row["ended_reason"] == "too_many_attempts"

    # The right code after that is refused: on this phone and by opening the link again.
    right = await phone.post(
        "/auth/invite", data={"code": invitation["code"], "_csrf_token": token}
    )
    assert right.status_code == 410
    again = from_address(BURST + 1)
    assert (await again.get(httpx.URL(invitation["link"]).path)).status_code == 410
    assert (await Invitation.select(Invitation.used_at).first())["used_at"] is None
    assert await count("invitation.used") == 0


async def test_twenty_wrong_one_time_codes_at_once_compare_only_five(
    as_, family, from_address
) -> None:
    response = await as_("priya").post(
        f"/api/v1/families/{family['id']}/one-time-codes", json={"member": family["dana"]}
    )
    assert response.status_code == 201, response.text
    code = response.json()["code"]
    handle, secret = code.split("-")
    phone = from_address(0)
    page = await phone.get("/auth/code")
    token = TOKEN_FIELD.search(page.text).group(1)
    cookies = dict(phone.cookies)

    async def guess(n: int) -> httpx.Response:
        client = from_address(n)
        client.cookies.update(cookies)
        return await client.post(
            "/auth/code", data={"code": f"{handle}-{wrong_secret(secret)}", "_csrf_token": token}
        )

    answers = await asyncio.gather(*(guess(n) for n in range(1, BURST + 1)))
    assert {answer.status_code for answer in answers} == {422}
    failed = await AuditEvent.select(AuditEvent.after).where(
        AuditEvent.action == "one_time_code.failed"
    )
    assert sum('"wrong_code"' in row["after"] for row in failed) == 5
    assert (await OneTimeCode.select(OneTimeCode.failed_attempts).first())["failed_attempts"] == 5

    right = await phone.post("/auth/code", data={"code": code, "_csrf_token": token})
    assert right.status_code == 422
    assert await Session.count().where(Session.kind == "family") == 0
    assert await count("one_time_code.used") == 0


async def test_the_right_code_after_wrong_ones_still_works_and_is_not_a_failed_try(
    as_, family, from_address
) -> None:
    response = await as_("priya").post(
        f"/api/v1/families/{family['id']}/one-time-codes", json={"member": family["dana"]}
    )
    code = response.json()["code"]
    handle, secret = code.split("-")
    phone = from_address(0)
    page = await phone.get("/auth/code")
    token = TOKEN_FIELD.search(page.text).group(1)
    for _ in range(4):
        wrong = f"{handle}-{wrong_secret(secret)}"
        assert (
            await phone.post("/auth/code", data={"code": wrong, "_csrf_token": token})
        ).status_code == 422
    right = await phone.post("/auth/code", data={"code": code, "_csrf_token": token})
    assert right.status_code == 303
    row = await OneTimeCode.select().first()
    assert row["failed_attempts"] == 4 and row["used_at"] is not None
