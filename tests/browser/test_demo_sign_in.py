"""The demo sign-in in a real browser: accessible, and usable with the keyboard alone."""

from __future__ import annotations

from tests.browser.conftest import axe_violations, run_sync_demo_load


def test_the_demo_page_has_no_accessibility_violations(live_server, page) -> None:
    run_sync_demo_load(live_server)
    page.goto(live_server.url + "/auth/demo")
    assert "Priya Raman" in page.content()
    assert axe_violations(page) == []
    assert page.errors.console == []


def test_signing_in_and_out_by_keyboard_alone(live_server, page) -> None:
    run_sync_demo_load(live_server)
    page.goto(live_server.url + "/auth/demo")
    page.get_by_role("button", name="Sign in as Priya Raman").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "You are signed in as Priya Raman." in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign out").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "You are signed in" not in page.content()
