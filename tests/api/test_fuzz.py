"""An automated fuzz of the JSON API from its own OpenAPI document: no input gets a 5xx.

Schemathesis reads /schema/openapi.json from a real server over the demo and sends every
operation examples made from the schema (and outside it), as a signed-in key worker.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from careplan.demo.builder import demo_id
from careplan.identity.service import tokens
from tests.conftest import DEMO_DAY, TEST_SECRET, LiveServer, fresh_database, run_sync, serve


@pytest.fixture(scope="module")
def fuzz_server(template_database: str, tmp_path_factory) -> Iterator[LiveServer]:
    database_url, drop = fresh_database(template_database, tmp_path_factory.mktemp("fuzz"))

    async def load_demo() -> None:
        from careplan import db
        from careplan.demo.loader import load
        from careplan.settings import parse_database_url

        engine = db.make_engine(parse_database_url(database_url))
        db.use_engine(engine)
        await load(today=DEMO_DAY)

    run_sync(load_demo())
    with serve(database_url) as server:
        yield server
    drop()


def test_no_request_gets_a_server_error(fuzz_server: LiveServer) -> None:
    document = httpx.get(f"{fuzz_server.url}/schema/openapi.json").json()
    schema = schemathesis.openapi.from_dict(document)
    token = tokens.mint(TEST_SECRET, fuzz_server.url, demo_id("person:priya"))
    failures: list[str] = []
    statuses: dict[int, int] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25, "the document describes the whole API"
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def fuzz(case) -> None:
            response = case.call(
                base_url=fuzz_server.url, headers={"Authorization": f"Bearer {token}"}
            )
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.text[:200]}")

        fuzz()
    print(f"fuzz: {sum(statuses.values())} requests, by status {dict(sorted(statuses.items()))}")
    assert sum(statuses.values()) >= 10 * len(operations)
    assert failures == []
