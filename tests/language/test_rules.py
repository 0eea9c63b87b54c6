"""The plain-language checker's rules: jargon, long sentences, passive voice, reading age."""

from __future__ import annotations

import itertools

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careplan.language.rules import (
    LONG_SENTENCE_WORDS,
    READING_AGE_TARGET,
    TERMS,
    Finding,
    check,
    find_jargon,
    find_long_sentences,
    find_passive_voice,
    glossary,
    reading_age,
    summarise,
    surface_forms,
)
from tests.language.corpus import PLAIN, PROFESSIONAL

MIN_RECALL = 0.90
MAX_FALSE_ALARMS = 0.0  # no false alarm on plain sentences


def jargon_terms(text: str) -> list[str]:
    return [f.term for f in find_jargon(text) if f.term is not None]


def only_jargon(text: str) -> Finding:
    findings = find_jargon(text)
    assert len(findings) == 1, findings
    return findings[0]


# ------------------------------------------------------------------ measured on the corpus


def test_corpus_is_big_enough_to_measure() -> None:
    assert len(PROFESSIONAL) >= 70
    assert len(PLAIN) >= 40


def test_jargon_recall_and_false_alarm_rate_on_the_corpus(record_property) -> None:
    expected = sum(len(terms) for _, terms in PROFESSIONAL)
    missed = [
        (term, text)
        for text, terms in PROFESSIONAL
        for term in terms
        if term not in jargon_terms(text)
    ]
    alarms = [text for text in PLAIN if find_jargon(text)]
    recall = 1 - len(missed) / expected
    false_alarms = len(alarms) / len(PLAIN)
    record_property("jargon_recall", round(recall, 4))
    record_property("jargon_false_alarm_rate", round(false_alarms, 4))
    print(
        f"\njargon recall {recall:.1%} ({expected - len(missed)}/{expected} terms in "
        f"{len(PROFESSIONAL)} sentences); false alarms {false_alarms:.1%} "
        f"({len(alarms)}/{len(PLAIN)} plain sentences)"
    )
    assert recall >= MIN_RECALL, missed
    assert false_alarms <= MAX_FALSE_ALARMS, alarms


def test_corpus_names_only_terms_that_exist() -> None:
    known = {t.term for t in TERMS}
    named = {term for _, terms in PROFESSIONAL for term in terms}
    assert named <= known, named - known


# ------------------------------------------------------------------ the dictionary


def test_dictionary_holds_at_least_180_terms() -> None:
    assert len(TERMS) >= 180
    assert {t.kind for t in TERMS} == {"abbreviation", "phrase"}


def test_every_written_form_of_a_term_is_found_as_that_term() -> None:
    for term in TERMS:
        for form in surface_forms(term):
            text = f"Note: {form} today."
            finding = only_jargon(text)
            assert (finding.term, finding.text) == (term.term, form), (term.term, form)


def test_plain_words_and_explanations_carry_no_jargon() -> None:
    for term in TERMS:
        assert not find_jargon(term.plain), (term.term, term.plain)
        assert not find_jargon(term.explain), (term.term, term.explain)


def test_explanations_use_short_sentences() -> None:
    for term in TERMS:
        assert not find_long_sentences(term.explain), term.term
        assert len(term.explain.split()) <= 25, term.term


def test_explanations_read_together_are_at_the_reading_age_target() -> None:
    # One-line texts swing wildly on Flesch-Kincaid; the whole set is the fair measure.
    everything = " ".join(dict.fromkeys(t.explain for t in TERMS))
    assert reading_age(everything) <= READING_AGE_TARGET


def test_short_abbreviations_are_case_sensitive_and_phrases_are_not() -> None:
    by_term = {t.term: t for t in TERMS}
    for abbreviation in ("DNA", "SW", "HV", "CP", "PR", "LA", "DV", "MASH", "ICPC", "CIN"):
        assert by_term[abbreviation].case_sensitive, abbreviation
    assert not any(t.case_sensitive for t in TERMS if t.kind == "phrase")


def test_glossary_is_sorted_by_term_and_covers_every_term() -> None:
    entries = glossary()
    assert [e.term for e in entries] == sorted(
        (e.term for e in entries), key=lambda term: (term.casefold(), term)
    )
    assert {e.term for e in entries} == {t.term for t in TERMS}
    core = next(e for e in entries if e.term == "core group")
    assert core.plain and core.explanation


def test_glossary_returns_a_fresh_list() -> None:
    glossary().clear()
    assert glossary()


# ------------------------------------------------------------------ word boundaries and case


@pytest.mark.parametrize(
    "text",
    [
        "We went to the cinema.",
        "Kyle likes to swim.",
        "Swimming is on Tuesday.",
        "The CPU is hot.",
        "Lacey came round.",
        "Sausage and mash for tea.",
        "We had mashed potato.",
        "The escalator was broken.",
        "She sang a lament.",
        "The postcode is SW1A 1AA.",
        "Cindy is here.",
        "Parents and the classroom.",
        "An outcomesque idea.",
        "He is a sender of letters.",
    ],
)
def test_nothing_is_found_inside_another_word(text: str) -> None:
    assert find_jargon(text) == []


