"""Helpers for the meetings and concerns tests: demo principals, ids, an HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from litestar import Litestar

from careplan.access.principal import Principal, load_principal
from careplan.demo.builder import demo_id
from careplan.identity.service import tokens
from tests.conftest import BASE_URL, DEMO_DAY, TEST_SECRET

HARTLEY = demo_id("family:hartley")
HARTLEY_PLAN = demo_id("hartley:plan:child_protection")


def hartley_version(number: int) -> Any:
    return demo_id(f"hartley:version:{HARTLEY_PLAN}:{number}")


def hartley_view(number: int, member: str) -> Any:
    return demo_id(f"hartley:view:{hartley_version(number)}:{demo_id(f'hartley:member:{member}')}")


async def principal(key: str) -> Principal:
    """A demo person as a principal: "priya" (a professional) or "jess" (a parent)."""
    loaded = await load_principal(demo_id(f"person:{key}"))
    assert loaded is not None
    return loaded


def controllers_wired() -> bool:
    """Whether careplan/app.py serves the meetings and concerns routes yet."""
    from careplan.app import api_router

    paths = {route.path for route in api_router().routes}
    return any("/meetings/" in p for p in paths) and any("/concerns" in p for p in paths)


needs_routes = pytest.mark.skipif(
    not controllers_wired(), reason="the controllers are not wired into careplan/app.py yet"
)


def headers(key: str) -> dict[str, str]:
    """A bearer token for a demo person, "priya" or "jess" (the settings' base URL issues)."""
    token = tokens.mint(TEST_SECRET, "http://127.0.0.1:8000", demo_id(f"person:{key}"))
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def http(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client over the app, with the demo loaded into its database."""
    from careplan.demo.loader import load

    assert await load(today=DEMO_DAY)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=BASE_URL
    ) as client:
        yield client
