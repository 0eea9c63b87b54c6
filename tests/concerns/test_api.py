"""The concerns routes over HTTP: the front door, the clocks, the steps.

These run once careplan/app.py serves the controllers (skipped, saying so, until then).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from careplan.concerns.tables import Concern
from careplan.demo.builder import demo_id
from careplan.lib.clock import london_date, utc_now
from tests.meetings.conftest import headers, needs_routes

pytestmark = [pytest.mark.anyio, needs_routes]

WHITFIELD = f"/api/v1/families/{demo_id('family:whitfield')}/concerns"
ALFIE = str(demo_id("whitfield:member:alfie"))


def body(**values: Any) -> dict[str, Any]:
    return {
        "member": ALFIE,
        "what": "Alfie was left in the car.",
        "seriousness": "high",
        "observed_on": london_date(utc_now()).isoformat(),
        **values,
    }


def fields(response: httpx.Response) -> list[str]:
    return [f["field"] for f in response.json().get("fields", [])]


async def test_a_concern_from_outside_the_team_grants_no_read_access(
    http: httpx.AsyncClient,
) -> None:
    raised = await http.post(WHITFIELD, json=body(), headers=headers("daniel"))
    assert raised.status_code == 201, raised.text
    assert set(raised.json()) == {"id", "status", "decision_due_at"}
    concern = raised.json()["id"]
    assert (await http.get(WHITFIELD, headers=headers("daniel"))).status_code == 404
    assert (
        await http.get(f"/api/v1/concerns/{concern}", headers=headers("daniel"))
    ).status_code == 404
    patched = await http.patch(
        f"/api/v1/concerns/{concern}",
        json={"revision": 1, "acknowledge": True},
        headers=headers("daniel"),
    )
    assert patched.status_code == 404
    family = await http.get(
        f"/api/v1/families/{demo_id('family:whitfield')}", headers=headers("daniel")
    )
    assert family.status_code == 404


async def test_the_team_lists_concerns_with_the_overdue_one_flagged(
    http: httpx.AsyncClient,
) -> None:
    await http.post(WHITFIELD, json=body(), headers=headers("daniel"))
    listed = await http.get(WHITFIELD, headers=headers("tom"))
    assert listed.status_code == 200
    assert [c["overdue"] for c in listed.json()] == [False, True]


async def test_a_family_member_cannot_raise_or_read_concerns(http: httpx.AsyncClient) -> None:
    before = await Concern.count()
    assert (await http.post(WHITFIELD, json=body(), headers=headers("sophie"))).status_code == 404
    assert (await http.get(WHITFIELD, headers=headers("sophie"))).status_code == 404
    assert await Concern.count() == before


@pytest.mark.parametrize(
    ("values", "status", "field"),
    [
        ({"seriousness": "mild"}, 422, "seriousness"),
        ({"what": ""}, 422, "what"),
        ({"observed_on": "yesterday"}, 422, "observed_on"),
        ({"observed_on": "2999-01-01"}, 422, "observed_on"),
        ({"member": str(demo_id("whitfield:member:sophie"))}, 422, "member"),
        ({"member": str(demo_id("hartley:member:leo"))}, 404, None),
    ],
)
async def test_a_bad_concern_gets_a_clear_4xx(
    http: httpx.AsyncClient, values: dict[str, Any], status: int, field: str | None
) -> None:
    before = await Concern.count()
    response = await http.post(WHITFIELD, json=body(**values), headers=headers("grace"))
    assert response.status_code == status, response.text
    if field:
        assert fields(response) == [field]
    assert await Concern.count() == before


async def test_patching_a_concern_needs_its_revision(http: httpx.AsyncClient) -> None:
    url = f"/api/v1/concerns/{demo_id('whitfield:concern')}"
    missing = await http.patch(url, json={"acknowledge": True}, headers=headers("tom"))
    assert missing.status_code == 428
    by_etag = await http.patch(
        url, json={"acknowledge": True}, headers={**headers("tom"), "If-Match": '"1"'}
    )
    assert by_etag.status_code == 200, by_etag.text
    assert by_etag.json()["status"] == "acknowledged"
    stale = await http.patch(
        url, json={"revision": 1, "decision": "police"}, headers=headers("tom")
    )
    assert stale.status_code == 409
    wrong_step = await http.patch(
        url, json={"revision": 2, "acknowledge": True}, headers=headers("tom")
    )
    assert wrong_step.status_code == 422
    assert fields(wrong_step) == ["acknowledge"]
    bad_word = await http.patch(
        url, json={"revision": 2, "decision": "ignore"}, headers=headers("tom")
    )
    assert bad_word.status_code == 422
    assert fields(bad_word) == ["decision"]
    decided = await http.patch(
        url, json={"revision": 2, "decision": "assessment"}, headers=headers("tom")
    )
    assert decided.status_code == 200
    assert decided.json()["assessment_due_on"] is not None
    assert decided.json()["overdue"] is False