@pytest.mark.parametrize("abbreviation", ["DNA", "SW", "HV", "CP", "PR", "LA", "DV", "MASH"])
def test_case_sensitive_abbreviations_are_found_in_capitals(abbreviation: str) -> None:
    text = f"Seen by {abbreviation} today."
    finding = only_jargon(text)
    assert finding.term == abbreviation
    assert finding.text == abbreviation


@pytest.mark.parametrize("word", ["dna", "sw", "hv", "cp", "pr", "la", "dv", "mash", "Dna", "Sw"])
def test_case_sensitive_abbreviations_are_not_found_in_other_cases(word: str) -> None:
    assert find_jargon(f"A {word} here.") == []


@pytest.mark.parametrize("text", ["CORE GROUP on Monday.", "Core Group on Monday.", "core group"])
def test_phrases_are_found_in_any_case(text: str) -> None:
    assert only_jargon(text).term == "core group"


def test_dna_as_genetics_is_not_did_not_attend() -> None:
    assert find_jargon("A DNA test will show who the father is.") == []
    assert jargon_terms("Mum DNA'd on Monday and DNA again today.") == ["DNA", "DNA"]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("This was escalated on Monday.", "escalate"),
        ("We are escalating it.", "escalate"),
        ("She escalates things.", "escalate"),
        ("Family signposted to the food bank.", "signpost"),
        ("Signposting to the food bank.", "signpost"),
        ("The children were neglected.", "neglect"),
        ("Two core groups were held.", "core group"),
        ("Both EHCPs were updated.", "EHCP"),
        ("Case stepped down.", "step down"),
        ("Case was stepped-up.", "step up"),
        ("Mum minimised it.", "minimising"),
        ("Three referrals came in.", "referral"),
    ],
)
def test_inflected_forms_are_found(text: str, term: str) -> None:
    assert only_jargon(text).term == term


@pytest.mark.parametrize(
    "text",
    [
        "A multi-agency plan.",
        "A multi agency plan.",
        "A multiagency plan.",
        "A multi\u2011agency plan.",
    ],
)
def test_hyphen_space_or_nothing_all_match_a_hyphenated_term(text: str) -> None:
    assert only_jargon(text).term == "multi-agency"


def test_a_phrase_broken_across_lines_is_found() -> None:
    finding = only_jargon("Next core\ngroup is on Friday.")
    assert finding.text == "core\ngroup"


# ------------------------------------------------------------------ positions and overlaps


def test_positions_point_at_the_matched_text() -> None:
    text = "Update: the HV and SW attended the ICPC; Mum was signposted to the MASH."
    findings = find_jargon(text)
    assert [f.text for f in findings] == ["HV", "SW", "ICPC", "signposted", "MASH"]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text


@pytest.mark.parametrize(
    ("text", "matched", "term"),
    [
        ("The core group meeting is on Monday.", "core group meeting", "core group"),
        ("A section 47 enquiry was opened.", "section 47 enquiry", "section 47"),
        ("Sam is on a CP plan.", "CP plan", "CP plan"),
        (
            "The initial child protection conference is booked.",
            "initial child protection conference",
            "initial child protection conference",
        ),
        ("Concerns were raised by school.", "Concerns were raised", "concerns were raised"),
        ("The threshold was met.", "threshold was met", "thresholds met"),
        ("An interim care order was made.", "interim care order", "interim care order"),
    ],
)
def test_the_longest_match_wins_with_no_overlapping_shorter_finding(
    text: str, matched: str, term: str
) -> None:
    finding = only_jargon(text)
    assert (finding.text, finding.term) == (matched, term)


def test_jargon_findings_never_overlap_on_the_corpus() -> None:
    for text, _ in PROFESSIONAL:
        findings = find_jargon(text)
        for before, after in itertools.pairwise(findings):
            assert before.end <= after.start, text


def test_a_jargon_finding_carries_the_plain_words_and_explanation() -> None:
    finding = only_jargon("HV visit.")
    assert finding.kind == "jargon"
    assert finding.suggestion == "health visitor"
    assert "nurse" in finding.explanation


# ------------------------------------------------------------------ reading age


def test_a_plain_sentence_is_under_the_target() -> None:
    report = check("We will meet on Monday. You can bring a friend.")
    assert 0 < report.reading_age <= READING_AGE_TARGET
    assert not report.over_target


def test_a_dense_professional_paragraph_is_over_the_target() -> None:
    text = (
        "The multi-agency core group considered that parental capacity to change within the "
        "child's timescales remains significantly compromised by entrenched substance misuse, "
        "necessitating escalation to legal planning. Notwithstanding intermittent engagement, "
        "the cumulative impact of chronic neglect constitutes significant harm."
    )
    report = check(text)
    assert report.reading_age > READING_AGE_TARGET
    assert report.over_target


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "...!?", "- - -"])
def test_text_without_words_has_reading_age_zero(text: str) -> None:
    report = check(text)
    assert report.reading_age == 0
    assert not report.over_target
    assert report.findings == ()


