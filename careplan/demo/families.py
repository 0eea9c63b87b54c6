"""The demo's families, written as rows. Every person and event is invented.

- The Hartleys: six years of help (early help, child in need, child protection) whose
  objectives carried across the episodes with their progress; versions, a family's answer in
  their own words, a review conference with views, a dissent and the chair's decision.
- The Oseis: a mother whose address is confidential, a father restricted from the portal,
  an item for professionals only and one for the mother alone.
- The Whitfields: early help, and a concern from the health visitor left overdue.
- The Novaks: a new child protection enquiry with the initial conference coming up.

Each row names its table (`member`, `plan_version`): the loader writes it through the bulk.py
of the slice the table belongs to.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from careplan.access.audience import Audience
from careplan.demo.builder import Rows, demo_id
from careplan.plans.rules import Snapshot, family_view_document, plan_document

FAMILY = "family"
PROS = "professionals"


class FamilyWriter:
    """Helpers that keep one family's rows consistent (family id on every record)."""

    def __init__(self, rows: Rows, key: str, ids: dict[str, Any]) -> None:
        self.rows, self.key, self.ids = rows, key, ids
        self.family_id = demo_id(f"family:{key}")
        self.positions: dict[tuple[Any, str], int] = {}

    def k(self, name: str) -> str:
        return f"{self.key}:{name}"

    def member(self, name: str, **values: Any) -> Any:
        values.setdefault("from_date", self.rows.days_ago(365 * 7))
        values.setdefault("updated_at", self.rows.at(values["from_date"]))
        return self.rows.add(
            "member",
            self.k(f"member:{name}"),
            family=self.family_id,
            on=values["from_date"],
            **values,
        )

    def team(self, pro: str, role: str, joined: dt.date, key_worker: bool = False) -> None:
        self.rows.add(
            "team_member",
            self.k(f"team:{pro}"),
            family=self.family_id,
            person=self.ids[pro],
            agency=self.ids[f"agency_of:{pro}"],
            role=role,
            key_worker=key_worker,
            joined_on=joined,
            on=joined,
        )

    def episode(
        self,
        name: str,
        kind: str,
        opened: dt.date,
        by: str,
        reason: str,
        children: dict[Any, str | None],
        **values: Any,
    ) -> Any:
        episode_id = self.rows.add(
            "episode",
            self.k(f"episode:{name}"),
            family=self.family_id,
            kind=kind,
            opened_on=opened,
            open_reason=reason,
            opened_by=self.ids[by],
            updated_at=self.rows.at(values.get("closed_on") or opened),
            on=opened,
            **values,
        )
        for member_id, category in children.items():
            self.rows.add(
                "episode_child",
                self.k(f"episode:{name}:child:{member_id}"),
                family=self.family_id,
                episode=episode_id,
                member=member_id,
                category=category,
                on=opened,
            )
        return episode_id

    def plan(self, name: str, episode_id: Any, kind: str, opened: dt.date) -> Any:
        return self.rows.add(
            "plan",
            self.k(f"plan:{name}"),
            family=self.family_id,
            episode=episode_id,
            kind=kind,
            updated_at=self.rows.at(opened),
            on=opened,
        )

    def item(
        self,
        plan_id: Any,
        name: str,
        section: str,
        text: str,
        by: str,
        on: dt.date,
        audience: Any = FAMILY,
        about: tuple[Any, ...] = (),
        **values: Any,
    ) -> Any:
        parsed = Audience.parse(audience)
        position = self.positions.get((plan_id, section), 0)
        self.positions[(plan_id, section)] = position + 1
        values.setdefault("source_agency", self.ids[f"agency_of:{by}"])
        return self.rows.add(
            "item",
            self.k(f"item:{name}"),
            family=self.family_id,
            plan=plan_id,
            section=section,
            position=position,
            text=text,
            author=self.ids[by],
            audience_kind=parsed.kind,
            audience_ids=list(parsed.ids),
            about_member_ids=[str(m) for m in about],
            updated_at=self.rows.at(on),
            on=on,
            **values,
        )

    def thread(self, name: str, title: str, started: dt.date, **values: Any) -> Any:
        return self.rows.add(
            "thread",
            self.k(f"thread:{name}"),
            family=self.family_id,
            title=title,
            started_on=started,
            on=started,
            **values,
        )

    def objective(
        self, plan_id: Any, thread_id: Any, name: str, by: str, on: dt.date, **values: Any
    ) -> Any:
        values.setdefault("audience_kind", "family")
        return self.rows.add(
            "objective",
            self.k(f"objective:{name}"),
            family=self.family_id,
            plan=plan_id,
            thread=thread_id,
            author=self.ids[by],
            updated_at=self.rows.at(on),
            on=on,
            **values,
        )

    def progress(
        self,
        objective_id: Any,
        thread_id: Any,
        name: str,
        on: dt.date,
        value: str,
        by: str,
        by_kind: str,
        note: str = "",
    ) -> None:
        self.rows.add(
            "progress_entry",
            self.k(f"progress:{name}:{on.isoformat()}"),
            family=self.family_id,
            thread=thread_id,
            objective=objective_id,
            client_uuid=_client_uuid(self.k(f"{name}:{on}")),
            recorded_on=on,
            value=value,
            note=note,
            by_kind=by_kind,
            by_person=self.ids.get(by) or self.ids[f"person:{by}"],
            on=on,
        )

    def scaling(
        self,
        plan_id: Any,
        name: str,
        score: int,
        by: str,
        by_kind: str,
        on: dt.date,
        reason: str,
        by_name: str,
        statement: Any = None,
        audience: str = FAMILY,
        **values: Any,
    ) -> None:
        self.rows.add(
            "scaling",
            self.k(f"scaling:{name}"),
            family=self.family_id,
            plan=plan_id,
            statement=statement,
            score=score,
            by_kind=by_kind,
            by_name=by_name,
            judged_on=on,
            reason=reason,
            recorded_by=self.ids[by],
            audience_kind=audience,
            on=on,
            **values,
        )

    def version(
        self,
        plan_id: Any,
        episode_id: Any,
        number: int,
        on: dt.date,
        by: str,
        label: str,
        shared: bool,
        viewers: list[Any],
    ) -> tuple[Any, dict[Any, Any]]:
        """Freeze the plan as it stood on `on`, and make the family views if shared."""
        cutoff = self.rows.at(on, hour=23)

        def as_of(table: str) -> list[dict[str, Any]]:
            return [
                r
                for r in self.rows.rows_of(table)
                if r.get("plan") == plan_id and r["created_at"] <= cutoff
            ]

        plan = next(r for r in self.rows.rows_of("plan") if r["id"] == plan_id)
        episode = next(r for r in self.rows.rows_of("episode") if r["id"] == episode_id)
        members = [r for r in self.rows.rows_of("member") if r["family"] == self.family_id]
        document = plan_document(
            plan,
            episode,
            [_member_defaults(m) for m in members],
            [_defaults("item", r) for r in as_of("item")],
            [_defaults("objective", r) for r in as_of("objective")],
            [_defaults("scaling", r) for r in as_of("scaling")],
        )
        snapshot = Snapshot.of(document)
        version_id = self.rows.add(
            "plan_version",
            self.k(f"version:{plan_id}:{number}"),
            family=self.family_id,
            plan=plan_id,
            number=number,
            schema=document["schema"],
            content=snapshot.text,
            sha256=snapshot.sha256,
            label=label,
            created_by=self.ids[by],
            shared_at=self.rows.at(on, 12) if shared else None,
            shared_by=self.ids[by] if shared else None,
            on=on,
        )
        views: dict[Any, Any] = {}
        for member_id in viewers if shared else []:
            view = Snapshot.of(family_view_document(document, str(member_id)))
            views[member_id] = (
                self.rows.add(
                    "family_view",
                    self.k(f"view:{version_id}:{member_id}"),
                    family=self.family_id,
                    version=version_id,
                    member=member_id,
                    content=view.text,
                    sha256=view.sha256,
                    on=on,
                ),
                view.sha256,
                snapshot.sha256,
            )
        return version_id, views


