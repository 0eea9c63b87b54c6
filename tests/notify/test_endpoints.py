"""A push never reaches the inside network: not at subscription, not at delivery.

Loopback in other spellings (127.1, 2130706433, 0x7f000001, 0177.0.0.1), names that resolve
inward (localhost, this machine's own name) and private addresses are refused when a phone
subscribes, through the real route; a subscription stored earlier whose host now resolves
inward is skipped and reported by the worker, which opens no connection to it (a listener on
this machine counts connections), and a redirect cannot lead a push inside either. A local push
service is reached only when CAREPLAN_PUSH_ALLOW_HOSTS names it, which the service refuses at
start-up unless it runs on this computer alone (tests, the demo).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from careplan.audit.tables import AuditEvent
from careplan.notify import rules, service
from careplan.notify.tables import Notification, PushSubscription
from careplan.settings import Settings, SettingsError, new_vapid_keys
from tests.conftest import ENGINE, TEST_SECRET, make_settings
from tests.notify.conftest import FAMILY, JESS
from tests.notify.receiver import Subscriber
from tests.test_cli import run

pytestmark = pytest.mark.anyio
LOCAL_PUSH = "127.0.0.1:9"  # a named local push service (nothing listens: nothing is sent)


def _inward_name() -> str:
    """This machine's own name, which resolves to an address of this machine."""
    name = socket.gethostname().lower()
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(name, 443)}
    except OSError:
        pytest.skip("this machine's name does not resolve here")
    if any(rules.public_address(address) for address in addresses):
        pytest.skip("this machine's name resolves to a public address here")
    return name


@pytest.fixture
def settings(database_url: str) -> Settings:
    private, public = new_vapid_keys()
    return make_settings(
        database_url,
        vapid_private_key=private,
        vapid_public_key=public,
        push_allow_hosts=(LOCAL_PUSH,),
    )


