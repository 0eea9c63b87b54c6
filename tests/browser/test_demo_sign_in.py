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
    # A professional lands on their caseload, their name in the header.
    assert page.url == live_server.url + "/workspace"
    assert "Priya Raman" in page.locator("header").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign out").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + "/"
    assert "Priya Raman" not in page.locator("header").inner_text()


def test_a_person_sees_where_they_are_signed_in_and_signs_out_by_keyboard(
    live_server, page
) -> None:
    run_sync_demo_load(live_server)
    page.goto(live_server.url + "/auth/demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in as Priya Raman").click()
    page.goto(live_server.url + "/auth/sessions")
    assert "(this device)" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign out this device").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + "/"
    page.goto(live_server.url + "/auth/sessions")
    assert page.url.startswith(live_server.url + "/auth/sign-in")
