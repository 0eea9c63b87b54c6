"""A version of the plan in the order a Signs of Safety conference takes it (North
Yorkshire's agenda, MEETINGS.md): what we are worried about (harm, worries, complicating
factors) and what is working well; then each danger or worry statement with the safety goals
that answer it and its scales; then the overall judgement (the scales about no one
statement). Pure: it reads a version's document as the reader may read it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

WORRIED = ("harm", "worry", "complicating")
WORKING_WELL = ("strength",)
STATEMENT = "worry"
GOAL = "safety_goal"


def _entries(content: Mapping[str, Any], sections: tuple[str, ...]) -> list[dict[str, Any]]:
    items = content.get("items", {})
    chosen = [
        {"key": key, **entry} for key, entry in items.items() if entry.get("section") in sections
    ]
    return sorted(
        chosen, key=lambda e: (sections.index(e["section"]), e.get("position", 0), e["key"])
    )


def signs_of_safety(content: Mapping[str, Any]) -> dict[str, Any]:
    """The version's entries in the conference's order."""
    goals = _entries(content, (GOAL,))
    scaling = [{"key": key, **entry} for key, entry in content.get("scaling", {}).items()]
    scaling.sort(key=lambda s: (str(s.get("judged_on", "")), s["key"]))
    statements = [
        {
            **statement,
            "goals": [g for g in goals if g.get("answers") == statement["key"]],
            "scales": [s for s in scaling if s.get("statement") == statement["key"]],
        }
        for statement in _entries(content, (STATEMENT,))
    ]
    answered = {g["key"] for s in statements for g in s["goals"]}
    return {
        "worried": _entries(content, WORRIED),
        "working_well": _entries(content, WORKING_WELL),
        "statements": statements,
        "other_goals": [g for g in goals if g["key"] not in answered],
        "overall": [s for s in scaling if s.get("statement") is None],
    }
