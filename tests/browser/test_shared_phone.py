"""A phone more than one person uses, in Debian's Chromium at 390 x 844 (issue 13).

- Back after the session ended shows no plan: a shared phone's pages are `no-store`, so
  Chromium has no copy to restore (it used to show the parent's plan from its disk cache).
- A second person signing in on a browser gets none of the first person's pages offline:
  the first person's copy is wiped at once, and that browser keeps no offline copy again.
- The copy is wiped when its session ends without a sign-out (timed out, revoked).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import asyncpg
import pytest

from careplan.demo.builder import demo_id
from careplan.settings import parse_database_url
from tests.browser.conftest import CHROMIUM_ARGS, PHONE, _chromium
from tests.browser.test_family_offline import KEPT, WORKERS, eventually, keep_page, phone
from tests.browser.test_passkeys import FAMILY, JESS, api, demo_server
from tests.conftest import ENGINE, run_sync

__all__ = ["demo_server"]  # the live server over the demo, from the passkey tests

OSEI = demo_id("family:osei")


@pytest.fixture(scope="module")
def phone_browser(browser) -> Iterator[object]:
    """Chromium as a phone runs it: with its back/forward cache, which Playwright turns off by
    default (a page kept there is shown on Back without asking the server)."""
    chromium = browser.browser_type.launch(
        executable_path=_chromium(),
        args=CHROMIUM_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    yield chromium
    chromium.close()


def real_phone(phone_browser):
    context = phone_browser.new_context(**PHONE)
    return context.new_page()


def execute(server, sql: str) -> None:
    """Run one statement on the live server's database, on a connection of the test's own."""
    if ENGINE == "sqlite":
        path = parse_database_url(server.database_url).sqlite_path
        with sqlite3.connect(path) as connection:
            connection.execute(sql)
        return

    async def run() -> None:
        connection = await asyncpg.connect(server.database_url)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    run_sync(run())


def time_out_every_session(server) -> None:
    """As if each session had gone unused for longer than it may (idle for 0 seconds)."""
    execute(server, "UPDATE session SET idle_seconds = 0")


def sign_in_with_a_one_time_code(page, server, member) -> None:
    """A one-time code, as a key worker gives one for a phone that is not the parent's own:
    the session is a shared phone's."""
    with api(server, "priya") as priya:
        made = priya.post(f"/api/v1/families/{FAMILY}/one-time-codes", json={"member": str(member)})
        assert made.status_code == 201, made.text
    page.goto(server.url + "/auth/code")
    page.fill("#code", made.json()["code"])
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.url.endswith("/family"), page.url
    assert page.get_attribute("body", "data-offline") == "off"


def shows_a_plan(page) -> bool:
    text = page.inner_text("body")
    return "Your goals" in text or "Your plan" in text or "Jess" in text


def test_after_sign_out_on_a_shared_phone_back_shows_no_plan(demo_server, phone_browser) -> None:
    page = real_phone(phone_browser)
    sign_in_with_a_one_time_code(page, demo_server, JESS)
    page.goto(demo_server.url + "/family/goals")
    assert page.is_visible("h1:has-text('Your goals')")

    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    assert page.url == demo_server.url + "/"

    page.go_back(wait_until="commit")
    page.wait_for_timeout(500)  # a page restored from the back/forward cache fires no load
    assert "/auth/" in page.url, page.url
    assert not shows_a_plan(page), page.inner_text("body")[:500]
    page.context.close()


def test_after_a_shared_phone_session_timed_out_back_shows_no_plan(
    demo_server, phone_browser
) -> None:
    page = real_phone(phone_browser)
    sign_in_with_a_one_time_code(page, demo_server, JESS)
    page.goto(demo_server.url + "/family/goals")
    assert page.is_visible("h1:has-text('Your goals')")
    # Fifteen minutes without use on a shared phone: the session times out, no one signs out.
    time_out_every_session(demo_server)
    page.goto(demo_server.url + "/family/next")
    assert "/auth/" in page.url

    page.go_back(wait_until="commit")
    page.wait_for_timeout(500)  # a page restored from the back/forward cache fires no load
    assert "/auth/" in page.url, page.url
    assert not shows_a_plan(page), page.inner_text("body")[:500]
    page.context.close()


