"""The caseload and a family's page in Debian's Chromium: sign in as Priya with the demo
sign-in, find the Hartleys, open their story, invite a parent by keyboard alone.

Also takes the screenshots in docs/screenshots (1280 wide, full page).
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.browser.conftest import axe_violations, new_page, run_sync_demo_load, scrolls_sideways

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def sign_in_as_priya(page, server) -> None:
    page.goto(server.url + "/auth/demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in as Priya Raman").click()


def test_priya_finds_the_hartleys_and_their_whole_story(live_server, browser) -> None:
    run_sync_demo_load(live_server)
    page, errors = new_page(browser, viewport={"width": 1280, "height": 900})
    sign_in_as_priya(page, live_server)
    assert page.url == live_server.url + "/workspace"
    assert page.get_by_role("heading", name="Your caseload", level=1).is_visible()
    hartleys = page.get_by_role("link", name="Hartley family")
    assert hartleys.is_visible()
    assert axe_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "workspace-caseload.png"), full_page=True)

    with page.expect_navigation():
        hartleys.click()
    assert re.search(r"/workspace/families/[0-9a-f-]{36}$", page.url)
    svg = page.locator("svg.careplan-timeline__svg")
    assert svg.is_visible()
    assert svg.locator("line.careplan-timeline__thread").count() == 6
    assert svg.get_attribute("role") == "img"
    # The text equivalent is on the same page, after the drawing.
    assert page.get_by_role("heading", name="Objectives").is_visible()
    assert page.get_by_text("The course closed for lack of funding").is_visible()
    assert page.get_by_role("link", name=re.compile("Open the plan")).count() == 3
    assert axe_violations(page) == []
    page.screenshot(path=str(SCREENSHOTS / "workspace-family.png"), full_page=True)
    assert errors.console == []  # nothing refused by the CSP
    page.context.close()


def test_nothing_scrolls_sideways_at_320_pixels(live_server, browser) -> None:
    run_sync_demo_load(live_server)
    page, errors = new_page(browser, viewport={"width": 320, "height": 640})
    sign_in_as_priya(page, live_server)
    assert not scrolls_sideways(page)
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("link", name="Hartley family").click()
    assert not scrolls_sideways(page)
    assert axe_violations(page) == []
    assert errors.console == []
    page.context.close()


def test_inviting_a_parent_by_keyboard_alone(live_server, browser) -> None:
    run_sync_demo_load(live_server)
    page, errors = new_page(browser, viewport={"width": 1280, "height": 900})
    sign_in_as_priya(page, live_server)
    with page.expect_navigation():
        page.get_by_role("link", name="Hartley family").click()
    page.wait_for_load_state("networkidle")  # htmx loaded
    wanted = "Invite Jess Hartley to the family portal"
    for _ in range(300):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
        if re.sub(r"\s+", " ", focused) == wanted:
            break
    else:
        raise AssertionError("the invite button cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    code = page.locator("#invitation-code")
    code.wait_for()
    assert re.fullmatch(r"\d{6}", code.inner_text().strip())
    assert (
        page.locator("#invitation-link").inner_text().startswith(live_server.url + "/auth/invite/")
    )
    assert page.locator(".careplan-portal__qr svg.careplan-qr").is_visible()
    # HTMX swapped only the portal block: the page around it is the same page.
    assert page.locator("svg.careplan-timeline__svg").count() == 1
    assert page.locator("#portal-access").count() == 1
    assert axe_violations(page) == []
    assert errors.console == []
    page.context.close()


def test_inviting_a_parent_works_without_javascript(live_server, browser) -> None:
    run_sync_demo_load(live_server)
    page, _ = new_page(browser, java_script_enabled=False)
    sign_in_as_priya(page, live_server)
    with page.expect_navigation():
        page.get_by_role("link", name="Hartley family").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Make a one-time code for Kieran Hartley").click()
    assert re.fullmatch(r"[A-Z0-9]{5}-\d{6}", page.locator("#one-time-code").inner_text().strip())
    page.context.close()