def test_reading_age_is_a_sensible_whole_number() -> None:
    for text in [*PLAIN, *(t for t, _ in PROFESSIONAL)]:
        age = reading_age(text)
        assert isinstance(age, int)
        assert 5 <= age <= 21


def test_the_report_says_the_target() -> None:
    assert check("Hello.").target == READING_AGE_TARGET == 9


# ------------------------------------------------------------------ long sentences


def words(n: int) -> str:
    return " ".join(["word"] * n)


def test_a_sentence_of_the_limit_is_not_long() -> None:
    assert find_long_sentences(f"{words(LONG_SENTENCE_WORDS)}.") == []


def test_a_sentence_over_the_limit_is_flagged_with_its_span() -> None:
    long_one = f"{words(LONG_SENTENCE_WORDS + 1)}."
    text = f"Short one here.  {long_one} Another short one."
    (finding,) = find_long_sentences(text)
    assert finding.kind == "long_sentence"
    assert text[finding.start : finding.end] == long_one == finding.text
    assert str(LONG_SENTENCE_WORDS + 1) in finding.explanation


def test_a_line_break_ends_a_sentence() -> None:
    text = "\n".join([words(20), words(20)])
    assert find_long_sentences(text) == []


# ------------------------------------------------------------------ passive voice


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Sam was seen by the nurse.", "was seen"),
        ("Concerns were raised by school.", "were raised"),
        ("Sam has been referred to the clinic.", "has been referred"),
        ("Kyle is being seen on Monday.", "is being seen"),
        ("The form will be sent today.", "will be sent"),
        ("Mum was not told.", "was not told"),
        ("The plan was quickly agreed.", "was quickly agreed"),
    ],
)
def test_passive_voice_is_flagged_with_its_span(text: str, span: str) -> None:
    (finding,) = find_passive_voice(text)
    assert finding.kind == "passive_voice"
    assert text[finding.start : finding.end] == span == finding.text


@pytest.mark.parametrize(
    "text",
    [
        "Mum is worried about money.",
        "I am tired.",
        "The nurse saw Sam.",
        "Dad is interested in the course.",
        "The children were excited.",
        "Sam was born in May.",
        "The centre is closed on Sunday.",
        "There is a red car.",
        "We need a hundred pounds.",
    ],
)
def test_active_sentences_and_adjectives_are_not_passive(text: str) -> None:
    assert find_passive_voice(text) == []


# ------------------------------------------------------------------ the report and the summary


def test_findings_are_sorted_by_position_across_kinds() -> None:
    text = f"The HV was seen. {words(30)} then SW came."
    kinds = [f.kind for f in check(text).findings]
    assert kinds == ["jargon", "passive_voice", "long_sentence", "jargon"]
    starts = [f.start for f in check(text).findings]
    assert starts == sorted(starts)


def test_a_report_encodes_to_json_for_the_api() -> None:
    decoded = msgspec.json.decode(msgspec.json.encode(check("Seen by the HV.")))
    assert decoded["findings"][0]["term"] == "HV"
    assert set(decoded) >= {"findings", "reading_age", "over_target"}


def test_summarise_counts_texts_over_target_and_with_jargon() -> None:
    state = summarise(
        [
            "We will meet on Monday.",
            "The HV will come on Monday.",
            "Notwithstanding intermittent engagement, chronic neglect constitutes "
            "significant harm necessitating multi-agency intervention.",
        ]
    )
    assert (state.texts, state.over_target, state.with_jargon) == (3, 1, 2)


def test_summarise_of_nothing_is_zero() -> None:
    state = summarise(iter([]))
    assert (state.texts, state.over_target, state.with_jargon) == (0, 0, 0)


# ------------------------------------------------------------------ properties

_FORMS = [form for term in TERMS for form in surface_forms(term)]
_GLUE = [" ", "\n", ". ", "-", "'", "was ", "were raised ", "cinema", "x", "\u00e9", "\u2019"]


def assert_findings_are_sound(text: str) -> None:
    report = check(text)
    assert report.reading_age >= 0
    assert list(report.findings) == sorted(report.findings, key=lambda f: (f.start, f.end, f.kind))
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
    jargon = [f for f in report.findings if f.kind == "jargon"]
    for before, after in itertools.pairwise(jargon):
        assert before.end <= after.start


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_check_never_raises_and_spans_lie_within_any_text(text: str) -> None:
    assert_findings_are_sound(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FORMS) | st.sampled_from(_GLUE), max_size=40).map("".join))
def test_spans_are_sound_on_text_dense_with_terms(text: str) -> None:
    assert_findings_are_sound(text)
