"""Administrators act on their own local authority's people only, through the real API.

Southby Council is a second local authority that works with Northmere's police safeguarding
unit (an agency shared between authorities). Southby's administrator administers the police
officers' roles in Southby; Laura, Northmere's police sergeant, is homed in Northmere (her
first role is there) and only Northmere's administrator can deactivate her.
"""

from __future__ import annotations

import datetime as dt
import uuid

import httpx
import pytest

from careplan.demo.builder import demo_id
from careplan.identity.service import tokens
from careplan.tenancy.service import create_administrator
from careplan.tenancy.tables import AgencyAuthority, Person, RoleGrant
from tests.conftest import BASE_URL, ISSUER, TEST_SECRET

pytestmark = pytest.mark.anyio

LAURA = demo_id("person:laura")
POLICE = demo_id("agency:police")


@pytest.fixture
async def southby(demo_app):
    """Southby Council, its administrator (Sue) as an API client, and the shared police unit."""
    made = await create_administrator(
        name="Sue Admin",
        email="sue.admin@southby.example",
        local_authority="Southby Council",
        code="SBC",
        agency="Southby Children's Services",
    )
    await AgencyAuthority(
        id=uuid.uuid4(), agency=POLICE, local_authority=made.local_authority_id
    ).save()
    token = tokens.mint(TEST_SECRET, ISSUER, made.person_id)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo_app),
        base_url=BASE_URL,
        headers={"Authorization": f"Bearer {token}"},
    ) as sue:
        yield {"la": made.local_authority_id, "sue": sue}


async def active(person_id: uuid.UUID) -> bool:
    return (await Person.select(Person.active).where(Person.id == person_id).first())["active"]


async def test_another_authority_cannot_deactivate_an_officer_of_a_shared_agency(
    southby, as_
) -> None:
    refused = await southby["sue"].post(f"/api/v1/professionals/{LAURA}/deactivate")
    assert refused.status_code == 404
    assert await active(LAURA)
    assert (await as_("laura").get("/api/v1/me")).status_code == 200


async def test_a_role_in_another_authority_does_not_make_it_the_home_one(southby, as_) -> None:
    # Laura also works Southby's cases: Southby gave her a role there, after Northmere did.
    await RoleGrant(
        id=uuid.uuid4(),
        person=LAURA,
        role="practitioner",
        local_authority=southby["la"],
        created_at=dt.datetime.now(dt.UTC),
    ).save()
    refused = await southby["sue"].post(f"/api/v1/professionals/{LAURA}/deactivate")
    assert refused.status_code == 403 and "home local authority" in refused.json()["detail"]
    assert await active(LAURA)
    done = await as_("sam").post(f"/api/v1/professionals/{LAURA}/deactivate")
    assert done.status_code == 200, done.text
    assert not await active(LAURA)


async def test_each_authority_administers_its_own_staff_of_a_shared_agency(southby, as_) -> None:
    made = await southby["sue"].post(
        "/api/v1/professionals",
        json={"name": "Ravi Shah", "email": "ravi.shah@police.example", "agency": str(POLICE)},
    )
    assert made.status_code == 201, made.text
    ravi = uuid.UUID(made.json()["id"])
    grants = await RoleGrant.select(RoleGrant.local_authority).where(RoleGrant.person == ravi)
    assert [g["local_authority"] for g in grants] == [southby["la"]]
    # Northmere's administrator shares the agency but not the person: not theirs.
    refused = await as_("sam").post(f"/api/v1/professionals/{ravi}/deactivate")
    assert refused.status_code == 404
    assert await active(ravi)
    done = await southby["sue"].post(f"/api/v1/professionals/{ravi}/deactivate")
    assert done.status_code == 200 and not await active(ravi)


async def test_a_taken_email_answers_the_same_whoever_holds_it(southby) -> None:
    async def create(email: str) -> httpx.Response:
        return await southby["sue"].post(
            "/api/v1/professionals",
            json={"name": "New Officer", "email": email, "agency": str(POLICE)},
        )

    parent = await create("jess.hartley@family.example")  # a parent's portal account
    professional = await create("priya.raman@csc.northmere.example")
    assert parent.status_code == professional.status_code == 422
    assert parent.json() == professional.json()
    assert parent.json()["fields"][0]["field"] == "email"
    assert "jess" not in parent.text
    assert await Person.count().where(Person.name == "New Officer") == 0
