"""What the notify tests share: VAPID settings, a local push service, sessions on phones."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable, Iterator

import pytest

from careplan.access.principal import load_principal
from careplan.demo.builder import demo_id
from careplan.identity.service import sessions
from careplan.identity.service.sessions import ActiveSession
from careplan.identity.tables import Passkey
from careplan.settings import Settings, new_vapid_keys
from tests.conftest import make_settings
from tests.notify.receiver import PushReceiver

JESS = demo_id("person:jess")
FAMILY = demo_id("family:hartley")
# Words of the Hartleys' plan that must never be in a push (names, worries, places).
PERSONAL = ("Jess", "Hartley", "Leo", "Mia", "Kieran", "Carol", "school", "alone", "Riverside")


@pytest.fixture
def push_settings(database_url: str) -> Settings:
    private, public = new_vapid_keys()
    return make_settings(
        database_url,
        vapid_private_key=private,
        vapid_public_key=public,
        vapid_subject="mailto:digital@council.example",
        # The local push receivers below listen on 127.0.0.1 (any port): named, as they must be.
        push_allow_hosts=("127.0.0.1",),
    )


@pytest.fixture
def receiver() -> Iterator[PushReceiver]:
    with PushReceiver() as running:
        yield running


async def add_passkey(person_id: uuid.UUID) -> uuid.UUID:
    """A registered device (its credential is not used here: sessions start from it)."""
    passkey_id = uuid.uuid4()
    await Passkey.insert(
        Passkey(
            id=passkey_id,
            person=person_id,
            credential_id=f"test-{passkey_id}",
            public_key="test",
            device_name="Test phone",
            last_used_at=dt.datetime.now(dt.UTC),
        )
    )
    return passkey_id


PhoneSession = Callable[..., Awaitable[ActiveSession]]


@pytest.fixture
def phone_session(demo) -> PhoneSession:
    """`await phone_session(shared_device=False, passkey=None)`: Jess, signed in on a phone."""

    async def make(
        person_id: uuid.UUID = JESS,
        *,
        shared_device: bool = False,
        passkey: uuid.UUID | None = None,
    ) -> ActiveSession:
        principal = await load_principal(person_id)
        assert principal is not None
        token = await sessions.start(
            principal, user_agent="pytest", shared_device=shared_device, passkey=passkey
        )
        session = await sessions.resolve(token)
        assert session is not None
        return session

    return make
