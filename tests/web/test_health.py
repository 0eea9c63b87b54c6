"""`/healthz` tells a load balancer whether the service and its database can answer."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from litestar import Litestar

from careplan.settings import Settings
from tests.conftest import ENGINE, _pg_execute, _postgres_base_url

pytestmark = pytest.mark.anyio


async def test_healthz_is_ok_when_the_database_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_healthz_is_503_naming_the_database_when_it_is_gone(
    app: Litestar, client: httpx.AsyncClient, settings: Settings
) -> None:
    assert (await client.get("/healthz")).status_code == 200
    if ENGINE == "sqlite":
        path = settings.database.sqlite_path
        assert path is not None
        # The folder holding the file vanishes: SQLite can no longer open it.
        shutil.rmtree(Path(path).parent)
    else:
        name = settings.database.url.rsplit("/", 1)[1]
        await _pg_execute(_postgres_base_url(), f"DROP DATABASE {name} WITH (FORCE)")
    response = await client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}
