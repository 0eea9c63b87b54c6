"""One-click plain words keep the sentence grammatical (issue 14, item 4).

The helper once turned "make a referral for an FGC" into "make a asking for help for you for
an FGC": it put the plain words in place of the term alone, whatever they were. A suggestion
now replaces the whole phrase the term belongs to (its article too) with words that fit
there, or, where none would fit, the writer is given the sentence to rewrite.
"""

from __future__ import annotations

import itertools

import pytest

from careplan.language import service
from careplan.language.rules import TERMS, article_for, find_jargon, replacement


def applied(text: str, term: str) -> str | None:
    """The text after clicking the term's one-click suggestion; None when there is none."""
    found = [f for f in find_jargon(text) if f.term == term]
    assert found, (text, term)
    swap = found[0].replacement
    return None if swap is None else text[: swap.start] + swap.text + text[swap.end :]


@pytest.mark.parametrize(
    ("text", "term", "after"),
    [
        # The issue's own example, each term in turn.
        ("make a referral for an FGC", "referral", "make a request for help for an FGC"),
        ("make a referral for an FGC", "FGC", "make a referral for a family meeting"),
        # Articles agree with the words that come in.
        ("An FGC will be held in May.", "FGC", "A family meeting will be held in May."),
        ("A referral was made.", "referral", "A request for help was made."),
        (
            "Mum asked for an ICPC.",
            "ICPC",
            "Mum asked for a first big meeting about your child's safety.",
        ),
        # Plurals take the plural words.
        (
            "Referrals were made to the school.",
            "referral",
            "Requests for help were made to the school.",
        ),
        ("Both SWs came.", "SW", "Both social workers came."),
        ("The HVs and the school met.", "HV", "The health visitors and the school met."),
        # Words with their own article take the place of the one there.
        ("The LA will decide.", "LA", "The council will decide."),
        (
            "Mum was referred to CAMHS.",
            "CAMHS",
            "Mum was referred to the children's mental health team.",
        ),
        # Verb forms.
        ("We commenced the work in May.", "commence", "We started the work in May."),
        ("Dad utilises the support.", "utilise", "Dad uses the support."),
        ("We are utilising the centre.", "utilise", "We are using the centre."),
        # Short words fit anywhere; a capital at the start of a sentence.
        (
            "Mum spoke to us. HV visits on Friday.",
            "HV",
            "Mum spoke to us. Health visitor visits on Friday.",
        ),
        ("The SW will come on Monday.", "SW", "The social worker will come on Monday."),
        ("The FGC referral was sent.", "FGC", "The family meeting referral was sent."),
        ("We met prior to the review.", "prior to", "We met before the review."),
        (
            "Going forward, we will visit weekly.",
            "going forward",
            "From now on, we will visit weekly.",
        ),
    ],
)
def test_a_suggestion_keeps_the_sentence_grammatical(text: str, term: str, after: str) -> None:
    assert applied(text, term) == after


@pytest.mark.parametrize(
    ("text", "term"),
    [
        # A long replacement where the term describes the next word: "a family meeting to
        # make a plan referral" would be nonsense.
        ("The CAMHS appointment is on Friday.", "CAMHS"),
        ("The CIN plan was agreed.", "CIN"),
        # Another owner before words that bring their own article: "Leo's the council".
        ("Leo's LA will decide.", "LA"),
        # Another word listed with the term: "re-referral" is not "a request for help".
        ("A re-referral was made.", "referral"),
        # A term the dictionary gives no fitting words for.
        ("The TAF meeting is on Monday.", "TAF"),
        ("Mum DNA'd the appointment.", "DNA"),
        # A possessive on words ending in s.
        ("The SWs' notes were read.", "SW"),
    ],
)
def test_where_no_replacement_fits_none_is_offered(text: str, term: str) -> None:
    assert applied(text, term) is None


def test_where_none_fits_the_writer_gets_the_sentence_to_rewrite() -> None:
    text = "Leo is doing well. The TAF meeting is on Monday. Mum agrees."
    hints = service.hints(text)
    taf = next(j for j in hints["jargon"] if j["term"] == "TAF")
    assert taf["replace"] is None
    assert taf["rewrite"] == {"start": 19, "text": "The TAF meeting is on Monday."}
    fgc = next(j for j in service.hints("Book an FGC.")["jargon"] if j["term"] == "FGC")
    assert fgc["rewrite"] is None
    assert fgc["replace"] == {"start": 5, "from": "an FGC", "to": "a family meeting"}


def test_no_suggestion_ever_puts_a_wrong_article_or_the_old_plain_words_in() -> None:
    # Every term with words to put in, after "a", at the start and in the middle.
    for term in TERMS:
        if not term.replace:
            continue
        for text in (f"We talked about a {term.term}.", f"{term.term} is next."):
            found = [f for f in find_jargon(text) if f.term == term.term]
            if not found or found[0].replacement is None:
                continue
            swap = found[0].replacement
            after = text[: swap.start] + swap.text + text[swap.end :]
            words = after.casefold().split()
            for article, word in itertools.pairwise(words):
                if article in ("a", "an") and word.isalpha():
                    assert article == article_for(word), (term.term, after)
            assert "a a " not in after and "the the " not in after.casefold(), after


def test_the_replacement_words_carry_no_jargon_and_fit_their_kind() -> None:
    for term in TERMS:
        for words in (term.replace, term.replace_plural, *term.replace_forms):
            if words:
                assert not find_jargon(words), (term.term, words)
        if term.replace_forms:
            assert len(term.replace_forms) == 3, term.term


def test_articles_follow_the_sound_of_the_next_word() -> None:
    assert article_for("family meeting") == "a"
    assert article_for("appointment") == "an"
    assert article_for("hour") == "an"
    assert article_for("useful chat") == "a"


def test_replacement_is_pure_and_spans_what_it_replaces() -> None:
    term = next(t for t in TERMS if t.term == "FGC")
    text = "We booked an FGC."
    swap = replacement(text, 13, 16, term, "base")
    assert swap is not None and text[swap.start : swap.end] == "an FGC"
