"""Issue 17, item 5, in Debian's Chromium: the key worker (Priya) takes Tom Fletcher off the
Hartleys' team from the family page while Tom has the plan open in his own browser.

- The family page offers "Remove from team" beside Tom; it leads to a GOV.UK confirmation.
- Confirming without a reason shows the error summary, which takes focus and links to the
  field; with a reason, the family page says Tom has left and no longer lists him.
- Tom's open editor says its live updates have stopped; his next visit to the family's page
  is "Page not found".
- The pages pass axe-core.

Screenshots go to $CAREPLAN_SCREENSHOTS (default: a temporary folder), for a person to look at.
"""

from __future__ import annotations

from careplan.demo.builder import demo_id
from tests.browser.conftest import axe_violations, new_page, shot, sign_in

FAMILY = demo_id("family:hartley")
PLAN = demo_id("hartley:plan:child_protection")
FAMILY_PAGE = f"/workspace/families/{FAMILY}"
EDITOR = f"/workspace/plans/{PLAN}"


def test_a_key_worker_removes_a_team_member_whose_access_ends_at_once(
    demo_server, page, browser
) -> None:
    base = demo_server.url

    # Tom has the plan open, its live updates running.
    tom, tom_errors = new_page(browser)
    try:
        sign_in(tom, base, "Tom Fletcher")
        tom.goto(base + EDITOR)
        tom.wait_for_selector("#plan-live[data-live-ready='1']", state="attached", timeout=5000)

        sign_in(page, base, "Priya Raman")
        page.goto(base + FAMILY_PAGE)
        team = page.locator("#team + dl")
        assert team.locator("dt", has_text="Tom Fletcher").count() == 1
        assert axe_violations(page) == []
        shot(page, "team-family-page")
        with page.expect_navigation():
            page.get_by_role("link", name="Remove Tom Fletcher from team").click()
        assert page.get_by_role("heading", level=1).inner_text() == (
            "Remove Tom Fletcher from the team"
        )
        assert "will no longer be able to see this family" in page.inner_text("main")
        assert axe_violations(page) == []

        # No reason: the error summary, focused, linking to the field.
        with page.expect_navigation():
            page.get_by_role("button", name="Remove from team").click()
        summary = page.locator(".govuk-error-summary")
        summary.wait_for()
        assert "Enter why they are leaving the team" in summary.inner_text()
        assert page.title().startswith("Error: ")
        assert axe_violations(page) == []
        shot(page, "team-remove-error")
        summary.get_by_role("link", name="Enter why they are leaving the team").click()
        assert page.evaluate("document.activeElement.id") == "reason"

        page.fill("#reason", "Early help has stepped back: the family support work has ended.")
        with page.expect_navigation():
            page.get_by_role("button", name="Remove from team").click()
        assert "Tom Fletcher has left the team." in page.inner_text(".govuk-notification-banner")
        assert page.locator("#team + dl dt", has_text="Tom Fletcher").count() == 0
        assert axe_violations(page) == []
        shot(page, "team-removed")

        # Tom's open editor is told at once; his next visit is "Page not found".
        tom.wait_for_selector("#plan-live[data-live-ready='ended']", state="attached", timeout=5000)
        response = tom.goto(base + FAMILY_PAGE)
        assert response is not None and response.status == 404
        assert "Page not found" in tom.inner_text("h1")
        # Nothing went wrong but the answers meant: the refused form (422), Tom's 404.
        assert [e for e in page.errors.console if "status of 422" not in e] == []
        assert [e for e in tom_errors.console if "status of 404" not in e] == []
    finally:
        tom.context.close()
