"""Invitations, one-time codes and devices, through HTTP (passkeys themselves: tests/browser)."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx
import pytest
from litestar import Litestar

from careplan.audit.tables import AuditEvent
from careplan.families.tables import Member
from careplan.identity.service import sessions
from careplan.identity.tables import Invitation, OneTimeCode, Passkey, Session
from careplan.notify.tables import Notification, PushSubscription
from tests.conftest import BASE_URL

pytestmark = pytest.mark.anyio

TOKEN_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')


@pytest.fixture
async def family(as_) -> dict:
    """A new family of Priya's: Dana (no portal account yet) and Rob (portal-restricted)."""
    response = await as_("priya").post(
        "/api/v1/families",
        json={
            "name": "Brook family",
            "members": [
                {"given_name": "Dana", "family_name": "Brook", "role": "parent"},
                {"given_name": "Rob", "role": "parent", "portal_restricted": True},
            ],
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    by_name = {m["given_name"]: m["id"] for m in body["members"]}
    return {"id": body["id"], "dana": by_name["Dana"], "rob": by_name["Rob"]}


@pytest.fixture
async def phone(demo_app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """A browser without any sign-in: cookies only."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo_app), base_url=BASE_URL
    ) as client:
        yield client


async def invite(as_, family: dict, member: str | None = None) -> dict:
    response = await as_("priya").post(
        f"/api/v1/families/{family['id']}/invitations", json={"member": member or family["dana"]}
    )
    assert response.status_code == 201, response.text
    return response.json()


def link_path(invitation: dict) -> str:
    return urlsplit(invitation["link"]).path


async def enter_code(phone: httpx.AsyncClient, code: str) -> httpx.Response:
    page = await phone.get("/auth/invite")
    token = TOKEN_FIELD.search(page.text).group(1)
    return await phone.post("/auth/invite", data={"code": code, "_csrf_token": token})


async def actions() -> list[str]:
    rows = await AuditEvent.select(AuditEvent.action).order_by(AuditEvent.sequence)
    return [row["action"] for row in rows]


async def test_an_invitation_gives_a_link_and_a_code_and_keeps_only_hashes(as_, family) -> None:
    invitation = await invite(as_, family)
    token = link_path(invitation).rsplit("/", 1)[1]
    assert invitation["link"].startswith("http://127.0.0.1:8000/auth/invite/")
    assert re.fullmatch(r"\d{6}", invitation["code"])
    expires = dt.datetime.fromisoformat(invitation["expires_at"])
    assert dt.timedelta(hours=71) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(hours=72)
    row = await Invitation.select().first()
    assert token not in json.dumps(row, default=str)
    assert invitation["code"] not in (row["token_sha256"], row["code_sha256"])
    assert "invitation.created" in await actions()


async def test_a_portal_restricted_or_foreign_member_cannot_be_invited(as_, family) -> None:
    restricted = await as_("priya").post(
        f"/api/v1/families/{family['id']}/invitations", json={"member": family["rob"]}
    )
    assert restricted.status_code == 422 and "member" in restricted.json()["detail"]
    other = await as_("priya").post(
        f"/api/v1/families/{family['id']}/invitations", json={"member": str(uuid.uuid4())}
    )
    assert other.status_code == 404
    assert await Invitation.count() == 0


async def test_the_link_is_swapped_for_a_pending_session_and_a_redirect(as_, family, phone) -> None:
    invitation = await invite(as_, family)
    response = await phone.get(link_path(invitation))
    assert response.status_code == 303 and response.headers["location"] == "/auth/invite"
    assert "careplan_pending" in response.cookies and "careplan_session" not in response.cookies
    pending = await Session.select(Session.kind, Session.expires_at).first()
    assert pending["kind"] == "pending"
    assert pending["expires_at"] - dt.datetime.now(dt.UTC) <= dt.timedelta(minutes=15)
    # The first use made Dana's portal account.
    member = await Member.select(Member.person).where(Member.id == family["dana"]).first()
    assert member["person"] is not None
    page = await phone.get("/auth/invite")
    assert page.status_code == 200 and "Enter your code" in page.text
    # A pending session signs no one in, even in the session cookie.
    phone.cookies.set("careplan_session", response.cookies["careplan_pending"])
    assert (await phone.get("/api/v1/me")).status_code == 401


async def test_an_unknown_or_expired_link_says_to_ask_for_a_new_one(as_, family, phone) -> None:
    unknown = await phone.get("/auth/invite/not-a-real-token")
    assert unknown.status_code == 410 and "Ask your key worker for a new one" in unknown.text
    invitation = await invite(as_, family)
    await Invitation.update(
        {Invitation.expires_at: dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)}, force=True
    )
    expired = await phone.get(link_path(invitation))
    assert expired.status_code == 410 and "careplan_pending" not in expired.cookies
    assert (await phone.get("/auth/invite")).status_code == 410


async def test_the_right_code_uses_the_invitation_once(as_, family, phone) -> None:
    invitation = await invite(as_, family)
    await phone.get(link_path(invitation))
    response = await enter_code(phone, invitation["code"])
    assert response.status_code == 303
    assert response.headers["location"] == "/auth/passkey/register"
    row = await Invitation.select(Invitation.used_at).first()
    assert row["used_at"] is not None
    register = await phone.get("/auth/passkey/register")
    assert register.status_code == 200 and "Is this phone only yours?" in register.text
    assert 'src="/static/js/passkey.js"' in register.text
    # Used: the link is refused from now on, on any phone.
    second = await phone.get(link_path(invitation))
    assert second.status_code == 410
    assert "invitation.used" in await actions()


async def test_a_wrong_code_is_refused_and_five_end_the_invitation(as_, family, phone) -> None:
    invitation = await invite(as_, family)
    await phone.get(link_path(invitation))
    wrong = "000000" if invitation["code"] != "000000" else "111111"
    first = await enter_code(phone, wrong)
    assert first.status_code == 422 and "4 tries left" in first.text
    for _ in range(3):
        assert (await enter_code(phone, wrong)).status_code == 422
    page = await phone.get("/auth/invite")
    token = TOKEN_FIELD.search(page.text).group(1)
    fifth = await phone.post("/auth/invite", data={"code": wrong, "_csrf_token": token})
    assert fifth.status_code == 410
    row = await Invitation.select().first()
    assert row["failed_attempts"] == 5 and row["ended_at"] is not None
    assert row["ended_reason"] == "too_many_attempts"
    # Even the right code now: the invitation is over.
    assert (await phone.get(link_path(invitation))).status_code == 410
    assert (await actions()).count("invitation.code_failed") == 5


async def test_a_one_time_code_starts_a_short_session_once(as_, family, phone) -> None:
    response = await as_("priya").post(
        f"/api/v1/families/{family['id']}/one-time-codes", json={"member": family["dana"]}
    )
    assert response.status_code == 201, response.text
    code = response.json()["code"]
    assert re.fullmatch(r"[A-Z2-9]{5}-\d{6}", code)
    page = await phone.get("/auth/code")
    token = TOKEN_FIELD.search(page.text).group(1)
    signed_in = await phone.post("/auth/code", data={"code": code.lower(), "_csrf_token": token})
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/family"
    session = await Session.select().where(Session.kind == "family").first()
    assert session["shared_device"] is True
    assert session["expires_at"] - dt.datetime.now(dt.UTC) <= dt.timedelta(hours=1)
    me = await phone.get("/api/v1/me")
    assert me.status_code == 200 and me.json()["kind"] == "family"
    # Once only.
    phone.cookies.clear()
    page = await phone.get("/auth/code")
    token = TOKEN_FIELD.search(page.text).group(1)
    again = await phone.post("/auth/code", data={"code": code, "_csrf_token": token})
    assert again.status_code == 422
    assert {"one_time_code.used", "one_time_code.failed"} <= set(await actions())


async def test_a_one_time_code_dies_after_five_wrong_tries(as_, family, phone) -> None:
    response = await as_("priya").post(
        f"/api/v1/families/{family['id']}/one-time-codes", json={"member": family["dana"]}
    )
    code = response.json()["code"]
    handle, secret = code.split("-")
    wrong = f"{handle}-{'000000' if secret != '000000' else '111111'}"
    page = await phone.get("/auth/code")
    token = TOKEN_FIELD.search(page.text).group(1)
    for _ in range(5):
        refused = await phone.post("/auth/code", data={"code": wrong, "_csrf_token": token})
        assert refused.status_code == 422
    row = await OneTimeCode.select(OneTimeCode.failed_attempts).first()
    assert row["failed_attempts"] == 5
    right = await phone.post("/auth/code", data={"code": code, "_csrf_token": token})
    assert right.status_code == 422
    assert await Session.count().where(Session.kind == "family") == 0


async def test_a_revoked_device_ends_its_sessions_and_pushes(as_, family, phone) -> None:
    invitation = await invite(as_, family)
    await phone.get(link_path(invitation))
    await enter_code(phone, invitation["code"])
    dana = (await Member.select(Member.person).where(Member.id == family["dana"]).first())["person"]
    # A device as registration leaves it (the WebAuthn ceremony itself: tests/browser).
    passkey = Passkey(
        id=uuid.uuid4(), person=dana, credential_id="AAAA", public_key="BBBB", sign_count=0
    )
    await passkey.save()
    from careplan.access.principal import load_principal

    token = await sessions.start(await load_principal(dana), how="passkey", passkey=passkey.id)
    await PushSubscription(
        id=uuid.uuid4(),
        person=dana,
        passkey=passkey.id,
        endpoint="https://push.example/1",
        p256dh="k",
        auth="a",
    ).save()
    phone.cookies.set("careplan_session", token)
    assert (await phone.get("/api/v1/me")).status_code == 200

    devices = await as_("priya").get(f"/api/v1/families/{family['id']}/devices")
    assert devices.status_code == 200
    assert [d["id"] for d in devices.json()] == [str(passkey.id)]
    assert devices.json()[0]["member"] == family["dana"]
    # The parent cannot revoke through the professionals' API.
    refused = await as_("person:jess").delete(
        f"/api/v1/families/{family['id']}/devices/{passkey.id}"
    )
    assert refused.status_code == 404
    revoked = await as_("priya").delete(f"/api/v1/families/{family['id']}/devices/{passkey.id}")
    assert revoked.status_code == 204
    assert (await phone.get("/api/v1/me")).status_code == 401
    session = await Session.select(Session.ended_reason).where(Session.passkey == passkey.id)
    assert session[0]["ended_reason"] == "device_revoked"
    push = await PushSubscription.select(PushSubscription.revoked_at).first()
    assert push["revoked_at"] is not None
    assert "passkey.revoked" in await actions()
    again = await as_("priya").delete(f"/api/v1/families/{family['id']}/devices/{passkey.id}")
    assert again.status_code == 422
    assert await Notification.count() == 0


async def test_another_familys_device_is_not_found(as_, family) -> None:
    from careplan.demo.builder import demo_id

    passkey = Passkey(
        id=uuid.uuid4(), person=demo_id("person:jess"), credential_id="CCCC", public_key="DDDD"
    )
    await passkey.save()
    response = await as_("priya").delete(f"/api/v1/families/{family['id']}/devices/{passkey.id}")
    assert response.status_code == 404
    row = await Passkey.select(Passkey.revoked_at).where(Passkey.id == passkey.id).first()
    assert row["revoked_at"] is None


async def test_a_member_restricted_after_the_invitation_cannot_open_it(as_, family, phone) -> None:
    invitation = await invite(as_, family)
    await Member.update({Member.portal_restricted: True}).where(Member.id == family["dana"])
    response = await phone.get(link_path(invitation))
    assert response.status_code == 410 and "careplan_pending" not in response.cookies
    member = await Member.select(Member.person).where(Member.id == family["dana"]).first()
    assert member["person"] is None
