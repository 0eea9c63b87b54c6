"""The plan editor in Debian's Chromium: a key worker's day, a conflict between two editors,
the keyboard alone, a 320 px screen, and axe-core on every page of the editor."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careplan.demo.builder import demo_id
from tests.browser.conftest import (
    axe_violations,
    new_page,
    run_sync_demo_load,
    scrolls_sideways,
    show_part,
)

PLAN = demo_id("hartley:plan:child_protection")
FAMILY = demo_id("family:hartley")
EPISODE = demo_id("hartley:episode:child_protection")
LOVE = demo_id("hartley:item:love")
JESS = demo_id("hartley:member:jess")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def sign_in(page, server, who: str = "Priya Raman") -> None:
    page.goto(server.url + "/auth/demo")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Sign in as {who}").click()


def open_editor(page, server) -> None:
    page.goto(f"{server.url}/workspace/plans/{PLAN}")
    page.wait_for_load_state("networkidle")
    # A marker that a full page load would wipe: HTMX swaps keep it.
    page.evaluate("() => { window.sameDocument = true; }")


def still_same_document(page) -> bool:
    return page.evaluate("() => window.sameDocument === true")


@pytest.fixture
def server(live_server):
    run_sync_demo_load(live_server)
    return live_server


def test_a_key_worker_adds_a_worry_and_an_objective_edits_a_strength_and_shares_a_version(
    server, page
) -> None:
    sign_in(page, server)
    open_editor(page, server)
    page.errors.console.clear()
    assert axe_violations(page) == []

    # A worry, in place.
    worry = page.locator("#section-worry")
    worry.get_by_text("Add a worry statement").click()
    page.fill("#new-worry-text", "We are worried that Mia misses breakfast before nursery.")
    page.fill("#new-worry-who_is_worried", "Grace")
    worry.get_by_role("button", name="Add the worry statement").click()
    page.locator("#section-worry li", has_text="Mia misses breakfast").wait_for()
    assert still_same_document(page)

    # An objective with its measure, in the part of the plan that says what needs to happen.
    show_part(page, "What needs to happen")
    objectives = page.locator("#section-objectives")
    objectives.get_by_text("Add an objective").click()
    page.fill("#new-objective-title", "Mia has breakfast every morning")
    page.select_option("#new-objective-measure_kind", "count")
    page.fill("#new-objective-unit", "mornings out of 7")
    page.fill("#new-objective-baseline", "3")
    page.fill("#new-objective-target", "7")
    page.select_option("#new-objective-owner", f"member:{JESS}")
    objectives.get_by_role("button", name="Add the objective").click()
    page.locator("#section-objectives li", has_text="Mia has breakfast every morning").wait_for()
    assert "From 3 to 7" in page.inner_text("#section-objectives")

    # A strength, edited in place.
    show_part(page, "What is working well")
    item = page.locator(f"#item-{LOVE}")
    item.get_by_role("link", name=re.compile("^Edit")).click()
    page.locator(f"#{LOVE}-text").fill("Jess and Kieran love Leo and Mia, and show it every day.")
    page.locator(f"#item-{LOVE}").get_by_role("button", name=re.compile("^Save")).click()
    page.locator(f"#item-{LOVE}", has_text="show it every day").wait_for()
    assert page.get_attribute(f"#item-{LOVE}", "data-revision") == "2"
    assert still_same_document(page)
    assert axe_violations(page) == []
    assert page.errors.console == []
    page.set_viewport_size({"width": 1280, "height": 900})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "workspace-editor.png"), full_page=True)

    # A version, taken and shared.
    page.get_by_role("link", name=re.compile("^Versions and the family")).click()
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []
    page.fill("#take-label", "Ready for the meeting")
    page.get_by_role("button", name="Take a version").click()
    page.get_by_text("Version 3 was taken").wait_for()
    page.get_by_role("link", name="Open version 3").click()
    page.wait_for_load_state("networkidle")
    assert "Ready for the meeting" in page.inner_text("h1")
    assert axe_violations(page) == []
    # Sharing starts with a check of who reads it and what each will read (issue 14).
    page.get_by_role("button", name="Check and share version 3 with the family").click()
    page.wait_for_load_state("networkidle")
    assert "Check before you share version 3" in page.inner_text("h1")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Share version 3 with the family", exact=True).click()
    page.get_by_text("is shared with the family").first.wait_for()
    assert axe_violations(page) == []
    assert page.errors.console == []


def test_a_stale_edit_in_a_second_browser_gets_the_conflict_view(server, browser) -> None:
    first, first_errors = new_page(browser)
    second, _ = new_page(browser)
    try:
        for page in (first, second):
            sign_in(page, server)
            open_editor(page, server)
            show_part(page, "What is working well")
            page.locator(f"#item-{LOVE}").get_by_role("link", name=re.compile("^Edit")).click()
            page.locator(f"#{LOVE}-text").wait_for()
        second.locator(f"#{LOVE}-text").fill("Second editor's words.")
        second.locator(f"#item-{LOVE}").get_by_role("button", name=re.compile("^Save")).click()
        second.locator(f"#item-{LOVE}", has_text="Second editor's words.").wait_for()

        first_errors.console.clear()
        first.locator(f"#{LOVE}-text").fill("First editor's words.")
        first.locator(f"#item-{LOVE}").get_by_role("button", name=re.compile("^Save")).click()
        first.get_by_text("Your version").wait_for()
        merge = first.inner_text(f"#item-{LOVE}")
        assert "First editor's words." in merge and "Second editor's words." in merge
        assert "Their version, saved by Priya Raman" in merge
        assert axe_violations(first) == []
        # Nothing was overwritten; keeping mine saves it over theirs on purpose.
        first.get_by_role("button", name="Keep mine").click()
        first.locator(
            f"#item-{LOVE}.editor-item--show", has_text="First editor's words."
        ).wait_for()
        assert first_errors.console == []
    finally:
        first.context.close()
        second.context.close()


def test_the_editor_works_by_keyboard_alone(server, page) -> None:
    sign_in(page, server)
    open_editor(page, server)
    # The parts of the plan are tabs: the arrow keys move between them.
    page.get_by_role("tab", name="Worries").focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.textContent").strip() == (
        "What is working well"
    )
    strengths = page.locator("#section-strength")
    assert strengths.is_visible()
    strengths.locator("summary", has_text="Add a strength").focus()
    page.keyboard.press("Enter")  # opens the add form
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "new-strength-text"
    page.keyboard.type("Nan comes every Sunday.")
    page.keyboard.press("Tab")  # who can see it
    page.keyboard.press("Tab")  # the Add button
    page.keyboard.press("Enter")
    new_item = page.locator("#section-strength li", has_text="Nan comes every Sunday.")
    new_item.wait_for()
    # Focus follows the change: the new item, then its Edit link.
    page.wait_for_function("() => document.activeElement.id.startsWith('item-')")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent").startswith("Edit")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.tagName === 'TEXTAREA'")
    page.keyboard.press("End")
    page.keyboard.type(" And on Wednesdays.")
    page.keyboard.press("Tab")  # who can see it
    page.keyboard.press("Tab")  # Save
    page.keyboard.press("Space")
    page.locator("#section-strength li.editor-item--show", has_text="And on Wednesdays.").wait_for()
    assert page.errors.console == []


def test_every_editor_page_fits_320_pixels_and_has_no_axe_violations(server, browser) -> None:
    page, errors = new_page(browser, viewport={"width": 320, "height": 640})
    try:
        sign_in(page, server)
        pages = [
            f"/workspace/plans/{PLAN}",
            f"/workspace/items/{LOVE}/edit",
            f"/workspace/items/{LOVE}/remove",
            f"/workspace/plans/{PLAN}/versions",
            f"/workspace/plans/{PLAN}/versions/2",
            f"/workspace/plans/{PLAN}/diff?from=1&to=2",
            f"/workspace/families/{FAMILY}/episodes/new",
            f"/workspace/episodes/{EPISODE}/close",
        ]
        for path in pages:
            errors.console.clear()
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle")
            assert not scrolls_sideways(page), path
            assert axe_violations(page) == [], path
            assert errors.console == [], (path, errors.console)
        # An error summary and a merge view are pages too (without script).
        page.goto(f"{server.url}/workspace/families/{FAMILY}/episodes/new")
        page.get_by_role("button", name="Open the episode").click()
        page.get_by_text("There is a problem").wait_for()
        assert axe_violations(page) == []
        assert not scrolls_sideways(page)
    finally:
        page.context.close()
