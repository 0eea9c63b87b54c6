"""A parent's check-in is a live event like any other change (issue 14, item 6).

Jess records a check-in on her phone (the family portal's real form post, with her real
session); the key worker's open editor hears of it at once on the plan's event stream, as
the objective's id only, under a name that tells the page to fetch the goal again even
though the objective itself (its revision) did not change.
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from careplan.demo.builder import demo_id
from tests.conftest import serve
from tests.live.conftest import session_cookie

pytestmark = pytest.mark.anyio

SCHOOL = demo_id("hartley:objective:school_cp")


@pytest.fixture
async def site(demo, database_url):
    cookies = {key: await session_cookie(key) for key in ("priya", "jess")}
    with serve(database_url) as server:
        yield server, cookies


async def check_in(base_url: str, cookies: dict[str, str], value: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=base_url, cookies=cookies) as phone:
        await phone.get("/healthz")  # the CSRF cookie
        return await phone.post(
            f"/family/goals/{SCHOOL}/check-ins",
            data={
                "_csrf_token": phone.cookies["careplan_csrf"],
                "client_uuid": str(uuid.uuid4()),
                "value": value,
                "note": "A good week",
            },
        )


async def test_a_parents_check_in_reaches_the_key_workers_open_editor(site, open_stream) -> None:
    server, cookies = site
    priya = await open_stream(server.url, cookies["priya"])
    response = await check_in(server.url, cookies["jess"], "4")
    assert response.status_code == 303, response.text
    event = await priya.until("progress-recorded", within=3.0)
    assert event.data == str(SCHOOL)
    assert not any("A good week" in line for line in priya.raw)
    # The block the page then fetches shows the new value.
    async with httpx.AsyncClient(base_url=server.url, cookies=cookies["priya"]) as editor:
        block = await editor.get(f"/workspace/objectives/{SCHOOL}", headers={"HX-Request": "true"})
    assert block.status_code == 200
    assert ">4 on " in block.text
