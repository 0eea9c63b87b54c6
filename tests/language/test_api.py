"""Plain language through the API: a text's findings, and a plan's texts for families."""

from __future__ import annotations

import pytest

from careplan.demo.builder import demo_id
from careplan.language.schemas import MAX_TEXT

pytestmark = pytest.mark.anyio

PLAN = str(demo_id("hartley:plan:child_protection"))


async def test_a_check_returns_each_finding_with_its_place_and_a_reading_age(as_) -> None:
    text = "Mum did not engage with the core group and the CIN plan was escalated."
    response = await as_("priya").post("/api/v1/plain-language/check", json={"text": text})
    assert response.status_code == 200
    report = response.json()
    jargon = {f["text"]: f for f in report["findings"] if f["kind"] == "jargon"}
    assert "core group" in jargon and "CIN" in jargon and "escalated" in jargon
    for finding in report["findings"]:
        assert text[finding["start"] : finding["end"]] == finding["text"]
    assert jargon["CIN"]["suggestion"] and jargon["CIN"]["explanation"]
    assert isinstance(report["reading_age"], int) and "over_target" in report


async def test_an_over_long_text_gets_422_naming_the_field(as_) -> None:
    response = await as_("priya").post(
        "/api/v1/plain-language/check", json={"text": "word " * (MAX_TEXT // 5 + 1)}
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "text"


async def test_the_glossary_explains_each_term_plainly(as_) -> None:
    glossary = (await as_("person:jess").get("/api/v1/plain-language/glossary")).json()
    terms = {entry["term"]: entry for entry in glossary}
    assert len(terms) >= 150
    assert terms["core group"]["plain"] and terms["core group"]["explanation"]


async def test_family_visible_texts_of_a_plan_carry_findings_and_the_plan_its_state(as_) -> None:
    priya = as_("priya")
    await priya.post(
        f"/api/v1/plans/{PLAN}/items",
        json={
            "section": "worry",
            "text": "Parents presented as hostile at the ICPC.",
            "audience": "family",
        },
    )
    await priya.post(
        f"/api/v1/plans/{PLAN}/items",
        json={"section": "worry", "text": "Discussed at MASH.", "audience": "professionals"},
    )
    plan = (await priya.get(f"/api/v1/plans/{PLAN}")).json()
    worries = {i["text"]: i for i in plan["sections"]["worry"]}
    family_item = worries["Parents presented as hostile at the ICPC."]
    assert {f["text"] for f in family_item["plain_language"]["findings"]} >= {"ICPC"}
    assert "plain_language" not in worries["Discussed at MASH."]
    state = plan["plain_language"]
    assert state["with_jargon"] >= 1 and state["texts"] > state["with_jargon"]