def _client_uuid(key: str) -> Any:
    return demo_id(f"client:{key}")


ITEM_DEFAULTS = {
    "details": {},
    "answers": None,
    "network_person": None,
    "source_kind": "agency",
    "source_agency": None,
    "removed_at": None,
    "position": 0,
    "about_member_ids": [],
    "audience_ids": [],
    "audience_kind": "professionals",
}
OBJECTIVE_DEFAULTS = {
    "why": "",
    "answers": None,
    "unit": "",
    "baseline": None,
    "due_on": None,
    "owner_member": None,
    "owner_person": None,
    "owner_agency": None,
    "status": "open",
    "position": 0,
    "removed_at": None,
    "audience_ids": [],
    "audience_kind": "professionals",
}
SCALING_DEFAULTS = {
    "statement": None,
    "by_name": "",
    "removed_at": None,
    "audience_ids": [],
    "audience_kind": "professionals",
}


def _defaults(table: str, row: dict[str, Any]) -> dict[str, Any]:
    defaults = {"item": ITEM_DEFAULTS, "objective": OBJECTIVE_DEFAULTS, "scaling": SCALING_DEFAULTS}
    return {**defaults[table], **row}


def _member_defaults(row: dict[str, Any]) -> dict[str, Any]:
    return {"known_as": "", **row}


