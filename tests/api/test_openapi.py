"""The OpenAPI document describes every route of the JSON API: examples of its request
bodies, the fields of every response body, and the bodies the API gives conform to it."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
import schemathesis
from schemathesis.core.failures import FailureGroup

from tests.api.test_access import ROUTES

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


def _resolved(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _described(document: dict[str, Any], schema: dict[str, Any]) -> bool:
    """Whether a body's schema names its fields: an object with properties, or a list of
    such objects (never a bare `{"type": "object"}`, nor a list of them)."""
    schema = _resolved(document, schema)
    if schema.get("type") == "array":
        return _described(document, schema.get("items", {}))
    return schema.get("type") == "object" and bool(schema.get("properties"))


async def test_every_2xx_body_of_the_api_has_a_schema_with_its_fields(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    bodies, bare = 0, []
    for path, item in document["paths"].items():
        if not path.startswith("/api/v1"):
            continue
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if not status.startswith("2"):
                    continue
                if status == "204":  # no content: nothing to describe
                    assert not response.get("content"), f"{method} {path} 204 has a body"
                    continue
                pdf = response.get("content", {}).get("application/pdf")
                if pdf is not None:  # a printable document (issue 18): its bytes, as a string
                    assert pdf["schema"].get("type") == "string", f"{method} {path}"
                    continue
                bodies += 1
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if schema is None or not _described(document, schema):
                    bare.append(f"{method.upper()} {path} {status}: {schema}")
    assert bodies >= 45
    assert bare == []


# Who a route of the registry (tests/api/test_access.py) may be for: the key worker, the
# Whitfields' family support worker, an administrator, a parent. A refusal writes nothing,
# so each is tried in turn until one is let in.
CALLERS = ("priya", "tom", "sam", "person:jess")


async def test_the_bodies_the_api_gives_are_the_ones_its_document_describes(
    as_, record_property
) -> None:
    """Every route of the registry, called by someone it is for over the demo: each 2xx body
    conforms to its operation's schema in /schema/openapi.json."""
    priya = as_("priya")
    schema = schemathesis.openapi.from_dict((await priya.get("/schema/openapi.json")).json())
    checked, not_answered, failures = [], [], []
    for key in sorted(ROUTES):
        route = ROUTES[key]
        for caller in CALLERS:
            response = await as_(caller).request(route.method, route.path, json=route.body)
            if response.status_code not in (403, 404):
                break
        label = f"{key[0]} {key[1]}"
        if not 200 <= response.status_code < 300:
            not_answered.append(f"{label}: {response.status_code}")
            continue
        operation = schema[re.sub(r":\w+}", "}", key[1])][key[0]]
        try:
            operation.validate_response(response)
        except FailureGroup as failed:  # every way the body does not conform
            failures.append(f"{label}: " + "; ".join(str(e) for e in failed.exceptions))
        checked.append(label)
    record_property("bodies checked against the document", len(checked))
    record_property("routes not answered 2xx by the registry's request", not_answered)
    assert failures == []
    assert len(checked) >= 40
