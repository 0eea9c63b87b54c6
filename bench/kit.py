"""What the benchmark's generated stories share: the six years as months, ids, the people
pools, goals and names, and the canonical text of a version."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

MONTHS = 72
PROGRESS_COLUMNS = (
    "id",
    "created_at",
    "family",
    "thread",
    "objective",
    "client_uuid",
    "recorded_on",
    "value",
    "note",
    "by_kind",
    "by_person",
)
SURNAMES = (
    "Ashworth Barker Bibi Brennan Clarke Cooper Dlamini Evans Fischer Gallagher Green Hussain "
    "Ibrahim Jones Kaur Kelly Kowal Lewis Li Mahmood Mensah Morgan Murphy Nowak Okoye Patel "
    "Popescu Quinn Rahman Reid Roberts Santos Shah Silva Smith Taylor Thompson Turner Walsh "
    "Ward Watson Wilson Wood Wright Yilmaz Young Zielinski"
).split()
PARENT_NAMES = "Amy Chloe Dana Emma Fatima Gemma Hannah Jade Kayleigh Lisa Maria Nicola".split()
OTHER_PARENT_NAMES = "Adam Ben Craig Dean Gary Jamal Lee Mark Ryan Scott Tariq Wayne".split()
CHILD_NAMES = "Alfie Ava Ella Finn Grace Harry Isla Jack Lily Mason Noah Oscar Ruby Zara".split()
GOALS = (
    ("{child} gets to school on time", "count", "days on time out of 5", 2, 5),
    ("Home is safe and clean enough for the children", "scale", "home conditions, 0 to 10", 3, 8),
    ("{child}'s health checks and jabs are up to date", "yes_no", "", 0, 1),
    (
        "{parent} goes to their mental health appointments",
        "percentage",
        "% of appointments",
        40,
        90,
    ),
    ("The children are never left alone at home", "count", "weeks in a row", 0, 12),
    ("{parent} keeps to the drinking plan", "count", "days without a drink out of 7", 2, 7),
    ("{child} is in bed by 8 on school nights", "count", "nights out of 5", 1, 5),
    ("There is food in the house every day", "count", "days out of 7", 4, 7),
    ("Arguments are calm and away from the children", "scale", "calm at home, 0 to 10", 2, 8),
    ("{child} goes to the after-school club", "frequency", "times a week", 0, 3),
    ("{parent} finishes the parenting course", "count", "sessions out of 10", 0, 10),
    ("{child} sees the dentist", "yes_no", "", 0, 1),
)
PLAN_KIND = {
    "early_help": "wellbeing_plan",
    "child_in_need": "wellbeing_plan",
    "child_protection": "safety_plan",
}


class Ids:
    """Unique ids in the order they are made (as UUIDv7 would be): a fixed prefix, a counter."""

    def __init__(self, prefix: int = 0xB3C0) -> None:
        self.base = (prefix << 112) | (0x4000 << 64) | (0x8000 << 48)
        self.n = 0

    def __call__(self) -> uuid.UUID:
        self.n += 1
        return uuid.UUID(int=self.base | self.n)


@dataclass
class Pools:
    """The people and agencies families are given (built by the generator)."""

    la: uuid.UUID
    by_role: dict[str, list[tuple[uuid.UUID, uuid.UUID, str]]]  # role: (person, agency, name)
    chairs: list[tuple[uuid.UUID, uuid.UUID, str]]
    demo: dict[str, tuple[uuid.UUID, uuid.UUID, str]] = field(default_factory=dict)


@dataclass
class Thread:
    id: uuid.UUID
    title: str
    goal: tuple[Any, ...]
    start: int
    end: int  # the month it ended (MONTHS + 1: still open)
    outcome: str  # open, achieved or dropped
    owner: uuid.UUID
    objectives: dict[int, uuid.UUID] = field(default_factory=dict)  # episode index: objective


@dataclass
class Episode:
    kind: str
    start: int
    end: int  # MONTHS + 1: open
    outcome: str | None = None
    id: uuid.UUID | None = None
    plan: uuid.UUID | None = None


class Clock:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.start = today - dt.timedelta(days=round(MONTHS * 30.44) + 1)

    def day(self, month: int, day: int = 0) -> dt.date:
        return min(self.start + dt.timedelta(days=round(month * 30.44) + day), self.today)

    def at(self, month: int, day: int = 0, hour: int = 10) -> dt.datetime:
        return dt.datetime.combine(self.day(month, day), dt.time(hour), tzinfo=dt.UTC)


PLAN_KIND = {
    "early_help": "wellbeing_plan",
    "child_in_need": "wellbeing_plan",
    "child_protection": "safety_plan",
}


def canonical(document: dict[str, Any]) -> str:
    """RFC 8785 text of a document of strings, whole numbers, None, dates and nested dicts:
    json's sorted compact form is that text (checked against careplan.lib.canonical once)."""
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_iso
    )


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
