"""Passkeys in Debian's Chromium: an invitation, a passkey made by a virtual authenticator
(CDP WebAuthn domain), sign-in with it, a replayed assertion refused, a device revoked."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from careplan import db
from careplan.demo.builder import demo_id
from careplan.identity.service import tokens
from careplan.settings import parse_database_url
from tests.conftest import (
    DEMO_DAY,
    ENGINE,
    TEST_SECRET,
    LiveServer,
    fresh_database,
    run_sync,
    serve,
)

FAMILY = demo_id("family:hartley")
JESS = demo_id("hartley:member:jess")


async def _load_demo(database_url: str) -> None:
    from careplan.demo.loader import load

    engine = db.make_engine(parse_database_url(database_url))
    db.use_engine(engine)
    await db.start(engine)
    try:
        assert await load(today=DEMO_DAY)
    finally:
        await db.stop(engine)


@pytest.fixture
def demo_server(template_database: str, tmp_path: Path) -> Iterator[LiveServer]:
    """The live server (http://localhost:PORT) over the demo."""
    database_url, drop = fresh_database(template_database, tmp_path)
    run_sync(_load_demo(database_url))
    with serve(database_url) as server:
        yield server
    drop()


def api(server: LiveServer, person: str) -> httpx.Client:
    token = tokens.mint(TEST_SECRET, server.url, demo_id(f"person:{person}"))
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"})


def add_authenticator(page) -> object:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp


def register_by_invitation(server: LiveServer, page) -> None:
    with api(server, "priya") as priya:
        response = priya.post(f"/api/v1/families/{FAMILY}/invitations", json={"member": str(JESS)})
    assert response.status_code == 201, response.text
    invitation = response.json()
    assert invitation["link"].startswith(server.url + "/auth/invite/")
    page.goto(invitation["link"])
    # The token was swapped at once: it is not in the address bar, nor in history.
    assert page.url == server.url + "/auth/invite"
    page.fill("#code", invitation["code"])
    page.click("button[type=submit]")
    page.wait_for_url("**/auth/passkey/register")
    assert page.is_visible("text=Is this phone only yours?")
    page.click("button[type=submit]")
    signed_in_to_the_family_portal(page)


def signed_in_to_the_family_portal(page) -> None:
    """A parent lands on their family's plan once signed in (who they are: see `me`)."""
    page.wait_for_url("**/family")
    page.wait_for_selector("h1:has-text('Your plan')")


def me(page, server: LiveServer) -> httpx.Response:
    return page.request.get(server.url + "/api/v1/me")


def test_a_parent_registers_a_passkey_then_signs_in_with_it(demo_server, page) -> None:
    add_authenticator(page)
    register_by_invitation(demo_server, page)
    signed_in = me(page, demo_server)
    assert signed_in.status == 200 and signed_in.json()["name"] == "Jess Hartley"

    page.context.clear_cookies()
    assert me(page, demo_server).status == 401
    page.goto(demo_server.url + "/auth/passkey/sign-in")
    assert page.is_visible("text=Is this phone only yours?")
    page.check("#not-only-mine")
    posted: list[str] = []
    page.on(
        "request",
        lambda r: (
            posted.append(r.post_data)
            if r.method == "POST" and r.url.endswith("/auth/passkey/sign-in")
            else None
        ),
    )
    page.click("button[type=submit]")
    signed_in_to_the_family_portal(page)
    assert me(page, demo_server).json()["name"] == "Jess Hartley"
    live = page.request.get(demo_server.url + "/api/v1/me/sessions").json()
    # The registration's session (cookies cleared, not signed out) and this one, short: "no".
    assert sorted(s["shared_device"] for s in live) == [False, True]
    assert page.errors.console == [] or all("404" in line for line in page.errors.console)

    # The same assertion again (same challenge) is refused.
    page.goto(demo_server.url + "/auth/passkey/sign-in")
    csrf = page.get_attribute("#passkey-form", "data-csrf")
    replay = page.request.post(
        demo_server.url + "/auth/passkey/sign-in",
        data=posted[0],
        headers={"content-type": "application/json", "x-csrftoken": csrf},
    )
    assert replay.status == 400


def test_a_second_device_is_told_and_a_revoked_one_is_signed_out(demo_server, browser) -> None:
    from tests.browser.conftest import new_page

    first, _ = new_page(browser)
    second, _ = new_page(browser)
    try:
        add_authenticator(first)
        register_by_invitation(demo_server, first)
        add_authenticator(second)
        register_by_invitation(demo_server, second)
        assert me(first, demo_server).status == 200 and me(second, demo_server).status == 200

        with api(demo_server, "priya") as priya:
            devices = priya.get(f"/api/v1/families/{FAMILY}/devices").json()
            assert len(devices) == 2
            newest = devices[0]["id"]
            assert priya.delete(f"/api/v1/families/{FAMILY}/devices/{newest}").status_code == 204
        assert me(second, demo_server).status == 401  # the revoked device's session is dead
        assert me(first, demo_server).status == 200

        if ENGINE == "sqlite":
            path = parse_database_url(demo_server.database_url).sqlite_path
            with sqlite3.connect(path) as connection:
                rows = connection.execute(
                    "SELECT kind, payload FROM notification WHERE kind = 'device.added'"
                ).fetchall()
            assert len(rows) == 1
            assert set(json.loads(rows[0][1])) == {"passkey", "device"}  # ids only
    finally:
        first.context.close()
        second.context.close()
