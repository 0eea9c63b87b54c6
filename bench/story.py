"""One generated family's six years, told month by month (for `bench/generate.py`).

`family_story(...)` is a generator: the n-th `next()` gives the rows created in month n (a dict
of table name to rows), so the generator can write every family's month together and the
tables fill in time order, as six years of real use would fill them (a family's check-ins
spread over the table, not side by side). Each row is written once, as it stands today: an
objective carried to a later plan says "carried" from the start.

A family (its shape drawn from a seeded random generator, so a run is repeatable): one or two
parents (the first with a portal account) and one to four children; an arc of episodes
(early help, child in need, child protection, stepping up and down, the last open); a plan per
episode with the items of its sections; five to nine goals (threads) started over the years,
some achieved or dropped, each with an objective in every plan it lives through; every month a
check-in by the family and one by the key professional on each live goal; scaling every
quarter; a version every six months, shared, with each parent's family view, a meeting on it
and often a parent's answer; an assessment of each child each year.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from bench.kit import (
    CHILD_NAMES,
    GOALS,
    MONTHS,
    OTHER_PARENT_NAMES,
    PARENT_NAMES,
    PLAN_KIND,
    SURNAMES,
    Clock,
    Episode,
    Ids,
    Pools,
    Thread,
)
from bench.plan_story import SECTIONS, PlanStory

GCP2_AREAS = ("physical_care", "care_of_safety", "love_and_care", "stimulation_and_education")


def arc(rng: random.Random, with_social_worker: bool) -> list[Episode]:
    """The family's episodes over the six years; the last is open."""
    a, b = rng.randint(8, 22), rng.randint(34, 52)
    shape = rng.choices("ABCD", weights=(40, 30, 20, 10))[0]
    if with_social_worker and shape == "D":
        shape = "A"
    if shape == "A":
        return [
            Episode("early_help", 0, a, "step_up"),
            Episode("child_in_need", a, b, "step_up"),
            Episode("child_protection", b, MONTHS + 1),
        ]
    if shape == "B":
        return [Episode("early_help", 0, a, "step_up"), Episode("child_in_need", a, MONTHS + 1)]
    if shape == "C":
        return [
            Episode("child_in_need", 0, a, "step_up"),
            Episode("child_protection", a, b, "step_down"),
            Episode("child_in_need", b, MONTHS + 1),
        ]
    return [Episode("early_help", 0, MONTHS + 1)]


