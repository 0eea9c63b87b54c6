"""The caseload reads only the meetings its dates are worked out from, and they date a plan as
all of its meetings would.

A plan's meetings pile up over the years (a core group every few weeks, a review every six
months), so the caseload reads of each plan only the newest held and the first booked of each
kind and the few others a rule asks about (`careplan.meetings.queries.caseload.dating_meetings`).
Here a plan of the demo gets random meetings (every kind and status, times around midnight in
London, decisions with and without a review date, discussing the newest version or an older
one), and its line on the caseload (`rules.family_entry`, for a child protection and a
looked-after episode on that plan, on days before, among and after them) is worked out from
those read and from every meeting of the plan read plainly: the two must be the same.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

import pytest

from careplan import db
from careplan.demo.builder import demo_id
from careplan.lib.clock import start_of_day
from careplan.meetings import bulk
from careplan.meetings.queries.caseload import dating_meetings
from careplan.meetings.tables import Decision, Meeting
from careplan.meetings.vocabulary import MEETING_KINDS, MEETING_STATUSES
from careplan.oversight.rules import CONFERENCES, KEPT_TWO, Clocks, Read, family_entry
from careplan.plans.tables import PlanVersion
from tests.conftest import DEMO_DAY

pytestmark = pytest.mark.anyio

HARTLEY = demo_id("family:hartley")
PLAN = demo_id("hartley:plan:child_protection")
PRIYA = demo_id("person:priya")
ROUNDS = 40
# The days the line is worked out on, from the demo's day: two in British Summer Time.
DAYS = (-200, -30, -1, 0, 1, 30, 200)


async def every_meeting(plan: uuid.UUID) -> list[dict[str, Any]]:
    """All the plan's meetings held or booked, oldest first, with their review dates: what the
    caseload read before it read only some."""
    meetings = (
        await Meeting.select(
            Meeting.id,
            Meeting.plan,
            Meeting.version,
            Meeting.kind,
            Meeting.status,
            Meeting.starts_at,
        )
        .where((Meeting.plan == plan) & (Meeting.status != "cancelled"))
        .order_by(Meeting.starts_at)
    )
    decisions = await Decision.select(Decision.meeting, Decision.next_review_on).where(
        Decision.family == HARTLEY
    )
    review_on = {row["meeting"]: row["next_review_on"] for row in decisions}
    return [{**row, "next_review_on": review_on.get(row["id"])} for row in meetings]


def random_meetings(
    rng: random.Random, asked: uuid.UUID, other: uuid.UUID
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    meetings, decisions = [], []
    for _ in range(rng.choice([0, 5, 15, 40, 80])):
        # Around the days asked about and around midnight as often as not: a meeting at
        # 23:30 UTC in summer is the next day in London.
        near = rng.choice(DAYS) + rng.randint(-1, 1)
        day = DEMO_DAY + dt.timedelta(days=rng.choice([near, rng.randint(-400, 120)]))
        minute = rng.choice([rng.randint(0, 1439), rng.randint(-60, 60) % 1440])
        starts_at = dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC) + dt.timedelta(
            minutes=minute
        )
        status = rng.choice(MEETING_STATUSES)
        meeting = {
            "id": uuid.uuid4(),
            "family": HARTLEY,
            "plan": PLAN,
            # The version asked about discussed now and then, not always at the newest meeting.
            "version": asked if rng.random() < 0.05 else rng.choice([None, other]),
            "kind": rng.choice(MEETING_KINDS),
            "starts_at": starts_at,
            "chair": PRIYA,
            "status": status,
            "created_at": starts_at,
            "updated_at": starts_at,
        }
        meetings.append(meeting)
        if status == "held" and rng.random() < 0.6:
            review = day + dt.timedelta(days=rng.randint(20, 200))
            decisions.append(
                {
                    "id": uuid.uuid4(),
                    "family": HARTLEY,
                    "meeting": meeting["id"],
                    "version": meeting["version"] or other,
                    "plan_needed": True,
                    "next_review_on": rng.choice([review, None]),
                    "decided_by": PRIYA,
                    "created_at": starts_at,
                }
            )
    return meetings, decisions


def line(
    meetings: list[dict[str, Any]], kind: str, version: dict[str, Any], today: dt.date
) -> dict[str, Any]:
    """The plan's line on the caseload, worked out from these meetings."""
    episode = {"id": "episode", "kind": kind, "opened_on": DEMO_DAY - dt.timedelta(days=300)}
    read = Read(
        episodes=[episode],
        concerns=[],
        disagreements=[],
        versions=[{**version, "awaiting_answer_from": []}],
        answers=[],
        stale=[],
        clocks=Clocks(),
        meetings_by_plan={PLAN: meetings},
        plan_of_episode={"episode": PLAN},
    )
    family = {"id": HARTLEY, "name": "Hartley family", "case_reference": ""}
    return family_entry(family, None, read, today)


async def test_the_meetings_read_date_a_plan_as_all_its_meetings_would(demo) -> None:
    rng = random.Random(16)
    versions = (
        await PlanVersion.select(PlanVersion.id, PlanVersion.plan, PlanVersion.number)
        .where(PlanVersion.plan == PLAN)
        .order_by(PlanVersion.number)
    )
    # The version whose meeting the line asks after: the demo's held conference discussed the
    # second, so the first is asked about (the rules take it as the newest), and whether it
    # was discussed, and when one is booked, turn on the random meetings.
    asked, other = versions[0], versions[-1]
    assert asked["id"] != other["id"]
    most_read = most_there = 0
    for _ in range(ROUNDS):
        meetings, decisions = random_meetings(rng, asked["id"], other["id"])
        async with db.write_transaction():
            if meetings:
                await bulk.insert("meeting", meetings)
            if decisions:
                await bulk.insert("decision", decisions)
        everything = await every_meeting(PLAN)
        for days in DAYS:
            today = DEMO_DAY + dt.timedelta(days=days)
            read = await dating_meetings(
                [PLAN],
                start_of_day(today),
                [asked["id"]],
                decided_kinds=CONFERENCES,
                keep_two=KEPT_TWO,
            )
            # A handful of meetings a plan, never all of them: of each kind at most the newest
            # held, the newest held decided, the newest held on the version, the first booked
            # and the first booked from today (and a second held looked-after review).
            assert len(read) <= 5 * len(MEETING_KINDS) + 1
            most_read, most_there = max(most_read, len(read)), max(most_there, len(everything))
            for kind in ("child_protection", "looked_after", "child_in_need"):
                assert line(read, kind, asked, today) == line(everything, kind, asked, today)
        async with db.write_transaction():
            ids = [m["id"] for m in meetings]
            if decisions:
                await Decision.delete().where(Decision.meeting.is_in(ids))
            if ids:
                await Meeting.delete().where(Meeting.id.is_in(ids))
    # The rounds did reach plans with more meetings than are read.
    assert most_there > most_read
