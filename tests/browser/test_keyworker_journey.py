"""Issue 14, items 2 to 6, walked in Debian's Chromium: a key worker (Priya) in her editor and
Jess Hartley on her phone, in two browser contexts on one live server.

- The audience picker: her own agency is ticked and fixed; the summary follows the choice.
- Plain words: one click keeps the sentence grammatical; a term no words fit is rewritten.
- Jess disagrees on her phone: the banner comes up in Priya's open editor, she marks it seen.
- Jess checks in on her phone: the goal in Priya's open editor shows it, without a reload.
- Sharing: the check page shows who reads it and each member's view; then it is shared.

Screenshots go to $CAREPLAN_SCREENSHOTS (default: a temporary folder), for a person to look at.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from careplan.demo.builder import demo_id
from tests.browser.conftest import (
    axe_violations,
    new_page,
    run_sync_demo_load,
    scrolls_sideways,
    show_part,
)

PLAN = demo_id("hartley:plan:child_protection")
EDITOR = f"/workspace/plans/{PLAN}"
SCHOOL = demo_id("hartley:objective:school_cp")
SHOTS = Path(os.environ.get("CAREPLAN_SCREENSHOTS") or tempfile.gettempdir()) / "careplan-shots"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    # caret="initial": hiding the caret would add an inline style, which the CSP refuses.
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True, caret="initial")


def sign_in(page, base_url: str, name: str) -> None:
    page.goto(base_url + "/auth/demo")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Sign in as {name}").click()


def open_editor(page, base_url: str) -> None:
    page.goto(base_url + EDITOR)
    page.wait_for_selector("#plan-live[data-live-ready='1']", state="attached", timeout=5000)
    page.evaluate("window.notReloaded = true")


def test_the_audience_picker_keeps_the_author_and_its_summary_follows(live_server, page) -> None:
    run_sync_demo_load(live_server)
    sign_in(page, live_server.url, "Priya Raman")
    open_editor(page, live_server.url)
    worry = page.locator("#section-worry")
    worry.locator("summary", has_text="Add a").click()
    page.fill("#new-worry-text", "The police hold information about a visitor to the flat.")
    picker = worry.locator("details.editor-audience")
    picker.locator("summary").click()
    summary = picker.locator("[data-audience-summary]")
    assert summary.inner_text() == "Professionals only"
    worry.get_by_label("Only the agencies I choose").check()
    own = worry.get_by_label("Northmere Children's Social Care")
    assert own.is_checked() and own.is_disabled()
    assert summary.inner_text() == "Named agencies: Northmere Children's Social Care"
    worry.get_by_label("Northmere Police Safeguarding Unit").check()
    assert summary.inner_text() == (
        "Named agencies: Northmere Children's Social Care and Northmere Police Safeguarding Unit"
    )
    worry.get_by_label("The whole family").check()
    assert summary.inner_text() == "The whole family"
    worry.get_by_label("Only the agencies I choose").check()
    assert axe_violations(page) == []
    shot(page, "audience-picker")
    worry.screenshot(path=str(SHOTS / "audience-picker-detail.png"), caret="initial")
    worry.get_by_role("button", name="Add the worry statement").click()
    item = worry.locator("li", has_text="The police hold information about a visitor")
    item.wait_for()  # still in her own editor
    assert "Named agencies: Northmere Children's Social Care and Northmere Police" in (
        item.inner_text()
    )
    assert page.errors.console == []


def test_plain_words_keep_the_sentence_grammatical_or_are_rewritten(live_server, page) -> None:
    run_sync_demo_load(live_server)
    sign_in(page, live_server.url, "Priya Raman")
    open_editor(page, live_server.url)
    show_part(page, "What needs to happen")
    steps = page.locator("#section-next_step")
    steps.locator("summary", has_text="Add a").click()
    field = page.locator("#new-next_step-text")
    field.click()
    page.keyboard.type("We will make a referral for an FGC.", delay=5)
    region = page.locator("[data-plain-for='new-next_step-text']")
    # A first draft, professionals only until the audience is chosen: checked, less urgent.
    region.get_by_text("Less urgent").wait_for(timeout=3000)
    region.get_by_role("button", name="Use “a request for help” instead of “a referral”").click()
    assert field.input_value() == "We will make a request for help for an FGC."
    use = region.get_by_role("button", name="Use “a family meeting” instead of “an FGC”")
    use.wait_for(timeout=3000)
    use.click()
    assert field.input_value() == "We will make a request for help for a family meeting."
    # A term no plain words fit where it stands: the sentence, to rewrite.
    field.press("End")
    page.keyboard.type(" The TAF meeting is on Monday.", delay=5)
    rewrite = region.get_by_text("Rewrite the sentence")
    rewrite.wait_for(timeout=3000)
    shot(page, "plain-language")
    steps.screenshot(path=str(SHOTS / "plain-language-detail.png"), caret="initial")
    rewrite.click()
    box = region.get_by_label("Your sentence, in plain words")
    assert box.input_value() == "The TAF meeting is on Monday."
    region.get_by_role("button", name="Put my sentence in").click()
    assert region.get_by_text("You have not changed the sentence yet.").is_visible()
    box.fill("The meeting of the people who help your family is on Monday.")
    region.get_by_role("button", name="Put my sentence in").click()
    assert field.input_value() == (
        "We will make a request for help for a family meeting. "
        "The meeting of the people who help your family is on Monday."
    )
    assert axe_violations(page) == []
    assert page.errors.console == []


def test_a_disagreement_and_a_check_in_reach_the_open_editor(live_server, browser) -> None:
    run_sync_demo_load(live_server)
    priya, priya_errors = new_page(browser)
    jess, _ = new_page(browser, phone=True)
    try:
        sign_in(priya, live_server.url, "Priya Raman")
        sign_in(jess, live_server.url, "Jess Hartley")
        open_editor(priya, live_server.url)
        assert priya.locator("#new-answers .govuk-notification-banner").count() == 0

        # Jess does not agree, on her phone.
        jess.goto(live_server.url + "/family/answer")
        jess.get_by_label("I do not agree").check()
        jess.get_by_label("In your own words").fill("Leo was never left alone at night.")
        with jess.expect_navigation():
            jess.get_by_role("button", name="Send my new answer").click()
        banner = priya.locator("#new-answers .govuk-notification-banner")
        banner.wait_for(timeout=3000)
        assert "Jess Hartley does not agree with version 2 of the plan." in banner.inner_text()
        assert "Leo was never left alone at night." in banner.inner_text()
        assert priya.evaluate("window.notReloaded") is True
        assert axe_violations(priya) == []
        shot(priya, "editor-new-answer")
        banner.screenshot(path=str(SHOTS / "editor-new-answer-detail.png"), caret="initial")
        banner.get_by_role("button", name="Mark as seen").click()
        priya.locator("#new-answers").get_by_text("marked this answer as seen").wait_for()
        assert priya.locator("#new-answers .govuk-notification-banner").count() == 0

        # Jess checks in on a goal: the goal in Priya's editor shows it, without a reload.
        show_part(priya, "What needs to happen")
        goal = priya.locator(f"#objective-{SCHOOL}")
        assert goal.is_visible() and "3 on" not in goal.inner_text()
        jess.goto(live_server.url + "/family/goals")
        mine = jess.locator(f"#goal-{SCHOOL}")
        mine.get_by_label("3", exact=True).tap()
        mine.get_by_role("button", name="Save check-in").tap()
        jess.locator(f"#goal-{SCHOOL}").get_by_text("Your check-in is saved").wait_for()
        priya.locator(f"#objective-{SCHOOL}", has_text="3 on").wait_for(timeout=3000)
        assert priya.evaluate("window.notReloaded") is True
        # Her own check-in: its note stays (the live echo of it changes nothing).
        goal = priya.locator(f"#objective-{SCHOOL}")
        goal.locator("summary", has_text="Record progress").click()
        goal.get_by_label("Where it is now (a number)").fill("5")
        goal.get_by_role("button", name="Record progress on Leo gets to school on time").click()
        recorded = priya.locator(f"#objective-{SCHOOL}").get_by_text("Progress recorded.")
        recorded.wait_for()
        priya.wait_for_timeout(1500)
        assert recorded.is_visible()
        assert "5 on" in priya.locator(f"#objective-{SCHOOL}").inner_text()
        assert priya_errors.console == []
    finally:
        priya.context.close()
        jess.context.close()


def test_sharing_is_checked_member_by_member_then_confirmed(live_server, page) -> None:
    run_sync_demo_load(live_server)
    sign_in(page, live_server.url, "Priya Raman")
    page.goto(live_server.url + f"{EDITOR}/versions")
    page.fill("#take-label", "For the family")
    page.get_by_role("button", name="Take a version").click()
    page.get_by_role("link", name="Open version 3").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Check and share version 3 with the family").click()
    page.wait_for_load_state("networkidle")
    assert "Check before you share version 3" in page.inner_text("h1")
    assert "2 people will be able to read it: Jess, Kieran." in page.inner_text("main")
    preview = page.locator(".cp-preview")
    assert preview.get_by_role("heading", name="What people are worried about").is_visible()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert not scrolls_sideways(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "share-check")
    page.get_by_role("link", name="See what Leo will read").click()
    page.get_by_role("heading", name="What Leo will read").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Share version 3 with the family", exact=True).click()
    page.wait_for_load_state("networkidle")
    notice = page.locator(".govuk-notification-banner--success")
    assert "Jess and Kieran can now read their view of it." in notice.inner_text()
    assert "Leo and Mia" in notice.inner_text()
    shot(page, "shared")
    assert axe_violations(page) == []
    assert page.errors.console == []
