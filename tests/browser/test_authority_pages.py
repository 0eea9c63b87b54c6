"""Issue 17's pages in Debian's Chromium, at 320 px and at desktop width, checked by axe-core:
starting a family's record (with its errors), the page that checks what closing an episode
ends, a manager's challenge to closing, and the refusal a police sergeant is shown."""

from __future__ import annotations

from careplan.demo.builder import demo_id
from tests.browser.conftest import axe_violations, new_page, scrolls_sideways, sign_in

NOVAK_CP = demo_id("novak:episode:cp")


def checked(page, errors, what: str) -> None:
    assert not scrolls_sideways(page), what
    assert axe_violations(page) == [], what
    # A page answered 403 or 422 on purpose is logged as a failed load: nothing else may be.
    refused = "Failed to load resource: the server responded with a status of 4"
    assert [e for e in errors.console if not e.startswith(refused)] == [], (what, errors.console)
    errors.console.clear()


def test_the_authority_pages_work_at_320_pixels_and_pass_axe(demo_server, browser) -> None:
    for width in (320, 1280):
        page, errors = new_page(browser, viewport={"width": width, "height": 800})
        sign_in(page, demo_server.url, "Priya Raman")
        page.goto(demo_server.url + "/workspace/families/new")
        checked(page, errors, f"start a family {width}")
        page.get_by_role("button", name="Start the record").click()
        page.get_by_text("There is a problem").wait_for()
        checked(page, errors, f"start a family, errors {width}")
        page.goto(f"{demo_server.url}/workspace/episodes/{NOVAK_CP}/close")
        page.check('input[name="outcome"][value="no_further_action"]')
        page.fill("#reason", "The hospital explained the injury.")
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
        assert "Check before you close" in page.inner_text("h1")
        checked(page, errors, f"check before closing {width}")
        page.context.close()

        page, errors = new_page(browser, viewport={"width": width, "height": 800})
        sign_in(page, demo_server.url, "Helen Marsh")
        page.goto(f"{demo_server.url}/workspace/episodes/{NOVAK_CP}/challenge")
        checked(page, errors, f"a manager's challenge {width}")
        page.context.close()

        page, errors = new_page(browser, viewport={"width": width, "height": 800})
        sign_in(page, demo_server.url, "Laura Bennett")
        page.goto(f"{demo_server.url}/workspace/episodes/{NOVAK_CP}/close")
        assert "You cannot close a child protection episode" in page.inner_text("#refusal")
        checked(page, errors, f"the refusal {width}")
        page.context.close()


def test_an_administrator_adds_an_agency_and_a_professional(demo_server, browser) -> None:
    page, errors = new_page(browser, viewport={"width": 320, "height": 800})
    sign_in(page, demo_server.url, "Sam Adeyemi")
    with page.expect_navigation():
        page.get_by_role("link", name="Set up agencies and people").click()
    checked(page, errors, "administration")
    with page.expect_navigation():
        page.get_by_role("button", name="Add an agency").click()
    checked(page, errors, "add an agency")
    page.fill("#name", "Northmere Housing")
    page.get_by_label("Housing").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add the agency").click()
    assert "The agency was added." in page.inner_text("main")
    with page.expect_navigation():
        page.get_by_role("button", name="Add a professional").click()
    checked(page, errors, "add a professional")
    page.fill("#name", "Ola Nowak")
    page.fill("#email", "ola.nowak@housing.northmere.example")
    page.select_option("#agency", label="Northmere Housing")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the professional").click()
    assert "The professional was added." in page.inner_text("main")
    assert "Ola Nowak" in page.inner_text("#professionals")
    checked(page, errors, "administration, after")
    page.context.close()
