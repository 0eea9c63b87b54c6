"""The start page says what the service is and where each kind of user goes."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio


async def test_start_page_says_what_the_service_is_and_links_both_front_ends(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    page = response.text
    assert "One shared plan for each family" in page
    assert 'href="/workspace"' in page
    assert 'href="/family"' in page
    assert 'href="#main-content"' in page  # the skip link
    # A council's service, not GOV.UK's: no crown, no wordmark.
    assert "govuk-header__logotype" not in page and "GOV.UK" not in page


async def test_pages_are_gzipped_for_clients_that_accept_it(client: httpx.AsyncClient) -> None:
    response = await client.get("/", headers={"accept-encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"


async def test_openapi_document_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Careplan API"
    assert "/healthz" in document["paths"]


async def test_a_small_answer_is_sent_as_it_is(client: httpx.AsyncClient) -> None:
    """Under 500 bytes gzip saves nothing: no compressor is made for it."""
    response = await client.get("/healthz/live", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in response.headers
    assert response.json() == {"status": "ok"}
