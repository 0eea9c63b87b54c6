"""Check-ins on goals: by a parent or a professional, stored once however often sent."""

from __future__ import annotations

import uuid

import pytest

from careplan.demo.builder import demo_id
from careplan.plans.tables import ProgressEntry

pytestmark = pytest.mark.anyio

SCHOOL = str(demo_id("hartley:objective:school_cp"))
SLEEP = str(demo_id("osei:objective:sleep"))  # for Abena alone


async def test_a_parent_records_a_check_in_and_a_retry_is_stored_once(as_) -> None:
    jess = as_("person:jess")
    body = {"client_uuid": str(uuid.uuid4()), "value": "4", "note": "Bags packed the night before"}
    first = await jess.post(f"/api/v1/objectives/{SCHOOL}/progress", json=body)
    assert first.status_code == 201
    assert first.json()["by_kind"] == "parent"
    again = await jess.post(f"/api/v1/objectives/{SCHOOL}/progress", json=body)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert await ProgressEntry.count().where(ProgressEntry.client_uuid == body["client_uuid"]) == 1


async def test_a_value_that_does_not_fit_the_measure_names_the_field(as_) -> None:
    response = await as_("priya").post(
        f"/api/v1/objectives/{SCHOOL}/progress",
        json={"client_uuid": str(uuid.uuid4()), "value": "-1"},
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "value"


async def test_a_goal_outside_a_members_audience_is_not_found_for_them(as_) -> None:
    body = {"client_uuid": str(uuid.uuid4()), "value": "5"}
    # Kofi is a member of the Osei family, but the sleep goal is for Abena alone; Jess is of
    # another family. Neither may see it, so for them it does not exist.
    refused = await as_("person:jess").post(f"/api/v1/objectives/{SLEEP}/progress", json=body)
    assert refused.status_code == 404
    allowed = await as_("person:abena").post(f"/api/v1/objectives/{SLEEP}/progress", json=body)
    assert allowed.status_code == 201
