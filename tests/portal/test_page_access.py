"""Access to every page of the service (issue 6's matrix, over pages; the API has its own).

The registry (registry_*.py, one per front end) names every page route; the first test fails
when the app has a route the registry lacks, so a page cannot ship without its access check.
Every entry is tried by each kind of caller, signed out included, and each gets what the
entry says; a refused request changes nothing and says nothing about the family.
"""

from __future__ import annotations

import httpx
import pytest
from litestar import Litestar

from careplan.audit.tables import AuditEvent
from careplan.families.tables import Family
from tests.conftest import BASE_URL
from tests.portal import (
    registry_admin_rules,
    registry_approvals,
    registry_auth,
    registry_device,
    registry_editor,
    registry_family,
    registry_family_meetings,
    registry_live,
    registry_meetings_before,
    registry_record,
    registry_room,
    registry_team,
    registry_workspace,
)
from tests.portal.registry import CALLERS, FAMILY, Page

pytestmark = pytest.mark.anyio

PAGES: dict[tuple[str, str], Page] = {
    **registry_auth.PAGES,
    **registry_workspace.PAGES,
    **registry_editor.PAGES,
    **registry_live.PAGES,
    **registry_family.PAGES,
    **registry_device.PAGES,
    **registry_team.PAGES,
    **registry_approvals.PAGES,
    # --- local rules and roles (issue 17, item 8) ---
    **registry_admin_rules.PAGES,
    # --- the chair's record of a meeting (issue 18, item 9) ---
    **registry_record.PAGES,
    **registry_meetings_before.PAGES,
    # --- in the meeting (issue 18) ---
    **registry_room.PAGES,
    # --- the family's meetings (issue 18, items 2 and 11) ---
    **registry_family_meetings.PAGES,
}
NOT_PAGES = ("/api/", "/static", "/assets", "/schema", "/healthz")


def page_routes(app: Litestar) -> set[tuple[str, str]]:
    found = set()
    for route in app.routes:
        if route.path.startswith(NOT_PAGES):
            continue
        for method in getattr(route, "methods", ()):
            if method not in ("HEAD", "OPTIONS"):
                found.add((method, route.path))
    return found


async def test_every_page_route_has_an_entry_in_the_registry(app: Litestar) -> None:
    missing = page_routes(app) - set(PAGES)
    assert not missing, f"page routes without an access entry: {sorted(missing)}"
    stale = set(PAGES) - page_routes(app)
    assert not stale, f"registry entries for routes that do not exist: {sorted(stale)}"


async def snapshot() -> tuple[int, int]:
    family = await Family.select(Family.revision).where(Family.id == FAMILY).first()
    return await AuditEvent.count(), family["revision"]


CASES = [
    (key, caller)
    for key in sorted(PAGES)
    if PAGES[key].tested_in is None
    for caller in sorted(PAGES[key].expect)
]


async def _ask(client: httpx.AsyncClient, page: Page, csrf: str | None) -> httpx.Response:
    if page.method == "GET":
        return await client.get(page.path)
    form = dict(page.form or {})
    if csrf:
        form["_csrf_token"] = csrf
    return await client.request(page.method, page.path, data=form)


READS_THE_FAMILY = {"team", "manager"}


@pytest.mark.parametrize(
    ("key", "caller"), CASES, ids=lambda v: " ".join(v) if isinstance(v, tuple) else v
)
async def test_each_caller_gets_what_the_registry_says(demo_app, browse_as, key, caller) -> None:
    page = PAGES[key]
    expected = page.expect[caller]
    if page.prepare is not None:
        await page.prepare()
    before = await snapshot()
    if caller == "anonymous":
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=demo_app), base_url=BASE_URL
        ) as anonymous:
            await anonymous.get("/healthz")
            response = await _ask(anonymous, page, anonymous.cookies.get("careplan_csrf"))
    else:
        client = await browse_as(CALLERS[caller])
        before = await snapshot()  # signing in is itself recorded
        response = await _ask(client, page, client.csrf)
    assert response.status_code == expected, response.text[:500]
    # A refusal changes nothing; a signed-in caller's 303 is a plain form post that worked.
    if expected >= 400 or caller == "anonymous":
        assert await snapshot() == before
    # Nothing of the family reaches who may not read it. Someone of its team or its manager
    # refused an action (403), or told what is wrong with it (422), may read the family: the
    # answer may name it.
    if (expected >= 400 or caller == "anonymous") and not (
        expected in (403, 422) and caller in READS_THE_FAMILY
    ):
        for word in page.secret_words:
            assert word not in response.text, (caller, word)
    if caller == "anonymous" and expected == 303:
        assert response.headers["location"].startswith("/auth/")


async def test_a_signed_out_htmx_request_is_sent_to_sign_in_without_a_page(demo_app) -> None:
    pages = [p for p in PAGES.values() if p.expect.get("anonymous") == 303 and p.method == "GET"]
    assert pages, "the registry has no signed-in pages"
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo_app), base_url=BASE_URL
    ) as anonymous:
        response = await anonymous.get(pages[0].path, headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/auth/")
    assert response.text == ""


async def test_a_page_post_without_a_csrf_token_is_refused_and_changes_nothing(browse_as) -> None:
    posts = [p for p in PAGES.values() if p.method != "GET" and p.expect.get("team") in (200, 303)]
    assert posts, "the registry has no page posts"
    client = await browse_as("priya")
    del client.headers["x-csrftoken"]
    for page in posts:
        before = await snapshot()
        response = await client.request(page.method, page.path, data=page.form or {})
        assert response.status_code == 403, page.path
        assert await snapshot() == before
