"""Issue 17 item 8's pages in Debian's Chromium, at 320 px and at desktop width, checked by
axe-core: a local authority's rules (clocks, kinds of episode, bank holidays, disagreement
stages, who may do what, which closures need a manager's approval) and a professional's
roles, as its administrator sees them, with an error summary."""

from __future__ import annotations

import os

from careplan.demo.builder import demo_id
from tests.browser.conftest import axe_violations, new_page, run_sync_demo_load, scrolls_sideways

RULES = "/workspace/admin/rules"
PAGES = (
    RULES,
    f"{RULES}/clocks/{demo_id('clock:initial_conference')}",
    f"{RULES}/episode-kinds/new",
    f"{RULES}/episode-kinds/{demo_id('kind:early_help')}/deactivate",
    f"{RULES}/bank-holidays",
    f"{RULES}/disagreement-stages",
    f"{RULES}/authority",
    f"{RULES}/authority/episode.close/child_protection",
    f"{RULES}/approvals/episode.close/child_protection",
    f"/workspace/admin/professionals/{demo_id('person:nadia')}",
    f"/workspace/admin/professionals/{demo_id('person:nadia')}/roles/"
    f"{demo_id('role:nadia:practitioner')}/revoke",
)
SHOTS = os.environ.get("SCREENSHOTS_TO")  # a folder, to look at the pages


def checked(page, errors, what: str) -> None:
    assert not scrolls_sideways(page), what
    assert axe_violations(page) == [], what
    refused = "Failed to load resource: the server responded with a status of 4"
    assert [e for e in errors.console if not e.startswith(refused)] == [], (what, errors.console)
    errors.console.clear()


def test_the_local_rules_pages_work_at_320_pixels_and_pass_axe(live_server, browser) -> None:
    run_sync_demo_load(live_server)
    for width in (320, 1280):
        page, errors = new_page(browser, viewport={"width": width, "height": 800})
        page.goto(live_server.url + "/auth/demo")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in as Sam Adeyemi").click()
        for index, path in enumerate(PAGES):
            page.goto(live_server.url + path)
            checked(page, errors, f"{path} {width}")
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/rules-{width}-{index}.png", full_page=True)
        page.goto(f"{live_server.url}{RULES}/clocks/{demo_id('clock:initial_conference')}")
        page.fill("#length", "450")
        with page.expect_navigation():
            page.get_by_role("button", name="Save the clock").click()
        assert "The number of working days must be between 1 and 130" in page.inner_text(
            ".govuk-error-summary"
        )
        checked(page, errors, f"a clock's error {width}")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/rules-{width}-error.png", full_page=True)
        page.context.close()
