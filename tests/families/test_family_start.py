"""Starting a family's record in pages (issue 17, item 7): who may, and what is checked."""

from __future__ import annotations

import pytest

from careplan.families.tables import Family, Member, TeamMember
from careplan.tenancy.tables import Person

pytestmark = pytest.mark.anyio

NEW = "/workspace/families/new"


async def test_a_social_worker_starts_a_family_s_record_with_its_members(browse_as) -> None:
    priya = await browse_as("priya")
    caseload = await priya.get("/workspace")
    assert f'href="{NEW}"' in caseload.text
    form = await priya.get(NEW)
    assert form.status_code == 200 and "Start a family's record" in form.text
    made = await priya.post(
        NEW,
        data={
            "_csrf_token": priya.csrf,
            "name": "Brook family",
            "case_reference": "NMC-200114",
            "member-1-given_name": "Dana",
            "member-1-family_name": "Brook",
            "member-1-role": "parent",
            "member-1-parental_responsibility": "yes",
            "member-2-given_name": "Eli",
            "member-2-role": "child",
            "member-2-dob-day": "2",
            "member-2-dob-month": "3",
            "member-2-dob-year": "2019",
            "member-2-nhs_number": "999 000 1243",
        },
    )
    assert made.status_code == 303, made.text[:600]
    family = await Family.select().where(Family.name == "Brook family").first()
    assert made.headers["location"] == f"/workspace/families/{family['id']}"
    assert family["case_reference"] == "NMC-200114"
    members = await Member.select(
        Member.given_name, Member.role, Member.nhs_number, Member.parental_responsibility
    ).where(Member.family == family["id"])
    assert sorted(members, key=lambda m: m["given_name"]) == [
        {
            "given_name": "Dana",
            "role": "parent",
            "nhs_number": None,
            "parental_responsibility": True,
        },
        {
            "given_name": "Eli",
            "role": "child",
            "nhs_number": "9990001243",
            "parental_responsibility": False,
        },
    ]
    team = await TeamMember.select(TeamMember.person.name, TeamMember.key_worker).where(
        TeamMember.family == family["id"]
    )
    assert team == [{"person.name": "Priya Raman", "key_worker": True}]
    page = await priya.get(made.headers["location"])
    assert page.status_code == 200 and "Brook family" in page.text


async def test_every_field_at_fault_is_named_and_nothing_is_made(browse_as) -> None:
    priya = await browse_as("priya")
    before = await Family.count()
    refused = await priya.post(
        NEW,
        data={
            "_csrf_token": priya.csrf,
            "name": "",
            "member-1-given_name": "",
            "member-2-given_name": "Eli",
        },
    )
    assert refused.status_code == 422
    for field, words in (
        ("name", "Enter the family&#39;s name"),
        ("member-1-given_name", "Enter their first name"),
        ("member-1-role", "Choose who they are in the family"),
        ("member-2-role", "Choose who they are in the family"),
    ):
        assert f'href="#{field}"' in refused.text and words in refused.text, field
    checked = await priya.post(
        NEW,
        data={
            "_csrf_token": priya.csrf,
            "name": "Brook family",
            "case_reference": "NMC 200114!",
            "member-1-given_name": "Dana",
            "member-1-role": "parent",
        },
    )
    assert checked.status_code == 422 and 'href="#case_reference"' in checked.text
    assert "The case reference should be the case system&#39;s reference" in checked.text
    nhs = await priya.post(
        NEW,
        data={
            "_csrf_token": priya.csrf,
            "name": "Brook family",
            "member-1-given_name": "Dana",
            "member-1-role": "parent",
            "member-1-nhs_number": "9990001242",  # the check digit is wrong
        },
    )
    assert nhs.status_code == 422 and 'href="#member-1-nhs_number"' in nhs.text
    assert "is not an NHS number: check the 10 digits" in nhs.text
    assert await Family.count() == before


async def test_the_police_are_told_who_can_start_one(browse_as) -> None:
    laura = await browse_as("laura")
    assert f'href="{NEW}"' not in (await laura.get("/workspace")).text
    shown = await laura.get(NEW)
    assert shown.status_code == 403
    assert "only children&#39;s social care or early help can" in shown.text
    before = (await Family.count(), await Person.count())
    posted = await laura.post(
        NEW,
        data={
            "_csrf_token": laura.csrf,
            "name": "Brook family",
            "member-1-given_name": "Dana",
            "member-1-role": "parent",
        },
    )
    assert posted.status_code == 403
    assert (await Family.count(), await Person.count()) == before
