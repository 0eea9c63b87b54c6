"""The live co-editing pages through the app: who may open a plan's stream, presence, and
plain language while writing. (The stream's events themselves: tests/live on a real server.)"""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.conftest import BASE_URL
from tests.portal.registry import CALLERS, ITEM, PLAN

pytestmark = pytest.mark.anyio

STREAM = f"/workspace/plans/{PLAN}/events"


@pytest.mark.parametrize("caller", ["own_parent", "other_parent", "outsider", "admin"])
async def test_no_one_but_the_team_and_its_managers_may_open_the_stream(browse_as, caller) -> None:
    client = await browse_as(CALLERS[caller])
    response = await client.get(STREAM)
    assert response.status_code == 404
    assert "text/event-stream" not in response.headers.get("content-type", "")
    assert "Hartley" not in response.text and "Leo" not in response.text


async def test_signed_out_the_stream_sends_to_sign_in(demo_app) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo_app), base_url=BASE_URL
    ) as anonymous:
        page = await anonymous.get(STREAM)
        htmx = await anonymous.get(STREAM, headers={"HX-Request": "true"})
    assert page.status_code == 303 and page.headers["location"].startswith("/auth/")
    assert htmx.status_code == 401


@pytest.mark.parametrize("plan", ["0f8fad5b-d9cb-469f-a165-70867728950e", "not-a-plan", str(ITEM)])
async def test_a_stream_of_no_plan_is_not_found(browse_as, plan) -> None:
    client = await browse_as("priya")
    assert (await client.get(f"/workspace/plans/{plan}/events")).status_code == 404


async def test_a_bearer_token_does_not_open_the_stream(demo_app) -> None:
    from tests.conftest import bearer

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo_app), base_url=BASE_URL, headers=bearer("priya")
    ) as api:
        response = await api.get(STREAM)
    assert response.status_code == 303  # pages are for sessions: sent to sign in


async def test_presence_of_an_empty_plan_lists_no_one(browse_as) -> None:
    client = await browse_as("priya")
    response = await client.get(f"/workspace/plans/{PLAN}/presence")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert "Also in this plan" not in response.text


async def test_presence_refuses_a_block_that_is_not_of_this_plan(browse_as) -> None:
    client = await browse_as("priya")
    url = f"/workspace/plans/{PLAN}/presence"
    assert (await client.post(url, data={"block": "section-worry"})).status_code == 200
    assert (await client.post(url, data={"block": f"item-{ITEM}"})).status_code == 200
    assert (await client.post(url, data={"block": f"item-{uuid.uuid4()}"})).status_code == 404
    assert (await client.post(url, data={"block": "<script>"})).status_code == 422


async def test_jargon_comes_back_with_its_plain_words_to_click_in(browse_as) -> None:
    client = await browse_as("priya")
    response = await client.post(
        "/workspace/plain-language",
        data={"text": "The SW will visit after the ICPC.", "field": "new-worry-text"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    text = response.text
    assert 'data-plain-from="SW"' in text and 'data-plain-to="social worker"' in text
    assert 'data-plain-field="new-worry-text"' in text
    assert "ICPC" in text
    assert "Reading age" in text
    assert "<html" not in text  # a fragment


async def test_a_text_for_professionals_only_is_checked_too_marked_less_urgent(
    browse_as,
) -> None:
    # Issue 14, item 4: a first draft is "professionals only" until its audience is chosen,
    # and was not checked at all. It is now checked, and marked as less urgent.
    client = await browse_as("priya")
    response = await client.post(
        "/workspace/plain-language",
        data={"text": "The SW will visit.", "field": "x", "audience": "professionals"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'data-plain-to="social worker"' in response.text
    assert "Less urgent" in response.text
    family = await client.post(
        "/workspace/plain-language",
        data={"text": "The SW will visit.", "field": "x", "audience": "family"},
        headers={"HX-Request": "true"},
    )
    assert 'data-plain-to="social worker"' in family.text
    assert "Less urgent" not in family.text


async def test_the_field_named_by_source_is_checked(browse_as) -> None:
    client = await browse_as("priya")
    response = await client.post(
        "/workspace/plain-language",
        data={"source": "family_view", "family_view": "The HV came.", "field": "x"},
        headers={"HX-Request": "true"},
    )
    assert 'data-plain-to="health visitor"' in response.text


async def test_the_checker_works_without_script(browse_as) -> None:
    client = await browse_as("priya")
    page = await client.get("/workspace/plain-language")
    assert page.status_code == 200
    assert 'data-plain-for="check-text"' in page.text
    assert "/static/js/plain.js" in page.text
    posted = await client.post(
        "/workspace/plain-language", data={"text": "The SW will visit.", "_csrf_token": client.csrf}
    )
    assert posted.status_code == 200
    assert "<html" in posted.text and 'data-plain-to="social worker"' in posted.text
    assert "The SW will visit." in posted.text  # the text is kept in the field


async def test_too_long_a_text_is_refused_with_the_field_named(browse_as) -> None:
    client = await browse_as("priya")
    response = await client.post(
        "/workspace/plain-language", data={"text": "word " * 5000}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "text" in response.text


async def test_the_plans_plain_language_state_refreshes_itself_on_live_changes(browse_as) -> None:
    client = await browse_as("priya")
    response = await client.get(f"/workspace/plans/{PLAN}/plain-language")
    assert response.status_code == 200
    assert "things the family will read" in response.text or "easy to read" in response.text
    assert f'hx-get="/workspace/plans/{PLAN}/plain-language"' in response.text
    assert "live-item-changed from:body" in response.text
