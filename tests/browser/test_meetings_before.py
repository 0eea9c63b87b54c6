"""Arranging a review conference in Debian's Chromium, at 320 px, checked by axe-core: from
the family page's "Arrange a meeting", with a mistake named first, then the meeting's page,
the meeting listed on the family page and on the version it discusses."""

from __future__ import annotations

import datetime as dt

import pytest

from careplan.demo.builder import demo_id
from tests.browser.conftest import axe_violations, new_page, scrolls_sideways, shot, sign_in

pytestmark = pytest.mark.browser

HARTLEY = demo_id("family:hartley")
PLAN = demo_id("hartley:plan:child_protection")
JESS = demo_id("hartley:member:jess")
GRACE = demo_id("person:grace")


def checked(page, errors, what: str) -> None:
    assert not scrolls_sideways(page), what
    assert axe_violations(page) == [], what
    refused = "Failed to load resource: the server responded with a status of 4"
    assert [e for e in errors.console if not e.startswith(refused)] == [], (what, errors.console)
    errors.console.clear()


def test_a_review_conference_is_arranged_from_the_family_page(demo_server, browser) -> None:
    page, errors = new_page(browser, viewport={"width": 320, "height": 800})
    sign_in(page, demo_server.url, "Priya Raman")
    page.goto(f"{demo_server.url}/workspace/families/{HARTLEY}")
    checked(page, errors, "family page")
    with page.expect_navigation():
        page.get_by_role("button", name="Arrange a meeting").click()
    assert page.inner_text("h1") == "Arrange a meeting"
    checked(page, errors, "arrange form")
    # Sent empty: the mistakes are named, and the summary takes the focus.
    with page.expect_navigation():
        page.get_by_role("button", name="Arrange the meeting").click()
    page.get_by_text("There is a problem").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    checked(page, errors, "arrange form, errors")
    shot(page, "meeting-arrange-errors-320")

    day = dt.date.today() + dt.timedelta(days=21)
    page.get_by_label("Review child protection conference").check()
    page.fill("#starts", str(day.day))
    page.fill("#starts-month", str(day.month))
    page.fill("#starts-year", str(day.year))
    page.fill("#time", "14:30")
    page.fill("#location", "Northmere Civic Centre, Room 4")
    page.select_option("#chair", label="Robert Ellis, Independent chair")
    page.check(f"#invite-{GRACE}")
    page.fill(f"#role-{GRACE}", "Health visitor")
    page.check(f"#invite-{JESS}")
    page.fill(f"#interpreter-{JESS}", "Polish")
    page.check("#version-2")
    checked(page, errors, "arrange form, filled")
    shot(page, "meeting-arrange-320")
    with page.expect_navigation():
        page.get_by_role("button", name="Arrange the meeting").click()
    assert "The meeting is arranged." in page.inner_text("main")
    assert "Review child protection conference" in page.inner_text("h1")
    assert "needs a Polish interpreter" in page.inner_text("#main-content")
    checked(page, errors, "the meeting")
    shot(page, "meeting-320")
    meeting_path = page.url.split(demo_server.url, 1)[1].split("?")[0]

    page.goto(f"{demo_server.url}/workspace/families/{HARTLEY}")
    assert page.locator(f'#meetings-coming a[href="{meeting_path}"]').count() == 1
    page.goto(f"{demo_server.url}/workspace/plans/{PLAN}/versions/2")
    assert page.locator(f'#meetings-coming a[href="{meeting_path}"]').count() == 1
    checked(page, errors, "version 2 with its meetings")
    page.context.close()
