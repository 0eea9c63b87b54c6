"""Families' machine values: the roles of members and of the team, how episodes link and
close, the child protection categories. Pure values, no I/O."""

from __future__ import annotations

MEMBER_ROLES = ("parent", "carer", "child", "other_adult")
TEAM_ROLES = (
    "social_worker",
    "family_support_worker",
    "early_help_lead",
    "health_visitor",
    "school",
    "police",
    "gp",
    "housing",
    "adult_mental_health",
    "manager",
    "chair",
    "other",
)
EPISODE_LINKS = ("step_up", "step_down", "re_referral", "transfer_in")
CLOSE_OUTCOMES = (
    "goals_met",
    "step_up",
    "step_down",
    "consent_withdrawn",
    "moved_away",
    "no_further_action",
    "other",
)
# A manager's approval of closing an episode (careplan.families.services.approvals): what
# is asked (closing, or closing to step down), and where the request stands.
APPROVAL_ACTIONS = ("episode.close", "episode.step_down")
APPROVAL_STATES = ("waiting", "approved", "sent_back", "withdrawn")
# Child protection categories (Working Together), and "none" for other episode kinds.
CHILD_CATEGORIES = ("neglect", "physical_abuse", "emotional_abuse", "sexual_abuse", "multiple")
# Graded Care Profile 2's areas; grades 1 (best) to 5. No licensed descriptors are shipped.
GCP2_AREAS = ("physical_care", "care_of_safety", "love_and_care", "stimulation_and_education")
