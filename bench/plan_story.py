"""A generated family's plans over the years: items, objectives, check-ins, scaling, versions
with the parents' family views, meetings and answers (the rows of `bench/story.py`'s family
that the plans and meetings slices hold). A mixin: `FamilyStory` has the family, its people,
its team and `add`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from bench.kit import MONTHS, PARENT_NAMES, PLAN_KIND, Episode, Thread, canonical, sha
from careplan.plans.rules import family_view_document, plan_document

SECTIONS = {
    "safety_plan": (
        ("harm", 1),
        ("worry", 3),
        ("complicating", 2),
        ("strength", 3),
        ("safety_goal", 2),
        ("safety_rule", 2),
        ("contingency", 1),
        ("network", 3),
        ("words_and_pictures", 1),
        ("childs_view", 1),
    ),
    "wellbeing_plan": (("worry", 2), ("strength", 3), ("safety_goal", 1), ("network", 2)),
}
MEETING_KIND = {
    "early_help": "team_around_the_family",
    "child_in_need": "child_in_need_review",
    "child_protection": "review_conference",
}


class PlanStory:
    """The plan-side rows of a family's story (mixed into `FamilyStory`)."""

    rng: Any
    ids: Any
    clock: Any
    id: uuid.UUID
    index: int
    per_month: int
    person: uuid.UUID
    parent_name: str
    parents: list[tuple[uuid.UUID, str]]
    children: list[tuple[uuid.UUID, str]]
    child_names: list[str]
    team: dict[str, tuple[uuid.UUID, uuid.UUID, str]]
    key: tuple[uuid.UUID, uuid.UUID, str]
    items: list[dict[str, Any]]
    objectives: dict[uuid.UUID, dict[str, Any]]
    scaling: list[dict[str, Any]]
    versions: dict[int, int]
    month_rows: dict[str, list[Any]]

    def add(self, table: str, **values: Any) -> uuid.UUID:
        raise NotImplementedError

    def pick(self, role: str) -> tuple[uuid.UUID, uuid.UUID, str]:
        raise NotImplementedError

    def end_reason(self, thread: Thread) -> str | None:
        raise NotImplementedError

    def item(self, episode: Episode, section: str, n: int, m: int, **values: Any) -> None:
        rng = self.rng
        by = rng.choice(list(self.team.values()))
        child = rng.choice(self.child_names)
        text = {
            "harm": f"{child} was found alone at home late at night with no food in the house.",
            "worry": f"{by[2]} is worried that {child} will miss school and fall behind.",
            "complicating": "Money is tight and the flat is damp.",
            "strength": f"{self.parent_name} loves {child} and wants things to be better.",
            "safety_goal": f"{child} is safe, fed and at school every day.",
            "safety_rule": f"If {self.parent_name} feels too low to get up, she phones Nan.",
            "contingency": "If the children are found alone again, a meeting within 2 days.",
            "network": f"{rng.choice(PARENT_NAMES)} {self.surname} (Nan): takes {child} to school.",
            "words_and_pictures": f"{child}, lots of people care about you.",
            "childs_view": f"{child}'s three houses: good things, worries and dreams.",
            "next_step": f"{by[2]} will help {self.parent_name} with the school run plan.",
        }[section]
        details = {
            "worry": {"who_is_worried": by[2]},
            "network": {"name": f"Nan {self.surname}", "contact": "01632 960555"},
            "safety_rule": {"trigger": "feeling too low to get up"},
        }.get(section, {})
        row = dict(
            id=self.ids(),
            family=self.id,
            plan=episode.plan,
            section=section,
            position=n,
            text=text,
            details=details,
            answers=None,
            network_person=None,
            about_member_ids=[str(self.children[0][0])],
            source_kind="agency",
            source_agency=by[1],
            author=by[0],
            removed_at=None,
            updated_at=self.clock.at(m, 1),
            created_at=self.clock.at(m, 1),
            revision=1,
            audience_kind="professionals" if section == "childs_view" else "family",
            audience_ids=[],
        )
        row.update(values)
        self.items.append(row)
        self.month_rows["item"].append(row)

    def next_step(self, episode: Episode, m: int) -> None:
        """A next step every three months, done and removed when the next one comes."""
        by_when = self.clock.day(m, 30).isoformat()
        done = {}
        if m + 3 < episode.end and m + 3 <= MONTHS:  # written as it stands today: done since
            done = {
                "removed_at": self.clock.at(m + 3, 1, 9),
                "removed_reason": "Done.",
                "removed_by": self.key[0],
            }
        self.item(
            episode, "next_step", 0, m, details={"who": self.key[2], "by_when": by_when}, **done
        )

    def objective(self, e: int, episode: Episode, thread: Thread, m: int) -> None:
        if thread.outcome != "open" and thread.end <= episode.end:
            status = thread.outcome
        elif episode.end <= MONTHS:
            status = "carried"
        else:
            status = "open"
        _, kind, unit, baseline, target = thread.goal
        row = dict(
            id=self.ids(),
            family=self.id,
            plan=episode.plan,
            thread=thread.id,
            title=thread.title,
            why="So the children are safe and well.",
            answers=None,
            measure_kind=kind,
            unit=unit,
            baseline=str(baseline),
            target=str(target),
            due_on=self.clock.day(m + 6),
            owner_kind="member",
            owner_member=thread.owner,
            owner_person=None,
            owner_agency=None,
            status=status,
            decided_reason=self.end_reason(thread) if status in ("achieved", "dropped") else None,
            position=len(self.objectives),
            author=self.key[0],
            removed_at=None,
            updated_at=self.clock.at(m, 2),
            created_at=self.clock.at(m, 2),
            revision=1,
            audience_kind="family",
            audience_ids=[],
        )
        thread.objectives[e] = row["id"]
        self.objectives[row["id"]] = row
        self.month_rows["objective"].append(row)

    def value(self, thread: Thread, m: int) -> str:
        _, kind, _, baseline, target = thread.goal
        if kind == "yes_no":
            return "1" if m - thread.start > 4 + self.index % 9 else "0"
        share = min(1.0, (m - thread.start) / 24)
        value = round(baseline + (target - baseline) * share) + self.rng.choice((-1, 0, 0, 1))
        top = 100 if kind == "percentage" else 10 if kind == "scale" else max(target, baseline)
        return str(max(0, min(top, value)))

    def check_ins(self, thread: Thread, objective: uuid.UUID, m: int) -> None:
        """The family's check-ins on a goal this month, and the key professional's."""
        rows, clock, ids = self.month_rows["progress_entry"], self.clock, self.ids
        days = [(3 + 7 * n, "parent", self.person) for n in range(self.per_month)]
        days.append((15, "professional", self.key[0]))
        for day, kind, person in days:
            on = clock.day(m, day)
            if on >= clock.today:
                continue
            note = "Mornings are easier with the bags packed." if day == 3 and m % 5 == 0 else ""
            at = dt.datetime.combine(on, dt.time(19 if kind == "parent" else 11), tzinfo=dt.UTC)
            rows.append(
                (
                    ids(),
                    at,
                    self.id,
                    thread.id,
                    objective,
                    ids(),
                    on,
                    self.value(thread, m),
                    note,
                    kind,
                    person,
                )
            )

    def scale(self, episode: Episode, m: int) -> None:
        """Every quarter: the key professional's judgement and the parent's, 0 to 10."""
        score = min(10, 2 + (m - episode.start) // 4 + self.rng.randint(0, 2))
        for by_kind, name, extra in (
            ("professional", self.key[2], {"by_person": self.key[0]}),
            ("parent", self.parent_name, {"by_member": self.parents[0][0]}),
        ):
            row = dict(
                id=self.ids(),
                family=self.id,
                plan=episode.plan,
                statement=None,
                score=score,
                by_kind=by_kind,
                by_name=name,
                judged_on=self.clock.day(m, 5),
                reason="Things are steadier at home than last time.",
                recorded_by=self.key[0],
                audience_kind="family",
                audience_ids=[],
                removed_at=None,
                created_at=self.clock.at(m, 5),
                **extra,
            )
            self.scaling.append(row)
            self.month_rows["scaling"].append(row)

    def version(self, e: int, episode: Episode, m: int) -> None:
        """A version for the review, shared with the parents; a meeting on it; an answer."""
        self.versions[e] += 1
        number, at, rng = self.versions[e], self.clock.at(m, 8), self.rng
        items = [
            {**r, "removed_at": None}
            for r in self.items
            if r["removed_at"] is None or r["removed_at"] > at
        ]
        document = plan_document(
            {"id": episode.plan, "kind": PLAN_KIND[episode.kind], "family": self.id},
            {"id": episode.id, "kind": episode.kind, "opened_on": self.clock.day(episode.start)},
            [
                {"id": p[0], "given_name": p[1], "known_as": "", "role": "parent"}
                for p in self.parents
            ]
            + [
                {"id": c[0], "given_name": c[1], "known_as": "", "role": "child"}
                for c in self.children
            ],
            items,
            list(self.objectives.values()),
            self.scaling,
        )
        content = canonical(document)
        version = self.add(
            "plan_version",
            family=self.id,
            plan=episode.plan,
            number=number,
            schema=document["schema"],
            content=content,
            sha256=sha(content),
            label=f"For review {number}",
            created_by=self.key[0],
            shared_at=self.clock.at(m, 8, 12),
            shared_by=self.key[0],
            created_at=at,
        )
        views = {}
        for member, _ in self.parents:
            text = canonical(family_view_document(document, str(member)))
            views[member] = (
                self.add(
                    "family_view",
                    family=self.id,
                    version=version,
                    member=member,
                    content=text,
                    sha256=sha(text),
                    created_at=at,
                ),
                sha(text),
            )
        kind = MEETING_KIND[episode.kind]
        if kind == "review_conference" and number == 1:
            kind = "initial_conference"
        chair = self.pick("chair") if episode.kind == "child_protection" else self.key
        meeting = self.add(
            "meeting",
            family=self.id,
            plan=episode.plan,
            version=version,
            kind=kind,
            purpose="To review the plan.",
            starts_at=self.clock.at(m, 10, 14),
            location="Northmere Civic Centre",
            chair=chair[0],
            quorate=True,
            family_attendance="attended",
            status="held",
            updated_at=self.clock.at(m, 10, 16),
            created_at=at,
        )
        others = rng.sample(list(self.team.values()), min(2, len(self.team)))
        people = dict.fromkeys([self.key, *others])  # in order: ids repeat run to run
        for person, agency, name in people:
            self.add(
                "attendee",
                family=self.id,
                meeting=meeting,
                person=person,
                agency=agency,
                name=name,
                created_at=at,
            )
        self.add(
            "attendee",
            family=self.id,
            meeting=meeting,
            member=self.parents[0][0],
            name=self.parent_name,
            created_at=at,
        )
        if episode.kind == "child_protection":
            self.add(
                "decision",
                family=self.id,
                meeting=meeting,
                version=version,
                plan_needed=True,
                category="neglect",
                next_review_on=self.clock.day(m + 6),
                notes="The plan continues.",
                decided_by=chair[0],
                created_at=self.clock.at(m, 10, 17),
            )
        if rng.random() < 0.6:
            view, view_sha = views[self.parents[0][0]]
            answered = self.clock.at(m, 9, 20)
            agreement = self.add(
                "agreement",
                family=self.id,
                plan=episode.plan,
                version=version,
                family_view=view,
                member=self.parents[0][0],
                answer=rng.choice(("agree", "agree", "agree_with_comments")),
                words="Fine by me." if rng.random() < 0.5 else "",
                item_comments=[],
                version_sha256=sha(content),
                view_sha256=view_sha,
                answered_by=self.person,
                created_at=answered,
            )
            self.add(
                "answer_seen",
                family=self.id,
                agreement=agreement,
                seen_by=self.key[0],
                created_at=self.clock.at(m, 10, 9),
            )
