"""A family's members in the workspace pages (issue 17, item 6): add, change, end; only for
those who may (the links hidden otherwise, 403 saying who can)."""

from __future__ import annotations

import datetime as dt

import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.families.tables import Family, Member

pytestmark = pytest.mark.anyio

FAMILY = demo_id("family:hartley")
LEO = demo_id("hartley:member:leo")
JESS = demo_id("hartley:member:jess")
PAGE = f"/workspace/families/{FAMILY}"
NEW = f"{PAGE}/members/new"
TODAY = dt.date.today()
ADDRESS = "4 Alder Close"


def on(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def baby(csrf: str) -> dict[str, str]:
    return {
        "_csrf_token": csrf,
        "given_name": "Ivy",
        "family_name": "Hartley",
        "role": "child",
        "relationship": "Daughter",
        **on("date_of_birth", TODAY - dt.timedelta(days=3)),
        "parental_responsibility": "no",
        "address_confidential": "no",
        "interpreter_needed": "no",
        "portal_restricted": "no",
        "preferred_language": "English",
    }


async def _state() -> tuple[int, int, int]:
    family = await Family.select(Family.revision).where(Family.id == FAMILY).first()
    return await AuditEvent.count(), family["revision"], await Member.count()


async def _member(member_id) -> dict:
    return await Member.select().where(Member.id == member_id).first()


async def test_the_key_worker_sees_the_member_actions_and_a_partner_agency_does_not(
    browse_as,
) -> None:
    priya = await browse_as("priya")
    page = (await priya.get(PAGE)).text
    assert "Add a family member" in page
    assert f"/workspace/members/{LEO}/change" in page and f"/workspace/members/{LEO}/end" in page
    for who in ("laura", "grace"):
        other = await browse_as(who)
        page = (await other.get(PAGE)).text
        assert "Add a family member" not in page and "/change" not in page
        refused = await other.get(NEW)
        assert refused.status_code == 403
        assert "You cannot add or change a family member" in refused.text
        assert (
            "children&#39;s social care" in refused.text or "children's social care" in refused.text
        )


async def test_a_key_worker_adds_a_new_baby_through_the_form(browse_as) -> None:
    priya = await browse_as("priya")
    form = (await priya.get(NEW)).text
    assert "Add a family member" in form and 'name="date_of_birth-day"' in form
    added = await priya.post(NEW, data=baby(priya.csrf))
    assert added.status_code == 303
    assert added.headers["location"] == f"{PAGE}?member=added#members"
    page = (await priya.get(f"{PAGE}?member=added")).text
    assert "The family member was added." in page and "Ivy Hartley" in page
    ivy = await Member.select().where(Member.given_name == "Ivy").first()
    assert ivy["family"] == FAMILY and ivy["role"] == "child"


async def test_an_incomplete_form_names_each_field_and_adds_no_one(browse_as) -> None:
    priya = await browse_as("priya")
    before = await _state()
    posted = await priya.post(
        NEW,
        data={"_csrf_token": priya.csrf, "date_of_birth-day": "31", "date_of_birth-month": "2"},
    )
    assert posted.status_code == 422
    assert "There is a problem" in posted.text
    for anchor in ("#given_name", "#role", "#date_of_birth", "#parental_responsibility"):
        assert f'href="{anchor}"' in posted.text, anchor
    assert await _state() == before


async def test_a_change_is_saved_and_a_stale_one_is_shown_not_written(browse_as) -> None:
    priya = await browse_as("priya")
    form = (await priya.get(f"/workspace/members/{LEO}/change")).text
    assert 'value="Leo"' in form
    leo = await _member(LEO)
    fields = {
        **baby(priya.csrf),
        "given_name": "Leo",
        "known_as": "Lee",
        "role": "child",
        "relationship": "Son",
        **on("date_of_birth", leo["date_of_birth"]),
        "address": leo["address"],
        "nhs_number": leo["nhs_number"],
        "revision": str(leo["revision"]),
    }
    saved = await priya.post(f"/workspace/members/{LEO}/change", data=fields)
    assert saved.status_code == 303, saved.text
    assert (await _member(LEO))["known_as"] == "Lee"
    before = await _state()
    stale = await priya.post(
        f"/workspace/members/{LEO}/change", data={**fields, "known_as": "Leonard"}
    )
    assert stale.status_code == 409
    assert "Someone else changed this member" in stale.text
    assert await _state() == before


async def test_a_confidential_address_is_not_in_the_change_form(browse_as) -> None:
    await Member.update({Member.address_confidential: True}).where(Member.id == JESS)
    priya = await browse_as("priya")
    form = (await priya.get(f"/workspace/members/{JESS}/change")).text
    assert ADDRESS not in form and "The address is confidential" in form


async def test_ending_a_membership_asks_to_confirm_then_ends_it(browse_as) -> None:
    priya = await browse_as("priya")
    confirm = (await priya.get(f"/workspace/members/{LEO}/end")).text
    assert "Are you sure Leo Hartley has left the family?" in confirm
    leo = await _member(LEO)
    ended = await priya.post(
        f"/workspace/members/{LEO}/end",
        data={"_csrf_token": priya.csrf, "revision": str(leo["revision"]), **on("to_date", TODAY)},
    )
    assert ended.status_code == 303
    assert (await _member(LEO))["to_date"] == TODAY


async def test_a_police_officer_cannot_change_or_end_a_member(browse_as) -> None:
    laura = await browse_as("laura")
    before = await _state()
    leo = await _member(LEO)
    for path in ("change", "end"):
        posted = await laura.post(
            f"/workspace/members/{LEO}/{path}",
            data={
                **baby(laura.csrf),
                "revision": str(leo["revision"]),
                **on("to_date", TODAY),
            },
        )
        assert posted.status_code == 403
    assert await _state() == before


async def test_restricting_a_parent_through_the_form_ends_her_sessions(browse_as) -> None:
    from careplan.identity.service import sessions

    jess_phone = await browse_as("person:jess")
    assert (await jess_phone.get("/family")).status_code == 200
    priya = await browse_as("priya")
    jess = await _member(JESS)
    fields = {
        **baby(priya.csrf),
        "given_name": "Jess",
        "role": "parent",
        "relationship": "Mum",
        **on("date_of_birth", jess["date_of_birth"]),
        "parental_responsibility": "yes",
        "address": jess["address"],
        "phone": jess["phone"],
        "portal_restricted": "yes",
        "revision": str(jess["revision"]),
    }
    saved = await priya.post(f"/workspace/members/{JESS}/change", data=fields)
    assert saved.status_code == 303, saved.text
    assert (await _member(JESS))["portal_restricted"]
    assert await sessions.live_sessions(demo_id("person:jess")) == []
    after = await jess_phone.get("/family")
    assert after.status_code == 403 and "clear-site-data" in after.headers
    page = (await priya.get(PAGE)).text
    assert "Cannot use the family portal" in page
