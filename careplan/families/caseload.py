"""A professional's caseload: their families, each with what needs attention, most overdue first.

Who is on it comes only from `careplan.access.permissions.visible_family_ids` (the teams
they are on; a manager, their agency's families). What needs attention:
- the next statutory date and how far off it is: a decision or an assessment of a concern,
  the initial child protection conference, the first core group, the next review conference,
  a looked-after review (the local authority's clocks, England's by default), and the
  deadline of the stage an open professional disagreement is at;
- open objectives with no progress for four weeks;
- concerns not yet assessed;
- the newest version of a plan still waiting for a family member's answer or for a meeting;
- a family member's answer (a disagreement first) that no professional has marked as seen.

The pure part (`statutory_dates`, `how_far`, `sort_key`) has no I/O and is unit-tested; the
use case reads every family at once, in a fixed number of queries whatever the history.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from careplan.access import permissions
from careplan.access.principal import Principal
from careplan.concerns import queries as concerns
from careplan.families.tables import Episode, Family, TeamMember
from careplan.lib.calendar import add_working_days
from careplan.lib.clock import london_date
from careplan.meetings.queries import caseload as meetings
from careplan.plans import attention as plans
from careplan.tenancy.rules import DEFAULT_CLOCKS
from careplan.tenancy.tables import StatutoryClock

STALE_DAYS = 28
CONFERENCES = ("initial_conference", "review_conference")
STAGE_NAMES = {
    "practitioners": "practitioners",
    "managers": "managers",
    "senior_managers": "senior managers",
    "safeguarding_partnership": "safeguarding partnership",
}
DEFAULTS = {c.code: (c.working_days, c.months) for c in DEFAULT_CLOCKS}


# ---------------------------------------------------------------------------- pure rules


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Clocks:
    """A local authority's statutory clocks: code -> (working days, months)."""

    values: Mapping[str, tuple[int | None, int | None]] = field(
        default_factory=lambda: dict(DEFAULTS)
    )

    def after(self, code: str, start: dt.date) -> dt.date:
        working_days, months = self.values.get(code) or DEFAULTS[code]
        if working_days is not None:
            return add_working_days(start, working_days)
        return add_months(start, months or 0)


@dataclass(frozen=True)
class Due:
    """A date that must be met, what it is for, and the meeting booked for it, if any."""

    on: dt.date
    what: str
    booked_on: dt.date | None = None


