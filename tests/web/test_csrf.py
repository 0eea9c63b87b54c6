"""CSRF protection (careplan.web.csrf): its cookie, and the routes that do without it.

That a page form's post or a cookie-authenticated API post without the token is refused is
tested with the pages (tests/portal/test_page_access.py, tests/identity/test_sessions.py).
"""

from __future__ import annotations

import re

import httpx
import pytest
from litestar import Litestar

from careplan.web.csrf import EXCLUDE_KEY

pytestmark = pytest.mark.anyio

SAFE = {"GET", "HEAD", "OPTIONS"}
TOKEN = r"[0-9a-f]{128}"  # 32 random bytes and their HMAC, in hex


async def test_a_first_page_sets_the_csrf_cookie_as_litestar_would(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/")
    [cookie] = response.headers.get_list("set-cookie")
    assert re.fullmatch(rf"careplan_csrf={TOKEN}; Path=/; SameSite=lax", cookie), cookie
    again = await client.get("/")  # the browser now has it: it is kept, not set anew
    assert "set-cookie" not in again.headers


async def test_over_https_the_csrf_cookie_is_secure(database_url: str) -> None:
    from careplan.app import create_app
    from tests.conftest import BASE_URL, make_settings

    app = create_app(make_settings(database_url, base_url="https://careplan.example.org"))
    async with (
        app.lifespan(),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as http,
    ):
        cookie = (await http.get("/")).headers["set-cookie"]
    assert re.fullmatch(rf"careplan_csrf={TOKEN}; Path=/; SameSite=lax; Secure", cookie), cookie


@pytest.mark.parametrize("path", ["/healthz/live", "/static/css/careplan.css"])
async def test_a_probe_and_a_static_file_get_no_cookie(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert "set-cookie" not in response.headers


async def test_only_routes_that_change_nothing_go_without_csrf(app: Litestar) -> None:
    excluded = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            if handler.opt.get(EXCLUDE_KEY):
                excluded.append(route.path)
                assert set(handler.http_methods) <= SAFE, (route.path, handler.http_methods)
    assert "/healthz/live" in excluded
    assert any(path.startswith("/static") for path in excluded)


async def test_an_unsafe_method_on_the_probe_is_not_served(client: httpx.AsyncClient) -> None:
    assert (await client.post("/healthz/live")).status_code in {403, 405}
