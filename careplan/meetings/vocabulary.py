"""Meetings' words: pure values, no I/O."""

from __future__ import annotations

MEETING_KINDS = (
    "core_group",
    "initial_conference",
    "review_conference",
    "child_in_need_review",
    "team_around_the_family",
    "looked_after_review",
    "strategy_discussion",
)
MEETING_STATUSES = ("scheduled", "held", "cancelled")
FAMILY_ATTENDANCE = ("attended", "partly", "did_not_attend", "not_invited", "declined")
VIEWS = ("agree", "agree_with_reservations", "dissent")
ANSWERS = ("agree", "agree_with_comments", "disagree")
DISAGREEMENT_STAGES = ("practitioners", "managers", "senior_managers", "safeguarding_partnership")
DISAGREEMENT_STATUSES = ("open", "resolved", "withdrawn")
