"""Plain language while writing: the hints beside a field and the plan's overall state."""

from __future__ import annotations

from careplan.language import service as language
from careplan.web.templates import make_environment


def test_each_jargon_term_is_offered_once_with_its_plain_words_and_place() -> None:
    text = "The SW visited. The SW will visit again after the ICPC."
    hints = language.hints(text)
    terms = [(j["text"], j["plain"]) for j in hints["jargon"]]
    assert terms.count(("SW", "social worker")) == 1
    first = hints["jargon"][0]
    assert text[first["start"] : first["end"]] == first["text"] == "SW"
    assert any(t == "ICPC" for t, _ in terms)
    assert hints["reading_age"] > 0 and hints["target"] == 9


def test_an_empty_text_has_nothing_to_say() -> None:
    hints = language.hints("   ")
    assert hints["has_words"] is False and hints["jargon"] == []


def test_the_plan_summary_counts_only_what_the_family_reads() -> None:
    items = [
        {"text": "The SW will visit.", "audience": "family"},
        {"text": "Mum and Dad love the children.", "audience": {"members": ["m1"]}},
        {"text": "LADO referral made.", "audience": "professionals"},
        {"text": "MASH checks.", "audience": {"agencies": ["a1"]}},
        {"title": "Leo goes to school every day", "audience": "family"},
    ]
    summary = language.plan_summary(items)
    assert summary == {"texts": 3, "over_target": summary["over_target"], "with_jargon": 1}


def _state(summary: dict) -> str:
    environment = make_environment()
    macro = environment.get_template("workspace/_plain_language.html").module.plain_language_state
    return str(macro(summary))


def test_the_plans_state_is_said_in_words() -> None:
    assert "use professional words" in _state({"texts": 5, "over_target": 0, "with_jargon": 2})
    assert "1 uses professional words" in _state({"texts": 5, "over_target": 0, "with_jargon": 1})
    assert "may be hard to read" in _state({"texts": 5, "over_target": 3, "with_jargon": 0})
    assert "easy to read" in _state({"texts": 4, "over_target": 0, "with_jargon": 0})
    assert "Nothing in this plan" in _state({"texts": 0, "over_target": 0, "with_jargon": 0})
