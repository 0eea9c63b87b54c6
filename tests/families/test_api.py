"""Families, teams and tenancy through the API."""

from __future__ import annotations

import datetime as dt

import pytest

from careplan.demo.builder import demo_id
from careplan.families.tables import Family, TeamMember

pytestmark = pytest.mark.anyio

OSEI = str(demo_id("family:osei"))
HARTLEY = str(demo_id("family:hartley"))


async def test_a_confidential_address_is_shown_only_as_confidential(as_) -> None:
    response = await as_("priya").get(f"/api/v1/families/{OSEI}")
    assert response.status_code == 200
    abena = next(m for m in response.json()["members"] if m["given_name"] == "Abena")
    assert abena["address"] == "confidential"
    assert "Quarry Street" not in response.text


async def test_a_caseload_lists_only_the_families_whose_team_you_are_on(as_) -> None:
    names = {f["name"] for f in (await as_("grace").get("/api/v1/families")).json()}
    assert names == {"Hartley family", "Osei family", "Whitfield family"}
    assert (await as_("chloe").get("/api/v1/families")).json() == []


async def test_a_manager_sees_their_agencys_families_in_their_local_authority(as_) -> None:
    names = {f["name"] for f in (await as_("helen").get("/api/v1/families")).json()}
    assert {"Hartley family", "Osei family", "Novak family"} <= names
    assert "Whitfield family" not in names  # no one from children's social care on its team
    assert (await as_("helen").get(f"/api/v1/families/{HARTLEY}")).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "F", "members": []}, "members"),
        ({"name": "", "members": [{"given_name": "A", "role": "parent"}]}, "name"),
        ({"name": "F", "members": [{"given_name": "A", "role": "uncle"}]}, "role"),
        (
            {
                "name": "F",
                "members": [{"given_name": "A", "role": "child", "date_of_birth": "2099-01-01"}],
            },
            "members[0].date_of_birth",
        ),
        (
            {"name": "F", "members": [{"given_name": "A", "role": "child", "nhs_number": "12345"}]},
            "nhs_number",
        ),
    ],
)
async def test_a_new_family_with_bad_input_names_the_field_and_writes_nothing(
    as_, body, field
) -> None:
    before = await Family.count()
    response = await as_("priya").post("/api/v1/families", json=body)
    assert response.status_code == 422, response.text
    assert field in response.json()["detail"]
    assert await Family.count() == before


async def test_whoever_starts_a_family_record_is_its_key_worker(as_) -> None:
    created = await as_("chloe").post(
        "/api/v1/families",
        json={"name": "Ash family", "members": [{"given_name": "Rowan", "role": "parent"}]},
    )
    assert created.status_code == 201
    team = created.json()["team"]
    assert [(t["name"], t["key_worker"]) for t in team] == [("Chloe Dunn", True)]


async def test_a_new_key_worker_takes_over_and_the_old_one_stays_on_the_team(as_) -> None:
    response = await as_("priya").post(
        f"/api/v1/families/{HARTLEY}/team",
        json={"person": str(demo_id("person:chloe")), "role": "social_worker", "key_worker": True},
    )
    assert response.status_code == 201, response.text
    key_workers = [t["name"] for t in response.json()["team"] if t["key_worker"]]
    assert key_workers == ["Chloe Dunn"]
    assert (
        await TeamMember.count().where(
            (TeamMember.family == HARTLEY) & TeamMember.left_on.is_null()
        )
        == 8
    )


async def test_a_family_is_renamed_at_its_revision_and_a_stale_rename_is_refused(as_) -> None:
    priya = as_("priya")
    renamed = await priya.patch(
        f"/api/v1/families/{HARTLEY}", json={"name": "Hartley household", "revision": 1}
    )
    assert renamed.status_code == 200 and renamed.json()["revision"] == 2
    stale = await priya.patch(f"/api/v1/families/{HARTLEY}", json={"name": "X", "revision": 1})
    assert stale.status_code == 409
    assert stale.json()["current"]["name"] == "Hartley household"


async def test_an_administrator_adds_an_agency_and_a_professional_who_can_then_sign_in(as_) -> None:
    sam = as_("sam")
    agency = await sam.post("/api/v1/agencies", json={"name": "Oak Academy", "kind": "school"})
    assert agency.status_code == 201
    person = await sam.post(
        "/api/v1/professionals",
        json={
            "name": "Ola Bright",
            "email": "Ola.Bright@oak.example",
            "agency": agency.json()["id"],
        },
    )
    assert person.status_code == 201
    assert person.json()["email"] == "ola.bright@oak.example"
    again = await sam.post(
        "/api/v1/professionals",
        json={
            "name": "Ola Bright",
            "email": "ola.bright@oak.example",
            "agency": agency.json()["id"],
        },
    )
    assert again.status_code == 422 and "email" in again.json()["detail"]
    listed = {a["name"] for a in (await as_("priya").get("/api/v1/agencies")).json()}
    assert "Oak Academy" in listed


async def test_an_episode_cannot_open_in_the_future_or_twice(as_) -> None:
    priya = as_("priya")
    leo = str(demo_id("hartley:member:leo"))
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = await priya.post(
        f"/api/v1/families/{HARTLEY}/episodes",
        json={
            "kind": "early_help",
            "children": [{"member": leo}],
            "opened_on": future,
            "reason": "r",
        },
    )
    assert response.status_code == 422 and "opened_on" in response.json()["detail"]
    twice = await priya.post(
        f"/api/v1/families/{HARTLEY}/episodes",
        json={
            "kind": "child_protection",
            "children": [{"member": leo}],
            "opened_on": dt.date.today().isoformat(),
            "reason": "r",
        },
    )
    assert twice.status_code == 422 and "kind" in twice.json()["detail"]


async def test_a_parent_lists_only_her_family_as_her_view_allows_never_the_record(as_) -> None:
    # Issue 13, item 12: a parent's family list is not the professionals' record.
    jess = as_("person:jess")
    response = await jess.get("/api/v1/families")
    assert response.status_code == 200
    assert response.json() == [
        {"id": HARTLEY, "name": "Hartley family", "member": str(demo_id("hartley:member:jess"))}
    ]
    assert "NMC-104233" not in response.text  # the council's case reference
    # The record itself (members' dates of birth, addresses, the team) is not hers to read.
    detail = await jess.get(f"/api/v1/families/{HARTLEY}")
    assert detail.status_code == 404
    assert "NMC-104233" not in detail.text and "Alder Close" not in detail.text
    # A professional still gets the record's list fields.
    listed = (await as_("priya").get("/api/v1/families")).json()
    hartley = next(f for f in listed if f["id"] == HARTLEY)
    assert hartley["case_reference"] == "NMC-104233"
