"""Issue 18, items 2 and 11, walked in Debian's Chromium on a 320 px phone: Jess reads her
family's coming core group from "What happens next", asks for an interpreter and sends her
scale, with the keyboard alone, and axe finds nothing wrong on any page she sees."""

from __future__ import annotations

import pytest

from careplan.demo.builder import demo_id
from tests.browser.conftest import axe_violations, new_page, scrolls_sideways, shot, sign_in

CORE_GROUP = demo_id("hartley:meeting:core_group")
SMALL_PHONE = {"width": 320, "height": 640}


@pytest.fixture
def small_phone(browser):
    page, errors = new_page(browser, phone=True, viewport=SMALL_PHONE)
    page.errors = errors
    yield page
    page.context.close()


def check(page, name: str) -> None:
    assert axe_violations(page) == [], name
    assert not scrolls_sideways(page), name
    shot(page, f"family-meeting-{name}")


def test_jess_reads_the_meeting_asks_for_an_interpreter_and_sends_her_scale(
    demo_server, small_phone
) -> None:
    page = small_phone
    sign_in(page, demo_server.url, "Jess Hartley")
    page.goto(f"{demo_server.url}/family/next")
    page.get_by_role("link", name="Meetings: all your family's meetings").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check(page, "list")
    page.locator(f'a[href="/family/meetings/{CORE_GROUP}"]').first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Core group meeting").is_visible()
    body = page.inner_text("body")
    assert "Northmere Family Centre, Room 2" in body and "What this meeting is for" in body
    check(page, "page")

    # An interpreter: the language typed, sent with Enter; the block says it was sent.
    page.get_by_label("Which language do you want to use?").focus()
    page.keyboard.type("Polish")
    page.keyboard.press("Enter")
    page.get_by_text("We have told your social worker.").wait_for()
    assert "an interpreter who speaks Polish" in page.locator("#interpreter").inner_text()
    check(page, "interpreter")

    # Her scale: sent without a reason first, the error summary names the field.
    page.locator("#score-6").focus()
    page.keyboard.press("Space")
    assert page.locator("#score-6").is_checked()
    page.get_by_role("button", name="Send my number").focus()
    page.keyboard.press("Enter")
    summary = page.locator("#scale .govuk-error-summary")
    summary.wait_for()
    assert "Say why you chose this number" in summary.inner_text()
    check(page, "scale-error")
    page.get_by_label("Why did you choose this number?").focus()
    page.keyboard.type("Leo is at school on time most days now.")
    page.get_by_role("button", name="Send my number").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Your number is saved.").wait_for()
    assert page.locator("#score-6").is_checked()
    check(page, "scale-saved")
    assert page.errors.console == []

    # Read again from the server: what she sent is what the page shows.
    page.reload()
    assert page.locator("#score-6").is_checked()
    assert "Leo is at school on time most days now." in page.locator("#scale-reason").input_value()
