"""Tenancy's machine values: the kinds of agency and of person, the roles a professional
holds. Pure values, no I/O (the pages say them in words: portal.labels)."""

from __future__ import annotations

AGENCY_KINDS = (
    "childrens_social_care",
    "early_help",
    "health_visiting",
    "school_nursing",
    "school",
    "police",
    "gp",
    "housing",
    "adult_mental_health",
    "substance_misuse",
    "probation",
    "voluntary",
    "other",
)
PERSON_KINDS = ("professional", "family")
ROLES = ("practitioner", "manager", "chair", "administrator")
