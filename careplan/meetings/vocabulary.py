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

# Issue 18: the meeting as people hold it.
# An attendee's attendance, taken at the meeting (None until then: invited).
ATTENDANCE = ("present", "apologies_with_report", "absent")
# A family member kept out of the meeting: from all of it, or from a part (named, with why).
EXCLUSIONS = ("all", "part")
# What the chair of an inquorate meeting chose to do instead, with a reason.
INQUORATE_CHOICES = ("interim_plan", "review_existing", "proceed")
# Whose score a scale is: a professional's (blind until the chair reveals), a parent's or the
# child's (kept apart, shown alongside, never counted with the professionals').
SCALE_BY = ("professional", "parent", "child")
# Who a report before the meeting is from.
REPORT_BY = ("agency", "member")
# A professional's dissent from a conference's decision: waiting for the senior chair, then
# the decision stands or is changed; if neither party accepts, it goes on as a disagreement.
DISSENT_STATES = ("waiting", "decision_stands", "decision_changed", "escalated", "withdrawn")
