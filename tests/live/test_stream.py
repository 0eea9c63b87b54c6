"""The plan's event stream on a real server: what reaches whom, and when it ends."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from careplan.live.service import stream as live_stream
from tests.conftest import serve
from tests.live.conftest import FAMILY, HV, ITEM, PLAN, bearer_for, leave_team, session_cookie

pytestmark = pytest.mark.anyio


@pytest.fixture
async def site(demo, database_url):
    """The demo on a real server, with sessions for Priya (csc, key worker), Grace (health
    visiting, on the team) and Helen (Priya's manager)."""
    cookies = {key: await session_cookie(key) for key in ("priya", "grace", "helen", "tom")}
    with serve(database_url) as server:
        yield server, cookies


async def _patch_item(base: str, who: str, item, text: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=base, headers=bearer_for(base, who)) as api:
        current = (await api.get(f"/api/v1/episodes/{_episode()}/plan")).json()
        revision = next(
            i["revision"] for s in current["sections"].values() for i in s if i["id"] == str(item)
        )
        return await api.patch(f"/api/v1/items/{item}", json={"text": text, "revision": revision})


def _episode():
    from careplan.demo.builder import demo_id

    return demo_id("hartley:episode:child_protection")


async def test_an_edit_reaches_another_editors_stream_as_ids_only(site, open_stream) -> None:
    server, cookies = site
    priya = await open_stream(server.url, cookies["priya"])
    response = await _patch_item(server.url, "grace", ITEM, "Words that never travel live")
    assert response.status_code == 200, response.text
    event = await priya.until("item-changed")
    assert event.data == str(ITEM)
    assert not any("Words" in line for line in priya.raw)


async def test_an_item_for_another_agency_never_reaches_the_stream(site, open_stream) -> None:
    server, cookies = site
    priya = await open_stream(server.url, cookies["priya"])  # children's social care
    grace = await open_stream(server.url, cookies["grace"])  # health visiting
    async with httpx.AsyncClient(
        base_url=server.url, headers=bearer_for(server.url, "grace")
    ) as api:
        hidden = await api.post(
            f"/api/v1/plans/{PLAN}/items",
            json={
                "section": "worry",
                "text": "For health visiting only",
                "audience": {"agencies": [str(HV)]},
            },
        )
        assert hidden.status_code == 201, hidden.text
        shown = await api.post(
            f"/api/v1/plans/{PLAN}/items", json={"section": "worry", "text": "For the team"}
        )
        assert shown.status_code == 201, shown.text
    hidden_id, shown_id = hidden.json()["id"], shown.json()["id"]
    # Grace's agency sees both, in order: the events were published.
    assert (await grace.until("item-changed")).data == hidden_id
    assert (await grace.until("item-changed")).data == shown_id
    # Priya gets the second only: the first never left the server for her.
    assert (await priya.until("item-changed")).data == shown_id
    await asyncio.sleep(0.3)
    assert not any(hidden_id in line for line in priya.raw)


async def test_an_item_that_leaves_a_viewers_sight_is_announced_once_so_it_goes(
    site, open_stream
) -> None:
    server, cookies = site
    priya = await open_stream(server.url, cookies["priya"])
    async with httpx.AsyncClient(
        base_url=server.url, headers=bearer_for(server.url, "grace")
    ) as api:
        made = await api.post(
            f"/api/v1/plans/{PLAN}/items", json={"section": "worry", "text": "Seen by all"}
        )
        item = made.json()
        assert (await priya.until("item-changed")).data == item["id"]
        narrowed = await api.patch(
            f"/api/v1/items/{item['id']}",
            json={"revision": item["revision"], "audience": {"agencies": [str(HV)]}},
        )
        assert narrowed.status_code == 200, narrowed.text
        # Announced once, so her page fetches it, is told 404 and takes it away ...
        assert (await priya.until("item-changed")).data == item["id"]
        again = await api.patch(
            f"/api/v1/items/{item['id']}",
            json={"revision": narrowed.json()["revision"], "text": "Now private"},
        )
        assert again.status_code == 200
    # ... and never again.
    assert [e for e in await priya.quiet(0.5) if e.event == "item-changed"] == []


async def test_a_refused_change_sends_nothing(site, open_stream) -> None:
    server, cookies = site
    priya = await open_stream(server.url, cookies["priya"])
    async with httpx.AsyncClient(
        base_url=server.url, headers=bearer_for(server.url, "grace")
    ) as api:
        stale = await api.patch(f"/api/v1/items/{ITEM}", json={"text": "x", "revision": 999})
    assert stale.status_code == 409
    assert [e for e in await priya.quiet(0.5) if e.event != "presence"] == []


async def test_the_stream_ends_when_the_person_signs_out(site, open_stream, monkeypatch) -> None:
    monkeypatch.setattr(live_stream, "KEEPALIVE_SECONDS", 0.3)
    server, cookies = site
    priya = await open_stream(server.url, cookies["priya"])
    async with httpx.AsyncClient(base_url=server.url, cookies=cookies["priya"]) as page:
        await page.get("/healthz")
        csrf = page.cookies["careplan_csrf"]
        out = await page.post("/auth/sign-out", data={"_csrf_token": csrf})
        assert out.status_code == 303
    assert (await priya.until("ended", within=3)).data
    assert await priya.next(within=3) is None  # and the server closed it
    # Reconnecting is refused: the session is over.
    async with httpx.AsyncClient(base_url=server.url, cookies=cookies["priya"]) as page:
        again = await page.get(f"/workspace/plans/{PLAN}/events")
    assert again.status_code == 303


async def test_the_stream_ends_when_the_person_leaves_the_team(
    site, open_stream, database_url, monkeypatch
) -> None:
    monkeypatch.setattr(live_stream, "KEEPALIVE_SECONDS", 0.3)
    server, cookies = site
    tom = await open_stream(server.url, cookies["tom"])
    priya = await open_stream(server.url, cookies["priya"])
    await leave_team(database_url, "tom")
    assert (await tom.until("ended", within=3)).data
    assert await tom.next(within=3) is None
    # Priya is still on the team: her stream goes on.
    assert [e for e in await priya.quiet(1.0) if e.event == "ended"] == []
    async with httpx.AsyncClient(base_url=server.url, cookies=cookies["tom"]) as page:
        assert (await page.get(f"/workspace/plans/{PLAN}/events")).status_code == 404


async def test_taking_someone_off_the_team_ends_their_stream_at_once(site, open_stream) -> None:
    """Through the route that does it (DELETE .../team/{person}): the `team.changed` it
    publishes ends Tom's stream at once, long before its keep-alive (15 s), and his page and
    API reads of the family are 404 from then on. Priya's stream goes on."""
    server, cookies = site
    tom = await open_stream(server.url, cookies["tom"])
    priya = await open_stream(server.url, cookies["priya"])
    async with httpx.AsyncClient(
        base_url=server.url, headers=bearer_for(server.url, "priya")
    ) as api:
        removed = await api.request(
            "DELETE",
            f"/api/v1/families/{FAMILY}/team/{_person('tom')}",
            json={"reason": "Early help has stepped back."},
        )
    assert removed.status_code == 200, removed.text
    assert (await tom.until("ended", within=3)).data == "signed-out-or-left"
    assert await tom.next(within=3) is None
    assert (await priya.until("team-changed", within=3)).data
    assert [e for e in await priya.quiet(0.5) if e.event == "ended"] == []
    async with httpx.AsyncClient(base_url=server.url, cookies=cookies["tom"]) as page:
        assert (await page.get(f"/workspace/plans/{PLAN}/events")).status_code == 404
        assert (await page.get(f"/workspace/families/{FAMILY}")).status_code == 404
        assert (await page.get(f"/workspace/plans/{PLAN}")).status_code == 404
    async with httpx.AsyncClient(base_url=server.url, headers=bearer_for(server.url, "tom")) as api:
        assert (await api.get(f"/api/v1/families/{FAMILY}")).status_code == 404


def _person(key: str):
    from careplan.demo.builder import demo_id

    return demo_id(f"person:{key}")


async def test_presence_appears_names_the_block_and_goes(site, open_stream) -> None:
    server, cookies = site
    helen = await open_stream(server.url, cookies["helen"])
    async with httpx.AsyncClient(base_url=server.url, cookies=cookies["helen"]) as page:
        before = await page.get(f"/workspace/plans/{PLAN}/presence")
    assert before.status_code == 200
    assert "Priya Raman" not in before.text

    priya_stream = await open_stream(server.url, cookies["priya"])
    await helen.until("presence")
    async with httpx.AsyncClient(base_url=server.url, cookies=cookies["helen"]) as page:
        here = await page.get(f"/workspace/plans/{PLAN}/presence")
    assert "Priya Raman (Northmere Children&#39;s Social Care)" in here.text
    assert "is editing" not in here.text and "data-block" not in here.text

    async with httpx.AsyncClient(base_url=server.url, cookies=cookies["priya"]) as page:
        await page.get("/healthz")
        said = await page.post(
            f"/workspace/plans/{PLAN}/presence",
            data={"block": f"item-{ITEM}", "tab": priya_stream.tab},
            headers={"x-csrftoken": page.cookies["careplan_csrf"], "HX-Request": "true"},
        )
    assert said.status_code == 200, said.text
    assert "Priya Raman" not in said.text  # her own list shows the others, not herself
    await helen.until("presence")
    async with httpx.AsyncClient(base_url=server.url, cookies=cookies["helen"]) as page:
        editing = await page.get(f"/workspace/plans/{PLAN}/presence")
    assert "is editing: an entry in What is working well" in editing.text
    assert f'data-block="item-{ITEM}"' in editing.text

    # Priya closes the page: she is gone from Helen's list at once.
    priya_stream.task.cancel()
    await priya_stream.response.aclose()
    await helen.until("presence")
    async with httpx.AsyncClient(base_url=server.url, cookies=cookies["helen"]) as page:
        after = await page.get(f"/workspace/plans/{PLAN}/presence")
    assert "Priya Raman" not in after.text


async def test_presence_does_not_name_an_item_the_viewer_may_not_see(site, open_stream) -> None:
    server, cookies = site
    async with httpx.AsyncClient(
        base_url=server.url, headers=bearer_for(server.url, "grace")
    ) as api:
        hidden = await api.post(
            f"/api/v1/plans/{PLAN}/items",
            json={"section": "worry", "text": "HV only", "audience": {"agencies": [str(HV)]}},
        )
    hidden_id = hidden.json()["id"]
    await open_stream(server.url, cookies["grace"])
    async with httpx.AsyncClient(base_url=server.url, cookies=cookies["grace"]) as page:
        await page.get("/healthz")
        said = await page.post(
            f"/workspace/plans/{PLAN}/presence",
            data={"block": hidden_id},
            headers={"x-csrftoken": page.cookies["careplan_csrf"]},
        )
        assert said.status_code == 200
    await asyncio.sleep(0.2)
    async with httpx.AsyncClient(base_url=server.url, cookies=cookies["priya"]) as page:
        shown = await page.get(f"/workspace/plans/{PLAN}/presence")
    assert "Grace Okafor" in shown.text
    assert hidden_id not in shown.text
    assert "is editing" not in shown.text
    # And Priya may not claim to be editing it.
    async with httpx.AsyncClient(base_url=server.url, cookies=cookies["priya"]) as page:
        await page.get("/healthz")
        refused = await page.post(
            f"/workspace/plans/{PLAN}/presence",
            data={"block": hidden_id},
            headers={"x-csrftoken": page.cookies["careplan_csrf"]},
        )
    assert refused.status_code == 404


async def test_family_events_reach_the_team_with_ids_only(site, open_stream) -> None:
    server, cookies = site
    priya = await open_stream(server.url, cookies["priya"])
    async with httpx.AsyncClient(
        base_url=server.url, headers=bearer_for(server.url, "priya")
    ) as api:
        family = (await api.get(f"/api/v1/families/{FAMILY}")).json()
        changed = await api.patch(
            f"/api/v1/families/{FAMILY}", json={"revision": family["revision"], "name": "Hartley"}
        )
    assert changed.status_code == 200, changed.text
    event = await priya.until("family-changed")
    assert event.data == str(FAMILY)
