"""Issue 17, item 6, walked in Debian's Chromium: a key worker (Priya) adds a new baby to the
Hartleys from their family page, with the form's own errors first; the page then shows her."""

from __future__ import annotations

import datetime as dt

from careplan.demo.builder import demo_id
from tests.browser.conftest import axe_violations, scrolls_sideways, sign_in

FAMILY = demo_id("family:hartley")


def test_a_key_worker_adds_a_new_baby(demo_server, page) -> None:
    sign_in(page, demo_server.url, "Priya Raman")
    page.goto(f"{demo_server.url}/workspace/families/{FAMILY}")
    with page.expect_navigation():
        page.get_by_role("link", name="Add a family member").click()
    assert page.get_by_role("heading", name="Add a family member").is_visible()
    assert axe_violations(page) == []
    # Sent without a name: the error summary names the field and links to it.
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the family").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter their first name" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert axe_violations(page) == []
    born = dt.date.today() - dt.timedelta(days=5)
    page.get_by_label("First name").fill("Ivy")
    page.get_by_label("Last name").fill("Hartley")
    page.get_by_role("group", name="What is their place in the family?").get_by_label(
        "Child"
    ).check()
    page.get_by_label("Relationship (optional)").fill("Daughter")
    page.get_by_label("Day").fill(str(born.day))
    page.get_by_label("Month").fill(str(born.month))
    page.get_by_label("Year").fill(str(born.year))
    for question in (
        "Do they have parental responsibility?",
        "Must their address be kept confidential?",
        "Do they need an interpreter?",
    ):
        page.get_by_role("group", name=question).get_by_label("No").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the family").click()
    assert page.url.startswith(f"{demo_server.url}/workspace/families/{FAMILY}?member=added")
    assert "The family member was added." in page.inner_text("body")
    members = page.locator("#members + .govuk-summary-list, #members ~ dl").first
    assert "Ivy Hartley" in members.inner_text()
    assert f"Born {born.day}" in page.inner_text("body")
    assert axe_violations(page) == []
    assert not scrolls_sideways(page)
