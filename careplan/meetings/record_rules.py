"""The chair's record of a meeting and the outcome letter (issue 18, item 9), as one reader
may read them: pure functions over what `careplan.meetings.queries.record` read, no I/O.

A professional who may read the meeting (its team, their managers, its chair) reads it whole,
except what is for named agencies other than theirs (the same audience rule as items). A
family member reads their own copy: their own view of the version (its fingerprint), the
scales, reports and entries of the version whose audience includes them, the decisions about
the children they know of, the agencies' views and dissent without the professionals' reasons
(those have no audience for the family), their own words, and the people they know of. Nothing
else of the record reaches them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from careplan.access.audience import Audience
from careplan.lib.calendar import add_working_days
from careplan.lib.clock import london_date
from careplan.lib.columns import loaded
from careplan.plans.rules import family_view_document, readable_document
from careplan.plans.vocabulary import SECTIONS

LETTER_DAYS = 1  # England's default (careplan.tenancy.rules DEFAULT_CLOCKS: chair_letter)
RECORD_DAYS = 15  # chair_record
KIND_NAMES = {
    "core_group": "Core group meeting",
    "initial_conference": "Initial child protection conference",
    "review_conference": "Review child protection conference",
    "child_in_need_review": "Child in need review",
    "team_around_the_family": "Team around the family meeting",
    "looked_after_review": "Looked-after review",
    "strategy_discussion": "Strategy discussion",
}
ATTENDANCE_NAMES = {
    "present": "Present",
    "apologies_with_report": "Sent apologies with a report",
    "absent": "Absent",
    None: "Invited",
}
VIEW_NAMES = {
    "agree": "Agrees",
    "agree_with_reservations": "Agrees, with reservations",
    "dissent": "Dissents",
}
ANSWER_NAMES = {
    "agree": "Agrees",
    "agree_with_comments": "Agrees, with comments",
    "disagree": "Disagrees",
}
DISSENT_STATES = {
    "waiting": "Waiting for the senior chair's review; the decision stands meanwhile",
    "decision_stands": "Reviewed: the decision stands",
    "decision_changed": "Reviewed: the decision was changed",
    "escalated": "Not resolved: continues as a professional disagreement",
    "withdrawn": "Withdrawn",
}
CHOICE_NAMES = {
    "interim_plan": "an interim plan until the meeting can be held",
    "review_existing": "a review of the existing plan, with an early review date",
    "proceed": "going on without a quorum",
}
# Meetings between professionals only: no family member reads their record.
PROFESSIONALS_ONLY = ("strategy_discussion",)


@dataclass(frozen=True)
class Reader:
    """Who reads: a professional (`member` None) with their audience rule, or a member."""

    sees: Callable[[Audience], bool]
    member: str | None = None

    @property
    def is_member(self) -> bool:
        return self.member is not None


def due_dates(held_on: dt.date, region: str, letter_days: int, record_days: int) -> dict:
    return {
        "letter_due_on": add_working_days(held_on, letter_days, region),
        "record_due_on": add_working_days(held_on, record_days, region),
    }


def attendance_of(row: Mapping[str, Any]) -> str | None:
    """An attendee's attendance: as taken at the meeting, else (a meeting recorded before
    attendance was taken in three kinds) from whether they attended or sent apologies."""
    if row.get("attendance") is not None:
        return row["attendance"]
    if row.get("apologies"):
        return "apologies_with_report"
    return "present" if row.get("attended") else "absent"


def _audience(row: Mapping[str, Any]) -> Audience:
    return Audience.from_columns(row["audience_kind"], row["audience_ids"] or [])


def _version_document(parts: Mapping[str, Any], reader: Reader) -> dict[str, Any] | None:
    """The version as the reader may read it: a member their own family view (None when the
    version was not shared with them), a professional what their audience includes."""
    document = parts.get("version_document")
    if document is None:
        return None
    if reader.is_member:
        mine = [v for v in parts["family_views"] if str(v["member"]) == reader.member]
        if not mine:
            return None
        return loaded(mine[0]["content"])
    return readable_document(document, reader.sees)[0]


def safety_goals(document: Mapping[str, Any] | None) -> list[str]:
    """The outline plan: the version's safety goals (as the reader may read them), in order."""
    if document is None:
        return []
    goals = [e for e in document.get("items", {}).values() if e.get("section") == "safety_goal"]
    return [e["text"] for e in sorted(goals, key=lambda e: e.get("position", 0))]


def known_members(parts: Mapping[str, Any], reader: Reader, document: Any) -> set[str] | None:
    """The family members a reader may be told of: a professional all (None); a member
    themself and those their own view names."""
    if not reader.is_member:
        return None
    named = {reader.member}
    if document is not None:
        named.update(document.get("members", {}).keys())
    return {m for m in named if m}