def test_after_a_professional_signs_out_back_shows_no_family(demo_server, phone_browser) -> None:
    context = phone_browser.new_context()  # an office computer more than one person uses
    page = context.new_page()
    page.goto(demo_server.url + "/auth/demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in as Priya Raman").click()
    page.goto(demo_server.url + f"/workspace/families/{OSEI}")
    assert page.is_visible("h1:has-text('Osei')")

    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    page.go_back(wait_until="commit")
    page.wait_for_timeout(500)
    assert "/auth/" in page.url, page.url
    assert "Osei" not in page.inner_text("body")
    context.close()


def sign_in_with_demo_as(page, server, name: str) -> None:
    page.goto(server.url + "/auth/demo")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Sign in as {name}").click()
    assert page.url.endswith("/family"), page.url
    page.wait_for_load_state()


def nothing_of_hers_offline(page, server, paths: list[str]) -> None:
    """Offline, none of the pages the first person kept opens from this phone."""
    page.context.set_offline(True)
    for path in paths:
        try:
            page.goto(server.url + path)
        except Exception as error:  # no worker any more: the browser's own offline error
            assert "ERR_INTERNET_DISCONNECTED" in str(error), error
            continue
        text = page.inner_text("body")
        assert "This page is not saved on this phone." in text, (path, text[:300])
        assert "Jess" not in text and "You are offline. This is the copy" not in text
    page.context.set_offline(False)


JESS_PAGES = ["/family", "/family/answer", "/family/goals"]


def keep_jess_pages(page, server) -> None:
    sign_in_with_demo_as(page, server, "Jess Hartley")
    assert page.get_attribute("body", "data-offline") == "on"
    for path in JESS_PAGES:
        keep_page(page, server, path)


def test_a_second_person_on_the_same_browser_gets_none_of_the_first_persons_pages_offline(
    demo_server, browser
) -> None:
    page = phone(browser)
    keep_jess_pages(page, demo_server)

    # Kieran signs in on Jess's browser (she did not sign out), saying it is his alone.
    sign_in_with_demo_as(page, demo_server, "Kieran Hartley")
    nothing_of_hers_offline(page, demo_server, JESS_PAGES)  # wiped as he signed in

    page.goto(demo_server.url + "/family/phone")
    assert page.evaluate(KEPT) == []
    assert page.get_attribute("body", "data-offline") == "off"  # not one person's phone now
    assert page.is_visible("text=someone else has signed in to Careplan on it")
    page.context.close()


def test_after_a_second_person_the_browser_keeps_no_copy_even_after_sign_out(
    demo_server, browser
) -> None:
    page = phone(browser)
    keep_jess_pages(page, demo_server)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()

    sign_in_with_demo_as(page, demo_server, "Kieran Hartley")
    assert page.get_attribute("body", "data-offline") == "off"
    page.goto(demo_server.url + "/family/goals")
    page.wait_for_timeout(500)
    assert page.evaluate(KEPT) == [] and page.evaluate(WORKERS) == 0
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()

    # Jess again: the browser is no longer hers alone either.
    sign_in_with_demo_as(page, demo_server, "Jess Hartley")
    assert page.get_attribute("body", "data-offline") == "off"
    page.context.close()


def test_the_worker_keeps_one_persons_copy_even_when_the_cookie_is_lost(
    demo_server, browser
) -> None:
    page = phone(browser)
    keep_jess_pages(page, demo_server)
    page.context.clear_cookies()  # the browser forgot who signed in: the worker has not

    sign_in_with_demo_as(page, demo_server, "Kieran Hartley")
    assert page.get_attribute("body", "data-offline") == "on"  # the server cannot tell
    eventually(lambda: page.evaluate(KEPT) == [], "Jess's copy to be wiped by the worker")
    keep_tried = "/family/next"
    page.goto(demo_server.url + keep_tried)
    page.wait_for_timeout(1000)
    assert page.evaluate(KEPT) == []  # and nothing of Kieran's is kept either

    nothing_of_hers_offline(page, demo_server, [*JESS_PAGES, keep_tried])
    page.context.close()


def test_a_copy_is_wiped_when_its_session_times_out(demo_server, browser) -> None:
    page = phone(browser)
    keep_jess_pages(page, demo_server)
    time_out_every_session(demo_server)

    page.goto(demo_server.url + "/family/goals")  # sent to sign in
    assert "/auth/" in page.url
    eventually(lambda: page.evaluate(KEPT) == [], "the copy to be wiped")
    nothing_of_hers_offline(page, demo_server, JESS_PAGES)
    page.context.close()
