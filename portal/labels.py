"""The words for the slices' machine values, as people read them on both front ends.

The slices name things with machine values (careplan/*/vocabulary.py: an episode of kind
`child_in_need`, an answer `agree_with_comments`, a member whose role is `other_adult`); the
pages say them in words, and only here. Controllers import this module; templates read it as
`labels` (a global of the Jinja environment: careplan/web/templates.py), for example
`labels.TEAM_ROLES[person.role]`. tests/portal/test_labels.py checks that every value of each
vocabulary has its words.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------- families

# Administration: the kinds of agency and the roles a professional holds.
AGENCY_KINDS = {
    "childrens_social_care": "Children's social care",
    "early_help": "Early help",
    "health_visiting": "Health visiting",
    "school_nursing": "School nursing",
    "school": "School",
    "police": "Police",
    "gp": "GP practice",
    "housing": "Housing",
    "adult_mental_health": "Adult mental health",
    "substance_misuse": "Substance misuse service",
    "probation": "Probation",
    "voluntary": "Voluntary organisation",
    "other": "Other",
}
PROFESSIONAL_ROLES = {
    "practitioner": "Practitioner: works with families",
    "manager": "Manager: oversees their agency's families",
    "chair": "Chair: chairs conferences and reviews",
    "administrator": "Administrator: sets up agencies and people",
}
MEMBER_ROLES = {
    "parent": "Parent",
    "carer": "Carer",
    "child": "Child",
    "other_adult": "Other adult",
}
TEAM_ROLES = {
    "social_worker": "Social worker",
    "family_support_worker": "Family support worker",
    "early_help_lead": "Early help lead",
    "health_visitor": "Health visitor",
    "school": "School",
    "police": "Police",
    "gp": "GP",
    "housing": "Housing",
    "adult_mental_health": "Adult mental health",
    "manager": "Manager",
    "chair": "Chair",
    "other": "Other",
}
# The kinds a local authority starts with (each keeps its own list, with its own words, for
# the choice of a new episode: careplan.families.service.episode_kinds).
EPISODE_KINDS = {
    "early_help": "Early help",
    "child_in_need": "Child in need",
    "child_protection": "Child protection",
    "looked_after": "Looked after",
}
# How an episode follows the last one, as the form to open one asks it.
EPISODE_LINKS = {
    "step_up": "A step up from the last episode",
    "step_down": "A step down from the last episode",
    "re_referral": "A new referral",
    "transfer_in": "A transfer from another council",
}
# How an episode ended: as the form to close one asks it, and in short on the family's story.
CLOSE_OUTCOMES = {
    "goals_met": "The goals were met",
    "step_up": "Stepping up to more help",
    "step_down": "Stepping down to less help",
    "consent_withdrawn": "The family withdrew their consent",
    "moved_away": "The family moved away",
    "no_further_action": "No further action",
    "other": "Something else",
}
CLOSE_OUTCOMES_SHORT = {
    "goals_met": "goals met",
    "step_up": "stepped up",
    "step_down": "stepped down",
    "consent_withdrawn": "consent withdrawn",
    "moved_away": "moved away",
    "no_further_action": "no further action",
    "other": "other",
}
CHILD_CATEGORIES = {
    "neglect": "Neglect",
    "physical_abuse": "Physical abuse",
    "emotional_abuse": "Emotional abuse",
    "sexual_abuse": "Sexual abuse",
    "multiple": "Multiple",
}

# ---------------------------------------------------------------------------- plans

# What becomes of an open objective when its episode closes, as the form asks it.
CLOSE_DECISIONS = {
    "carry": "Keep it open, to carry into the next episode",
    "achieved": "Achieved",
    "dropped": "Dropped (say why)",
}
# The same decisions, as the page that checks a closure says them back.
CLOSE_DECIDED = {
    "carry": "kept open, to carry into the next episode",
    "achieved": "achieved",
    "dropped": "dropped",
}
# An objective's thread across episodes, and each of its objectives, on the family's story.
THREAD_STATUSES = {"open": "still open", "achieved": "achieved", "dropped": "dropped"}
OBJECTIVE_STATUSES = {
    "open": "open",
    "carried": "carried on",
    "achieved": "achieved",
    "dropped": "dropped",
}
# The plan's sections as the family portal names them.
FAMILY_SECTION_NAMES = {
    "harm": "What has happened",
    "worry": "What people are worried about",
    "complicating": "What makes things harder",
    "strength": "What is going well",
    "safety_goal": "What needs to happen",
    "next_step": "Next steps",
    "safety_rule": "Safety rules",
    "contingency": "If things get worse",
    "network": "Your safety network",
    "words_and_pictures": "Words and pictures",
    "childs_view": "What the children said",
}
# Why a family member is not told of a shared version (careplan.plans.service share preview).
WHY_NOT_TOLD = {
    "restricted": "The family portal is turned off for them: they get nothing.",
    "no_account": "They have no account for the family portal yet: they are not told, and "
    "read it only once they are invited.",
    "account_closed": "Their account for the family portal is closed: they cannot read it.",
}

# ---------------------------------------------------------------------------- meetings

# The stages of a professional disagreement, in a sentence ("... senior managers stage").
DISAGREEMENT_STAGES = {
    "practitioners": "practitioners",
    "managers": "managers",
    "senior_managers": "senior managers",
    "safeguarding_partnership": "safeguarding partnership",
}

# A family member's answer to a version of the plan: as professionals read it (a tag), in a
# sentence ("Jess agrees with version 3 of the plan"), as the family reads their own, and as
# the family's form offers it.
ANSWERS = {
    "agree": "Agrees",
    "agree_with_comments": "Agrees, with comments",
    "disagree": "Does not agree",
}
ANSWERS_SAID = {
    "agree": "agrees with",
    "agree_with_comments": "agrees, with comments, with",
    "disagree": "does not agree with",
}
FAMILY_ANSWERS = {
    "agree": "I agree",
    "agree_with_comments": "I agree, with comments",
    "disagree": "I do not agree",
}
FAMILY_ANSWER_CHOICES = {
    "agree": "I agree",
    "agree_with_comments": "I agree, but I want to say something",
    "disagree": "I do not agree",
}
MEETING_KINDS = {
    "core_group": "Core group meeting",
    "initial_conference": "Child protection conference",
    "review_conference": "Review child protection conference",
    "child_in_need_review": "Child in need review meeting",
    "team_around_the_family": "Team around the family meeting",
    "looked_after_review": "Looked after review meeting",
    "strategy_discussion": "Strategy meeting",
}

# ---------------------------------------------------------------------------- oversight

# What a date due is for; `{about}` is the child of a concern, the stage of a disagreement
# (portal.workspace.caseload.due_words).
DATES_DUE = {
    "initial_conference": "Initial child protection conference",
    "review_conference": "Review conference",
    "first_core_group": "First core group",
    "first_looked_after_review": "First looked-after review",
    "looked_after_review": "Looked-after review",
    "concern_decision": "Decision on a concern about {about}",
    "concern_assessment": "Assessment of a concern about {about}",
    "disagreement_stage": "Professional disagreement: {about} stage",
}
# Why a professional's caseload is empty.
EMPTY_CASELOAD = {
    "administrator": (
        "You are not on any family's team. As an administrator, you set up agencies and "
        "people. You see a family here only when you join its team."
    ),
    "manager": (
        "None of your agency's families has a team yet. When someone from your agency "
        "joins a family's team, the family appears here."
    ),
    "no_team": (
        "You are not on any family's team yet. When a key worker adds you to a family's "
        "team, the family appears here."
    ),
}


def said(words: dict[str, str], value: str | None) -> str:
    """`value` in words; a value with no words yet (a local authority's own episode kind) as
    itself, made readable: `kinship_care` is "Kinship care". No value, no words."""
    if not value:
        return ""
    return words.get(value) or value.replace("_", " ").capitalize()


# ---------------------------------------------------------------------------- in the meeting
# Issue 18: the meeting room (portal/workspace/meeting_room.py).

# An attendee's attendance, as the room's form offers it.
ROOM_ATTENDANCE = {
    "present": "There",
    "apologies_with_report": "Sent apologies and a report",
    "absent": "Not there",
}
# The family's attendance at the meeting.
ROOM_FAMILY_ATTENDANCE = {
    "attended": "The family came",
    "partly": "The family came for part of it",
    "did_not_attend": "The family did not come",
    "not_invited": "The family was not invited",
    "declined": "The family said they would not come",
}
# What the chair of an inquorate conference chose instead.
INQUORATE_CHOICES = {
    "interim_plan": "Issue an interim plan and set a new date",
    "review_existing": "Review the existing plan and set a new date",
    "proceed": "Go on with the conference",
}
# An attendee's view of the version discussed (a tag).
MEETING_VIEWS = {
    "agree": "Agrees",
    "agree_with_reservations": "Agrees, with reservations",
    "dissent": "Dissents",
}
# Where a dissent from a conference's decision stands.
DISSENT_STATES = {
    "waiting": "Waiting for the senior chair's review",
    "decision_stands": "Reviewed: the decision stands",
    "decision_changed": "Reviewed: the decision was changed",
    "escalated": "Reviewed and carried on as a professional disagreement",
    "withdrawn": "Withdrawn",
}