def _person_key(row: Mapping[str, Any]) -> str | None:
    return None if row.get("member") is None else str(row["member"])


def build_record(
    meeting: Mapping[str, Any],
    parts: Mapping[str, Any],
    reader: Reader,
    dates: Mapping[str, Any],
) -> dict[str, Any]:
    """The record of the meeting as `reader` may read it (see the module's docstring)."""
    document = _version_document(parts, reader)
    known = known_members(parts, reader, document)
    names = parts["member_names"]

    def told(member: Any) -> bool:
        return known is None or (member is not None and str(member) in known)

    attendance = []
    for row in parts["attendees"]:
        if row.get("member") is not None and not told(row["member"]):
            continue
        state = attendance_of(row)
        attendance.append(
            {
                "name": row["name"],
                "role": row.get("role") or "",
                "agency": row.get("agency_name"),
                "member": _person_key(row),
                "attendance": state,
                "attendance_words": ATTENDANCE_NAMES.get(state, state),
                "direct_contact": bool(row.get("direct_contact", True)),
                "excluded": None if reader.is_member else row.get("excluded"),
            }
        )
    views = [
        {
            "name": v["name"],
            "agency": v["agency_name"],
            "view": v["view"],
            "view_words": VIEW_NAMES[v["view"]],
            "reason": "" if reader.is_member else v["reason"],
        }
        for v in parts["views"]
    ]
    revealed = meeting.get("scales_revealed_at") is not None
    scales: dict[str, Any] = {
        "revealed": revealed,
        "professionals": [],
        "parents": [],
        "children": [],
        "waiting": 0,
    }
    for s in parts["scales"]:
        if not (reader.sees(_audience(s))):
            continue
        if s["by_kind"] == "professional" and not revealed:
            scales["waiting"] += 1
            continue
        who = (
            s.get("person_name") if s["by_kind"] == "professional" else names.get(str(s["member"]))
        )
        entry = {
            "name": who or "",
            "agency": s.get("agency_name"),
            "score": s["score"],
            "reason": s["reason"],
        }
        group = {"professional": "professionals", "parent": "parents"}.get(s["by_kind"], "children")
        scales[group].append(entry)
    decision = parts["decision"]
    children = [
        {
            "member": str(c["member"]),
            "name": names.get(str(c["member"]), ""),
            "plan_needed": c["plan_needed"],
            "category": c["category"],
            "lead_social_worker": c.get("lead_name"),
            "core_group": [parts["people"].get(str(p), "") for p in loaded(c["core_group"]) or []],
            "next_review_on": c["next_review_on"],
        }
        for c in parts["children"]
        if told(c["member"])
    ]
    dissent = [
        {
            "source": "view",
            "name": v["name"],
            "agency": v["agency_name"],
            "reason": "" if reader.is_member else v["reason"],
            "state": None,
            "state_words": "Recorded as a dissent from the plan; it opened a professional "
            "disagreement",
            "outcome": "",
        }
        for v in parts["views"]
        if v["view"] == "dissent"
    ]
    dissent += [
        {
            "source": "conference",
            "name": d["person_name"],
            "agency": d["agency_name"],
            "reason": "" if reader.is_member else d["reason"],
            "state": d["state"],
            "state_words": DISSENT_STATES.get(d["state"], d["state"]),
            "outcome": "" if reader.is_member else d["outcome"],
        }
        for d in parts["dissents"]
    ]
    family_views = [
        {"member": str(v["member"]), "name": names.get(str(v["member"]), ""), "sha256": v["sha256"]}
        for v in parts["family_views"]
        if not reader.is_member or str(v["member"]) == reader.member
    ]
    words = family_words(parts["answers"], names, reader.member)
    reports = [
        {
            "by_kind": r["by_kind"],
            "name": names.get(str(r["member"]), "") if r["member"] else r.get("agency_name"),
            "member": None if r["member"] is None else str(r["member"]),
            "title": r["title"],
            "body": r["body"],
        }
        for r in parts["reports"]
        if reader.sees(_audience(r)) and (r["member"] is None or told(r["member"]))
    ]
    out_meeting = {
        "id": meeting["id"],
        "family": meeting["family"],
        "family_name": meeting["family_name"],
        "kind": meeting["kind"],
        "kind_words": KIND_NAMES.get(meeting["kind"], meeting["kind"]),
        "purpose": meeting["purpose"],
        "starts_at": meeting["starts_at"],
        "location": "Confidential" if meeting["location_confidential"] else meeting["location"],
        "chair": meeting["chair_name"],
        "chair_agency": meeting["chair_agency"],
        "status": meeting["status"],
        "family_attendance": meeting["family_attendance"],
        "letter_sent_at": meeting["letter_sent_at"],
        "record_sent_at": meeting["record_sent_at"],
        **dates,
    }
    quorum = {
        "quorate": meeting["quorate"],
        "choice": meeting["inquorate_choice"],
        "choice_words": CHOICE_NAMES.get(meeting["inquorate_choice"] or "", ""),
        "reason": meeting["inquorate_reason"] or "",
    }
    return {
        "copy": "member" if reader.is_member else "whole",
        "meeting": out_meeting,
        "plan": {"id": meeting["plan"], "state": meeting["plan_state"]},
        "version": None
        if meeting["version"] is None
        else {"number": meeting["version_number"], "sha256": meeting["version_sha256"]},
        "family_views": family_views,
        "attendance": attendance,
        "quorum": quorum,
        "views": views,
        "scales": scales,
        "decision": None
        if decision is None
        else {
            "plan_needed": decision["plan_needed"],
            "category": decision["category"],
            "next_review_on": decision["next_review_on"],
            "notes": decision["notes"],
            "decided_by": decision["by"],
        },
        "child_decisions": children,
        "dissent": dissent,
        "family_words": words,
        "reports": reports,
        "annotations": []
        if reader.is_member
        else [
            {"text": a["text"], "by": a["by"], "created_at": a["created_at"]}
            for a in parts["annotations"]
        ],
        "outline": safety_goals(document),
    }


