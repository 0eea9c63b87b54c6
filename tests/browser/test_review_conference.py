"""Issue 18's whole journey in Debian's Chromium: a review child protection conference, from
arranging it to the chair's record.

- Priya (the social worker) arranges it from the family's page, with Robert Ellis (the
  independent chair), the police, the school and the health visitor invited, and Jess.
- Jess, on her phone, sends her own scale before it starts.
- In the room, Priya takes attendance: quorate (children's social care and three agencies
  with direct contact).
- Laura (police), Daniel (school) and Grace (health visitor) each scale privately: Robert
  sees how many have scaled, not what, and no one sees another's score. Each gives a view of
  the version; Laura dissents with her reason.
- Robert decides for each child, then shows every scale together: the professionals' side by
  side, Jess's apart.
- The record's PDF text holds the version's fingerprint and Laura's dissent.
- Every page passes axe-core.

Screenshots go to $CAREPLAN_SCREENSHOTS (default: a temporary folder), for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest

from careplan.demo.builder import demo_id
from tests.browser.conftest import axe_violations, new_page, shot, sign_in

pytestmark = pytest.mark.browser

HARTLEY = demo_id("family:hartley")
PEOPLE = {"laura": "Laura Bennett", "daniel": "Daniel Price", "grace": "Grace Okafor"}
SCORES = {"laura": "3", "daniel": "6", "grace": "7"}
REASONS = {
    "laura": "The visitor police know of is still not in the plan.",
    "daniel": "Leo is on time most days; Mondays are still hard.",
    "grace": "Mia is gaining weight and every appointment is kept.",
}
DISSENT = "The plan does not deal with the visitor to the home that police know of."
JESS_SAYS = "We do everything on the plan and the children are happy."


def clean(page, name: str) -> None:
    assert axe_violations(page) == [], name
    shot(page, f"review-conference-{name}")


def test_a_whole_review_conference(demo_server, browser) -> None:
    base = demo_server.url
    tomorrow = dt.date.today() + dt.timedelta(days=1)

    # Priya arranges the review conference from the family's page.
    priya, _ = new_page(browser)
    sign_in(priya, base, "Priya Raman")
    priya.goto(f"{base}/workspace/families/{HARTLEY}")
    with priya.expect_navigation():
        priya.get_by_role("button", name="Arrange a meeting").click()
    priya.get_by_label("Review child protection conference").check()
    priya.fill("#starts", str(tomorrow.day))
    priya.fill("#starts-month", str(tomorrow.month))
    priya.fill("#starts-year", str(tomorrow.year))
    priya.fill("#time", "10:00")
    priya.fill("#location", "Northmere Civic Centre, Room 4")
    priya.select_option("#chair", label="Robert Ellis, Independent chair")
    for who in ("priya", *PEOPLE):
        priya.check(f"#invite-{demo_id(f'person:{who}')}")
    priya.check(f"#invite-{demo_id('hartley:member:jess')}")
    priya.check("#version-2")
    clean(priya, "arrange")
    with priya.expect_navigation():
        priya.get_by_role("button", name="Arrange the meeting").click()
    assert "The meeting is arranged." in priya.inner_text("main")
    meeting_path = priya.url.split(base, 1)[1].split("?")[0]
    meeting_id = meeting_path.rsplit("/", 1)[1]
    room = f"{base}{meeting_path}/room"
    clean(priya, "meeting")

    # Jess sends her own scale from her phone before it starts.
    jess, _ = new_page(browser, phone=True, viewport={"width": 320, "height": 640})
    sign_in(jess, base, "Jess Hartley")
    jess.goto(f"{base}/family/meetings/{meeting_id}")
    assert jess.get_by_role("heading", name="Review child protection conference").is_visible()
    jess.locator("#score-8").check()
    jess.get_by_label("Why did you choose this number?").fill(JESS_SAYS)
    jess.get_by_role("button", name="Send my number").click()
    jess.get_by_text("Your number is saved.").wait_for()
    clean(jess, "jess-scale")

    # Priya takes attendance in the room: everyone invited is there.
    priya.goto(room)
    for row in priya.locator("#attendance .govuk-radios__input[value=present]").all():
        row.check()
    priya.locator("#attendance button[type=submit]").click()
    priya.wait_for_selector("#quorum:has-text('Quorate.')")
    clean(priya, "quorate")

    # Three agencies scale blind and give their views; the police dissent.
    pages = {}
    for key, name in PEOPLE.items():
        page, _ = new_page(browser)
        pages[key] = page
        sign_in(page, base, name)
        page.goto(room)
        page.select_option("#score", SCORES[key])
        page.fill("#reason", REASONS[key])
        page.locator("#scales button[type=submit]").first.click()
        page.wait_for_selector("#my-score")
        scales = page.inner_text("#scales")
        for other, said in REASONS.items():
            assert (said in scales) == (other == key), (key, other)
        if key == "laura":
            page.locator("#view-dissent").check()
            page.fill("#view_reason", DISSENT)
        else:
            page.locator("#view").check()
        page.get_by_role("button", name="Record the view").click()
        page.wait_for_selector("#views .careplan-room__saved")
        clean(page, f"{key}-scaled")

    # Robert sees how many scaled, not what; he decides for each child, then reveals.
    robert, _ = new_page(browser)
    sign_in(robert, base, "Robert Ellis")
    robert.goto(room)
    scales = robert.inner_text("#scales")
    assert "3 professionals have scaled, and 1 from the family" in scales
    assert not any(said in scales for said in REASONS.values()) and JESS_SAYS not in scales
    # Each view is its giver's own, even for those on the team who may record others'.
    views = robert.inner_text("#views")
    assert f"Laura Bennett: Dissents {DISSENT}" in views
    assert "Daniel Price: Agrees" in views and "Grace Okafor: Agrees" in views
    clean(robert, "chair-before")
    for child in ("leo", "mia"):
        p = f"child-{demo_id(f'hartley:member:{child}')}"
        robert.locator(f"#{p}-plan").check()
        robert.select_option(f"#{p}-category", "neglect")
    robert.get_by_role("button", name="Record the decision").click()
    robert.wait_for_selector("#decision .govuk-summary-list")
    assert "under the category of neglect" in robert.inner_text("#decision")
    robert.get_by_role("button", name="Show everyone's scores").click()
    robert.wait_for_selector("#professional-scales")
    professional = robert.inner_text("#professional-scales")
    assert all(said in professional for said in REASONS.values())
    assert JESS_SAYS not in professional
    assert JESS_SAYS in robert.inner_text("#family-scales")
    clean(robert, "revealed")

    # The record's PDF: the version's fingerprint and the dissent, as text.
    record = robert.request.get(f"{base}/api/v1/meetings/{meeting_id}/record")
    assert record.ok, record.text()
    sha256 = record.json()["version"]["sha256"]
    pdf = robert.request.get(f"{base}/api/v1/meetings/{meeting_id}/record.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.body())).pages)
    flat = " ".join(text.split())
    assert sha256 in flat.replace(" ", "") and "visitor to the home" in flat

    for page in (priya, jess, robert, *pages.values()):
        page.context.close()
