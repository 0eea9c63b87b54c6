"""Issue 17, item 3, in Debian's Chromium: a manager approves a closure.

- Priya, the Novaks' social worker, closes their child protection episode from its plan: the
  check before closing says it needs a manager's approval, and her button asks for it; she
  is told it was sent to Helen Marsh, and the episode stays open.
- Helen's caseload links to her approvals with one waiting; the request's page shows what
  closing ends. Sending it back without a reason shows the error summary naming the field;
  "Approve and close" closes it.
- The Novaks' family page then says it closed, by Priya, approved by Helen.
- The pages pass axe-core, and the request's page has no sideways scroll at 320 px.

Screenshots go to $CAREPLAN_SCREENSHOTS (default: a temporary folder), for a person to look at.
"""

from __future__ import annotations

import datetime as dt

from careplan.demo.builder import demo_id
from tests.browser.conftest import axe_violations, new_page, shot, sign_in

FAMILY_PAGE = f"/workspace/families/{demo_id('family:novak')}"
EDITOR = f"/workspace/plans/{demo_id('novak:plan:cp')}"
CARRY = "Keep it open, to carry into the next episode"


def test_a_manager_approves_a_closure(demo_server, page, browser) -> None:
    base = demo_server.url
    today = dt.date.today()
    said_today = f"{today.day} {today:%B %Y}"

    # Priya asks to close the Novaks' child protection episode.
    sign_in(page, base, "Priya Raman")
    page.goto(base + EDITOR)
    with page.expect_navigation():
        page.get_by_role("link", name="Close this episode").click()
    page.get_by_label("No further action").check()
    page.fill("#reason", "The fracture was explained: a fall at nursery, seen by staff.")
    for choice in page.get_by_label(CARRY, exact=True).all():
        choice.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert "Closing this episode needs a manager's approval" in page.inner_text("#needs-approval")
    assert axe_violations(page) == []
    shot(page, "approvals-check")
    with page.expect_navigation():
        page.get_by_role("button", name="Ask for approval").click()
    assert page.inner_text(".govuk-panel__title") == "Sent to Helen Marsh for approval"
    assert axe_violations(page) == []
    shot(page, "approvals-sent")
    page.goto(base + FAMILY_PAGE)
    assert "Waiting for a manager's approval: Priya Raman asked" in page.inner_text("main")

    # Helen finds it from her caseload and decides it.
    helen, helen_errors = new_page(browser)
    try:
        sign_in(helen, base, "Helen Marsh")
        helen.goto(base + "/workspace")
        link = helen.locator("#approvals-link")
        assert "1 waiting" in link.inner_text()
        with helen.expect_navigation():
            link.click()
        assert helen.get_by_role("heading", level=1).inner_text() == "Approvals"
        assert axe_violations(helen) == []
        shot(helen, "approvals-queue")
        with helen.expect_navigation():
            helen.get_by_role("link", name="Decide the request to close the Novak family").click()
        assert helen.get_by_role("heading", level=1).inner_text() == (
            "Request to close the child protection episode"
        )
        assert "What closing ends" in helen.inner_text("main")
        assert axe_violations(helen) == []
        shot(helen, "approvals-request")

        # Send back without a reason: the error summary, focused, linking to the field.
        with helen.expect_navigation():
            helen.get_by_role("button", name="Send back").click()
        summary = helen.locator(".govuk-error-summary")
        summary.wait_for()
        assert helen.title().startswith("Error: ")
        assert axe_violations(helen) == []
        summary.get_by_role("link", name="Enter why you are sending it back").click()
        assert helen.evaluate("document.activeElement.id") == "reason"

        # At 320 px the request reads without sideways scrolling.
        helen.set_viewport_size({"width": 320, "height": 800})
        assert helen.evaluate("document.documentElement.scrollWidth") <= 320
        helen.set_viewport_size({"width": 1280, "height": 900})

        with helen.expect_navigation():
            helen.get_by_role("button", name="Approve and close").click()
        assert "the episode is closed" in helen.inner_text(".govuk-notification-banner")
        assert axe_violations(helen) == []
        with helen.expect_navigation():
            helen.get_by_role("link", name="Go to Novak family").click()
        story = helen.inner_text("main")
        assert f"(closed by Priya Raman on {said_today})" in story
        assert f"Approved by Helen Marsh on {said_today}" in story
        shot(helen, "approvals-closed")
        assert [e for e in helen_errors.console if "status of 422" not in e] == []
    finally:
        helen.context.close()

    # Priya's family page says the same.
    page.goto(base + FAMILY_PAGE)
    assert f"Approved by Helen Marsh on {said_today}" in page.inner_text("main")
    assert page.errors.console == []