def _day(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


def _meeting_day(meeting: Mapping[str, Any]) -> dt.date:
    return london_date(meeting["starts_at"])


def _booked(meetings_: list[Mapping[str, Any]], kinds: Iterable[str]) -> dt.date | None:
    kinds = tuple(kinds)
    days = [_meeting_day(m) for m in meetings_ if m["status"] == "scheduled" and m["kind"] in kinds]
    return min(days) if days else None


def episode_dates(
    episode: Mapping[str, Any], meetings_: list[Mapping[str, Any]], clocks: Clocks
) -> list[Due]:
    """The statutory dates an open episode is working to, given its plan's meetings."""
    held = [m for m in meetings_ if m["status"] == "held"]
    out: list[Due] = []
    if episode["kind"] == "child_protection":
        conferences = [m for m in held if m["kind"] in CONFERENCES]
        if not conferences:
            due = clocks.after("initial_conference", episode["opened_on"])
            booked = _booked(meetings_, ("initial_conference",))
            return [Due(due, "Initial child protection conference", booked)]
        initial = [m for m in conferences if m["kind"] == "initial_conference"]
        last = conferences[-1]
        decided = [m["next_review_on"] for m in conferences if m["next_review_on"]]
        if decided:
            review = decided[-1]
        elif last["kind"] == "initial_conference":
            review = clocks.after("first_review", _meeting_day(last))
        else:
            review = clocks.after("later_reviews", _meeting_day(last))
        out.append(Due(review, "Review conference", _booked(meetings_, ("review_conference",))))
        if initial:
            first = _meeting_day(initial[-1])
            core_groups = [
                m for m in held if m["kind"] == "core_group" and _meeting_day(m) >= first
            ]
            if not core_groups:
                out.append(
                    Due(
                        clocks.after("first_core_group", first),
                        "First core group",
                        _booked(meetings_, ("core_group",)),
                    )
                )
    elif episode["kind"] == "looked_after":
        reviews = [m for m in held if m["kind"] == "looked_after_review"]
        booked = _booked(meetings_, ("looked_after_review",))
        if not reviews:
            due = clocks.after("looked_after_first_review", episode["opened_on"])
            out.append(Due(due, "First looked-after review", booked))
        else:
            code = (
                "looked_after_second_review" if len(reviews) == 1 else "looked_after_later_reviews"
            )
            due = clocks.after(code, _meeting_day(reviews[-1]))
            out.append(Due(due, "Looked-after review", booked))
    return out


def concern_dates(concern: Mapping[str, Any]) -> list[Due]:
    """A concern's clock: the decision on it, then (if one was decided) its assessment."""
    about = concern.get("child") or concern.get("child_name") or "a child"
    if concern["status"] in ("raised", "acknowledged"):
        return [
            Due(london_date(concern["decision_due_at"]), f"Decision on a concern about {about}")
        ]
    if concern["decision"] == "assessment" and concern["assessment_due_on"] is not None:
        return [Due(concern["assessment_due_on"], f"Assessment of a concern about {about}")]
    return []


def not_yet_assessed(concern: Mapping[str, Any]) -> bool:
    return concern["status"] in ("raised", "acknowledged") or (
        concern["decision"] == "assessment" and concern["status"] != "closed"
    )


ANSWER_WORDS = {
    "agree": "agrees with",
    "agree_with_comments": "agrees, with comments, with",
    "disagree": "does not agree with",
}


def new_answer_attention(answer: Mapping[str, Any]) -> dict[str, Any]:
    """A family member's answer not yet seen, as a line of "needs attention"."""
    said = ANSWER_WORDS.get(answer["answer"], "answered")
    return {
        "kind": "disagreement" if answer["answer"] == "disagree" else "new_answer",
        "text": f"{answer['name']} {said} version {answer['version']} of the plan",
        "tag": "Does not agree" if answer["answer"] == "disagree" else "New answer",
        "href": f"/workspace/plans/{answer['plan']}/versions#answer-{answer['member']}",
    }


def how_far(due: dt.date, today: dt.date) -> str:
    """How far off a date is, in plain words: "3 days overdue", "today", "in 2 weeks"."""
    days = (due - today).days
    if days == 0:
        return "due today"
    if days < 0:
        late = -days
        return f"{late} day{'s' if late != 1 else ''} overdue"
    if days == 1:
        return "tomorrow"
    if days <= 14:
        return f"in {days} days"
    if days <= 90:
        return f"in {round(days / 7)} weeks"
    return f"in {round(days / 30.4)} months"


def sort_key(entry: Mapping[str, Any]) -> tuple[Any, ...]:
    """Most overdue first; families with no date come after those with one; then the one
    with most to attend to; then by name."""
    nxt = entry.get("next")
    days = nxt["days"] if nxt else 10**6
    return (days, -entry["attention_count"], entry["name"])


# ---------------------------------------------------------------------------- the use case


def _empty_reason(principal: Principal) -> str:
    if principal.holds("administrator") and not principal.holds("practitioner"):
        return (
            "You are not on any family's team. As an administrator, you set up agencies and "
            "people. You see a family here only when you join its team."
        )
    if principal.holds("manager"):
        return (
            "None of your agency's families has a team yet. When someone from your agency "
            "joins a family's team, the family appears here."
        )
    return (
        "You are not on any family's team yet. When a key worker adds you to a family's "
        "team, the family appears here."
    )


def _group(rows: list[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    grouped: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


async def _clocks(authorities: set[uuid.UUID]) -> dict[uuid.UUID, Clocks]:
    rows = await StatutoryClock.select(
        StatutoryClock.local_authority,
        StatutoryClock.code,
        StatutoryClock.working_days,
        StatutoryClock.months,
    ).where(StatutoryClock.local_authority.is_in(list(authorities)))
    values: dict[uuid.UUID, dict[str, tuple[int | None, int | None]]] = {
        la: dict(DEFAULTS) for la in authorities
    }
    for row in rows:
        values[row["local_authority"]][row["code"]] = (row["working_days"], row["months"])
    return {la: Clocks(v) for la, v in values.items()}


async def caseload(principal: Principal, today: dt.date | None = None) -> dict[str, Any]:
    """The principal's families with what needs attention, most overdue first."""
    today = today or dt.date.today()
    ids = await permissions.visible_family_ids(principal)
    if not ids:
        return {"families": [], "empty_reason": _empty_reason(principal), "today": today}
    families = await Family.select(
        Family.id, Family.name, Family.case_reference, Family.local_authority
    ).where(Family.id.is_in(ids))
    episodes = await Episode.select(
        Episode.id, Episode.family, Episode.kind, Episode.opened_on
    ).where(Episode.family.is_in(ids) & Episode.closed_on.is_null())
    key_workers = await TeamMember.select(
        TeamMember.family, TeamMember.person, TeamMember.person.name.as_alias("name")
    ).where(
        TeamMember.family.is_in(ids)
        & (TeamMember.key_worker == True)
        & TeamMember.left_on.is_null()
    )
    clocks = await _clocks({f["local_authority"] for f in families})
    open_plans = await plans.open_plans(ids)
    stale = await plans.stale_objectives(
        ids,
        today,
        STALE_DAYS,
        sees=lambda audience: permissions.professional_sees(principal, audience),
    )
    versions = await plans.latest_versions(ids)
    all_meetings = await meetings.meetings_of(ids)
    disagreements = await meetings.open_disagreements(ids)
    answers = await meetings.new_answers(ids)
    open_concerns = [c for c in await concerns.open_concerns(ids) if not_yet_assessed(c)]

    plan_of_episode = {p["episode"]: p["id"] for p in open_plans}
    by_family = {
        name: _group(rows, "family")
        for name, rows in (
            ("episodes", episodes),
            ("concerns", open_concerns),
            ("disagreements", disagreements),
            ("versions", versions),
            ("answers", answers),
        )
    }
    key_worker_of = {k["family"]: k["name"] for k in key_workers}
    meetings_by_plan: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for meeting in all_meetings:
        meetings_by_plan.setdefault(meeting["plan"], []).append(meeting)

    entries = []
    for family in families:
        fid = family["id"]
        dues: list[Due] = []
        for episode in by_family["episodes"].get(fid, []):
            plan_meetings = meetings_by_plan.get(plan_of_episode.get(episode["id"]), [])
            dues += episode_dates(episode, plan_meetings, clocks[family["local_authority"]])
        family_concerns = by_family["concerns"].get(fid, [])
        for concern in family_concerns:
            dues += concern_dates(concern)
        for disagreement in by_family["disagreements"].get(fid, []):
            stage = STAGE_NAMES.get(disagreement["stage"], disagreement["stage"])
            dues.append(
                Due(disagreement["stage_deadline"], f"Professional disagreement: {stage} stage")
            )
        dues.sort(key=lambda d: d.on)
        attention: list[dict[str, Any]] = []
        # A family member's answer no professional has seen yet: a disagreement first.
        for answer in sorted(
            by_family["answers"].get(fid, []), key=lambda a: (a["answer"] != "disagree", a["name"])
        ):
            attention.append(new_answer_attention(answer))
        overdue = [d for d in dues if d.on < today]
        if len(overdue) > 1:
            attention.append({"kind": "overdue", "text": f"{len(overdue)} dates overdue"})
        objectives = stale.get(fid, [])
        if objectives:
            n = len(objectives)
            attention.append(
                {
                    "kind": "objectives",
                    "text": f"{n} objective{'s' if n != 1 else ''} with no progress for 4 weeks",
                    "titles": [o["title"] for o in objectives],
                }
            )
        if family_concerns:
            n = len(family_concerns)
            attention.append(
                {"kind": "concerns", "text": f"{n} concern{'s' if n != 1 else ''} not yet assessed"}
            )
        for version in by_family["versions"].get(fid, []):
            if version["awaiting_answer_from"]:
                names = " and ".join(version["awaiting_answer_from"])
                attention.append(
                    {
                        "kind": "answer",
                        "text": f"Version {version['number']} is waiting for {names}'s answer",
                    }
                )
            discussed = any(
                m["version"] == version["id"] and m["status"] == "held"
                for m in meetings_by_plan.get(version["plan"], [])
            )
            if not discussed:
                booked = [
                    _meeting_day(m)
                    for m in meetings_by_plan.get(version["plan"], [])
                    if m["status"] == "scheduled" and _meeting_day(m) >= today
                ]
                text = f"Version {version['number']} is waiting for a meeting"
                if booked:
                    text += f" (booked for {_day(min(booked))})"
                attention.append({"kind": "meeting", "text": text})
        nxt = dues[0] if dues else None
        entries.append(
            {
                "id": fid,
                "name": family["name"],
                "case_reference": family["case_reference"],
                "key_worker": key_worker_of.get(fid),
                "next": None
                if nxt is None
                else {
                    "on": nxt.on,
                    "what": nxt.what,
                    "days": (nxt.on - today).days,
                    "how_far": how_far(nxt.on, today),
                    "booked_on": nxt.booked_on,
                },
                "later": [
                    {"on": d.on, "what": d.what, "how_far": how_far(d.on, today)} for d in dues[1:]
                ],
                "attention": attention,
                "attention_count": len(attention),
            }
        )
    entries.sort(key=sort_key)
    return {"families": entries, "empty_reason": None, "today": today}
