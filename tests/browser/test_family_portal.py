"""The family portal in Debian's Chromium on a phone (390 x 844): a parent signs in with the
demo sign-in, reads their plan, taps a term, records a check-in, answers and changes their
answer. Every family page passes axe-core, and at 320 px nothing scrolls sideways.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from careplan.demo.builder import demo_id
from tests.browser.conftest import axe_violations, run_sync_demo_load, scrolls_sideways

SCHOOL = demo_id("hartley:objective:school_cp")
FAMILY_PAGES = [
    "/family",
    "/family/goals",
    f"/family/goals/{SCHOOL}",
    "/family/answer",
    "/family/next",
    "/family/words",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def sign_in_as_jess(server, page) -> None:
    run_sync_demo_load(server)
    page.goto(server.url + "/auth/demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in as Jess Hartley").click()
    assert page.url == server.url + "/family"


@pytest.fixture
def jess(live_server, phone_page):
    sign_in_as_jess(live_server, phone_page)
    return phone_page


def test_a_parent_signs_in_and_reads_their_plan(live_server, jess) -> None:
    page = jess
    assert page.get_by_role("heading", name="Your plan", level=1).is_visible()
    for part in ("What people are worried about", "What is going well", "What needs to happen"):
        assert page.get_by_role("heading", name=part).is_visible()
    assert page.locator(".cp-item__text", has_text="Jess and Kieran love Leo and Mia").is_visible()
    assert "Police hold information" not in page.content()
    assert page.locator(".govuk-exit-this-page__button").get_attribute("href") == (
        "https://www.bbc.co.uk/weather"
    )
    # The phone can speak: "Listen" is offered for each part.
    assert page.get_by_role("button", name="Listen to what is going well").is_visible()
    assert axe_violations(page) == []
    assert page.errors.console == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "family-plan.png"), full_page=True, scale="css")


def test_a_term_is_tapped_for_its_plain_meaning(live_server, jess) -> None:
    page = jess
    page.goto(live_server.url + "/family/next")
    term = page.locator("details.cp-term").first
    explanation = term.locator(".cp-term__explain")
    assert not explanation.is_visible()
    term.locator("summary").tap()
    assert explanation.is_visible()
    assert "A small meeting of the family and a few workers" in explanation.inner_text()
    # And by keyboard: Enter on the focused term closes it again.
    term.locator("summary").focus()
    page.keyboard.press("Enter")
    assert not explanation.is_visible()


def test_a_check_in_in_two_taps(live_server, jess) -> None:
    page = jess
    page.goto(live_server.url + "/family/goals")
    goal = page.locator(f"#goal-{SCHOOL}")
    goal.get_by_label("4", exact=True).tap()
    goal.get_by_role("button", name="Save check-in").tap()
    saved = page.locator(f"#goal-{SCHOOL}").get_by_text("Thank you. Your check-in is saved.")
    saved.wait_for()
    assert page.url == live_server.url + "/family/goals"  # swapped in place by HTMX
    assert page.locator(f"#goal-{SCHOOL} .cp-mine li").first.inner_text().endswith(": 4")
    assert axe_violations(page) == []
    assert page.errors.console == []
    page.goto(live_server.url + "/family/goals")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "family-goals.png"), full_page=True, scale="css")


def test_agree_with_comments_then_change_the_answer(live_server, jess) -> None:
    page = jess
    page.goto(live_server.url + "/family/answer")
    assert page.get_by_text("It is safe to say you do not agree").is_visible()
    page.get_by_label("I agree, but I want to say something").check()
    page.get_by_label("In your own words").fill("Mostly right. Please can meetings be after 10.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my new answer").click()
    assert page.get_by_role("heading", name="Thank you").is_visible()
    assert page.get_by_text("Mostly right. Please can meetings be after 10.").is_visible()

    page.get_by_label("I do not agree").check()
    page.get_by_label("In your own words").fill("I have thought again. The food plan is not fair.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my new answer").click()
    assert page.get_by_text("I have thought again. The food plan is not fair.").is_visible()
    page.get_by_text("Your earlier answers", exact=True).click()
    assert page.get_by_text("Mostly right. Please can meetings be after 10.").is_visible()
    assert axe_violations(page) == []


def test_an_answer_with_a_problem_shows_the_error_summary(live_server, jess) -> None:
    page = jess
    page.goto(live_server.url + "/family/answer")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my new answer").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    summary.get_by_role("link", name="Choose if you agree").click()
    assert page.evaluate("document.activeElement.id") == "answer-agree"
    # Scrolled down, GOV.UK's "Exit this page" button sticks to the top of the screen on
    # purpose (it must always be one tap away) and axe counts whatever passes under it as
    # covered: check the page itself from the top.
    page.evaluate("window.scrollTo(0, 0)")
    assert axe_violations(page) == []


def test_every_family_page_passes_axe_and_fits_320_px(live_server, jess) -> None:
    page = jess
    for path in FAMILY_PAGES:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
        page.set_viewport_size({"width": 320, "height": 640})
        assert not scrolls_sideways(page), path
    assert page.errors.console == []


def test_at_200_percent_text_nothing_scrolls_sideways(live_server, jess) -> None:
    page = jess
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    for path in FAMILY_PAGES:
        page.goto(live_server.url + path)
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
        assert size >= 50, path  # the text really is twice its size
        assert not scrolls_sideways(page), path


def test_listen_is_hidden_where_the_phone_cannot_speak(live_server, browser) -> None:
    from tests.browser.conftest import new_page

    page, errors = new_page(browser, phone=True)
    try:
        page.context.add_init_script("delete window.speechSynthesis;")
        sign_in_as_jess(live_server, page)
        assert page.locator(".cp-listen").count() == 3
        assert not page.locator(".cp-listen").first.is_visible()
        assert errors.console == []
    finally:
        page.context.close()
