"""The plan's pure rules: canonical bytes, hashes, audiences, diffs (hypothesis)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careplan.access.audience import Audience, AudienceError
from careplan.lib import canonical
from careplan.plans import rules, vocabulary

texts = st.text(max_size=40)
entries = st.fixed_dictionaries(
    {
        "section": st.sampled_from(["worry", "strength", "harm"]),
        "text": texts,
        "position": st.integers(0, 50),
        "audience": st.sampled_from(["family", "professionals"]),
    }
)
collections = st.dictionaries(st.uuids().map(str), entries, max_size=6)
documents = st.fixed_dictionaries(
    {
        "schema": st.just(1),
        "items": collections,
        "objectives": st.dictionaries(st.uuids().map(str), entries, max_size=3),
        "scaling": st.dictionaries(st.uuids().map(str), entries, max_size=3),
    }
)


@given(documents)
def test_the_same_content_always_hashes_the_same(document) -> None:
    shuffled = json.loads(json.dumps(document, sort_keys=False))
    reordered = {key: shuffled[key] for key in reversed(list(shuffled))}
    assert rules.Snapshot.of(document).sha256 == rules.Snapshot.of(reordered).sha256


@given(documents, texts)
def test_any_change_gives_another_hash(document, extra) -> None:
    changed = {**document, "items": {**document["items"], "new": {"text": extra}}}
    assert rules.Snapshot.of(document).sha256 != rules.Snapshot.of(changed).sha256


@given(documents)
def test_the_hash_is_recomputable_from_the_stored_text(document) -> None:
    snapshot = rules.Snapshot.of(document)
    assert canonical.sha256_hex(snapshot.text) == snapshot.sha256
    assert canonical.canonical_text(json.loads(snapshot.text)) == snapshot.text


@given(documents, documents)
def test_the_diff_takes_a_to_b(a, b) -> None:
    changes = rules.diff(a, b)
    after = rules.apply_diff(a, changes)
    for collection in rules.COLLECTIONS:
        assert after[collection] == b[collection]


@given(documents)
def test_a_document_differs_from_itself_in_nothing(document) -> None:
    changes = rules.diff(document, document)
    assert all(not any(part.values()) for part in changes.values())


def test_text_is_nfc_normalised_so_the_same_words_hash_the_same() -> None:
    composed, decomposed = "Zoë", "Zoe\u0308"
    assert rules.Snapshot.of({"t": composed}) == rules.Snapshot.of({"t": decomposed})


def test_values_take_their_canonical_forms() -> None:
    moment = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    text = canonical.canonical_text(
        {
            "on": dt.date(2026, 3, 1),
            "at": moment,
            "n": Decimal("7.50"),
            "id": uuid.UUID(int=1),
        }
    )
    assert text == (
        '{"at":"2026-01-02T02:04:05.000000Z","id":"00000000-0000-0000-0000-000000000001",'
        '"n":"7.5","on":"2026-03-01"}'
    )


def test_floats_and_naive_times_are_refused() -> None:
    with pytest.raises(TypeError):
        canonical.canonical_text({"x": 1.5})
    with pytest.raises(ValueError):
        canonical.canonical_text({"x": dt.datetime(2026, 1, 1)})


def test_an_audience_is_one_of_the_four_shapes() -> None:
    member = str(uuid.uuid4())
    assert Audience.parse("family").includes_member(member)
    assert not Audience.parse("professionals").includes_member(member)
    assert Audience.parse({"members": [member]}).includes_member(member)
    assert not Audience.parse({"members": [str(uuid.uuid4())]}).includes_member(member)
    agency = str(uuid.uuid4())
    assert Audience.parse({"agencies": [agency]}).includes_professional(agency)
    assert not Audience.parse({"agencies": [agency]}).includes_professional(str(uuid.uuid4()))
    for bad in ("everyone", {"members": []}, {"members": ["x"]}, {"friends": [member]}, None):
        with pytest.raises(AudienceError):
            Audience.parse(bad)


def test_a_family_view_holds_only_what_the_member_may_see_and_names_only_them() -> None:
    me, other = str(uuid.uuid4()), str(uuid.uuid4())
    document = {
        "schema": 1,
        "plan": {"id": "p"},
        "members": {me: {"name": "Me"}, other: {"name": "Secret partner"}},
        "items": {
            "a": {"audience": "family", "about_member_ids": [me]},
            "b": {"audience": "professionals", "about_member_ids": [other]},
            "c": {"audience": {"members": [other]}, "about_member_ids": [other]},
        },
        "objectives": {},
        "scaling": {},
    }
    view = rules.family_view_document(document, me)
    assert set(view["items"]) == {"a"}
    assert view["members"] == {me: {"name": "Me"}}


def test_a_readers_document_holds_only_their_audience_and_says_when_it_is_filtered() -> None:
    police, school = str(uuid.uuid4()), str(uuid.uuid4())
    entry = {"section": "worry", "text": "t", "position": 0}
    document = {
        "schema": 1,
        "plan": {"id": "p"},
        "members": {"m": {"name": "Jess"}},
        "items": {
            "for_police": {**entry, "audience": {"agencies": [police]}},
            "for_everyone": {**entry, "audience": "professionals"},
            "for_family": {**entry, "audience": "family"},
        },
        "objectives": {"o": {**entry, "audience": {"agencies": [police, school]}}},
        "scaling": {"s": {**entry, "audience": {"agencies": [police]}}},
    }
    stored = canonical.canonical_text(document)

    def sees(agency: str):
        return lambda audience: audience.includes_professional(agency)

    theirs, filtered = rules.readable_document(document, sees(police))
    assert not filtered and theirs == document
    mine, filtered = rules.readable_document(document, sees(school))
    assert filtered
    assert set(mine["items"]) == {"for_everyone", "for_family"}
    assert set(mine["objectives"]) == {"o"} and mine["scaling"] == {}
    assert mine["members"] == document["members"] and mine["plan"] == document["plan"]
    assert canonical.canonical_text(document) == stored  # the stored document is left whole


def test_a_thread_follows_its_current_objectives_audience() -> None:
    police = str(uuid.uuid4())
    everyone, for_police = Audience.parse("professionals"), Audience.parse({"agencies": [police]})

    def school(audience: Audience) -> bool:
        return audience.includes_professional(str(uuid.uuid4()))

    assert rules.thread_steps_seen([everyone, everyone], school) == [0, 1]
    assert rules.thread_steps_seen([everyone, for_police], school) is None  # narrowed
    assert rules.thread_steps_seen([for_police, everyone], school) == [1]  # widened
    assert rules.thread_steps_seen([], school) == []


@pytest.mark.parametrize(
    ("section", "audience", "details", "allowed"),
    [
        ("childs_view", "professionals", {}, True),
        ("childs_view", {"agencies": [str(uuid.UUID(int=1))]}, {}, True),
        ("childs_view", "family", {}, False),
        ("childs_view", "family", {"child_agrees": False}, False),
        ("childs_view", "family", {"child_agrees": "yes"}, False),
        ("childs_view", {"members": [str(uuid.UUID(int=2))]}, {}, False),
        ("childs_view", "family", {"child_agrees": True}, True),
        ("worry", "family", {}, True),
        (None, "family", None, True),
    ],
)
def test_the_childs_view_reaches_the_family_only_when_the_child_agrees(
    section, audience, details, allowed
) -> None:
    assert rules.childs_view_allowed(section, Audience.parse(audience), details) is allowed


def test_a_family_view_never_holds_a_childs_view_without_the_childs_agreement() -> None:
    me = str(uuid.uuid4())
    said = {"section": "childs_view", "audience": "family", "about_member_ids": []}
    document = {
        "schema": 1,
        "plan": {"id": "p"},
        "members": {},
        "items": {"unagreed": said, "agreed": {**said, "details": {"child_agrees": True}}},
        "objectives": {},
        "scaling": {},
    }
    assert set(rules.family_view_document(document, me)["items"]) == {"agreed"}


@pytest.mark.parametrize(
    ("status", "plan_closed", "moved", "expected"),
    [
        ("open", False, False, "recorded"),
        ("carried", True, True, "carried"),  # onto the objective of the new plan
        ("carried", True, False, "carried"),  # kept on its thread until a new plan carries it
        ("achieved", True, False, "ended"),
        ("dropped", True, False, "ended"),
        ("open", True, False, "ended"),  # left open by a close before closing decided them
    ],
)
def test_a_check_in_after_a_close_is_never_lost(status, plan_closed, moved, expected) -> None:
    outcome = rules.check_in_outcome(status, plan_closed, moved=moved)
    assert outcome == expected
    assert vocabulary.CHECK_IN_SAID[outcome].startswith("Your check-in was saved.")


# ---------------------------------------------------------------------------- issue 14


def test_a_date_in_details_must_be_real_unless_kept_from_before() -> None:
    assert rules.details_date_problem({"who": "Tom", "by_when": "2026-12-11"}) is None
    assert rules.details_date_problem({"who": "Tom"}) is None
    assert rules.details_date_problem({"by_when": "11 December 2026"}) == "by_when"
    assert rules.details_date_problem({"by_when": "2026-02-31"}) == "by_when"
    assert rules.details_date_problem({"by_when": 20261211}) == "by_when"
    # Words kept by the migration may stay as they were, but no new words are taken.
    kept = {"by_when": "end of term"}
    assert rules.details_date_problem({"by_when": "end of term"}, kept) is None
    assert rules.details_date_problem({"by_when": "half term"}, kept) == "by_when"
    assert rules.details_date_problem({"by_when": "2027-01-08"}, kept) is None
