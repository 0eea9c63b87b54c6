"""Issue 18, after the meeting, in Debian's Chromium: the chair's record.

- Robert Ellis, the independent chair of the Hartleys' review conference, finds the overdue
  letter on his caseload and opens the record from it: attendance, each agency's view with
  the police dissent, the decision and the fingerprints.
- He sends the outcome letter and the record, then adds a correction beside the record.
- The record's PDF answers from the page's link.
- The page passes axe-core, and has no sideways scroll at 320 px.
"""

from __future__ import annotations

from careplan.demo.builder import demo_id
from tests.browser.conftest import axe_violations, new_page, scrolls_sideways, shot, sign_in

RECORD = f"/workspace/meetings/{demo_id('hartley:meeting:review')}/record"


def test_the_chair_sends_the_record_and_corrects_it(demo_server, page, browser) -> None:
    base = demo_server.url
    sign_in(page, base, "Robert Ellis")
    page.goto(base + "/workspace")
    assert "Letters and records to send" in page.inner_text("main")
    with page.expect_navigation():
        page.locator(f'a[href="{RECORD}"]').first.click()
    main = page.inner_text("main")
    assert "The chair's record" in main
    assert "Dissents" in main and "visitor to the home" in main
    assert "neglect" in main
    assert axe_violations(page) == []
    shot(page, "record-before-sending")

    pdf = page.request.get(
        base + page.get_by_role("link", name="Download the record (PDF)").get_attribute("href")
    )
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"

    # The demo may hold the letter sent already (its record still due).
    if page.get_by_role("button", name="Send the outcome letter").count():
        with page.expect_navigation():
            page.get_by_role("button", name="Send the outcome letter").click()
        assert "You sent the outcome letter." in page.inner_text("main")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the record").click()
    assert "You sent the record." in page.inner_text("main")

    with page.expect_navigation():
        page.get_by_role("button", name="Add a correction").click()
    assert "Enter the correction" in page.inner_text(".govuk-error-summary")
    assert axe_violations(page) == []
    page.fill("#text", "The school's lead is Daniel Okafor, its designated safeguarding lead.")
    with page.expect_navigation():
        page.get_by_role("button", name="Add a correction").click()
    assert "Your correction was added beside the record." in page.inner_text("main")
    assert "designated safeguarding lead" in page.inner_text("#corrections ~ *")
    assert axe_violations(page) == []
    shot(page, "record-corrected")

    # At 320 px: nothing scrolls sideways, the fingerprints wrap.
    narrow, errors = new_page(browser, viewport={"width": 320, "height": 800})
    try:
        sign_in(narrow, base, "Robert Ellis")
        narrow.goto(base + RECORD)
        assert not scrolls_sideways(narrow)
        assert axe_violations(narrow) == []
        shot(narrow, "record-320")
        assert errors.console == []
    finally:
        narrow.context.close()
