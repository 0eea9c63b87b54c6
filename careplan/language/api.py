"""The plain-language JSON API: check a text; the parents' glossary."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency

from careplan.access.principal import Principal
from careplan.language import schemas, service
from careplan.web.openapi import example_body
from careplan.web.responses import shaped

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
    ) -> schemas.Report:
        return shaped(schemas.Report, service.report(data.text))

    @get("/glossary", summary="Every term with its plain words and a one-line explanation")
    async def glossary(self, principal: NamedDependency[Principal]) -> list[schemas.GlossaryEntry]:
        return shaped(list[schemas.GlossaryEntry], service.glossary())
