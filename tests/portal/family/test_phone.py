"""The phone at /family: "This phone", push subscriptions over HTTP, clearing the phone, and
the service worker and manifest the offline copy is built on."""

from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.identity.tables import Session
from careplan.notify import rules
from careplan.notify.tables import PushSubscription
from careplan.settings import Settings, new_vapid_keys
from portal.family.device import phone_attributes, saved_label
from tests.conftest import BASE_URL, make_settings
from tests.notify.receiver import Subscriber

pytestmark = pytest.mark.anyio
JESS = demo_id("person:jess")
ENDPOINT = "http://127.0.0.1:9/push/phone-1"


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The app of these tests has VAPID keys, as a deployed one would, and names the local
    push service of ENDPOINT (nothing listens there: nothing is sent in these tests)."""
    private, public = new_vapid_keys()
    return make_settings(
        database_url,
        vapid_private_key=private,
        vapid_public_key=public,
        push_allow_hosts=("127.0.0.1:9",),
    )


def a_subscription(endpoint: str = ENDPOINT) -> dict:
    return Subscriber(endpoint=endpoint).subscription()


async def test_this_phone_offers_notifications_and_keeps_an_offline_copy(
    browse_as, settings
) -> None:
    jess = await browse_as("person:jess")
    response = await jess.get("/family/phone")
    assert response.status_code == 200
    html = response.text
    assert 'data-offline="on"' in html
    assert 'rel="manifest" href="/family/manifest.webmanifest"' in html
    assert f'data-push-key="{settings.vapid_public_key}"' in html
    assert "Notifications are off for this phone." in html
    assert "Add to Home Screen" in html  # how, on an iPhone
    assert "/static/family/offline.js" in html and "/static/family/phone.js" in html
    assert response.headers["cache-control"] == "private, no-cache"


async def test_a_shared_phone_keeps_nothing_and_offers_no_notifications(browse_as) -> None:
    shared = await browse_as("person:jess", shared_device=True)
    response = await shared.get("/family/phone")
    assert response.status_code == 200
    html = response.text
    assert 'data-offline="off"' in html
    assert 'data-offline="on"' not in html
    assert "push-controls" not in html and "data-push-key" not in html
    assert "manifest" not in html
    assert "/static/family/phone.js" not in html
    # The page's own script still runs: it removes whatever an earlier visit left.
    assert "/static/family/offline.js" in html
    assert "We do not send notifications to a phone other people use." in html
    assert response.headers["cache-control"] == "no-store"


async def test_the_htmx_fragment_is_the_phone_block_alone(browse_as) -> None:
    jess = await browse_as("person:jess")
    response = await jess.get("/family/phone", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="phone">')
    assert "<html" not in response.text


async def test_a_parent_turns_notifications_on_and_off_for_this_phone(browse_as) -> None:
    jess = await browse_as("person:jess")
    subscription = a_subscription()

    response = await jess.post("/family/push/subscribe", json=subscription)

    assert response.status_code == 201, response.text
    assert response.json() == {"push": "on"}
    [row] = await PushSubscription.select().where(PushSubscription.endpoint == ENDPOINT)
    assert row["person"] == JESS
    assert row["p256dh"] == subscription["keys"]["p256dh"]
    assert row["revoked_at"] is None
    assert row["session"] is not None  # stored for this device (here: its session)
    assert "Notifications are on for this phone." in (await jess.get("/family/phone")).text

    response = await jess.post("/family/push/unsubscribe", json={"endpoint": ENDPOINT})
    assert response.status_code == 200
    [row] = await PushSubscription.select().where(PushSubscription.endpoint == ENDPOINT)
    assert row["revoked_at"] is not None
    assert "Notifications are off for this phone." in (await jess.get("/family/phone")).text


async def test_a_shared_phone_cannot_subscribe_and_nothing_is_written(browse_as) -> None:
    shared = await browse_as("person:jess", shared_device=True)
    events = await AuditEvent.count()
    response = await shared.post("/family/push/subscribe", json=a_subscription())
    assert response.status_code == 403
    assert await PushSubscription.count() == 0
    assert await AuditEvent.count() == events


async def test_a_subscription_without_the_csrf_header_is_refused(browse_as) -> None:
    jess = await browse_as("person:jess")
    del jess.headers["x-csrftoken"]
    response = await jess.post("/family/push/subscribe", json=a_subscription())
    assert response.status_code == 403
    assert await PushSubscription.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"not json", "body"),
        (b'{"endpoint": "http://127.0.0.1:9/x"}', "keys"),
        (b'{"endpoint": "https://10.1.2.3/x", "keys": {"p256dh": "x", "auth": "y"}}', "endpoint"),
    ],
)
async def test_a_bad_subscription_is_refused_naming_the_field(browse_as, body, field) -> None:
    jess = await browse_as("person:jess")
    response = await jess.post(
        "/family/push/subscribe", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert field in response.text
    assert await PushSubscription.count() == 0


async def test_a_professional_has_no_phone_page_or_subscriptions_here(browse_as) -> None:
    priya = await browse_as("priya")
    assert (await priya.get("/family/phone")).status_code == 404
    response = await priya.post("/family/push/subscribe", json=a_subscription())
    assert response.status_code == 404
    assert await PushSubscription.count() == 0


async def test_clearing_the_phone_signs_out_stops_push_and_clears_site_data(browse_as) -> None:
    jess = await browse_as("person:jess")
    assert (await jess.post("/family/push/subscribe", json=a_subscription())).status_code == 201

    response = await jess.post("/family/phone/clear", data={"_csrf_token": jess.csrf})

    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert response.headers["clear-site-data"] == '"cache", "cookies", "storage"'
    [row] = await PushSubscription.select()
    assert row["revoked_at"] is not None
    [session] = await Session.select().where(Session.person == JESS)
    assert session["ended_reason"] == "signed_out"
    again = await jess.get("/family/phone")
    assert again.status_code == 303 and again.headers["location"].startswith("/auth/")


async def test_clearing_is_for_a_signed_in_member_only(demo_app, browse_as) -> None:
    priya = await browse_as("priya")
    assert (
        await priya.post("/family/phone/clear", data={"_csrf_token": priya.csrf})
    ).status_code == 404
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo_app), base_url=BASE_URL
    ) as anonymous:
        await anonymous.get("/healthz")
        response = await anonymous.post(
            "/family/phone/clear", data={"_csrf_token": anonymous.cookies["careplan_csrf"]}
        )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/auth/")
    assert "clear-site-data" not in response.headers
    jess = await browse_as("person:jess")
    del jess.headers["x-csrftoken"]
    assert (await jess.post("/family/phone/clear")).status_code == 403


async def test_the_service_worker_covers_family_and_shows_only_the_fixed_words(client) -> None:
    response = await client.get("/family/sw.js")
    assert response.status_code == 200
    assert response.headers["service-worker-allowed"] == "/family"
    assert response.headers["content-type"].startswith("text/javascript")
    source = response.text
    # The words are the server's own (careplan.notify.rules), and the push's data is never read.
    assert f'"{rules.NOTIFICATION_TITLE}"' in source
    assert f'"{rules.NOTIFICATION_BODY}"' in source
    push_handler = source.split('addEventListener("push"')[1].split("addEventListener(")[0]
    assert "event.data" not in push_handler
    etag = response.headers["etag"]
    unchanged = await client.get("/family/sw.js", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""


async def test_the_manifest_opens_the_family_portal(client) -> None:
    response = await client.get("/family/manifest.webmanifest")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["start_url"] == manifest["scope"] == "/family"
    assert manifest["display"] == "standalone"


def test_the_page_says_when_it_was_made_in_london_time() -> None:
    summer = dt.datetime(2026, 7, 1, 16, 5, tzinfo=dt.UTC)
    winter = dt.datetime(2026, 11, 23, 17, 40, tzinfo=dt.UTC)
    # One format for people everywhere (issue 14, item 8), in London time.
    assert saved_label(summer) == "1 July 2026 at 5:05pm"
    assert saved_label(winter) == "23 November 2026 at 5:40pm"
    signed_out = phone_attributes(None, winter)
    assert 'data-offline="off"' in signed_out
    assert re.search(r'data-saved-at="2026-11-23T17:40:00Z"', signed_out)
