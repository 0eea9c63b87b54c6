"""The chair's pages (issue 17, item 4): Robert Ellis chairs the Hartleys' review conference
and the Novaks' initial conference. His caseload lists those families; he reads their pages,
the plan and its versions without a control to change them and is told each opening is
recorded; a change posted anyway is refused and changes nothing; the family's portal and
devices are not shown to him; and a family he chairs no meeting of is not found.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.families.tables import Family
from tests.portal.workspace.test_closed_plan_pages import CONTROLS

pytestmark = pytest.mark.anyio

HARTLEY = demo_id("family:hartley")
WHITFIELD = demo_id("family:whitfield")
CP_PLAN = demo_id("hartley:plan:child_protection")
LOVE = demo_id("hartley:item:love")
JESS = demo_id("hartley:member:jess")
EDITOR = f"/workspace/plans/{CP_PLAN}"
RECORDED = "each time you open it is recorded"


def form(client: Any, **values: Any) -> dict[str, Any]:
    return {"_csrf_token": client.csrf, **values}


async def test_his_caseload_lists_the_families_he_chairs_a_meeting_of(browse_as) -> None:
    page = await (await browse_as("robert")).get("/workspace")
    assert page.status_code == 200
    assert "Hartley family" in page.text and "Novak family" in page.text
    assert "Whitfield" not in page.text


async def test_the_family_page_reads_without_the_portal_and_says_it_is_recorded(
    browse_as,
) -> None:
    page = await (await browse_as("robert")).get(f"/workspace/families/{HARTLEY}")
    assert page.status_code == 200
    assert RECORDED in page.text
    assert "Jess Hartley" in page.text
    assert 'id="portal-access"' not in page.text and "Invite to the family portal" not in page.text
    for action in ("Take off the team", "Make key worker", "Add a family member", "/members/"):
        assert action not in page.text, action
    # Priya, on the team, has the portal.
    team_page = await (await browse_as("priya")).get(f"/workspace/families/{HARTLEY}")
    assert 'id="portal-access"' in team_page.text and RECORDED not in team_page.text


async def test_the_plan_reads_with_no_control_to_change_it(browse_as) -> None:
    page = await (await browse_as("robert")).get(EDITOR)
    assert page.status_code == 200
    html = page.text
    assert RECORDED in html
    main = html[html.index('id="plan-editor"') : html.index("</main>")]
    assert "Jess and Kieran love Leo and Mia" in main
    for control in CONTROLS:
        assert control not in main, control
    assert "Open a new episode" not in html and "Close this episode" not in html


async def test_the_versions_read_for_him(browse_as) -> None:
    client = await browse_as("robert")
    assert (await client.get(f"{EDITOR}/versions")).status_code == 200
    version = await client.get(f"{EDITOR}/versions/2")
    assert version.status_code == 200 and "Ready for the review conference" in version.text


async def test_a_change_he_posts_is_refused_and_changes_nothing(browse_as) -> None:
    client = await browse_as("robert")
    page = (await client.get(EDITOR)).text
    revision = re.search(rf'id="item-{LOVE}" data-revision="(\d+)"', page).group(1)
    family = await Family.select(Family.revision).where(Family.id == HARTLEY).first()
    others = await AuditEvent.count().where(AuditEvent.action != "family.read_by_chair")
    for path, values in (
        (f"{EDITOR}/items", {"section": "strength", "text": "New."}),
        (f"/workspace/items/{LOVE}", {"revision": revision, "text": "New."}),
        (f"/workspace/families/{HARTLEY}/invitations", {"member": str(JESS)}),
    ):
        response = await client.post(path, data=form(client, **values))
        assert response.status_code in (403, 404), (path, response.status_code)
    after = await Family.select(Family.revision).where(Family.id == HARTLEY).first()
    assert after == family
    assert await AuditEvent.count().where(AuditEvent.action != "family.read_by_chair") == others


async def test_each_page_he_opens_is_on_the_audit_chain(browse_as) -> None:
    client = await browse_as("robert")
    before = await AuditEvent.count().where(AuditEvent.action == "family.read_by_chair")
    await client.get(f"/workspace/families/{HARTLEY}")
    await client.get(EDITOR)
    after = await AuditEvent.count().where(AuditEvent.action == "family.read_by_chair")
    assert after == before + 2  # one a page: its access is decided once for the request


async def test_a_family_he_chairs_no_meeting_of_is_not_found(browse_as) -> None:
    page = await (await browse_as("robert")).get(f"/workspace/families/{WHITFIELD}")
    assert page.status_code == 404
    assert "Whitfield" not in page.text
