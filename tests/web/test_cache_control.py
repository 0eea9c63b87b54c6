"""Who may keep a response (careplan.web.cache_control), over the real routes.

Chromium shows a page kept in its disk cache on Back, even after the session ended; only
`no-store` stops that. So: a shared phone's family pages and fragments, every professional's
page, every API answer, every redirect and every error are `no-store`; a family page on a
phone that is the parent's alone stays `private, no-cache` with its per-user ETag (an
unchanged page is a 304); static files keep their own caching. The pages are the registry's
(tests/portal/registry_*.py), so a new page is covered as soon as it is registered.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from careplan.web.rate_limits import ATTEMPTS_PER_MINUTE
from tests.api.test_access import ROUTES as API_ROUTES
from tests.conftest import BASE_URL, bearer
from tests.portal.registry import OBJECTIVE, Page
from tests.portal.registry_family import demo_retries
from tests.portal.test_page_access import PAGES

pytestmark = pytest.mark.anyio

HTMX = {"HX-Request": "true"}
OWN_CACHING = ("/family/sw.js", "/family/manifest.webmanifest")


def family_gets() -> list[Page]:
    """Every family page a member opens (the worker and manifest keep their own caching)."""
    found = [
        page
        for page in PAGES.values()
        if page.method == "GET"
        and page.path.startswith("/family")
        and page.path not in OWN_CACHING
        and page.expect.get("own_parent") == 200
    ]
    assert len(found) >= 7, [p.path for p in found]
    return found


def workspace_gets() -> list[Page]:
    found = [
        page
        for page in PAGES.values()
        if page.method == "GET"
        and page.path.startswith("/workspace")
        and page.tested_in is None
        and page.expect.get("team") == 200
    ]
    assert len(found) >= 10, [p.path for p in found]
    return found


def as_page_and_fragment(pages: list[Page]) -> Iterator[tuple[str, dict[str, str]]]:
    for page in pages:
        yield page.path, {}
        yield page.path, HTMX


def assert_no_store(response: httpx.Response, what: str) -> None:
    assert response.headers.get_list("cache-control") == ["no-store"], (
        what,
        response.status_code,
        response.headers.get_list("cache-control"),
    )
    assert "etag" not in response.headers, what


async def test_every_family_page_and_fragment_on_a_shared_phone_is_no_store(browse_as) -> None:
    shared = await browse_as("person:jess", shared_device=True)
    for path, headers in as_page_and_fragment(family_gets()):
        response = await shared.get(path, headers=headers)
        assert response.status_code == 200, (path, headers)
        assert_no_store(response, f"{path} {headers}")


async def test_what_a_shared_phone_posts_is_answered_no_store(browse_as) -> None:
    shared = await browse_as("person:jess", shared_device=True)
    check_in, answer = demo_retries()
    goal = f"/family/goals/{OBJECTIVE}/check-ins"
    for path, form, headers in [
        (goal, check_in, {}),  # 303 back to the goals page
        (goal, {**check_in, "client_uuid": str(uuid.uuid4())}, HTMX),  # the goal's fragment
        (goal, {**check_in, "value": "lots", "client_uuid": str(uuid.uuid4())}, {}),  # 422
        ("/family/answer", answer, {}),
    ]:
        response = await shared.post(
            path, data={**form, "_csrf_token": shared.csrf}, headers=headers
        )
        assert response.status_code in (200, 303, 422), (path, response.status_code)
        assert_no_store(response, f"POST {path} {headers}")


async def test_on_the_parents_own_phone_pages_revalidate_and_an_unchanged_one_is_a_304(
    browse_as,
) -> None:
    own = await browse_as("person:jess")
    for path, headers in as_page_and_fragment(family_gets()):
        first = await own.get(path, headers=headers)
        assert first.status_code == 200, path
        assert first.headers.get_list("cache-control") == ["private, no-cache"], (path, headers)
        tag = first.headers.get("etag")
        if tag is None:
            assert path == "/family/phone", f"{path} lost its ETag"
            continue
        again = await own.get(path, headers={**headers, "If-None-Match": tag})
        assert again.status_code == 304, (path, headers)
        assert again.headers["etag"] == tag
        assert again.headers.get_list("cache-control") == ["private, no-cache"]
    # What the parent posts is not kept, even on her own phone.
    check_in, _ = demo_retries()
    posted = await own.post(
        f"/family/goals/{OBJECTIVE}/check-ins", data={**check_in, "_csrf_token": own.csrf}
    )
    assert posted.status_code == 303
    assert_no_store(posted, "a check-in's redirect")


async def test_every_professional_page_and_fragment_is_no_store(browse_as) -> None:
    priya = await browse_as("priya")
    for page in workspace_gets():
        if page.prepare is not None:  # a request waiting for a manager's approval, say
            await page.prepare()
    for path, headers in as_page_and_fragment(workspace_gets()):
        response = await priya.get(path, headers=headers)
        assert response.status_code == 200, (path, headers, response.status_code)
        assert_no_store(response, f"{path} {headers}")
    sessions = await priya.get("/auth/sessions/")
    assert_no_store(sessions, "/auth/sessions")
    posted = await priya.post(
        "/workspace/plain-language", data={"text": "The SW will visit.", "_csrf_token": priya.csrf}
    )
    assert posted.status_code == 200
    assert_no_store(posted, "POST /workspace/plain-language")


async def test_every_api_answer_is_no_store(demo_app) -> None:
    gets = [route for route in API_ROUTES.values() if route.method == "GET"]
    assert len(gets) >= 15
    for person in ("priya", "person:jess"):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=demo_app), base_url=BASE_URL, headers=bearer(person)
        ) as api:
            for route in gets:
                response = await api.get(route.path)
                assert_no_store(response, f"{person} GET {route.path}")
            made = await api.post("/api/v1/plain-language/check", json={"text": "CIN"})
            assert made.status_code == 200
            assert_no_store(made, f"{person} POST /api/v1/plain-language/check")
            refused = await api.post(f"/api/v1/plans/{uuid.uuid4()}/items", json={"section": 1})
            assert refused.status_code in (404, 422)
            assert_no_store(refused, "a refused post")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo_app), base_url=BASE_URL
    ) as anonymous:
        assert_no_store(await anonymous.get("/api/v1/me"), "401")


async def test_redirects_and_error_pages_are_no_store(demo_app, browse_as) -> None:
    jess = await browse_as("person:jess")  # her own phone: still no error page is kept
    priya = await browse_as("priya")
    answers = {
        "a family page that does not exist": await jess.get("/family/nowhere"),
        "a goal that is not hers": await jess.get(f"/family/goals/{uuid.uuid4()}"),
        "a professional on a family page": await priya.get("/family"),
        "a family that is not on her team": await priya.get(f"/workspace/families/{uuid.uuid4()}"),
        "a method the page does not take": await jess.delete("/family"),
        "a post without its CSRF token": await jess.post(
            "/family/answer", headers={"x-csrftoken": ""}
        ),
        "a check-in the server refuses": await jess.post(
            f"/family/goals/{OBJECTIVE}/check-ins",
            data={"value": "lots", "client_uuid": str(uuid.uuid4()), "_csrf_token": jess.csrf},
        ),
    }
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo_app), base_url=BASE_URL
    ) as anonymous:
        await anonymous.get("/healthz")
        answers["signed out: sent to sign in"] = await anonymous.get("/family")
        answers["signed out, htmx"] = await anonymous.get("/family/goals", headers=HTMX)
        guess = {"code": "ABCDE-000000", "_csrf_token": anonymous.cookies["careplan_csrf"]}
        for _ in range(ATTEMPTS_PER_MINUTE):
            await anonymous.post("/auth/code", data=guess)
        answers["too many tries"] = await anonymous.post("/auth/code", data=guess)
    signed_out = await jess.post("/auth/sign-out", data={"_csrf_token": jess.csrf})
    answers["sign-out's redirect"] = signed_out
    statuses = {what: response.status_code for what, response in answers.items()}
    assert statuses == {
        "a family page that does not exist": 404,
        "a goal that is not hers": 404,
        "a professional on a family page": 404,
        "a family that is not on her team": 404,
        "a method the page does not take": 405,
        "a post without its CSRF token": 403,
        "a check-in the server refuses": 422,
        "signed out: sent to sign in": 303,
        "signed out, htmx": 401,
        "too many tries": 429,
        "sign-out's redirect": 303,
    }
    for what, response in answers.items():
        assert_no_store(response, what)


async def test_static_files_keep_their_own_caching(client) -> None:
    for path in ("/static/css/family.css", "/static/family/offline.js"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert "max-age=86400" in response.headers["cache-control"], path
        assert "no-store" not in response.headers["cache-control"], path
    worker = await client.get("/family/sw.js")
    assert worker.headers["cache-control"] == "no-cache" and worker.headers["etag"]
    manifest = await client.get("/family/manifest.webmanifest")
    assert manifest.headers["cache-control"] == "public, max-age=86400"
