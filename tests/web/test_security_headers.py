"""Every response carries the security headers, and no page relies on inline script."""

from __future__ import annotations

import re

import httpx
import pytest

pytestmark = pytest.mark.anyio

PATHS = ["/", "/healthz", "/healthz/live", "/schema/openapi.json", "/no-such-page"]
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


@pytest.mark.parametrize("path", PATHS)
async def test_every_response_carries_the_security_headers(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert re.search(r"script-src 'self' 'nonce-[\w-]{16,}'", csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    # Local use (http://127.0.0.1) gets no HSTS: it would pin the browser to https.
    assert "strict-transport-security" not in response.headers


# Every header of a page-like answer, exactly (the CSP apart from its nonce).
EXACT = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "cache-control": "no-store",
}
CSP = (
    "default-src 'self'; script-src 'self' 'nonce-NONCE'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; "
    "worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


@pytest.mark.parametrize("path", ["/healthz/live", "/", "/no-such-page"])
async def test_the_cheapest_route_carries_every_header_once_and_is_no_store(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path, headers={"accept-encoding": "gzip"})
    for name, value in EXACT.items():
        assert response.headers.get_list(name) == [value], (path, name)
    csp = response.headers.get_list("content-security-policy")
    assert len(csp) == 1
    assert re.sub(r"'nonce-[\w-]{16,}'", "'nonce-NONCE'", csp[0]) == CSP
    assert "etag" not in response.headers


@pytest.mark.parametrize("path", ["/static/css/careplan.css", "/static/icons/favicon.svg"])
async def test_static_files_carry_short_headers_that_still_forbid_running_anything(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == "default-src 'none'"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "permissions-policy" not in response.headers


async def test_a_post_refused_by_csrf_still_carries_the_headers(client: httpx.AsyncClient) -> None:
    response = await client.post("/", data={})
    assert response.status_code in {403, 405}
    assert "content-security-policy" in response.headers


async def test_each_response_has_its_own_nonce(client: httpx.AsyncClient) -> None:
    first = (await client.get("/")).headers["content-security-policy"]
    second = (await client.get("/")).headers["content-security-policy"]
    assert first != second


async def test_every_script_on_the_start_page_is_a_file_under_the_responses_nonce(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/")
    nonce = re.search(r"'nonce-([\w-]+)'", response.headers["content-security-policy"])
    assert nonce is not None
    scripts = SCRIPT_TAG.findall(response.text)
    assert scripts, "the layout loads its scripts"
    for attributes, body in scripts:
        assert body.strip() == "", "no inline script: the CSP would refuse it"
        assert re.search(r'\bsrc="/static/', attributes)
        assert f'nonce="{nonce.group(1)}"' in attributes


async def test_hsts_is_sent_when_served_over_https_beyond_this_machine(database_url: str) -> None:
    from careplan.app import create_app
    from tests.conftest import BASE_URL, make_settings

    app = create_app(make_settings(database_url, base_url="https://careplan.example.org"))
    async with (
        app.lifespan(),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as http,
    ):
        response = await http.get("/healthz")
    assert response.headers["strict-transport-security"].startswith("max-age=")
