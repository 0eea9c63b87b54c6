"""Helpers for API tests: a client for any demo person, by name."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from litestar import Litestar

from careplan.demo.builder import demo_id
from careplan.identity import tokens
from tests.conftest import BASE_URL, DEMO_DAY, TEST_SECRET

ISSUER = "http://127.0.0.1:8000"


def bearer(person_key: str) -> dict[str, str]:
    """Headers for a demo person: "priya" (a professional) or "person:jess" (a parent)."""
    key = person_key if person_key.startswith("person:") else f"person:{person_key}"
    return {"Authorization": f"Bearer {tokens.mint(TEST_SECRET, ISSUER, demo_id(key))}"}


@pytest.fixture
async def demo_app(app: Litestar) -> Litestar:
    from careplan.demo.loader import load

    assert await load(today=DEMO_DAY)
    return app


@pytest.fixture
async def as_(demo_app: Litestar) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    """`as_("priya")` is an API client signed in as Priya, over the demo."""
    clients: list[httpx.AsyncClient] = []

    def make(person_key: str) -> httpx.AsyncClient:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=demo_app),
            base_url=BASE_URL,
            headers=bearer(person_key),
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()
