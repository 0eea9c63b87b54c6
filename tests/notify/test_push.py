"""Web Push end to end on this machine: a real P-256 subscription, a VAPID-signed, encrypted
push to a local push service that checks and decrypts it as a phone would."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from careplan.access.principal import load_principal
from careplan.demo.builder import demo_id
from careplan.identity.service import passkeys
from careplan.lib.errors import Forbidden, Invalid
from careplan.notify import rules, service
from careplan.notify.schemas import PushSubscriptionIn, SubscriptionKeys
from careplan.notify.tables import Notification, PushSubscription
from tests.notify.conftest import FAMILY, JESS, PERSONAL, add_passkey
from tests.notify.receiver import PushReceiver, Subscriber

pytestmark = pytest.mark.anyio
UUID_SHAPE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def as_input(subscriber: Subscriber) -> PushSubscriptionIn:
    keys = subscriber.subscription()["keys"]
    return PushSubscriptionIn(
        endpoint=subscriber.endpoint, keys=SubscriptionKeys(keys["p256dh"], keys["auth"])
    )


def assert_nothing_personal(plaintext: bytes) -> None:
    text = plaintext.decode()
    assert text == rules.GENERIC_PAYLOAD
    for word in PERSONAL:
        assert word.lower() not in text.lower()
    assert not UUID_SHAPE.search(text)
    assert set(json.loads(text)) == {"v", "kind"}


async def test_a_push_reaches_the_phone_signed_and_encrypted_and_says_nothing_personal(
    push_settings, receiver: PushReceiver, phone_session
) -> None:
    phone = receiver.new_subscriber()
    session = await phone_session()
    await service.subscribe(session, as_input(phone), push_settings)

    result = await service.send_to_person(JESS, push_settings)

    assert result == service.Delivery(sent=1)
    assert receiver.refused == []
    [push] = receiver.received
    assert push.vapid_key == push_settings.vapid_public_key
    assert push.claims["sub"] == "mailto:digital@council.example"
    assert push.ttl == str(rules.PUSH_TTL_SECONDS)
    assert_nothing_personal(push.plaintext)


async def test_the_outbox_sends_one_generic_push_and_none_of_its_ids(
    push_settings, receiver: PushReceiver, phone_session
) -> None:
    phone = receiver.new_subscriber()
    await service.subscribe(await phone_session(), as_input(phone), push_settings)
    item = demo_id("hartley:item:love")
    for _ in range(3):
        await service.enqueue(JESS, "plan_shared", family_id=FAMILY, ids={"item": str(item)})

    outcome = await service.deliver_due(push_settings)

    assert outcome == service.OutboxPass(people=1, delivered=3)
    [push] = receiver.received  # three changes, one push
    assert_nothing_personal(push.plaintext)
    assert str(item) not in push.plaintext.decode()
    assert await Notification.count().where(Notification.delivered_at.is_null()) == 0
    # Nothing is due now: a second pass sends nothing.
    assert await service.deliver_due(push_settings) == service.OutboxPass()
    assert len(receiver.received) == 1


async def test_each_push_service_gets_a_token_for_its_own_audience(
    push_settings, phone_session
) -> None:
    # pywebpush writes `aud` into the claims it is given: a shared dict would send the first
    # service's audience to the second, which refuses it.
    with PushReceiver() as first, PushReceiver() as second:
        phones = [first.new_subscriber(), second.new_subscriber()]
        for phone in phones:
            passkey = await add_passkey(JESS)
            await service.subscribe(
                await phone_session(passkey=passkey), as_input(phone), push_settings
            )
        result = await service.send_to_person(JESS, push_settings)
        assert result == service.Delivery(sent=2)
        assert first.refused == [] and second.refused == []
        assert first.received[0].claims["aud"] == first.origin
        assert second.received[0].claims["aud"] == second.origin


async def test_a_subscription_the_push_service_has_forgotten_is_deleted(
    push_settings, receiver: PushReceiver, phone_session
) -> None:
    phone = receiver.new_subscriber()
    await service.subscribe(await phone_session(), as_input(phone), push_settings)
    receiver.answer[phone.endpoint.removeprefix(receiver.origin)] = 410

    result = await service.send_to_person(JESS, push_settings)

    assert result == service.Delivery(gone=1)
    assert await PushSubscription.count().where(PushSubscription.endpoint == phone.endpoint) == 0
    assert await service.send_to_person(JESS, push_settings) == service.Delivery()


async def test_a_push_service_that_fails_leaves_the_notification_to_retry_then_fail(
    push_settings, receiver: PushReceiver, phone_session
) -> None:
    phone = receiver.new_subscriber()
    await service.subscribe(await phone_session(), as_input(phone), push_settings)
    receiver.answer[phone.endpoint.removeprefix(receiver.origin)] = 500
    await service.enqueue(JESS, "plan_shared", family_id=FAMILY)
    now = dt.datetime.now(dt.UTC)

    first = await service.deliver_due(push_settings, now)
    assert first == service.OutboxPass(people=1, retrying=1)
    row = await Notification.select().first()
    assert row["attempts"] == 1 and row["delivered_at"] is None
    assert row["deliver_after"] == now + rules.RETRY_DELAYS[0]
    assert await PushSubscription.count() == 1  # a 500 is not "gone"

    later = now
    for _ in rules.RETRY_DELAYS:
        later += dt.timedelta(hours=3)
        await service.deliver_due(push_settings, later)
    row = await Notification.select().first()
    assert row["failed_at"] is not None
    assert row["attempts"] == len(rules.RETRY_DELAYS) + 1
    assert "failed" in row["last_error"]


async def test_a_shared_phone_cannot_subscribe(
    push_settings, receiver: PushReceiver, phone_session
) -> None:
    phone = receiver.new_subscriber()
    with pytest.raises(Forbidden):
        await service.subscribe(
            await phone_session(shared_device=True), as_input(phone), push_settings
        )
    assert await PushSubscription.count() == 0
    state = await service.phone_state(await phone_session(shared_device=True), push_settings)
    assert state.shared and not state.offline_copy and not state.push_available
    assert state.vapid_public_key is None


async def test_revoking_a_device_stops_its_pushes_and_keeps_the_others(
    push_settings, receiver: PushReceiver, phone_session
) -> None:
    revoked_phone, other_phone = receiver.new_subscriber(), receiver.new_subscriber()
    revoked_key, other_key = await add_passkey(JESS), await add_passkey(JESS)
    await service.subscribe(
        await phone_session(passkey=revoked_key), as_input(revoked_phone), push_settings
    )
    await service.subscribe(
        await phone_session(passkey=other_key), as_input(other_phone), push_settings
    )
    priya = await load_principal(demo_id("person:priya"))

    await passkeys.revoke_device(priya, FAMILY, revoked_key)

    live = await service.live_subscriptions(JESS)
    assert [row["endpoint"] for row in live] == [other_phone.endpoint]
    assert await service.send_to_person(JESS, push_settings) == service.Delivery(sent=1)
    assert [push.path for push in receiver.received] == [
        other_phone.endpoint.removeprefix(receiver.origin)
    ]


async def test_subscribing_again_renews_and_one_phone_has_one_subscription(
    push_settings, receiver: PushReceiver, phone_session
) -> None:
    session = await phone_session()
    old, new = receiver.new_subscriber(), receiver.new_subscriber()
    first = await service.subscribe(session, as_input(old), push_settings)
    assert await service.subscribe(session, as_input(old), push_settings) == first
    await service.subscribe(session, as_input(new), push_settings)
    live = await service.live_subscriptions(JESS)
    assert [row["endpoint"] for row in live] == [new.endpoint]
    assert (await service.phone_state(session, push_settings)).push_on

    assert await service.unsubscribe(session, new.endpoint)
    assert await service.live_subscriptions(JESS) == []
    assert not (await service.phone_state(session, push_settings)).push_on
    assert not await service.unsubscribe(session, new.endpoint)


async def test_a_subscription_that_is_not_a_real_key_is_refused(
    push_settings, receiver: PushReceiver, phone_session
) -> None:
    session = await phone_session()
    phone = receiver.new_subscriber()
    good = as_input(phone)
    not_on_curve = "BA" + "A" * 85  # 65 bytes, 0x04 first, not a point on P-256
    bad = [
        PushSubscriptionIn(
            endpoint=good.endpoint, keys=SubscriptionKeys(not_on_curve, good.keys.auth)
        ),
        PushSubscriptionIn(endpoint=good.endpoint, keys=SubscriptionKeys(good.keys.p256dh, "AAAA")),
        PushSubscriptionIn(endpoint="ftp://push.example/x", keys=good.keys),
        PushSubscriptionIn(endpoint="https://10.0.0.8/push/x", keys=good.keys),
    ]
    for subscription in bad:
        with pytest.raises(Invalid):
            await service.subscribe(session, subscription, push_settings)
    assert await PushSubscription.count() == 0


def test_endpoints_on_this_machine_or_inside_the_network_are_refused_in_production() -> None:
    phone = Subscriber(endpoint="http://127.0.0.1:9/push/x")
    keys = phone.subscription()["keys"]
    for endpoint in (
        "http://127.0.0.1:9/push/x",
        "https://localhost/push/x",
        "https://192.168.1.1/push",
        "http://fcm.googleapis.com/fcm/send/x",
    ):
        with pytest.raises(rules.SubscriptionRefused):
            rules.check_subscription(endpoint, keys["p256dh"], keys["auth"])
    checked = rules.check_subscription(
        "https://fcm.googleapis.com/fcm/send/abc", keys["p256dh"], keys["auth"]
    )
    assert checked.endpoint == "https://fcm.googleapis.com/fcm/send/abc"
    # A local push service named in CAREPLAN_PUSH_ALLOW_HOSTS (tests, the demo) is allowed.
    local = rules.check_subscription(
        "http://127.0.0.1:9/push/x", keys["p256dh"], keys["auth"], allowed_hosts=("127.0.0.1:9",)
    )
    assert local.endpoint.startswith("http://127.0.0.1")


def test_retries_wait_longer_each_time_then_stop() -> None:
    now = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
    waits = [rules.next_attempt(n, now) for n in range(1, len(rules.RETRY_DELAYS) + 2)]
    assert waits[-1] is None
    delays = [w - now for w in waits[:-1]]
    assert delays == sorted(delays) and len(set(delays)) == len(delays)


async def test_a_deactivated_person_gets_no_push(
    push_settings, receiver: PushReceiver, phone_session
) -> None:
    from careplan.tenancy.tables import Person

    phone = receiver.new_subscriber()
    await service.subscribe(await phone_session(), as_input(phone), push_settings)
    await Person.update({Person.active: False}).where(Person.id == JESS)
    assert await service.send_to_person(JESS, push_settings) == service.Delivery()
    assert receiver.received == []
