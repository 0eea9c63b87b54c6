"""Issue 18, items 4-7, in Debian's Chromium: the meeting room at 320 px, by keyboard.

- A conference on the Hartleys' plan is arranged (Robert chairs; Priya, Laura, Daniel and
  Grace are invited). Priya takes attendance with the keyboard only: the room says it is
  quorate, in the section that was swapped.
- Laura scales by keyboard: her score is hers only; Robert sees that one professional has
  scaled and not what she said, then shows everyone's scores (keyboard) and reads her reason.
- Every state of the room passes axe-core and has no sideways scroll at 320 px.

Screenshots go to $CAREPLAN_SCREENSHOTS (default: a temporary folder), for a person to look at.
"""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from careplan.demo.builder import demo_id
from careplan.identity.service import tokens
from careplan.lib.clock import utc_now
from tests.browser.conftest import axe_violations, new_page, scrolls_sideways, shot, sign_in
from tests.conftest import TEST_SECRET

pytestmark = pytest.mark.browser

PLAN = demo_id("hartley:plan:child_protection")
NARROW = {"viewport": {"width": 320, "height": 720}}
SAID = "The visitor to the home is still not named in the plan."


def _arrange(server) -> dict:
    """Through the API, as Priya (a bearer token for the live server): on either engine."""
    token = tokens.mint(TEST_SECRET, server.url, demo_id("person:priya"))
    starts_at = (utc_now() + dt.timedelta(hours=1)).isoformat()
    body = {
        "kind": "initial_conference",
        "starts_at": starts_at,
        "chair": str(demo_id("person:robert")),
        "version": 2,
        "attendees": [
            {"person": str(demo_id(f"person:{p}"))} for p in ("priya", "laura", "daniel", "grace")
        ],
    }
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}) as api:
        answer = api.post(f"/api/v1/plans/{PLAN}/meetings", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()


def checked(page) -> None:
    assert axe_violations(page) == []
    assert not scrolls_sideways(page)


def press_on(page, selector: str, key: str) -> None:
    page.locator(selector).focus()
    page.keyboard.press(key)


def test_the_room_by_keyboard_at_320_px(demo_server, browser) -> None:
    base = demo_server.url
    meeting = _arrange(demo_server)
    room = f"{base}/workspace/meetings/{meeting['id']}/room"
    ids = {a["name"].split()[0].lower(): a["id"] for a in meeting["attendees"]}

    priya, _ = new_page(browser, **NARROW)
    laura, _ = new_page(browser, **NARROW)
    robert, _ = new_page(browser, **NARROW)
    try:
        # Priya takes attendance: Space on each radio, Enter on the button.
        sign_in(priya, base, "Priya Raman")
        priya.goto(room)
        assert "Attendance has not been taken yet" in priya.inner_text("#attendance")
        checked(priya)
        shot(priya, "room-320-start")
        for who in ("priya", "laura", "daniel", "grace"):
            press_on(priya, f"#attendance-{ids[who]}", "Space")
        press_on(priya, "#attendance button[type=submit]", "Enter")
        priya.wait_for_selector("#quorum:has-text('Quorate.')")
        assert "Attendance saved." in priya.inner_text("#attendance")
        checked(priya)
        shot(priya, "room-320-quorate")

        # Laura scales: choose 3 with the keyboard, type why, Enter.
        sign_in(laura, base, "Laura Bennett")
        laura.goto(room)
        press_on(laura, "#score", "3")
        laura.locator("#reason").focus()
        laura.keyboard.type(SAID)
        press_on(laura, "#scales button[type=submit]", "Enter")
        laura.wait_for_selector("#my-score")
        assert SAID in laura.inner_text("#my-score")
        checked(laura)
        shot(laura, "room-320-my-score")

        # Robert sees one has scaled, not what; he shows them all together.
        sign_in(robert, base, "Robert Ellis")
        robert.goto(room)
        scales = robert.inner_text("#scales")
        assert "1 professional has scaled" in scales and SAID not in scales
        checked(robert)
        press_on(robert, "#scales button.govuk-button--warning", "Enter")
        robert.wait_for_selector("#professional-scales")
        assert SAID in robert.inner_text("#professional-scales")
        checked(robert)
        shot(robert, "room-320-revealed")

        # Without JavaScript's swap, the page says the same: reload.
        laura.goto(room)
        assert SAID in laura.inner_text("#professional-scales")
    finally:
        for one in (priya, laura, robert):
            one.context.close()
