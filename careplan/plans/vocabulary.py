"""The plan's words (DESIGN.md's contract vocabularies): pure values, no I/O."""

from __future__ import annotations

SECTIONS = (
    "harm",
    "worry",
    "complicating",
    "strength",
    "safety_goal",
    "next_step",
    "safety_rule",
    "contingency",
    "network",
    "words_and_pictures",
    "childs_view",
)
# The three columns of the Signs of Safety map, and the child's view apart.
COLUMNS = {
    "worried": ("harm", "worry", "complicating"),
    "working_well": ("strength",),
    "needs_to_happen": ("safety_goal", "next_step", "safety_rule", "contingency", "network"),
    "for_the_children": ("words_and_pictures", "childs_view"),
}
AUDIENCE_KINDS = ("professionals", "family", "agencies", "members")
SOURCE_KINDS = ("agency", "family", "third_party")
PLAN_KINDS = ("safety_plan", "wellbeing_plan")
MEASURE_KINDS = ("count", "frequency", "scale", "yes_no", "percentage")
OWNER_KINDS = ("member", "professional", "agency")
OBJECTIVE_STATUSES = ("open", "achieved", "dropped", "carried")
THREAD_STATUSES = ("open", "achieved", "dropped")
CLOSE_DECISIONS = ("carry", "achieved", "dropped")
SCALING_BY = ("professional", "agency", "parent", "network", "child")
PROGRESS_BY = ("parent", "professional")
