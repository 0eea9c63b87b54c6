"""A plan closed while its editor is open, in Debian's Chromium (issue 13, item 7): the change
posted from the stale page is refused and the editor, swapped in place, says why and shows no
controls; nothing is written, and the page stays accessible."""

from __future__ import annotations

import re

import pytest

from careplan.demo.builder import demo_id
from tests.browser.conftest import axe_violations, new_page, run_sync_demo_load

PLAN = demo_id("hartley:plan:child_protection")
EPISODE = demo_id("hartley:episode:child_protection")


@pytest.fixture
def server(live_server):
    run_sync_demo_load(live_server)
    return live_server


def sign_in(page, server, name: str = "Priya Raman") -> None:
    page.goto(server.url + "/auth/demo")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Sign in as {name}").click()


def close_the_episode(page, server) -> None:
    """Another tab closes the episode through its own page, keeping every objective open: her
    manager's (a social worker's closure of child protection work waits for one)."""
    page.goto(f"{server.url}/workspace/episodes/{EPISODE}/close")
    page.check('input[name="outcome"][value="step_down"]')
    page.fill("#reason", "Things are better: family help from here.")
    for radio in page.locator('input[type="radio"][value="carry"]').all():
        radio.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    # What closing ends, to check before confirming.
    assert "Check before you close" in page.inner_text("h1")
    with page.expect_navigation():
        page.get_by_role("button", name="Close the episode").click()
    assert "This plan is closed" in page.inner_text("#plan-editor")


def test_a_change_from_an_editor_opened_before_the_close_shows_why_it_was_not_saved(
    server, browser
) -> None:
    editor, errors = new_page(browser)
    other, _ = new_page(browser)
    try:
        sign_in(editor, server)
        sign_in(other, server, "Helen Marsh")
        editor.goto(f"{server.url}/workspace/plans/{PLAN}")
        editor.wait_for_load_state("networkidle")
        editor.evaluate("() => { window.sameDocument = true; }")
        worry = editor.locator("#section-worry")
        worry.get_by_text("Add a worry statement").click()
        editor.fill("#new-worry-text", "We are worried that Mia misses breakfast.")

        close_the_episode(other, server)

        errors.console.clear()
        worry.get_by_role("button", name="Add the worry statement").click()
        banner = editor.locator("#plan-closed")
        banner.wait_for()
        text = banner.inner_text()
        assert "This plan is closed: its episode ended on" in text
        assert "Your change was not saved." in text
        assert editor.evaluate("() => window.sameDocument === true")  # swapped, not reloaded
        # Focus moves to the banner once htmx has settled the swap.
        editor.wait_for_function("() => document.activeElement?.id === 'plan-closed'")
        editor_html = editor.inner_html("#plan-editor")
        for control in ("Add a worry statement", "Add an objective", "Record progress"):
            assert control not in editor_html, control
        assert editor.locator(".editor-failed").count() == 0  # not the generic failure note
        assert editor.get_by_text("Mia misses breakfast").count() == 0
        assert axe_violations(editor) == []
        # The only complaint is the browser noting the 409 itself.
        assert all(re.search(r"\b409\b", message) for message in errors.console), errors.console
    finally:
        editor.context.close()
        other.context.close()
