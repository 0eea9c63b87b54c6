"""The plain-language JSON API: check a text; the parents' glossary."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post
from litestar.di import NamedDependency

from careplan.access.principal import Principal
from careplan.language import schemas, service
from careplan.web.openapi import example_body

CheckRequestBody = example_body(schemas.CheckRequest, schemas.EXAMPLES)


class PlainLanguageController(Controller):
    path = "/plain-language"
    tags = ["plain language"]

    @post(
        "/check",
        status_code=200,
        summary="Findings with positions (jargon, long sentences, passive voice), reading age",
    )
    async def check(
        self, principal: NamedDependency[Principal], data: CheckRequestBody
    ) -> dict[str, Any]:
        return service.report(data.text)

    @get("/glossary", summary="Every term with its plain words and a one-line explanation")
    async def glossary(self, principal: NamedDependency[Principal]) -> list[dict[str, Any]]:
        return service.glossary()