class FamilyStory(PlanStory):
    """One family: its shape decided at once, its rows given out month by month."""

    def __init__(
        self, index: int, pools: Pools, clock: Clock, ids: Ids, seed: int, per_month: int
    ) -> None:
        self.rng = rng = random.Random(seed * 1_000_003 + index)
        self.index, self.pools, self.clock, self.ids = index, pools, clock, ids
        self.per_month = per_month
        self.id = ids()
        self.surname = rng.choice(SURNAMES)
        self.demo_team = index < 25 and bool(pools.demo)  # on the demo people's caseloads
        self.episodes = arc(rng, self.demo_team)
        self.early_help_only = all(e.kind == "early_help" for e in self.episodes)
        self.items: list[dict[str, Any]] = []
        self.objectives: dict[uuid.UUID, dict[str, Any]] = {}
        self.scaling: list[dict[str, Any]] = []
        self.versions: dict[int, int] = defaultdict(int)
        self.month_rows: dict[str, list[Any]] = defaultdict(list)

    # ------------------------------------------------------------------ the people
    def pick(self, role: str) -> tuple[uuid.UUID, uuid.UUID, str]:
        if self.demo_team and role in self.pools.demo:
            return self.pools.demo[role]
        return self.rng.choice(self.pools.by_role[role])

    def add(self, table: str, **values: Any) -> uuid.UUID:
        values.setdefault("id", self.ids())
        self.month_rows[table].append(values)
        return values["id"]

    def begin(self) -> None:
        """Month 0: the family, its members, the parent's account, its goals' threads."""
        rng, at0 = self.rng, self.clock.at(0)
        last = self.clock.at(MONTHS, -rng.randint(0, 20))
        self.add(
            "family",
            id=self.id,
            local_authority=self.pools.la,
            created_at=at0,
            name=f"{self.surname} family",
            case_reference=f"NMC-{300000 + self.index}",
            updated_at=last,
            revision=rng.randint(20, 400),
        )
        address = (
            f"{rng.randint(1, 180)} {rng.choice(SURNAMES)} Road, Northmere NM{rng.randint(1, 9)}"
        )
        self.parent_name = rng.choice(PARENT_NAMES)
        self.person = self.ids()
        self.add(
            "person",
            id=self.person,
            kind="family",
            created_at=at0,
            name=f"{self.parent_name} {self.surname}",
            email=f"parent{self.index}@family.bench.example",
        )
        self.parents = [
            self.member(
                self.parent_name,
                "parent",
                "Mum",
                25 + rng.randint(0, 15),
                address,
                person=self.person,
            )
        ]
        if rng.random() < 0.6:
            name = rng.choice(OTHER_PARENT_NAMES)
            self.parents.append(
                self.member(name, "parent", "Dad", 27 + rng.randint(0, 15), address)
            )
        self.children = [
            self.member(
                rng.choice(CHILD_NAMES),
                "child",
                rng.choice(("Son", "Daughter")),
                rng.randint(0, 12),
                address,
            )
            for _ in range(rng.randint(1, 4))
        ]
        self.child_names = [c[1] for c in self.children]
        self.threads = [self.thread(i) for i in range(rng.randint(5, 9))]
        self.team: dict[str, tuple[uuid.UUID, uuid.UUID, str]] = {}

    def member(
        self, name: str, role: str, relationship: str, age: int, address: str, **values: Any
    ) -> tuple[uuid.UUID, str]:
        born = self.clock.day(0) - dt.timedelta(days=365 * age + self.rng.randint(0, 364))
        member_id = self.add(
            "member",
            family=self.id,
            given_name=name,
            family_name=self.surname,
            role=role,
            relationship=relationship,
            date_of_birth=born,
            address=address,
            parental_responsibility=role == "parent",
            from_date=self.clock.day(0),
            created_at=self.clock.at(0),
            updated_at=self.clock.at(0),
            **values,
        )
        return member_id, name

    def thread(self, n: int) -> Thread:
        rng = self.rng
        goal = GOALS[(self.index + n * 5) % len(GOALS)]
        start = 0 if n < 3 else rng.randint(3, 60)
        outcome = rng.choices(("open", "achieved", "dropped"), weights=(55, 30, 15))[0]
        end = start + rng.randint(8, 36) if outcome != "open" else MONTHS + 1
        if end > MONTHS:
            end, outcome = MONTHS + 1, "open"
        child = rng.choice(self.child_names)
        title = goal[0].format(child=child, parent=self.parent_name)
        owner = rng.choice(self.parents)[0]
        return Thread(self.ids(), title, goal, start, end, outcome, owner)

    # ------------------------------------------------------------------ month by month
    def months(self) -> Iterator[dict[str, list[Any]]]:
        for month in range(MONTHS + 1):
            self.month_rows = defaultdict(list)
            if month == 0:
                self.begin()
            self.month(month)
            yield self.month_rows

    def month(self, m: int) -> None:
        for e, episode in enumerate(self.episodes):
            if episode.start == m:
                self.open_episode(e, episode)
        episode_index = next(i for i, e in enumerate(self.episodes) if e.start <= m < e.end)
        episode = self.episodes[episode_index]
        for thread in self.threads:
            if thread.start == m:
                self.add(
                    "thread",
                    id=thread.id,
                    family=self.id,
                    title=thread.title,
                    started_on=self.clock.day(m),
                    created_at=self.clock.at(m),
                    status=thread.outcome,
                    ended_on=self.clock.day(thread.end) if thread.end <= MONTHS else None,
                    end_reason=self.end_reason(thread),
                )
                if m > episode.start:
                    self.objective(episode_index, episode, thread, m)
        since = m - episode.start
        if since % 3 == 1:
            self.next_step(episode, m)
        if since % 3 == 2:
            self.scale(episode, m)
        if since % 6 == 2 and self.clock.day(m, 8) < self.clock.today:
            self.version(episode_index, episode, m)
        if m % 12 == 6:
            for child, _ in self.children:
                self.add(
                    "assessment",
                    family=self.id,
                    member=child,
                    episode=episode.id,
                    area=self.rng.choice(GCP2_AREAS),
                    grade=self.rng.randint(1, 5),
                    assessed_on=self.clock.day(m, 10),
                    assessor=self.pick("health_visitor")[0],
                    created_at=self.clock.at(m, 10),
                )
        for thread in self.threads:
            if thread.start <= m < thread.end:
                self.check_ins(thread, thread.objectives[episode_index], m)

    def end_reason(self, thread: Thread) -> str | None:
        if thread.outcome == "achieved":
            return "Done, and it has stayed done for three months."
        if thread.outcome == "dropped":
            return "No longer the right goal: the family and the team agreed a different one."
        return None

    def open_episode(self, e: int, episode: Episode) -> None:
        rng, m = self.rng, episode.start
        worker_role = "family_support_worker" if episode.kind == "early_help" else "social_worker"
        for role in (
            worker_role,
            "health_visitor",
            "school",
            *(("gp", "adult_mental_health") if episode.kind != "early_help" else ()),
            *(("police",) if episode.kind == "child_protection" else ()),
        ):
            if role in self.team or (role in ("gp", "adult_mental_health") and rng.random() < 0.5):
                continue
            self.team[role] = person = self.pick(role)
            self.add(
                "team_member",
                family=self.id,
                person=person[0],
                agency=person[1],
                role=role,
                # One key worker, as it stands today: the social worker once there is one.
                key_worker=role == "social_worker"
                or (role == "family_support_worker" and self.early_help_only),
                joined_on=self.clock.day(m),
                created_at=self.clock.at(m),
            )
        self.key = self.team[worker_role]
        previous = self.episodes[e - 1] if e else None
        closed = episode.end <= MONTHS
        episode.id = self.add(
            "episode",
            family=self.id,
            kind=episode.kind,
            opened_on=self.clock.day(m),
            open_reason="Asked for help by the school and the health visitor."
            if not e
            else f"Stepped {previous.outcome.removeprefix('step_')} after a review.",  # type: ignore[union-attr]
            opened_by=self.key[0],
            previous=previous.id if previous else None,
            link=previous.outcome if previous else None,
            closed_on=self.clock.day(episode.end) if closed else None,
            close_outcome=episode.outcome if closed else None,
            close_reason="Agreed at the review." if closed else None,
            closed_by=self.key[0] if closed else None,
            updated_at=self.clock.at(min(episode.end, MONTHS)),
            created_at=self.clock.at(m),
        )
        category = "neglect" if episode.kind == "child_protection" else None
        for child, _ in self.children:
            self.add(
                "episode_child",
                family=self.id,
                episode=episode.id,
                member=child,
                category=category,
                created_at=self.clock.at(m),
            )
        episode.plan = self.add(
            "plan",
            family=self.id,
            episode=episode.id,
            kind=PLAN_KIND[episode.kind],
            created_at=self.clock.at(m),
            updated_at=self.clock.at(min(episode.end, MONTHS)),
            revision=rng.randint(5, 200),
        )
        self.items, self.scaling, self.objectives = [], [], {}
        for section, count in SECTIONS[PLAN_KIND[episode.kind]]:
            for n in range(rng.randint(max(1, count - 1), count)):
                self.item(episode, section, n, m)
        for thread in self.threads:
            if thread.start <= m < thread.end:
                self.objective(e, episode, thread, m)