def family_words(
    answers: list[Mapping[str, Any]], names: Mapping[str, str], member: str | None
) -> list[dict[str, Any]]:
    """Each member's latest answer to their view of the version, in their own words (a
    member reads only their own)."""
    return [
        {
            "member": str(a["member"]),
            "name": names.get(str(a["member"]), ""),
            "answer": a["answer"],
            "answer_words": ANSWER_NAMES.get(a["answer"], a["answer"]),
            "words": a["words"],
            "view_sha256": a["view_sha256"],
            "created_at": a["created_at"],
        }
        for a in _latest_answers(answers)
        if member is None or str(a["member"]) == member
    ]


def _latest_answers(answers: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Each member's latest answer (answers come oldest first)."""
    latest: dict[str, Mapping[str, Any]] = {}
    for answer in answers:
        latest[str(answer["member"])] = answer
    return list(latest.values())


def member_may_read(meeting: Mapping[str, Any], excluded: str | None) -> bool:
    """Whether a member of the family reads the record of this meeting at all: not of a
    meeting between professionals only, nor one they were excluded from whole."""
    return meeting["kind"] not in PROFESSIONALS_ONLY and excluded != "all"


def member_view_document(document: Mapping[str, Any], member_id: str) -> dict[str, Any]:
    """A member's view of a version (as sharing makes it): what their audience includes."""
    return family_view_document(document, member_id)


def version_sections(document: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """A version's items (as the reader may read them) by section, in the plan's order: what
    the agreed plan prints."""
    if document is None:
        return []
    items = list(document.get("items", {}).values())
    out = []
    for section in SECTIONS:
        texts = [
            e["text"]
            for e in sorted(items, key=lambda e: e.get("position", 0))
            if e.get("section") == section
        ]
        if texts:
            out.append({"section": section, "items": texts})
    return out


def objectives_of(document: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    if document is None:
        return []
    rows = sorted(document.get("objectives", {}).values(), key=lambda e: e.get("position", 0))
    return [
        {
            "title": o["title"],
            "target": o["measure"]["target"],
            "unit": o["measure"]["unit"],
            "due_on": o.get("due_on"),
        }
        for o in rows
    ]


def chair_dues(rows: list[Mapping[str, Any]], today: dt.date) -> list[dict[str, Any]]:
    """A chair's letters and records still to send (`queries.caseload.chair_to_send`), each
    with the day it is due (working days after the meeting, in the local authority's region)
    and whether it is overdue: overdue first, then the soonest due."""
    dues = []
    for row in rows:
        starts = row["starts_at"]
        if isinstance(starts, str):
            starts = dt.datetime.fromisoformat(starts)
        if starts.tzinfo is None:
            starts = starts.replace(tzinfo=dt.UTC)
        held_on = london_date(starts)
        region = row["bank_holidays"] or "ENG"
        for what, sent, days, default in (
            ("letter", row["letter_sent_at"], row["letter_days"], LETTER_DAYS),
            ("record", row["record_sent_at"], row["record_days"], RECORD_DAYS),
        ):
            if sent is not None:
                continue
            due_on = add_working_days(held_on, int(days or default), region)
            dues.append(
                {
                    "meeting": row["id"],
                    "family": row["family"],
                    "family_name": row["family_name"],
                    "kind_words": KIND_NAMES.get(row["kind"], row["kind"]),
                    "held_on": held_on,
                    "what": what,
                    "due_on": due_on,
                    "overdue": due_on < today,
                }
            )
    return sorted(dues, key=lambda d: (not d["overdue"], d["due_on"], str(d["meeting"])))
