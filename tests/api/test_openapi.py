"""The OpenAPI document describes every route of the JSON API, with examples."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio


async def test_every_api_operation_is_described_and_every_body_has_an_example(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    operations = [
        (method, path, operation)
        for path, item in document["paths"].items()
        if path.startswith("/api/v1")
        for method, operation in item.items()
    ]
    assert len(operations) >= 25
    for method, path, operation in operations:
        assert operation.get("summary"), f"{method} {path} has no summary"
        assert operation.get("security") == [{"bearer": []}], f"{method} {path}"
        body = operation.get("requestBody")
        if body:
            content = body["content"]["application/json"]
            assert content["schema"].get("examples"), f"{method} {path} has no example body"
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
