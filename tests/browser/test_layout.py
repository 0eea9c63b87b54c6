"""The shared layout in a real browser: scripts run under the CSP, accessible, phone-sized."""

from __future__ import annotations

from tests.browser.conftest import axe_violations, scrolls_sideways


def test_start_page_runs_its_scripts_under_the_csp_without_errors(live_server, page) -> None:
    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    # GOV.UK Frontend's module ran: it marks the body once it has started its components.
    assert "govuk-frontend-supported" in page.get_attribute("body", "class")
    assert page.errors.console == []


def test_an_inline_script_slipped_into_the_page_is_refused_by_the_csp(live_server, page) -> None:
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.injected = true';
                   document.body.appendChild(s); }"""
    )
    assert page.evaluate("() => window.injected === true") is False
    assert any("Content Security Policy" in line for line in page.errors.console)


def test_start_page_has_no_accessibility_violations(live_server, page) -> None:
    page.goto(live_server.url + "/")
    assert axe_violations(page) == []


def test_start_page_fits_a_320_pixel_screen(live_server, browser) -> None:
    from tests.browser.conftest import new_page

    page, _ = new_page(browser, viewport={"width": 320, "height": 640})
    page.goto(live_server.url + "/")
    assert not scrolls_sideways(page)
    page.context.close()


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(live_server, page) -> None:
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
