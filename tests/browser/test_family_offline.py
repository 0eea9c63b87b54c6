"""The phone in Debian's Chromium at 390 x 844: the offline copy, a shared phone, a check-in
made offline, sign-out, and the service worker's push handler (CDP deliverPushMessage)."""

from __future__ import annotations

import re
import sqlite3
import time
import uuid
from collections.abc import Callable
from typing import Any

import asyncpg
import pytest

from careplan.notify import rules
from careplan.settings import parse_database_url
from tests.browser.conftest import axe_violations, new_page, scrolls_sideways
from tests.browser.test_passkeys import FAMILY, JESS, add_authenticator, api, demo_server
from tests.conftest import ENGINE, run_sync

__all__ = ["demo_server"]  # the live server over the demo, from the passkey tests

SAVED_AT = re.compile(
    r"You are offline\. This is the copy saved on this phone on \d{1,2} [A-Z][a-z]+ \d{4} at "
    r"(\d{1,2}(:\d\d)?[ap]m|midday|midnight)\."
)
KEPT = """async () => {
  const kept = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) kept.push(new URL(request.url).pathname);
  }
  return kept;
}"""
WORKERS = """async () => (await navigator.serviceWorker.getRegistrations()).length"""


def eventually(check: Callable[[], Any], what: str, seconds: float = 30, page=None) -> Any:
    """Wait for `check()` to be truthy. With `page`, waits through Playwright, so that events
    (a CDP session's, say) are delivered meanwhile."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        if page is not None:
            page.wait_for_timeout(100)
        else:
            time.sleep(0.1)


def phone(browser):
    page, errors = new_page(browser, phone=True)
    page.errors = errors
    return page


def sign_in_with_demo(page, server) -> None:
    page.goto(server.url + "/auth/demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in as Jess Hartley").click()
    assert page.url.endswith("/family")


def keep_page(page, server, path: str) -> None:
    """Open a page and wait until the service worker has kept it."""
    page.goto(server.url + path)
    eventually(lambda: path in page.evaluate(KEPT), f"{path} to be kept")


def register_passkey_then_sign_in(page, server, *, only_mine: bool) -> None:
    """The parent's real way in: an invitation, a passkey, then a sign-in that asks whose
    phone this is."""
    add_authenticator(page)
    page.auth_answers = []
    page.on(
        "response",
        lambda r: (
            page.auth_answers.append(f"{r.request.method} {r.url.split('/auth/')[-1]} {r.status}")
            if "/auth/" in r.url
            else None
        ),
    )
    with api(server, "priya") as priya:
        invitation = priya.post(
            f"/api/v1/families/{FAMILY}/invitations", json={"member": str(JESS)}
        ).json()
    page.goto(invitation["link"])
    page.fill("#code", invitation["code"])
    page.click("button[type=submit]")
    page.wait_for_url("**/auth/passkey/register")
    page.click("button[type=submit]")  # "Yes, only I use it" is the default
    signed_in(page)
    # Signing in again on the same phone (the cookies kept: a background request of the
    # service worker would otherwise get a new CSRF cookie under the page's feet).
    page.goto(server.url + "/auth/passkey/sign-in")
    assert page.is_visible("text=Is this phone only yours?")
    page.check("#only-mine" if only_mine else "#not-only-mine")
    page.click("button[type=submit]")
    signed_in(page)


def signed_in(page) -> None:
    """Wait for the passkey page to land on /family, or fail with what it said."""

    def landed_or_refused() -> bool:
        return page.url.endswith("/family") or page.is_visible("#passkey-error")

    eventually(landed_or_refused, "the passkey sign-in", seconds=60, page=page)
    if not page.url.endswith("/family"):
        statuses = ", ".join(getattr(page, "auth_answers", []))
        pytest.fail(f"passkey sign-in refused: {page.inner_text('#passkey-error')} ({statuses})")
    page.wait_for_load_state()


def test_the_offline_reload_shows_the_copy_saved_on_this_phone(demo_server, browser) -> None:
    page = phone(browser)
    sign_in_with_demo(page, demo_server)
    keep_page(page, demo_server, "/family/phone")
    assert page.errors.console == []
    assert not page.is_visible("text=You are offline")

    page.context.set_offline(True)
    page.reload()
    assert page.is_visible("h1:has-text('This phone')")
    assert SAVED_AT.search(page.inner_text("main"))
    page.context.set_offline(False)
    page.context.close()


def test_the_family_page_is_kept_for_offline_reading_too(demo_server, browser) -> None:
    page = phone(browser)
    sign_in_with_demo(page, demo_server)
    assert page.get_attribute("body", "data-offline") == "on"
    keep_page(page, demo_server, "/family")
    heading = page.inner_text("h1")
    page.context.set_offline(True)
    page.reload()
    assert page.inner_text("h1") == heading
    assert SAVED_AT.search(page.inner_text("main"))
    page.context.set_offline(False)
    page.context.close()


def test_a_shared_phone_keeps_nothing_and_forgets_what_was_kept(demo_server, browser) -> None:
    page = phone(browser)
    register_passkey_then_sign_in(page, demo_server, only_mine=True)
    keep_page(page, demo_server, "/family/phone")  # theirs alone: kept

    page.goto(demo_server.url + "/auth/passkey/sign-in")  # the next sign-in: not only mine
    page.check("#not-only-mine")
    page.click("button[type=submit]")
    signed_in(page)
    page.goto(demo_server.url + "/family/phone")

    assert page.get_attribute("body", "data-offline") == "off"
    assert page.is_visible("text=We do not send notifications to a phone other people use.")
    assert not page.is_visible("#push-controls")
    eventually(lambda: page.evaluate("async () => (await caches.keys()).length === 0"), "no caches")
    eventually(lambda: page.evaluate(WORKERS) == 0, "the service worker to be removed")
    page.goto(demo_server.url + "/family/phone")
    assert page.evaluate(KEPT) == []
    page.context.set_offline(True)
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
        page.reload()
    page.context.close()


def test_sign_out_clears_the_saved_copy(demo_server, browser) -> None:
    page = phone(browser)
    sign_in_with_demo(page, demo_server)
    keep_page(page, demo_server, "/family/phone")

    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()

    assert page.evaluate("async () => (await caches.keys()).length") == 0
    assert page.evaluate(WORKERS) == 0
    page.context.close()


def test_clear_this_phone_clears_the_saved_copy_and_signs_out(demo_server, browser) -> None:
    page = phone(browser)
    sign_in_with_demo(page, demo_server)
    keep_page(page, demo_server, "/family/phone")

    with page.expect_navigation():
        page.get_by_role("button", name="Clear this phone").click()

    assert page.evaluate("async () => (await caches.keys()).length") == 0
    assert page.evaluate(WORKERS) == 0
    page.goto(demo_server.url + "/family/phone")
    assert "/auth/" in page.url
    page.context.close()


def test_a_revoked_device_forgets_the_saved_copy(demo_server, browser) -> None:
    page = phone(browser)
    register_passkey_then_sign_in(page, demo_server, only_mine=True)
    keep_page(page, demo_server, "/family/phone")
    with api(demo_server, "priya") as priya:
        [device] = priya.get(f"/api/v1/families/{FAMILY}/devices").json()
        assert priya.delete(f"/api/v1/families/{FAMILY}/devices/{device['id']}").status_code == 204

    # The worker sees the page send it to sign in; the answer itself clears the site's
    # storage too (Clear-Site-Data), worker and all.
    page.goto(demo_server.url + "/family/phone")

    assert "/auth/" in page.url
    eventually(lambda: page.evaluate(KEPT) == [], "the saved copy to be forgotten")
    page.context.set_offline(True)
    try:
        page.goto(demo_server.url + "/family/phone")
    except Exception as error:  # no worker left to answer: the browser's own offline error
        assert "ERR_INTERNET_DISCONNECTED" in str(error), error
    else:
        assert page.is_visible("text=This page is not saved on this phone.")
    page.context.close()


def _check_ins(server, client_uuid: str) -> int:
    """Check-ins stored with that client uuid, read on a connection of the test's own (the
    server's engine belongs to the server's thread and event loop)."""
    query = "SELECT count(*) FROM progress_entry WHERE client_uuid = "
    if ENGINE == "sqlite":
        path = parse_database_url(server.database_url).sqlite_path
        with sqlite3.connect(path) as connection:
            return connection.execute(query + "?", (client_uuid,)).fetchone()[0]

    async def count() -> int:
        connection = await asyncpg.connect(server.database_url)
        try:
            return await connection.fetchval(query + "$1", uuid.UUID(client_uuid))
        finally:
            await connection.close()

    return run_sync(count())


def test_a_check_in_made_offline_is_sent_when_the_phone_is_back_online(
    demo_server, browser
) -> None:
    page = phone(browser)
    sign_in_with_demo(page, demo_server)
    keep_page(page, demo_server, "/family/phone")  # the worker now looks after /family
    page.goto(demo_server.url + "/family/goals")
    form = page.locator("form.cp-checkin").first
    client_uuid = form.locator("input[name=client_uuid]").input_value()
    form.locator("input[name=value][value='4'] + label").click()
    form.locator("textarea[name=note]").fill("Four days on time this week")

    page.context.set_offline(True)
    with page.expect_response(lambda r: r.url.endswith("/check-ins")) as posted:
        form.get_by_role("button", name=re.compile("Save check-in")).click()
    assert posted.value.status == 202  # kept on the phone by the service worker
    assert _check_ins(demo_server, client_uuid) == 0
    queued = page.evaluate(
        """() => new Promise(done => {
             const open = indexedDB.open("careplan-phone");
             open.onsuccess = () => {
               const all = open.result.transaction("outbox").objectStore("outbox").getAll();
               all.onsuccess = () => done(all.result.length);
             };
           })"""
    )
    assert queued == 1
    page.wait_for_selector("text=Your check-in is saved on this phone.")
    assert form.is_visible()  # the form stays as it was: nothing swapped into it

    page.context.set_offline(False)  # the page hears "online" and the worker sends it
    eventually(
        lambda: _check_ins(demo_server, client_uuid) == 1, "the check-in to reach the server"
    )
    page.wait_for_selector("text=has been sent")
    # Sent again by a second replay, it is still stored once (its client uuid).
    assert _check_ins(demo_server, client_uuid) == 1
    page.context.close()


def test_a_check_in_refused_when_sent_later_is_reported_plainly(demo_server, browser) -> None:
    page = phone(browser)
    sign_in_with_demo(page, demo_server)
    page.goto(demo_server.url + "/family/goals")
    eventually(lambda: "/family/goals" in page.evaluate(KEPT), "the goals page to be kept")
    eventually(
        lambda: page.evaluate("() => !!navigator.serviceWorker.controller"),
        "the worker to look after the page it did not serve",
    )
    form = page.locator("form.cp-checkin").first
    client_uuid = form.locator("input[name=client_uuid]").input_value()
    form.locator("input[name=value][value='4'] + label").click()
    page.context.set_offline(True)
    form.get_by_role("button", name=re.compile("Save check-in")).click()
    page.wait_for_selector("text=Your check-in is saved on this phone.")
    # While it waits, the value becomes one the server refuses (not a number).
    page.evaluate(
        """() => new Promise(done => {
             const open = indexedDB.open("careplan-phone");
             open.onsuccess = () => {
               const store = open.result.transaction("outbox", "readwrite").objectStore("outbox");
               const all = store.getAll();
               all.onsuccess = () => {
                 const entry = all.result[0];
                 entry.body = entry.body.replace(/value=4/, "value=lots");
                 store.put(entry).onsuccess = () => done(true);
               };
             };
           })"""
    )

    page.context.set_offline(False)

    page.wait_for_selector("text=could not be sent. Please record it again.")
    assert _check_ins(demo_server, client_uuid) == 0
    page.context.close()


def test_the_push_handler_shows_only_the_generic_notification(demo_server, browser) -> None:
    page = phone(browser)
    page.context.grant_permissions(["notifications"], origin=demo_server.url)
    sign_in_with_demo(page, demo_server)
    keep_page(page, demo_server, "/family/phone")
    cdp = page.context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    scope = demo_server.url + "/family"
    found = eventually(
        lambda: [r for r in registrations if r["scopeURL"] == scope and not r["isDeleted"]],
        "the service worker's registration",
        page=page,
    )
    # A push that carries personal words: the worker must show none of them.
    personal = '{"title": "Leo was found alone", "body": "Jess Hartley, 12 Acacia Road"}'
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": demo_server.url, "registrationId": found[0]["registrationId"], "data": personal},
    )
    shown = eventually(
        lambda: page.evaluate(
            """async () => (await (await navigator.serviceWorker.ready).getNotifications())
                 .map(n => ({title: n.title, body: n.body}))"""
        ),
        "a notification",
    )
    assert shown == [{"title": rules.NOTIFICATION_TITLE, "body": rules.NOTIFICATION_BODY}]
    page.context.close()


def test_this_phone_is_accessible_and_fits_a_320_pixel_screen(demo_server, browser) -> None:
    page, errors = new_page(browser, phone=True, viewport={"width": 320, "height": 640})
    sign_in_with_demo(page, demo_server)
    page.goto(demo_server.url + "/family/phone")
    page.wait_for_selector("#push-controls:not([hidden])")
    assert axe_violations(page) == []
    assert not scrolls_sideways(page)
    assert errors.console == []
    page.context.close()