def hartley(rows: Rows, ids: dict[str, Any]) -> None:
    f = FamilyWriter(rows, "hartley", ids)
    d = rows.days_ago
    rows.add(
        "family",
        "family:hartley",
        local_authority=ids["la"],
        name="Hartley family",
        case_reference="NMC-104233",
        updated_at=rows.at(d(1)),
        on=d(2200),
    )
    jess = f.member(
        "jess",
        given_name="Jess",
        family_name="Hartley",
        role="parent",
        relationship="Mum",
        date_of_birth=d(365 * 31),
        parental_responsibility=True,
        address="4 Alder Close, Northmere NM4 2QX",
        phone="07700 900411",
        person=ids["person:jess"],
    )
    kieran = f.member(
        "kieran",
        given_name="Kieran",
        family_name="Hartley",
        role="parent",
        relationship="Dad",
        date_of_birth=d(365 * 34),
        parental_responsibility=True,
        address="4 Alder Close, Northmere NM4 2QX",
        phone="07700 900412",
        person=ids["person:kieran"],
    )
    leo = f.member(
        "leo",
        given_name="Leo",
        family_name="Hartley",
        role="child",
        relationship="Son",
        date_of_birth=d(365 * 11 + 40),
        address="4 Alder Close, Northmere NM4 2QX",
        nhs_number="9990001235",
    )
    mia = f.member(
        "mia",
        given_name="Mia",
        family_name="Hartley",
        role="child",
        relationship="Daughter",
        date_of_birth=d(365 * 6 + 10),
        from_date=d(365 * 6),
        address="4 Alder Close, Northmere NM4 2QX",
        nhs_number="9990001243",
    )

    start, step_up_1, step_up_2 = d(365 * 6), d(365 * 5 - 60), d(365 * 3 + 300)
    f.team("priya", "social_worker", step_up_1, key_worker=True)
    f.team("tom", "family_support_worker", start)
    f.team("grace", "health_visitor", start)
    f.team("daniel", "school", start)
    f.team("amir", "gp", step_up_1)
    f.team("nadia", "adult_mental_health", step_up_1)
    f.team("laura", "police", step_up_2)

    early_help = f.episode(
        "early_help",
        "early_help",
        start,
        "tom",
        "Grace (health visitor) and Riverside school asked for family help: Leo often late, "
        "Mia's checks missed, Jess feeling low.",
        {leo: None, mia: None},
        closed_on=step_up_1,
        close_outcome="step_up",
        closed_by=ids["tom"],
        close_reason="Things did not get better with family help alone; Jess and Kieran agreed "
        "to a child in need plan.",
    )
    cin = f.episode(
        "child_in_need",
        "child_in_need",
        step_up_1,
        "priya",
        "Stepped up from family help after a year with little change.",
        {leo: None, mia: None},
        previous=early_help,
        link="step_up",
        closed_on=step_up_2,
        close_outcome="step_up",
        closed_by=ids["priya"],
        close_reason="Leo was found alone at night buying food; a strategy discussion was held.",
    )
    cp = f.episode(
        "child_protection",
        "child_protection",
        step_up_2,
        "priya",
        "Initial child protection conference: plan under the category of neglect.",
        {leo: "neglect", mia: "neglect"},
        previous=cin,
        link="step_up",
    )
    plan_eh = f.plan("early_help", early_help, "wellbeing_plan", start)
    plan_cin = f.plan("child_in_need", cin, "wellbeing_plan", step_up_1)
    plan_cp = f.plan("child_protection", cp, "safety_plan", step_up_2)

    school = f.thread("school", "Leo gets to school on time", start)
    home = f.thread("home", "Home is safe and clean enough for the children", start)
    checks = f.thread(
        "checks",
        "Mia's health checks and jabs are up to date",
        start,
        status="achieved",
        ended_on=step_up_2,
        end_reason="All checks and jabs done by Mia's third birthday.",
    )
    course = f.thread(
        "course",
        "Kieran finishes the parenting course",
        step_up_1,
        status="dropped",
        ended_on=step_up_2,
        end_reason="The course closed for lack of funding; Tom now does one-to-one "
        "sessions with Kieran instead.",
    )
    appointments = f.thread(
        "appointments", "Jess goes to her mental health appointments", step_up_1
    )
    alone = f.thread("alone", "Leo and Mia are never left alone at home", step_up_2)

    def school_objective(
        plan_id: Any, name: str, on: dt.date, status: str = "open", due: dt.date | None = None
    ) -> Any:
        return f.objective(
            plan_id,
            school,
            name,
            "tom",
            on,
            title="Leo gets to school on time",
            why="Leo misses the start of lessons and falls behind.",
            measure_kind="count",
            unit="days on time out of 5",
            baseline="2",
            target="5",
            owner_kind="member",
            owner_member=jess,
            due_on=due or on + dt.timedelta(days=180),
            status=status,
        )

    def home_objective(
        plan_id: Any, name: str, on: dt.date, status: str = "open", due: dt.date | None = None
    ) -> Any:
        return f.objective(
            plan_id,
            home,
            name,
            "tom",
            on,
            title="Home is safe and clean enough for the children",
            why="Rubbish and broken glass in the kitchen; no working heating upstairs.",
            measure_kind="scale",
            unit="home conditions, 0 to 10",
            baseline="3",
            target="8",
            owner_kind="member",
            owner_member=kieran,
            due_on=due or on + dt.timedelta(days=180),
            status=status,
            position=1,
        )

    objectives = {
        "school_eh": school_objective(plan_eh, "school_eh", start, "carried"),
        "home_eh": home_objective(plan_eh, "home_eh", start, "carried"),
        "school_cin": school_objective(plan_cin, "school_cin", step_up_1, "carried"),
        "home_cin": home_objective(plan_cin, "home_cin", step_up_1, "carried"),
        # The plan in force: its goals were last reviewed at the review conference, and are
        # due before the next one (relative to the day the demo is loaded, like every date).
        "school_cp": school_objective(
            plan_cp, "school_cp", step_up_2, due=rows.today + dt.timedelta(days=98)
        ),
        "home_cp": home_objective(
            plan_cp, "home_cp", step_up_2, due=rows.today + dt.timedelta(days=126)
        ),
    }
    checks_eh = f.objective(
        plan_eh,
        checks,
        "checks_eh",
        "grace",
        start,
        title="Mia's health checks and jabs are up to date",
        measure_kind="yes_no",
        baseline="0",
        target="1",
        owner_kind="member",
        owner_member=jess,
        status="carried",
        position=2,
    )
    checks_cin = f.objective(
        plan_cin,
        checks,
        "checks_cin",
        "grace",
        step_up_1,
        title="Mia's health checks and jabs are up to date",
        measure_kind="yes_no",
        baseline="0",
        target="1",
        owner_kind="member",
        owner_member=jess,
        status="achieved",
        decided_reason="All checks and jabs done.",
        position=2,
    )
    course_cin = f.objective(
        plan_cin,
        course,
        "course_cin",
        "tom",
        step_up_1,
        title="Kieran finishes the parenting course",
        measure_kind="count",
        unit="sessions out of 10",
        baseline="0",
        target="10",
        owner_kind="member",
        owner_member=kieran,
        status="dropped",
        decided_reason="The course closed for lack of funding.",
        position=3,
    )
    appointments_cin = f.objective(
        plan_cin,
        appointments,
        "appointments_cin",
        "nadia",
        step_up_1,
        title="Jess goes to her mental health appointments",
        measure_kind="percentage",
        unit="% of appointments",
        baseline="40",
        target="90",
        owner_kind="member",
        owner_member=jess,
        status="carried",
        position=4,
    )
    appointments_cp = f.objective(
        plan_cp,
        appointments,
        "appointments_cp",
        "nadia",
        step_up_2,
        title="Jess goes to her mental health appointments",
        measure_kind="percentage",
        unit="% of appointments",
        baseline="40",
        target="90",
        owner_kind="member",
        owner_member=jess,
        position=2,
    )
    alone_cp = f.objective(
        plan_cp,
        alone,
        "alone_cp",
        "priya",
        step_up_2,
        title="Leo and Mia are never left alone at home",
        measure_kind="count",
        unit="weeks in a row with a grown-up always there",
        baseline="0",
        target="12",
        owner_kind="member",
        owner_member=kieran,
        position=3,
    )

    # Progress across the six years, on the objective of the plan in force at the time.
    def in_force(day: dt.date, eh: Any, cin_: Any, cp_: Any) -> Any:
        return eh if day < step_up_1 else cin_ if day < step_up_2 else cp_

    for month in range(0, 72, 2):
        day = start + dt.timedelta(days=30 * month + 3)
        if day >= rows.today:
            break
        on_time = str(min(5, 2 + month // 18 + (month % 6 == 0)))
        tidy = str(min(8, 3 + month // 14))
        by, kind = ("jess", "parent") if month % 4 == 0 else ("tom", "professional")
        f.progress(
            in_force(
                day, objectives["school_eh"], objectives["school_cin"], objectives["school_cp"]
            ),
            school,
            "school",
            day,
            on_time,
            by,
            kind,
            "Mornings are easier when the bags are packed the night before."
            if kind == "parent"
            else "",
        )
        f.progress(
            in_force(day, objectives["home_eh"], objectives["home_cin"], objectives["home_cp"]),
            home,
            "home",
            day,
            tidy,
            "tom",
            "professional",
        )
    for n, day in enumerate((start + dt.timedelta(days=60), step_up_1 + dt.timedelta(days=200))):
        f.progress(
            checks_eh if day < step_up_1 else checks_cin,
            checks,
            "checks",
            day,
            str(n),
            "grace",
            "professional",
        )
    for n, sessions in enumerate(("2", "3", "3")):
        day = step_up_1 + dt.timedelta(days=90 * (n + 1))
        f.progress(course_cin, course, "course", day, sessions, "tom", "professional")
    for n in range(0, 30, 3):
        day = step_up_1 + dt.timedelta(days=40 * n + 5)
        if day >= rows.today:
            break
        f.progress(
            in_force(day, None, appointments_cin, appointments_cp),
            appointments,
            "appointments",
            day,
            str(min(90, 40 + 5 * n)),
            "nadia",
            "professional",
        )
    for week in range(0, 9):
        day = d(9 * 7) + dt.timedelta(days=7 * week)
        f.progress(
            alone_cp,
            alone,
            "alone",
            day,
            str(week + 1),
            "kieran" if week % 2 else "priya",
            "parent" if week % 2 else "professional",
        )

    # The child protection plan's items.
    cp_on = step_up_2 + dt.timedelta(days=1)
    f.item(
        plan_cp,
        "harm",
        "harm",
        "One evening in winter, Leo (then 8) was found walking to the shop alone at 10 at "
        "night to buy food, because there was no food in the house.",
        "priya",
        cp_on,
        about=(leo,),
    )
    worry = f.item(
        plan_cp,
        "worry_food",
        "worry",
        "Priya, Grace and Mr Price are worried that if there is not enough food, warmth and "
        "care at home, Leo and Mia will go hungry, get ill and fall behind at school.",
        "priya",
        cp_on,
        about=(leo, mia),
        details={
            "who_is_worried": "Priya, Grace and Mr Price",
            "family_view": "We agree money is tight, but the children are never hungry.",
            "family_disputes": True,
        },
    )
    worry_low = f.item(
        plan_cp,
        "worry_low",
        "worry",
        "We are worried that when Jess feels very low she stays in bed, and Leo has to look "
        "after Mia.",
        "nadia",
        cp_on,
        about=(jess, leo, mia),
        details={"family_view": "This is true and I want help with it."},
    )
    f.item(
        plan_cp,
        "nights",
        "complicating",
        "Kieran works nights, so he is asleep when the children come home.",
        "priya",
        cp_on,
    )
    f.item(
        plan_cp,
        "visitor",
        "complicating",
        "Police hold information about a regular visitor to the home that cannot be shared "
        "with the family yet.",
        "laura",
        cp_on,
        audience=PROS,
        source_kind="third_party",
        source_note="Police intelligence",
    )
    f.item(
        plan_cp,
        "love",
        "strength",
        "Jess and Kieran love Leo and Mia, and the children are very close to them.",
        "priya",
        cp_on,
    )
    f.item(
        plan_cp,
        "attendance",
        "strength",
        "Leo got to school on time on most days this term.",
        "daniel",
        d(40),
    )
    nan = f.item(
        plan_cp,
        "nan",
        "network",
        "Carol Hartley (Nan), 01632 960501: has promised to take the children to "
        "school whenever Jess calls.",
        "priya",
        cp_on,
        details={"name": "Carol Hartley", "contact": "01632 960501"},
    )
    f.item(
        plan_cp,
        "neighbour",
        "network",
        "Aisha at number 14: has promised to let the children in if nobody is home.",
        "priya",
        cp_on,
        details={"name": "Aisha"},
    )
    f.item(
        plan_cp,
        "goal_food",
        "safety_goal",
        "Jess and Kieran will make sure there is always food in the house and the children "
        "have a hot meal every day. Leo and Mia will feel full and warm. Priya will see this "
        "at every visit, for the next six months.",
        "priya",
        cp_on,
        answers=worry,
    )
    f.item(
        plan_cp,
        "goal_low",
        "safety_goal",
        "When Jess feels low, another grown-up will look after the children, and Leo will "
        "not have to. Nadia and Priya will check this every two weeks.",
        "nadia",
        cp_on,
        answers=worry_low,
    )
    f.item(
        plan_cp,
        "food_plan",
        "next_step",
        "Tom will help Jess and Kieran make a weekly food and money plan.",
        "tom",
        d(20),
        details={"who": "Tom", "by_when": (rows.today + dt.timedelta(days=14)).isoformat()},
    )
    f.item(
        plan_cp,
        "weigh",
        "next_step",
        "Grace will check Mia's weight at the clinic.",
        "grace",
        d(20),
        details={"who": "Grace", "by_when": (rows.today + dt.timedelta(days=21)).isoformat()},
    )
    f.item(
        plan_cp,
        "rule_nan",
        "safety_rule",
        "If Jess feels too low to get up, she will phone Nan before 8 in the morning, and "
        "Nan will take the children to school.",
        "priya",
        cp_on,
        network_person=nan,
        details={"trigger": "Jess feels too low to get up"},
    )
    f.item(
        plan_cp,
        "contingency",
        "contingency",
        "If the children are found alone at home again, Priya will call a meeting within 2 "
        "working days, and the children may stay with Nan while we make a new plan.",
        "priya",
        cp_on,
    )
    f.item(
        plan_cp,
        "words",
        "words_and_pictures",
        "Leo and Mia, lots of people care about you: Mum, Dad, Nan, Grace and Mr Price at "
        "school. They were worried because sometimes there was not enough food and you had "
        "to look after yourselves. Now Mum and Dad are making a plan so there is always "
        "food and a grown-up at home.",
        "priya",
        d(30),
        about=(leo, mia),
    )
    f.item(
        plan_cp,
        "three_houses",
        "childs_view",
        "Leo's three houses. Good things: playing football with Dad, Nan's Sunday dinners. "
        "Worries: when Mum is sad and stays in bed. Dreams: Mum is happy and we go to the "
        "seaside.",
        "priya",
        d(25),
        audience=PROS,
        about=(leo,),
        source_kind="family",
        source_agency=None,
        source_note="Leo, in his own words",
    )

    f.scaling(
        plan_cp,
        "priya_1",
        3,
        "priya",
        "professional",
        cp_on + dt.timedelta(days=2),
        "The children had been alone at night and there was little food.",
        "Priya Raman",
    )
    f.scaling(
        plan_cp,
        "priya_2",
        5,
        "priya",
        "professional",
        d(35),
        "There is food in the house at every visit and Nan is helping.",
        "Priya Raman",
    )
    f.scaling(
        plan_cp,
        "jess_1",
        8,
        "priya",
        "parent",
        d(35),
        "We are doing everything asked of us.",
        "Jess",
        by_member=jess,
    )
    f.scaling(
        plan_cp,
        "daniel_1",
        6,
        "daniel",
        "agency",
        d(30),
        "Leo is on time more often and looks cared for.",
        "Riverside Primary School",
        by_agency=ids["agency:school"],
    )
    f.scaling(
        plan_cp,
        "grace_food",
        5,
        "grace",
        "professional",
        d(30),
        "Mia's weight is going up again.",
        "Grace Okafor",
        statement=worry,
    )

    viewers = [jess, kieran, leo, mia]
    v1, views1 = f.version(plan_cp, cp, 1, d(60), "priya", "For the core group", True, viewers)
    v2, views2 = f.version(
        plan_cp, cp, 2, d(14), "priya", "Ready for the review conference", True, viewers
    )
    view_id, view_hash, version_hash = views1[kieran]
    rows.add(
        "agreement",
        "hartley:agreement:kieran:1",
        family=f.family_id,
        plan=plan_cp,
        version=v1,
        family_view=view_id,
        member=kieran,
        answer="agree",
        words="Fine by me.",
        version_sha256=version_hash,
        view_sha256=view_hash,
        answered_by=ids["person:kieran"],
        on=d(58),
    )
    view_id, view_hash, version_hash = views2[jess]
    rows.add(
        "agreement",
        "hartley:agreement:jess:2",
        family=f.family_id,
        plan=plan_cp,
        version=v2,
        family_view=view_id,
        member=jess,
        answer="agree_with_comments",
        words="I agree with most of it. I don't agree the children ever went hungry, but I "
        "know the food plan will help. Please can meetings be after 10am, as I take Mia "
        "to school first.",
        item_comments=[{"item": str(worry), "comment": "They always had breakfast."}],
        version_sha256=version_hash,
        view_sha256=view_hash,
        answered_by=ids["person:jess"],
        on=d(12),
    )
    # Priya read both answers the day after they came.
    for who, days in (("kieran:1", 57), ("jess:2", 11)):
        rows.add(
            "answer_seen",
            f"hartley:answer_seen:{who}",
            family=f.family_id,
            agreement=demo_id(f"hartley:agreement:{who}"),
            seen_by=ids["priya"],
            on=d(days),
        )

    # The review conference on version 2: views, a dissent, the chair's decision.
    review = rows.add(
        "meeting",
        "hartley:meeting:review",
        family=f.family_id,
        plan=plan_cp,
        version=v2,
        kind="review_conference",
        purpose="To review the child protection plan for Leo and Mia.",
        starts_at=rows.at(d(10), 14),
        location="Northmere Civic Centre, Room 4",
        chair=ids["robert"],
        quorate=True,
        family_attendance="attended",
        status="held",
        # The chair revealed the scales together, sent the outcome letter the next working
        # day; the full record is still due (15 working days).
        scales_revealed_at=rows.at(d(10), 15),
        letter_sent_at=rows.at(d(9), 9),
        updated_at=rows.at(d(10), 16),
        on=d(20),
    )
    attendees: dict[str, Any] = {}
    roles = {
        "priya": "Social worker",
        "grace": "Health visitor",
        "daniel": "Designated safeguarding lead, school",
        "tom": "Family support worker",
        "laura": "Police sergeant",
        "amir": "GP",
    }
    for pro, role in roles.items():
        attendees[pro] = rows.add(
            "attendee",
            f"hartley:attendee:{pro}",
            family=f.family_id,
            meeting=review,
            person=ids[pro],
            agency=ids[f"agency_of:{pro}"],
            name=ids[f"name:{pro}"],
            role=role,
            attended=pro != "amir",
            apologies=pro == "amir",
            attendance="apologies_with_report" if pro == "amir" else "present",
            on=d(10),
        )
    for name, member, role in (("Jess Hartley", jess, "Mum"), ("Kieran Hartley", kieran, "Dad")):
        rows.add(
            "attendee",
            f"hartley:attendee:{name}",
            family=f.family_id,
            meeting=review,
            member=member,
            name=name,
            role=role,
            attendance="present",
            on=d(10),
        )
    # Reports before the conference: the GP's (he sent apologies), the school's (shared with
    # the family), and Jess's own view from her phone.
    for key, agency, author, title, body, audience in (
        (
            "gp",
            "agency_of:amir",
            "amir",
            "GP report",
            "Leo and Mia are up to date with their immunisations. Jess has come to every "
            "appointment since the spring. No new concerns from the practice.",
            "family",
        ),
        (
            "school",
            "agency_of:daniel",
            "daniel",
            "School report",
            "Leo was on time on 41 of the last 50 school days, up from 22 last term. Mondays "
            "are still harder. He is settled in class and eats breakfast club most days.",
            "family",
        ),
        (
            "police",
            "agency_of:laura",
            "laura",
            "Police information",
            "Police know of a visitor to the home whose history is relevant to the children's "
            "safety. Details are shared with professionals only.",
            "professionals",
        ),
    ):
        rows.add(
            "meeting_report",
            f"hartley:report:{key}",
            family=f.family_id,
            meeting=review,
            by_kind="agency",
            agency=ids[agency],
            author=ids[author],
            title=title,
            body=body,
            audience_kind=audience,
            updated_at=rows.at(d(17)),
            on=d(17),
        )
    rows.add(
        "meeting_report",
        "hartley:report:jess",
        family=f.family_id,
        meeting=review,
        by_kind="member",
        member=jess,
        author=ids["person:jess"],
        title="My view",
        body="Things are better than at the last meeting. Leo gets to school on time most "
        "days now. I want the plan to end when the children are safe, and I think we are "
        "getting there.",
        audience_kind="members",
        audience_ids=[str(jess)],
        updated_at=rows.at(d(12)),
        on=d(12),
    )
    # Scaling without following the room: each professional's score, revealed together by
    # the chair; Jess's own score kept apart.
    scales = {
        "priya": (6, "Leo is on time more often and the home is cleaner, but it is recent."),
        "grace": (7, "Mia is gaining weight and Jess comes to every appointment."),
        "daniel": (6, "Better attendance; Mondays are the hard day."),
        "tom": (7, "Jess uses the food plan and the routines every week."),
        "laura": (3, "The visitor police know of is not dealt with in the plan."),
    }
    for pro, (score, reason) in scales.items():
        rows.add(
            "meeting_scale",
            f"hartley:scale:{pro}",
            family=f.family_id,
            meeting=review,
            by_kind="professional",
            person=ids[pro],
            agency=ids[f"agency_of:{pro}"],
            score=score,
            reason=reason,
            entered_by=ids[pro],
            updated_at=rows.at(d(10), 14),
            on=d(10),
        )
    rows.add(
        "meeting_scale",
        "hartley:scale:jess",
        family=f.family_id,
        meeting=review,
        by_kind="parent",
        member=jess,
        score=8,
        reason="We are doing everything on the plan and the children are happy.",
        entered_by=ids["person:jess"],
        audience_kind="members",
        audience_ids=[str(jess)],
        updated_at=rows.at(d(11)),
        on=d(11),
    )
    views = {
        "priya": ("agree", ""),
        "grace": ("agree", ""),
        "tom": ("agree", ""),
        "daniel": (
            "agree_with_reservations",
            "Leo is on time more often, but is still late most Mondays.",
        ),
        "laura": (
            "dissent",
            "The plan does not yet deal with the visitor to the home that police know of.",
        ),
    }
    for pro, (view, reason) in views.items():
        view_id = rows.add(
            "meeting_view",
            f"hartley:view:{pro}",
            family=f.family_id,
            meeting=review,
            attendee=attendees[pro],
            version=v2,
            view=view,
            reason=reason,
            recorded_by=ids["robert"],
            on=d(10),
        )
        if view == "dissent":
            disagreement = rows.add(
                "disagreement",
                "hartley:disagreement",
                family=f.family_id,
                meeting=review,
                meeting_view=view_id,
                raised_by=ids[pro],
                about=reason,
                stage="managers",
                stage_deadline=rows.today + dt.timedelta(days=3),
                updated_at=rows.at(d(3)),
                on=d(10),
            )
            rows.add(
                "disagreement_stage",
                "hartley:disagreement:1",
                family=f.family_id,
                disagreement=disagreement,
                stage="practitioners",
                started_on=d(10),
                deadline=d(3),
                ended_on=d(4),
                outcome="Priya and Laura could not agree; passed to their managers.",
                on=d(10),
            )
            rows.add(
                "disagreement_stage",
                "hartley:disagreement:2",
                family=f.family_id,
                disagreement=disagreement,
                stage="managers",
                started_on=d(4),
                deadline=rows.today + dt.timedelta(days=3),
                on=d(4),
            )
    rows.add(
        "decision",
        "hartley:decision:review",
        family=f.family_id,
        meeting=review,
        version=v2,
        plan_needed=True,
        category="neglect",
        next_review_on=d(10) + dt.timedelta(days=182),
        notes="The plan continues under the category of neglect. Police and children's "
        "social care managers to settle the disagreement about the visitor.",
        decided_by=ids["robert"],
        on=d(10),
    )
    for child, name in ((leo, "leo"), (mia, "mia")):
        rows.add(
            "child_decision",
            f"hartley:child_decision:{name}",
            family=f.family_id,
            meeting=review,
            decision=demo_id("hartley:decision:review"),
            member=child,
            plan_needed=True,
            category="neglect",
            lead_social_worker=ids["priya"],
            core_group=[str(ids[p]) for p in ("priya", "grace", "daniel", "tom")],
            next_review_on=d(10) + dt.timedelta(days=182),
            on=d(10),
        )
    # The plan's states: agreed at the first conference in outline, written in detail by the
    # core group, agreed by everyone, active; under review at the review conference, then
    # active again when it decided the plan goes on.
    initial, core = step_up_2, step_up_2 + dt.timedelta(days=14)
    moves = (
        ("active", "outline", initial, "robert", "The initial conference agreed an outline plan."),
        ("outline", "detailed", core, "priya", "The first core group wrote the plan in detail."),
        ("detailed", "agreed", core, "priya", "Every agency and both parents acknowledged it."),
        ("agreed", "active", core, "priya", "The plan started."),
        ("active", "under_review", d(24), "priya", "The review conference was arranged."),
        ("under_review", "active", d(10), "robert", "The review conference decided it goes on."),
    )
    for n, (before, after, on, who, why) in enumerate(moves):
        rows.add(
            "plan_state_change",
            f"hartley:plan_state:{n}",
            family=f.family_id,
            plan=plan_cp,
            from_state=before,
            to_state=after,
            moved_by=ids[who],
            reason=why,
            meeting=review if n == 5 else None,
            on=on,
        )
    rows.add(
        "meeting",
        "hartley:meeting:core_group",
        family=f.family_id,
        plan=plan_cp,
        version=v2,
        kind="core_group",
        purpose="To check how the plan is going and agree the next steps.",
        starts_at=rows.at(rows.today + dt.timedelta(days=7), 10),
        location="Northmere Family Centre, Room 2",
        how_to_join="Come to the family centre, or ask Priya for a video link.",
        chair=ids["priya"],
        updated_at=rows.at(d(5)),
        on=d(5),
    )
    for pro in ("priya", "grace", "daniel", "tom"):
        rows.add(
            "attendee",
            f"hartley:core_group:{pro}",
            family=f.family_id,
            meeting=demo_id("hartley:meeting:core_group"),
            person=ids[pro],
            agency=ids[f"agency_of:{pro}"],
            name=ids[f"name:{pro}"],
            role=roles[pro],
            on=d(5),
        )
    rows.add(
        "attendee",
        "hartley:core_group:jess",
        family=f.family_id,
        meeting=demo_id("hartley:meeting:core_group"),
        member=jess,
        name="Jess Hartley",
        role="Mum",
        on=d(5),
    )

    # Graded Care Profile 2 gradings of Leo at each step up.
    for on, grades in ((step_up_1, (4, 4, 2, 3)), (step_up_2, (3, 3, 2, 2))):
        for area, grade in zip(
            ("physical_care", "care_of_safety", "love_and_care", "stimulation_and_education"),
            grades,
            strict=True,
        ):
            rows.add(
                "assessment",
                f"hartley:gcp2:{on}:{area}",
                family=f.family_id,
                member=leo,
                area=area,
                grade=grade,
                assessed_on=on,
                assessor=ids["priya"],
                on=on,
            )


def osei(rows: Rows, ids: dict[str, Any]) -> None:
    f = FamilyWriter(rows, "osei", ids)
    d = rows.days_ago
    opened = d(150)
    rows.add(
        "family",
        "family:osei",
        local_authority=ids["la"],
        name="Osei family",
        case_reference="NMC-118902",
        updated_at=rows.at(d(3)),
        on=opened,
    )
    abena = f.member(
        "abena",
        given_name="Abena",
        family_name="Osei",
        role="parent",
        relationship="Mum",
        parental_responsibility=True,
        address="Flat 3, 27 Quarry Street, Northmere NM2 8RT",
        address_confidential=True,
        phone="07700 900521",
        from_date=opened,
        person=ids["person:abena"],
    )
    kofi = f.member(
        "kofi",
        given_name="Kofi",
        family_name="Osei",
        role="child",
        relationship="Son",
        date_of_birth=d(365 * 4),
        from_date=opened,
    )
    michael = f.member(
        "michael",
        given_name="Michael",
        family_name="Osei",
        role="parent",
        relationship="Dad",
        parental_responsibility=True,
        portal_restricted=True,
        from_date=opened,
    )
    f.team("priya", "social_worker", opened, key_worker=True)
    f.team("grace", "health_visitor", opened)
    f.team("laura", "police", opened)
    episode = f.episode(
        "cin",
        "child_in_need",
        opened,
        "priya",
        "Abena and Kofi moved to a refuge after domestic abuse.",
        {kofi: None},
    )
    plan = f.plan("cin", episode, "wellbeing_plan", opened)
    on = opened + dt.timedelta(days=3)
    worry = f.item(
        plan,
        "worry",
        "worry",
        "We are worried that if Kofi sees more fighting between grown-ups, he will "
        "be frightened and his sleep and speech will suffer.",
        "priya",
        on,
        about=(kofi,),
        audience={"members": [str(abena)]},
    )
    f.item(
        plan,
        "strength",
        "strength",
        "Abena has kept Kofi safe by moving somewhere new, and she goes to every appointment.",
        "priya",
        on,
        audience={"members": [str(abena)]},
        about=(abena,),
    )
    f.item(
        plan,
        "nursery",
        "complicating",
        "Michael asked Kofi's nursery where Abena now lives. Staff did not tell him.",
        "laura",
        on,
        audience=PROS,
        source_kind="third_party",
        source_note="Nursery manager",
    )
    f.item(
        plan,
        "fear",
        "worry",
        "Abena is frightened that Michael will find the new flat.",
        "priya",
        on,
        audience={"members": [str(abena)]},
        about=(abena,),
    )
    f.item(
        plan,
        "dad",
        "strength",
        "Michael wants to keep seeing Kofi at the contact centre.",
        "priya",
        on,
        audience="family",
        about=(michael, kofi),
    )
    f.item(
        plan,
        "sister",
        "network",
        "Efua (Abena's sister), 01632 960777: has promised to "
        "have Kofi to stay if Abena needs a break.",
        "priya",
        on,
        audience={"members": [str(abena)]},
    )
    thread = f.thread("sleep", "Kofi sleeps through the night", on)
    objective = f.objective(
        plan,
        thread,
        "sleep",
        "grace",
        on,
        title="Kofi sleeps through the night",
        why="Kofi wakes crying most nights since the move.",
        answers=worry,
        measure_kind="count",
        unit="nights out of 7",
        baseline="2",
        target="6",
        owner_kind="member",
        owner_member=abena,
        audience_kind="members",
        audience_ids=[str(abena)],
        due_on=rows.today + dt.timedelta(days=60),
    )
    for week in range(0, 20, 2):
        day = on + dt.timedelta(days=7 * week + 2)
        f.progress(
            objective,
            thread,
            "sleep",
            day,
            str(min(6, 2 + week // 4)),
            "abena",
            "parent",
            "He slept better after his bath and story.",
        )
    f.version(
        plan, episode, 1, d(30), "priya", "Plan after the child in need review", True, [abena, kofi]
    )


def whitfield(rows: Rows, ids: dict[str, Any]) -> None:
    f = FamilyWriter(rows, "whitfield", ids)
    d = rows.days_ago
    opened = d(90)
    rows.add(
        "family",
        "family:whitfield",
        local_authority=ids["la"],
        name="Whitfield family",
        updated_at=rows.at(d(9)),
        on=opened,
    )
    sophie = f.member(
        "sophie",
        given_name="Sophie",
        family_name="Whitfield",
        role="parent",
        relationship="Mum",
        parental_responsibility=True,
        from_date=opened,
        address="19 Mill Lane, Northmere NM7 1DF",
        person=ids["person:sophie"],
    )
    alfie = f.member(
        "alfie",
        given_name="Alfie",
        family_name="Whitfield",
        role="child",
        relationship="Son",
        date_of_birth=d(365 * 2),
        from_date=opened,
    )
    f.team("tom", "early_help_lead", opened, key_worker=True)
    f.team("grace", "health_visitor", opened)
    episode = f.episode(
        "eh",
        "early_help",
        opened,
        "tom",
        "Sophie asked her health visitor for help with money and sleep.",
        {alfie: None},
    )
    plan = f.plan("eh", episode, "wellbeing_plan", opened)
    on = opened + dt.timedelta(days=5)
    f.item(
        plan,
        "worry",
        "worry",
        "Sophie is worried that she cannot pay the gas bill this winter, and Alfie's room "
        "gets very cold.",
        "tom",
        on,
        about=(alfie,),
    )
    f.item(
        plan,
        "strength",
        "strength",
        "Sophie takes Alfie to every clinic appointment.",
        "grace",
        on,
        about=(sophie,),
    )
    thread = f.thread("warm", "Alfie's room is warm every night", on)
    f.objective(
        plan,
        thread,
        "warm",
        "tom",
        on,
        title="Alfie's room is warm every night",
        measure_kind="count",
        unit="nights out of 7",
        baseline="3",
        target="7",
        owner_kind="professional",
        owner_person=ids["tom"],
    )
    raised = d(13)
    rows.add(
        "concern",
        "whitfield:concern",
        local_authority=ids["la"],
        family=f.family_id,
        member=alfie,
        raised_by=ids["grace"],
        raised_by_agency=ids["agency:hv"],
        what="At clinic, Alfie had bruises on both upper arms. Sophie said he fell at "
        "nursery, but he does not go to nursery.",
        seriousness="high",
        observed_on=raised,
        raised_at=rows.at(raised, 15),
        decision_due_at=rows.at(raised + dt.timedelta(days=1), 17),
        updated_at=rows.at(raised, 15),
        on=raised,
    )


def novak(rows: Rows, ids: dict[str, Any]) -> None:
    f = FamilyWriter(rows, "novak", ids)
    d = rows.days_ago
    opened = d(12)
    rows.add(
        "family",
        "family:novak",
        local_authority=ids["la"],
        name="Novak family",
        updated_at=rows.at(d(2)),
        on=opened,
    )
    marta = f.member(
        "marta",
        given_name="Marta",
        family_name="Novak",
        role="parent",
        relationship="Mum",
        parental_responsibility=True,
        from_date=opened,
        preferred_language="Polish",
        interpreter_needed=True,
        address="8 Station Road, Northmere NM1 4AB",
    )
    f.member(
        "piotr",
        given_name="Piotr",
        family_name="Novak",
        role="parent",
        relationship="Dad",
        parental_responsibility=True,
        from_date=opened,
        address="8 Station Road, Northmere NM1 4AB",
    )
    zofia = f.member(
        "zofia",
        given_name="Zofia",
        family_name="Novak",
        role="child",
        relationship="Daughter",
        date_of_birth=d(215),
        from_date=opened,
    )
    f.team("priya", "social_worker", opened, key_worker=True)
    f.team("amir", "gp", opened)
    f.team("laura", "police", opened)
    episode = f.episode(
        "cp",
        "child_protection",
        opened,
        "priya",
        "Strategy discussion after an unexplained injury.",
        {zofia: "physical_abuse"},
    )
    plan = f.plan("cp", episode, "safety_plan", opened)
    f.item(
        plan,
        "harm",
        "harm",
        "Zofia (7 months) had a broken bone in her left arm that nobody can explain yet.",
        "priya",
        opened,
        about=(zofia,),
    )
    f.item(
        plan,
        "interpreter",
        "complicating",
        "Marta speaks Polish at home; meetings need an interpreter.",
        "priya",
        opened,
        about=(marta,),
    )
    rows.add(
        "meeting",
        "novak:meeting:icpc",
        family=f.family_id,
        plan=plan,
        kind="initial_conference",
        purpose="To decide whether Zofia needs a child protection plan.",
        starts_at=rows.at(rows.today + dt.timedelta(days=3), 11),
        location="Northmere Civic Centre, Room 1",
        how_to_join="Come in person. A Polish interpreter will be there.",
        chair=ids["robert"],
        updated_at=rows.at(d(2)),
        on=d(2),
    )
    for pro, role in (
        ("priya", "Social worker"),
        ("grace", "Health visitor"),
        ("laura", "Police sergeant"),
        ("amir", "GP"),
    ):
        rows.add(
            "attendee",
            f"novak:attendee:{pro}",
            family=f.family_id,
            meeting=demo_id("novak:meeting:icpc"),
            person=ids[pro],
            agency=ids[f"agency_of:{pro}"],
            name=ids[f"name:{pro}"],
            role=role,
            on=d(2),
        )
    rows.add(
        "attendee",
        "novak:attendee:marta",
        family=f.family_id,
        meeting=demo_id("novak:meeting:icpc"),
        member=marta,
        name="Marta Novak",
        role="Mum",
        interpreter="Polish",
        on=d(2),
    )


def unknown_child_concern(rows: Rows, ids: dict[str, Any]) -> None:
    """A concern about a child no family record holds: it goes to the front door."""
    d = rows.days_ago
    rows.add(
        "concern",
        "concern:ruby",
        local_authority=ids["la"],
        child_name="Ruby Stone",
        child_date_of_birth=d(365 * 9),
        raised_by=ids["daniel"],
        raised_by_agency=ids["agency:school"],
        what="Ruby said she is scared to go home because of shouting.",
        seriousness="medium",
        observed_on=d(40),
        raised_at=rows.at(d(40), 9),
        status="decided",
        acknowledged_at=rows.at(d(40), 11),
        acknowledged_by=ids["helen"],
        decision_due_at=rows.at(d(39), 17),
        decision="assessment",
        decided_at=rows.at(d(39), 15),
        decided_by=ids["helen"],
        assessment_due_on=d(40) + dt.timedelta(days=63),
        updated_at=rows.at(d(39), 15),
        on=d(40),
    )


FAMILIES = (hartley, osei, whitfield, novak, unknown_child_concern)
