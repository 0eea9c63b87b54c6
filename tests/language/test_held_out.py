"""The jargon checker measured on sentences written apart from its dictionary (held_out.py).

A marked word counts as found when a jargon finding covers any part of it: the writer is
pointed at it, whatever the dictionary calls the term. Each part is measured on its own and
must find at least 90% of the marked words with no false alarm on its plain sentences.
"""

from __future__ import annotations

import pytest

from careplan.language.rules import find_jargon
from tests.language.held_out import PART_A, PART_A2, PART_B, PLAIN_A, PLAIN_A2, PLAIN_B

MIN_RECALL = 0.90

PARTS = {
    "A": (PART_A, PLAIN_A),
    "A2": (PART_A2, PLAIN_A2),
    "B": (PART_B, PLAIN_B),
}


def found(text: str, words: str) -> bool:
    start = text.index(words)
    end = start + len(words)
    return any(f.start < end and f.end > start for f in find_jargon(text))


def test_every_marked_word_is_in_its_sentence() -> None:
    for sentences, _ in PARTS.values():
        for text, marked in sentences:
            for words in marked:
                assert words in text, (words, text)


def test_the_held_out_parts_are_big_enough_to_measure() -> None:
    assert len(PART_A) >= 80 and len(PLAIN_A) >= 50
    assert len(PART_A2) >= 50 and len(PLAIN_A2) >= 30


@pytest.mark.parametrize("part", sorted(PARTS))
def test_recall_and_false_alarms_on_each_held_out_part(part: str, record_property) -> None:
    sentences, plain = PARTS[part]
    if not sentences:
        pytest.skip(f"part {part} has no sentences yet (see held_out.py)")
    marked = sum(len(words) for _, words in sentences)
    missed = [(w, text) for text, words in sentences for w in words if not found(text, w)]
    alarms = [(text, [f.text for f in find_jargon(text)]) for text in plain if find_jargon(text)]
    recall = 1 - len(missed) / marked
    record_property(f"held_out_{part}_recall", round(recall, 4))
    record_property(f"held_out_{part}_false_alarms", f"{len(alarms)}/{len(plain)}")
    assert recall >= MIN_RECALL, missed
    assert not alarms, alarms


def test_a_word_just_before_can_mean_another_sense() -> None:
    # "placement" is where a child in care lives; "a work placement" is plain English.
    assert [f.term for f in find_jargon("The placement broke down.")] == ["placement"]
    assert find_jargon("Jess is on a work placement at the bakery.") == []
    assert find_jargon("Her college placement starts in May.") == []


def test_abbreviations_that_differ_only_in_case_are_told_apart() -> None:
    # "CPS" (the prosecutors) and "CPs" (the plural of CP) are both in the dictionary.
    assert [f.term for f in find_jargon("Passed to the CPS.")] == ["CPS"]
    assert [f.term for f in find_jargon("Two CPs were reviewed.")] == ["CP"]
