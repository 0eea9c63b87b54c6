"""Oversight's machine values: what a date due is for, what needs attention, why a caseload
is empty. The portal says each in words."""

from __future__ import annotations

# A date due (`rules.Due.what`); `about` is the child of a concern, the stage of a disagreement.
DATES_DUE = (
    "initial_conference",
    "review_conference",
    "first_core_group",
    "first_looked_after_review",
    "looked_after_review",
    "concern_decision",
    "concern_assessment",
    "disagreement_stage",
)
# A line of "needs attention" (`kind`), with what each carries besides:
ATTENTION = {
    "disagreement": ("name", "answer", "version", "plan", "member"),
    "new_answer": ("name", "answer", "version", "plan", "member"),
    "overdue": ("count",),
    "objectives": ("count", "titles"),
    "concerns": ("count",),
    "answer": ("version", "names"),  # a version waiting for these members' answer
    "meeting": ("version", "booked_on"),  # a version waiting for a meeting
}
# Why a caseload is empty: an administrator on no team, a manager whose agency's families
# have no team, anyone else on no team.
EMPTY_REASONS = ("administrator", "manager", "no_team")
