"""The words for the slices' machine values (portal/labels.py): every value has its words,
and the pages say them.
"""

from __future__ import annotations

import pytest

from careplan.demo.builder import demo_id
from careplan.families import vocabulary as families
from careplan.meetings import vocabulary as meetings
from careplan.oversight import vocabulary as oversight
from careplan.plans import vocabulary as plans
from careplan.tenancy.rules import DEFAULT_EPISODE_KINDS
from portal import labels

HARTLEY = demo_id("family:hartley")


@pytest.mark.parametrize(
    ("words", "values"),
    [
        (labels.MEMBER_ROLES, families.MEMBER_ROLES),
        (labels.TEAM_ROLES, families.TEAM_ROLES),
        (labels.EPISODE_KINDS, tuple(kind.code for kind in DEFAULT_EPISODE_KINDS)),
        (labels.EPISODE_LINKS, families.EPISODE_LINKS),
        (labels.CLOSE_OUTCOMES, families.CLOSE_OUTCOMES),
        (labels.CLOSE_OUTCOMES_SHORT, families.CLOSE_OUTCOMES),
        (labels.CHILD_CATEGORIES, families.CHILD_CATEGORIES),
        (labels.CLOSE_DECISIONS, plans.CLOSE_DECISIONS),
        (labels.THREAD_STATUSES, plans.THREAD_STATUSES),
        (labels.OBJECTIVE_STATUSES, plans.OBJECTIVE_STATUSES),
        (labels.FAMILY_SECTION_NAMES, plans.SECTIONS),
        (labels.WHY_NOT_TOLD, ("restricted", "no_account", "account_closed")),
        (labels.ANSWERS, meetings.ANSWERS),
        (labels.ANSWERS_SAID, meetings.ANSWERS),
        (labels.FAMILY_ANSWERS, meetings.ANSWERS),
        (labels.FAMILY_ANSWER_CHOICES, meetings.ANSWERS),
        (labels.MEETING_KINDS, meetings.MEETING_KINDS),
        (labels.DISAGREEMENT_STAGES, meetings.DISAGREEMENT_STAGES),
        (labels.ROOM_ATTENDANCE, meetings.ATTENDANCE),
        (labels.ROOM_FAMILY_ATTENDANCE, meetings.FAMILY_ATTENDANCE),
        (labels.INQUORATE_CHOICES, meetings.INQUORATE_CHOICES),
        (labels.MEETING_VIEWS, meetings.VIEWS),
        (labels.DISSENT_STATES, meetings.DISSENT_STATES),
        (labels.DATES_DUE, oversight.DATES_DUE),
        (labels.EMPTY_CASELOAD, oversight.EMPTY_REASONS),
    ],
)
def test_every_value_of_a_vocabulary_has_its_words(words: dict, values: tuple) -> None:
    assert sorted(words) == sorted(values)
    assert all(said.strip() for said in words.values())


def test_a_value_without_words_is_said_as_itself_made_readable() -> None:
    assert labels.said(labels.EPISODE_KINDS, "child_in_need") == "Child in need"
    assert labels.said(labels.EPISODE_KINDS, "kinship_care") == "Kinship care"


@pytest.mark.anyio
async def test_the_family_page_says_roles_in_words(browse_as) -> None:
    priya = await browse_as("priya")
    html = (await priya.get(f"/workspace/families/{HARTLEY}")).text
    assert "Social worker, Northmere" in html
    assert "GP, Hawthorn Lane Surgery" in html
    assert "Gp," not in html and "Social_worker" not in html