@contextlib.contextmanager
def listener() -> Iterator[dict]:
    """A TCP port on this machine that counts the connections made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    seen = {"port": server.getsockname()[1], "connections": 0}
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            seen["connections"] += 1
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        stop.set()
        thread.join(timeout=2)
        server.close()


INWARD = [
    "https://127.1/push/x",
    "https://2130706433/push/x",
    "https://0x7f000001/push/x",
    "https://0177.0.0.1/push/x",
    "https://127.0.0.1:8443/push/x",  # loopback, but not the named local push service
    "https://[::ffff:7f00:1]/push/x",
    "https://[64:ff9b::a00:1]/push/x",  # 10.0.0.1 through NAT64
    "https://localhost/push/x",
    "https://169.254.169.254/latest/meta-data",
    "https://10.1.2.3/push/x",
    "http://fcm.googleapis.com/fcm/send/x",
]


@pytest.mark.parametrize("endpoint", INWARD)
async def test_an_endpoint_inside_the_network_is_refused_at_subscription(
    browse_as, endpoint
) -> None:
    jess = await browse_as("person:jess")
    response = await jess.post(
        "/family/push/subscribe", json=Subscriber(endpoint=endpoint).subscription()
    )
    assert response.status_code == 422, response.text
    assert "endpoint: must be" in response.text
    assert await PushSubscription.count() == 0


async def test_a_name_that_resolves_inward_is_refused_at_subscription(browse_as) -> None:
    jess = await browse_as("person:jess")
    endpoint = f"https://{_inward_name()}/push/x"
    response = await jess.post(
        "/family/push/subscribe", json=Subscriber(endpoint=endpoint).subscription()
    )
    assert response.status_code == 422, response.text
    assert "endpoint: must be a push service on the internet" in response.text
    assert await PushSubscription.count() == 0


async def test_a_push_service_on_the_internet_and_the_named_local_one_are_accepted(
    browse_as,
) -> None:
    jess = await browse_as("person:jess")
    for endpoint in ("https://8.8.8.8/push/x", f"http://{LOCAL_PUSH}/push/y"):
        response = await jess.post(
            "/family/push/subscribe", json=Subscriber(endpoint=endpoint).subscription()
        )
        assert response.status_code == 201, response.text


async def _stored(endpoint: str) -> uuid.UUID:
    """A subscription as an earlier check let it in (its host resolved elsewhere then)."""
    phone = Subscriber(endpoint=endpoint)
    row_id = uuid.uuid4()
    await PushSubscription.insert(
        PushSubscription(
            id=row_id,
            person=JESS,
            endpoint=endpoint,
            p256dh=phone.p256dh,
            auth=phone.subscription()["keys"]["auth"],
        )
    )
    return row_id


async def test_a_subscription_that_now_resolves_inward_is_skipped_and_reported(
    demo, settings
) -> None:
    with listener() as inside:
        port = inside["port"]
        stored = [
            await _stored(f"https://{_inward_name()}:{port}/push/a"),
            await _stored(f"https://localhost:{port}/push/b"),
            await _stored(f"https://127.1:{port}/push/c"),
            await _stored(f"http://127.0.0.1:{port}/push/d"),
        ]
        await service.enqueue(JESS, "plan_shared", family_id=FAMILY)

        outcome = await service.deliver_due(settings)

        assert inside["connections"] == 0
    assert outcome == service.OutboxPass(people=1, retrying=1)
    reported = await AuditEvent.select(AuditEvent.record_id).where(
        AuditEvent.action == "push.refused"
    )
    assert sorted(row["record_id"] for row in reported) == sorted(str(i) for i in stored)
    row = await Notification.select().first()
    assert row["delivered_at"] is None and "refused" in row["last_error"]
    assert await PushSubscription.count() == len(stored)  # kept, for their owner to renew


class _Redirect(BaseHTTPRequestHandler):
    target = ""

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(307)
        self.send_header("Location", self.target)
        self.send_header("Content-Length", "0")
        self.end_headers()


async def test_a_redirect_cannot_lead_a_push_inside(demo, database_url) -> None:
    with listener() as inside:
        _Redirect.target = f"http://127.0.0.1:{inside['port']}/admin"
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Redirect)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            named = f"127.0.0.1:{server.server_address[1]}"
            private, public = new_vapid_keys()
            allowed = make_settings(
                database_url,
                vapid_private_key=private,
                vapid_public_key=public,
                push_allow_hosts=(named,),
            )
            await _stored(f"http://{named}/push/x")

            result = await service.send_to_person(JESS, allowed)
        finally:
            server.shutdown()
            server.server_close()
        assert inside["connections"] == 0
    assert result == service.Delivery(refused=1)


def test_the_setting_for_a_local_push_service_is_refused_beyond_this_computer() -> None:
    environ = {
        "CAREPLAN_SECRET_KEY": TEST_SECRET,
        "CAREPLAN_BASE_URL": "https://careplan.council.example",
        "CAREPLAN_PUSH_ALLOW_HOSTS": "127.0.0.1:8443",
    }
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(environ)
    assert caught.value.name == "CAREPLAN_PUSH_ALLOW_HOSTS"
    local = Settings.from_env({**environ, "CAREPLAN_BASE_URL": "http://127.0.0.1:8000"})
    assert local.push_allow_hosts == ("127.0.0.1:8443",)
    demo = Settings.from_env({"CAREPLAN_DEMO": "1", "CAREPLAN_PUSH_ALLOW_HOSTS": "localhost"})
    assert demo.push_allow_hosts == ("localhost",)
    with pytest.raises(SettingsError) as malformed:
        Settings.from_env({**environ, "CAREPLAN_PUSH_ALLOW_HOSTS": "http://127.0.0.1/x"})
    assert malformed.value.name == "CAREPLAN_PUSH_ALLOW_HOSTS"


@pytest.mark.skipif(ENGINE != "sqlite", reason="a throwaway SQLite file is enough here")
def test_the_worker_will_not_start_with_a_local_push_service_in_production(tmp_path) -> None:
    private, public = new_vapid_keys()
    result = run(
        ["worker", "--once"],
        {
            "CAREPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
            "CAREPLAN_SECRET_KEY": TEST_SECRET,
            "CAREPLAN_BASE_URL": "https://careplan.council.example",
            "CAREPLAN_VAPID_PRIVATE_KEY": private,
            "CAREPLAN_VAPID_PUBLIC_KEY": public,
            "CAREPLAN_PUSH_ALLOW_HOSTS": "10.0.0.5",
        },
        tmp_path,
    )
    assert result.returncode != 0
    assert "CAREPLAN_PUSH_ALLOW_HOSTS" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
