"""/auth/sessions: a person sees where they are signed in and signs out any device."""

from __future__ import annotations

import pytest

from careplan.demo.builder import demo_id
from careplan.identity.tables import Session
from portal.sessions import describe_device

pytestmark = pytest.mark.anyio

JESS = demo_id("person:jess")
ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; SM-A146B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


async def _live(person) -> int:
    return await Session.count().where((Session.person == person) & Session.ended_at.is_null())


async def test_a_parent_sees_both_devices_and_signs_the_other_one_out(browse_as) -> None:
    phone = await browse_as("person:jess")
    other = await browse_as("person:jess", shared_device=True)
    page = await phone.get("/auth/sessions")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert "(this device)" in page.text and "Shared device" in page.text
    assert page.text.count('action="/auth/sessions/') == 2
    rows = await Session.select(Session.id, Session.shared_device).where(
        (Session.person == JESS) & Session.ended_at.is_null()
    )
    shared = next(row["id"] for row in rows if row["shared_device"])
    ended = await phone.post(f"/auth/sessions/{shared}/end", data={"_csrf_token": phone.csrf})
    assert ended.status_code == 303 and ended.headers["location"] == "/auth/sessions?ended=1"
    assert (await other.get("/api/v1/me")).status_code == 401
    assert (await phone.get("/api/v1/me")).status_code == 200
    assert "That device is signed out." in (await phone.get("/auth/sessions?ended=1")).text


async def test_signing_out_this_device_clears_it(browse_as) -> None:
    phone = await browse_as("person:jess")
    (mine,) = await Session.select(Session.id).where(
        (Session.person == JESS) & Session.ended_at.is_null()
    )
    ended = await phone.post(f"/auth/sessions/{mine['id']}/end", data={"_csrf_token": phone.csrf})
    assert ended.status_code == 303 and ended.headers["location"] == "/"
    assert "storage" in ended.headers["clear-site-data"]
    assert await _live(JESS) == 0


async def test_nobody_can_end_someone_elses_session(browse_as) -> None:
    await browse_as("person:jess")
    (jess_session,) = await Session.select(Session.id).where(Session.person == JESS)
    priya = await browse_as("priya")
    refused = await priya.post(
        f"/auth/sessions/{jess_session['id']}/end", data={"_csrf_token": priya.csrf}
    )
    assert refused.status_code == 404
    assert "Jess" not in refused.text
    assert await _live(JESS) == 1


def test_devices_are_described_in_plain_words() -> None:
    assert describe_device(ANDROID) == "Chrome on Android"
    assert describe_device("") == "An unknown device"
