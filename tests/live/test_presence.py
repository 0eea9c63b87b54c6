"""Presence rules: one process's picture, built from messages, expiring without heartbeats."""

from __future__ import annotations

import asyncio

import pytest

from careplan.live.presence import (
    ROLL_CALL,
    TTL_SECONDS,
    Presence,
    Present,
    is_roll_call,
    message,
)

PLAN, FAMILY = "plan-1", "family-1"


def said(person: str, tab: str = "t1", **extra) -> dict:
    return message(plan_id=PLAN, family_id=FAMILY, person_id=person, tab=tab, **extra)


def test_someone_who_opens_the_plan_is_present_until_they_leave() -> None:
    presence = Presence()
    assert presence.apply(said("priya"), now=0) is True
    assert presence.people(PLAN, now=1) == [Present("priya", "")]
    assert presence.apply(said("priya"), now=5) is False  # a heartbeat changes nothing shown
    assert presence.apply(said("priya", left=True), now=6) is True
    assert presence.people(PLAN, now=6) == []


def test_presence_expires_without_a_heartbeat() -> None:
    presence = Presence()
    presence.apply(said("priya"), now=0)
    presence.apply(said("grace"), now=20)
    assert presence.sweep(now=TTL_SECONDS - 1) == set()
    assert presence.sweep(now=TTL_SECONDS + 1) == {PLAN}
    assert presence.people(PLAN, now=TTL_SECONDS + 1) == [Present("grace", "")]


def test_the_block_set_last_by_any_of_a_persons_pages_is_shown_once() -> None:
    presence = Presence()
    presence.apply(said("priya", tab="a"), now=0)
    presence.apply(said("priya", tab="b"), now=0)
    assert presence.apply(said("priya", tab="a", block="item-x"), now=1) is True
    assert presence.people(PLAN, now=2) == [Present("priya", "item-x")]
    # A heartbeat without a block keeps the block.
    assert presence.apply(said("priya", tab="a"), now=3) is False
    # Closing the other page keeps her present, still editing.
    assert presence.apply(said("priya", tab="b", left=True), now=4) is False
    assert presence.people(PLAN, now=4) == [Present("priya", "item-x")]


def test_listeners_hear_of_their_plan_only() -> None:
    presence = Presence()
    mine: asyncio.Queue = asyncio.Queue()
    with presence.listening(PLAN, mine):
        presence.notify("another-plan")
        assert mine.empty()
        presence.notify(PLAN)
        assert mine.get_nowait() == ("presence", PLAN)
    presence.notify(PLAN)
    assert mine.empty()


def test_a_roll_call_asks_every_open_page_of_every_plan_to_say_it_is_here() -> None:
    presence = Presence()
    one, two, elsewhere = asyncio.Queue(), asyncio.Queue(), asyncio.Queue()
    with presence.listening("plan-1", one), presence.listening("plan-1", two):
        with presence.listening("plan-2", elsewhere):
            assert is_roll_call(ROLL_CALL) and not is_roll_call(said("priya"))
            presence.answer_roll_call()
    assert one.get_nowait() == two.get_nowait() == ("announce", "plan-1")
    assert elsewhere.get_nowait() == ("announce", "plan-2")
    presence.answer_roll_call()  # nobody is listening any more: nothing is asked
    assert one.empty() and two.empty() and elsewhere.empty()


def test_every_block_the_editor_names_is_understood() -> None:
    import uuid as _uuid

    from careplan.lib.errors import Invalid
    from careplan.live.service.presence import parse_block

    item = _uuid.uuid4()
    assert parse_block("section-worry") == "section-worry"
    assert parse_block("section-objectives") == "section-objectives"
    assert parse_block("section-scaling") == "section-scaling"
    assert parse_block(f"objective-{_uuid.uuid4()}") == "section-objectives"
    assert parse_block(f"item-{item}") == f"item-{item}"
    assert parse_block("") == ""
    with pytest.raises(Invalid):
        parse_block("section-nonsense")
