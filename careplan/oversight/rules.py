"""Oversight's rules: what is due and when, what needs attention, and in which order.

Pure functions and values (no I/O): the statutory dates an open episode or a concern is
working to, given a local authority's clocks (England's by default); a family's line on the
caseload from what was read of it; the order of the caseload (most overdue first); who may
be invited to the family portal. What is due and what needs attention are machine values
(`vocabulary`): the portal says them in words.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from careplan.access.permissions import is_current
from careplan.lib.calendar import DEFAULT_REGION, add_working_days
from careplan.lib.clock import london_date
from careplan.tenancy.rules import DEFAULT_CLOCKS

STALE_DAYS = 28
# An episode closed this many days ago or less is shown on the caseload: who closed it, when
# and why (the key worker, the team and the manager see it).
RECENTLY_CLOSED_DAYS = 28
CONFERENCES = ("initial_conference", "review_conference")
# The kinds of meeting whose two latest held a rule tells apart (a first looked-after review
# from a later one); of every other kind only the latest held matters.
KEPT_TWO = ("looked_after_review",)
DEFAULTS = {c.code: (c.working_days, c.months) for c in DEFAULT_CLOCKS}
# Who may be invited to the family portal from the family page.
INVITABLE_ROLES = ("parent", "carer")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Clocks:
    """A local authority's statutory clocks: code -> (working days, months), counted in the
    working days of its bank-holiday `region`."""

    values: Mapping[str, tuple[int | None, int | None]] = field(
        default_factory=lambda: dict(DEFAULTS)
    )
    region: str = DEFAULT_REGION

    def after(self, code: str, start: dt.date) -> dt.date:
        working_days, months = self.values.get(code) or DEFAULTS[code]
        if working_days is not None:
            return add_working_days(start, working_days, self.region)
        return add_months(start, months or 0)


@dataclass(frozen=True)
class Due:
    """A date that must be met, what it is for (`vocabulary.DATES_DUE`), the meeting booked
    for it, if any, and whom or what it is about (the child a concern is about, the stage a
    disagreement is at)."""

    on: dt.date
    what: str
    booked_on: dt.date | None = None
    about: str = ""


def _meeting_day(meeting: Mapping[str, Any]) -> dt.date:
    return london_date(meeting["starts_at"])


def _booked(meetings_: list[Mapping[str, Any]], kinds: Iterable[str]) -> dt.date | None:
    kinds = tuple(kinds)
    days = [_meeting_day(m) for m in meetings_ if m["status"] == "scheduled" and m["kind"] in kinds]
    return min(days) if days else None


def _child_protection_dates(
    episode: Mapping[str, Any], meetings_: list[Mapping[str, Any]], clocks: Clocks
) -> list[Due]:
    held = [m for m in meetings_ if m["status"] == "held"]
    out: list[Due] = []
    conferences = [m for m in held if m["kind"] in CONFERENCES]
    if not conferences:
        due = clocks.after("initial_conference", episode["opened_on"])
        booked = _booked(meetings_, ("initial_conference",))
        return [Due(due, "initial_conference", booked)]
    initial = [m for m in conferences if m["kind"] == "initial_conference"]
    last = conferences[-1]
    decided = [m["next_review_on"] for m in conferences if m["next_review_on"]]
    if decided:
        review = decided[-1]
    elif last["kind"] == "initial_conference":
        review = clocks.after("first_review", _meeting_day(last))
    else:
        review = clocks.after("later_reviews", _meeting_day(last))
    out.append(Due(review, "review_conference", _booked(meetings_, ("review_conference",))))
    if initial:
        first = _meeting_day(initial[-1])
        core_groups = [m for m in held if m["kind"] == "core_group" and _meeting_day(m) >= first]
        if not core_groups:
            out.append(
                Due(
                    clocks.after("first_core_group", first),
                    "first_core_group",
                    _booked(meetings_, ("core_group",)),
                )
            )
    return out


def _looked_after_dates(
    episode: Mapping[str, Any], meetings_: list[Mapping[str, Any]], clocks: Clocks
) -> list[Due]:
    held = [m for m in meetings_ if m["status"] == "held"]
    reviews = [m for m in held if m["kind"] == "looked_after_review"]
    booked = _booked(meetings_, ("looked_after_review",))
    if not reviews:
        due = clocks.after("looked_after_first_review", episode["opened_on"])
        return [Due(due, "first_looked_after_review", booked)]
    code = "looked_after_second_review" if len(reviews) == 1 else "looked_after_later_reviews"
    due = clocks.after(code, _meeting_day(reviews[-1]))
    return [Due(due, "looked_after_review", booked)]


def episode_dates(
    episode: Mapping[str, Any], meetings_: list[Mapping[str, Any]], clocks: Clocks
) -> list[Due]:
    """The statutory dates an open episode is working to, given its plan's meetings."""
    if episode["kind"] == "child_protection":
        return _child_protection_dates(episode, meetings_, clocks)
    if episode["kind"] == "looked_after":
        return _looked_after_dates(episode, meetings_, clocks)
    return []


def concern_dates(concern: Mapping[str, Any]) -> list[Due]:
    """A concern's clock: the decision on it, then (if one was decided) its assessment."""
    about = concern.get("child") or concern.get("child_name") or ""
    if concern["status"] in ("raised", "acknowledged"):
        return [Due(london_date(concern["decision_due_at"]), "concern_decision", about=about)]
    if concern["decision"] == "assessment" and concern["assessment_due_on"] is not None:
        return [Due(concern["assessment_due_on"], "concern_assessment", about=about)]
    return []


