"""`/healthz` tells a load balancer whether the service and its database can answer;
`/healthz/live` whether the process answers at all, without asking the database."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from litestar import Litestar

from careplan.settings import Settings
from tests.conftest import ENGINE, _pg_execute, _postgres_base_url
from tests.counting import counting

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
    # The process itself still answers: an orchestrator must not restart it for that.
    assert (await client.get("/healthz/live")).json() == {"status": "ok"}


async def test_healthz_live_answers_without_a_database_query(client: httpx.AsyncClient) -> None:
    await client.get("/healthz/live")
    with counting() as cost:
        response = await client.get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert cost.statements == 0
