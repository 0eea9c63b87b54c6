"""Quorum (careplan.meetings.quorum): pure rules, no database."""

from __future__ import annotations

import uuid

import pytest

from careplan.lib.errors import Invalid
from careplan.meetings import quorum
from careplan.meetings.quorum import Presence

CSC, SCHOOL, NURSE, HV, POLICE = (uuid.uuid4() for _ in range(5))


def there(
    agency: uuid.UUID, kind: str, name: str, *, attendance: str = "present", direct: bool = True
) -> Presence:
    return Presence(agency, kind, name, attendance, direct)


SOCIAL_WORKER = there(CSC, "childrens_social_care", "Children's social care")
TEACHER = there(SCHOOL, "school", "Riverside School")
SCHOOL_NURSE = there(NURSE, "health", "School nursing")
HEALTH_VISITOR = there(HV, "health", "Health visiting")


def test_social_care_and_two_other_agencies_with_direct_contact_are_quorate() -> None:
    found = quorum.quorum("initial_conference", [SOCIAL_WORKER, TEACHER, HEALTH_VISITOR])
    assert found.required and found.quorate and found.missing == ""
    assert found.other_agencies == ("Health visiting", "Riverside School")


def test_school_school_nurse_and_health_visitor_each_count_as_one_agency() -> None:
    found = quorum.quorum("review_conference", [SOCIAL_WORKER, TEACHER, SCHOOL_NURSE])
    assert found.quorate
    two_teachers = [SOCIAL_WORKER, TEACHER, there(SCHOOL, "school", "Riverside School")]
    found = quorum.quorum("review_conference", two_teachers)
    assert not found.quorate  # people of one agency count once
    assert "1 other agency" in found.missing and "needed 2, there 1" in found.missing


def test_without_social_care_it_is_inquorate_whoever_else_is_there() -> None:
    found = quorum.quorum("initial_conference", [TEACHER, HEALTH_VISITOR, SCHOOL_NURSE])
    assert not found.quorate
    assert found.missing.startswith("Children's social care is not there")


def test_apologies_absence_and_no_direct_contact_do_not_count() -> None:
    found = quorum.quorum(
        "initial_conference",
        [
            SOCIAL_WORKER,
            there(SCHOOL, "school", "Riverside", attendance="apologies_with_report"),
            there(HV, "health", "HV", attendance="absent"),
            there(POLICE, "police", "Police", direct=False),
        ],
    )
    assert not found.quorate and found.other_agencies == ()


def test_only_conferences_need_a_quorum() -> None:
    found = quorum.quorum("core_group", [TEACHER])
    assert not found.required and found.quorate


def test_attendance_not_taken_yet_says_so() -> None:
    found = quorum.quorum(
        "initial_conference", [there(CSC, "childrens_social_care", "CSC", attendance=None)]
    )
    assert not found.taken


def test_a_local_number_of_other_agencies_is_used_and_a_bad_one_ignored() -> None:
    assert quorum.other_agencies_needed(3) == 3
    for bad in (None, "3", 0, 11, True, {"n": 2}):
        assert quorum.other_agencies_needed(bad) == quorum.DEFAULT_OTHER_AGENCIES
    found = quorum.quorum("initial_conference", [SOCIAL_WORKER, TEACHER, HEALTH_VISITOR], needed=3)
    assert not found.quorate


def test_never_inquorate_twice_in_a_row_except_before_a_birth() -> None:
    with pytest.raises(Invalid) as caught:
        quorum.check_not_twice(previous_inquorate=True, pre_birth=False)
    assert caught.value.field == "inquorate_choice"
    assert "previous conference was inquorate too" in caught.value.message
    quorum.check_not_twice(previous_inquorate=True, pre_birth=True)
    quorum.check_not_twice(previous_inquorate=False, pre_birth=False)


def test_an_inquorate_conference_needs_the_chairs_choice_before_views() -> None:
    with pytest.raises(Invalid) as caught:
        quorum.require_choice_if_inquorate("initial_conference", False, None)
    assert caught.value.field == "inquorate_choice"
    quorum.require_choice_if_inquorate("initial_conference", False, "interim_plan")
    quorum.require_choice_if_inquorate("initial_conference", None, None)  # not taken yet
    quorum.require_choice_if_inquorate("core_group", False, None)


def test_a_choice_needs_a_reason() -> None:
    with pytest.raises(Invalid) as caught:
        quorum.check_inquorate_choice("proceed", "  ")
    assert caught.value.field == "inquorate_reason"
    with pytest.raises(Invalid) as caught:
        quorum.check_inquorate_choice(None, "why")
    assert caught.value.field == "inquorate_choice"