def not_yet_assessed(concern: Mapping[str, Any]) -> bool:
    return concern["status"] in ("raised", "acknowledged") or (
        concern["decision"] == "assessment" and concern["status"] != "closed"
    )


def new_answer_attention(answer: Mapping[str, Any]) -> dict[str, Any]:
    """A family member's answer not yet seen, as a line of "needs attention"."""
    return {
        "kind": "disagreement" if answer["answer"] == "disagree" else "new_answer",
        "name": answer["name"],
        "answer": answer["answer"],
        "version": answer["version"],
        "plan": answer["plan"],
        "member": answer["member"],
    }


def sort_key(entry: Mapping[str, Any]) -> tuple[Any, ...]:
    """Most overdue first; families with no date come after those with one; then the one
    with most to attend to; then by name."""
    nxt = entry.get("next")
    days = nxt["days"] if nxt else 10**6
    return (days, -entry["attention_count"], entry["name"])


# ---------------------------------------------------------------------------- a family's line


@dataclass(frozen=True)
class Read:
    """What was read of one family for its line on the caseload (the reads group by family;
    `meetings_by_plan` and `plan_of_episode` span every family read)."""

    episodes: list[dict[str, Any]]
    concerns: list[dict[str, Any]]  # not yet assessed
    disagreements: list[dict[str, Any]]
    versions: list[dict[str, Any]]
    answers: list[dict[str, Any]]
    stale: list[dict[str, Any]]  # open objectives with no progress for STALE_DAYS
    clocks: Clocks
    meetings_by_plan: Mapping[uuid.UUID, list[dict[str, Any]]]
    plan_of_episode: Mapping[uuid.UUID, uuid.UUID]


def family_dues(read: Read) -> list[Due]:
    """Every date the family is working to, soonest first."""
    dues: list[Due] = []
    for episode in read.episodes:
        plan_meetings = read.meetings_by_plan.get(read.plan_of_episode.get(episode["id"]), [])
        dues += episode_dates(episode, plan_meetings, read.clocks)
    for concern in read.concerns:
        dues += concern_dates(concern)
    for disagreement in read.disagreements:
        dues.append(
            Due(disagreement["stage_deadline"], "disagreement_stage", about=disagreement["stage"])
        )
    dues.sort(key=lambda d: d.on)
    return dues


def _version_attention(read: Read, today: dt.date) -> list[dict[str, Any]]:
    attention: list[dict[str, Any]] = []
    for version in read.versions:
        if version["awaiting_answer_from"]:
            attention.append(
                {
                    "kind": "answer",
                    "version": version["number"],
                    "names": list(version["awaiting_answer_from"]),
                }
            )
        plan_meetings = read.meetings_by_plan.get(version["plan"], [])
        discussed = any(
            m["version"] == version["id"] and m["status"] == "held" for m in plan_meetings
        )
        if not discussed:
            booked = [
                _meeting_day(m)
                for m in plan_meetings
                if m["status"] == "scheduled" and _meeting_day(m) >= today
            ]
            attention.append(
                {
                    "kind": "meeting",
                    "version": version["number"],
                    "booked_on": min(booked) if booked else None,
                }
            )
    return attention


def family_attention(read: Read, dues: list[Due], today: dt.date) -> list[dict[str, Any]]:
    """What needs attention, in the order it is shown."""
    attention: list[dict[str, Any]] = []
    # A family member's answer no professional has seen yet: a disagreement first.
    for answer in sorted(read.answers, key=lambda a: (a["answer"] != "disagree", a["name"])):
        attention.append(new_answer_attention(answer))
    overdue = [d for d in dues if d.on < today]
    if len(overdue) > 1:
        attention.append({"kind": "overdue", "count": len(overdue)})
    if read.stale:
        attention.append(
            {
                "kind": "objectives",
                "count": len(read.stale),
                "titles": [o["title"] for o in read.stale],
            }
        )
    if read.concerns:
        attention.append({"kind": "concerns", "count": len(read.concerns)})
    return attention + _version_attention(read, today)


def family_entry(
    family: Mapping[str, Any], key_worker: str | None, read: Read, today: dt.date
) -> dict[str, Any]:
    """A family's line on the caseload: its next date, the later ones, what needs attention."""
    dues = family_dues(read)
    attention = family_attention(read, dues, today)
    nxt = dues[0] if dues else None
    return {
        "id": family["id"],
        "name": family["name"],
        "case_reference": family["case_reference"],
        "key_worker": key_worker,
        "next": None
        if nxt is None
        else {
            "on": nxt.on,
            "what": nxt.what,
            "about": nxt.about,
            "days": (nxt.on - today).days,
            "booked_on": nxt.booked_on,
        },
        "later": [
            {"on": d.on, "what": d.what, "about": d.about, "days": (d.on - today).days}
            for d in dues[1:]
        ],
        "attention": attention,
        "attention_count": len(attention),
        "closed": family.get("closed"),
    }


# ---------------------------------------------------------------------------- the family page


def invitable(member: Mapping[str, Any], today: dt.date) -> bool:
    """A parent or carer whose portal is not restricted and whose membership has not ended."""
    return (
        member["role"] in INVITABLE_ROLES
        and not member["portal_restricted"]
        and is_current(member["to_date"], today)
    )
