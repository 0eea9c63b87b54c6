"""A local authority's administration in pages (issue 17, item 8 in part): Sam Adeyemi, the
demo's administrator, adds an agency and a professional and stops someone signing in; no one
else may."""

from __future__ import annotations

import pytest

from careplan.demo.builder import demo_id
from careplan.identity.tables import Session
from careplan.tenancy.tables import Agency, Person, RoleGrant

pytestmark = pytest.mark.anyio

ADMIN = "/workspace/admin"


async def test_the_administrator_adds_an_agency_and_a_professional(browse_as) -> None:
    sam = await browse_as("sam")
    assert f'href="{ADMIN}"' in (await sam.get("/workspace")).text
    home = await sam.get(ADMIN)
    assert home.status_code == 200
    assert "Northmere Police Safeguarding Unit" in home.text and "Priya Raman" in home.text
    added = await sam.post(
        f"{ADMIN}/agencies/new",
        data={"_csrf_token": sam.csrf, "name": "Northmere Housing", "kind": "housing"},
    )
    assert added.status_code == 303 and added.headers["location"] == f"{ADMIN}?added=agency"
    housing = await Agency.select(Agency.id, Agency.kind).where(Agency.name == "Northmere Housing")
    assert housing[0]["kind"] == "housing"
    shown = await sam.get(added.headers["location"])
    assert "The agency was added." in shown.text and "Northmere Housing" in shown.text
    person = await sam.post(
        f"{ADMIN}/professionals/new",
        data={
            "_csrf_token": sam.csrf,
            "name": "Ola Nowak",
            "email": "ola.nowak@housing.northmere.example",
            "agency": str(housing[0]["id"]),
            "job_title": "Housing officer",
            "roles": ["practitioner", "manager"],
        },
    )
    assert person.status_code == 303, person.text[:500]
    ola = await Person.select(Person.id, Person.agency).where(Person.name == "Ola Nowak").first()
    assert ola["agency"] == housing[0]["id"]
    roles = await RoleGrant.select(RoleGrant.role).where(RoleGrant.person == ola["id"])
    assert sorted(r["role"] for r in roles) == ["manager", "practitioner"]


async def test_every_field_at_fault_is_named_and_nothing_is_added(browse_as) -> None:
    sam = await browse_as("sam")
    before = (await Agency.count(), await Person.count())
    agency = await sam.post(f"{ADMIN}/agencies/new", data={"_csrf_token": sam.csrf})
    assert agency.status_code == 422
    assert 'href="#name"' in agency.text and 'href="#kind"' in agency.text
    person = await sam.post(
        f"{ADMIN}/professionals/new",
        data={"_csrf_token": sam.csrf, "issuer": "https://login.example"},
    )
    assert person.status_code == 422
    for field in ("name", "email", "agency", "roles", "subject"):
        assert f'href="#{field}"' in person.text, field
    taken = await sam.post(
        f"{ADMIN}/professionals/new",
        data={
            "_csrf_token": sam.csrf,
            "name": "Another Priya",
            "email": "priya.raman@csc.northmere.example",
            "agency": str(demo_id("agency:csc")),
            "roles": "practitioner",
        },
    )
    assert taken.status_code == 422 and "this address cannot be used" in taken.text
    assert (await Agency.count(), await Person.count()) == before


async def test_the_administrator_stops_someone_signing_in(browse_as) -> None:
    sam = await browse_as("sam")
    chloe = demo_id("person:chloe")
    await browse_as("chloe")  # she has a session
    form = await sam.get(f"{ADMIN}/professionals/{chloe}/deactivate")
    assert form.status_code == 200 and "Stop Chloe Dunn signing in?" in form.text
    done = await sam.post(
        f"{ADMIN}/professionals/{chloe}/deactivate", data={"_csrf_token": sam.csrf}
    )
    assert done.status_code == 303
    assert (await Person.select(Person.active).where(Person.id == chloe)) == [{"active": False}]
    live = await Session.count().where((Session.person == chloe) & Session.ended_at.is_null())
    assert live == 0


async def test_no_one_else_administers(browse_as) -> None:
    for who in ("priya", "helen"):
        page = await browse_as(who)
        assert f'href="{ADMIN}"' not in (await page.get("/workspace")).text
        refused = await page.get(ADMIN)
        assert refused.status_code == 403 and "Only an administrator can do this" in refused.text
        before = await Agency.count()
        posted = await page.post(
            f"{ADMIN}/agencies/new",
            data={"_csrf_token": page.csrf, "name": "Sneaky", "kind": "other"},
        )
        assert posted.status_code == 403 and await Agency.count() == before
