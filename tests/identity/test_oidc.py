"""Professionals sign in with OpenID Connect, against real OpenID providers on loopback.

The providers are `oidc-provider-mock` servers started here, each in its own thread with its
own RS256 key. Tokens the providers cannot be made to issue (signed by another key) are made
with joserfc and fed through the very validation the callback uses.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import socket
import time
import warnings
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey
from litestar import Litestar

from careplan.app import create_app
from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.identity.service import oidc
from careplan.identity.tables import ExternalIdentity, Session
from careplan.settings import OidcProvider, Settings, SettingsError
from tests.conftest import BASE_URL, DEMO_DAY, TEST_SECRET, bearer, make_settings

with warnings.catch_warnings():  # it imports Authlib's deprecated authlib.jose
    warnings.simplefilter("ignore", DeprecationWarning)
    from oidc_provider_mock import User, run_server_in_thread

pytestmark = [
    pytest.mark.anyio,
    # The provider's own Authlib (server side, in its thread) warns about its legacy API.
    pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning"),
]

PRIYA = demo_id("person:priya")
PRIYA_EMAIL = "priya.raman@csc.northmere.example"
TOM_EMAIL = "tom.fletcher@early-help.northmere.example"
TOKEN_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')
COUNCIL_CLIENT = "careplan-council"
HEALTH_CLIENT = "careplan-health"

USERS = [
    User(
        sub="priya-at-work",
        claims={"email": PRIYA_EMAIL, "email_verified": True, "name": "Priya Raman"},
    ),
    User(sub="tom-at-work", claims={"email": TOM_EMAIL, "email_verified": False}),
    # A second account at the same provider claiming Priya's verified address.
    User(
        sub="someone-else-with-priyas-email",
        claims={"email": PRIYA_EMAIL, "email_verified": True},
    ),
    User(
        sub="stranger",
        claims={"email": "someone@elsewhere.example", "email_verified": True},
    ),
]


@pytest.fixture(scope="module")
def council() -> Iterator[str]:
    """A provider trusted for e-mail."""
    with run_server_in_thread(require_nonce=True, user_claims=USERS) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def health() -> Iterator[str]:
    """A second provider, not trusted for e-mail."""
    with run_server_in_thread(require_nonce=True, user_claims=USERS) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def stale() -> Iterator[str]:
    """A provider whose tokens are already expired when issued (its clock runs behind)."""
    with run_server_in_thread(
        require_nonce=True, user_claims=USERS, access_token_max_age=dt.timedelta(seconds=-300)
    ) as server:
        yield f"http://localhost:{server.server_port}"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Site:
    app: Litestar
    browser: httpx.AsyncClient
    council: str
    health: str

    def provider(self, name: str) -> oidc.Provider:
        found = oidc.registry(self.app).get(name)
        assert found is not None
        return found


@pytest.fixture
async def site(database_url: str, council: str, health: str, stale: str) -> AsyncIterator[Site]:
    providers = (
        OidcProvider(
            "council", council, COUNCIL_CLIENT, "council-secret", "Northmere Council", True
        ),
        OidcProvider("health", health, HEALTH_CLIENT, "health-secret", "Northmere Health", False),
        OidcProvider("stale", stale, "careplan-stale", "stale-secret", "Stale Provider", True),
        OidcProvider(
            "down", f"http://127.0.0.1:{_closed_port()}", "careplan-down", "x", "Down", True
        ),
    )
    app = create_app(make_settings(database_url, oidc_providers=providers))
    async with app.lifespan():
        from careplan.demo.loader import load

        await load(today=DEMO_DAY)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=BASE_URL
        ) as browser:
            yield Site(app, browser, council, health)


# The flow, step by step, as a browser would go through it.


async def start(site: Site, provider: str = "council") -> str:
    page = await site.browser.get("/auth/sign-in")
    token = TOKEN_FIELD.search(page.text).group(1)
    started = await site.browser.post(f"/auth/oidc/{provider}/start", data={"_csrf_token": token})
    assert started.status_code == 303, started.text
    return started.headers["location"]


def _with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


async def authorize(url: str, sub: str) -> tuple[str, dict[str, str]]:
    """The person says who they are at the provider; returns where it sends the browser."""
    async with httpx.AsyncClient() as http:
        answer = await http.post(url, data={"sub": sub})
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["location"])
    return back.path, dict(parse_qsl(back.query))


async def sign_in(site: Site, sub: str, provider: str = "council") -> httpx.Response:
    path, params = await authorize(await start(site, provider), sub)
    return await site.browser.get(path, params=params)


async def provider_token(issuer: str, sub: str, client_id: str, nonce: str = "n-1") -> str:
    """A real token from the provider, through its own code flow, for any client id."""
    redirect = "http://127.0.0.1:9/callback"
    url = f"{issuer}/oauth2/authorize?" + urlencode(
        {
            "client_id": client_id,
            "response_type": "code",
            "redirect_uri": redirect,
            "scope": "openid email",
            "state": "s",
            "nonce": nonce,
        }
    )
    _, params = await authorize(url, sub)
    async with httpx.AsyncClient() as http:
        answer = await http.post(
            f"{issuer}/oauth2/token",
            data={
                "grant_type": "authorization_code",
                "code": params["code"],
                "redirect_uri": redirect,
                "client_id": client_id,
                "client_secret": "whatever",
            },
        )
    assert answer.status_code == 200, answer.text
    return answer.json()["id_token"]


async def failures() -> list[str]:
    rows = await AuditEvent.select(AuditEvent.record_id).where(
        AuditEvent.action == "sign_in.failed"
    )
    return [row["record_id"] for row in rows]


async def live_sessions() -> int:
    return await Session.count().where(Session.ended_at.is_null())


# The sign-in page.


async def test_the_sign_in_page_has_a_button_per_provider(site: Site) -> None:
    page = await site.browser.get("/auth/sign-in")
    assert page.status_code == 200
    assert "Sign in with Northmere Council" in page.text
    assert "Sign in with Northmere Health" in page.text
    assert page.text.count('name="_csrf_token"') == 4
    assert 'action="/auth/oidc/health/start"' in page.text
    assert "<script>" not in page.text  # no inline script


async def test_starting_needs_a_csrf_token_and_a_known_provider(site: Site) -> None:
    await site.browser.get("/auth/sign-in")
    assert (await site.browser.post("/auth/oidc/council/start")).status_code == 403
    page = await site.browser.get("/auth/sign-in")
    token = TOKEN_FIELD.search(page.text).group(1)
    unknown = await site.browser.post("/auth/oidc/nobody/start", data={"_csrf_token": token})
    assert unknown.status_code == 404


async def test_the_request_carries_state_nonce_and_an_s256_pkce_challenge(site: Site) -> None:
    url = await start(site)
    query = dict(parse_qsl(urlsplit(url).query))
    assert url.startswith(f"{site.council}/oauth2/authorize?")
    assert query["client_id"] == COUNCIL_CLIENT
    assert query["redirect_uri"] == "http://127.0.0.1:8000/auth/oidc/council/callback"
    assert query["code_challenge_method"] == "S256"
    assert "openid" in query["scope"].split()
    # What is kept for the callback: sealed in an HttpOnly cookie, unreadable to the browser.
    sealed = site.browser.cookies.get("careplan_oidc")
    assert query["state"] not in sealed and query["nonce"] not in sealed
    pending = oidc.open_pending(TEST_SECRET, sealed)
    assert pending["state"] == query["state"] and pending["nonce"] == query["nonce"]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(pending["verifier"].encode()).digest())
    assert query["code_challenge"] == challenge.rstrip(b"=").decode()


# Signing in.


async def test_a_known_professional_signs_in_and_is_signed_in(site: Site) -> None:
    done = await sign_in(site, "priya-at-work")
    assert done.status_code == 303 and done.headers["location"] == "/workspace"
    assert any(
        c.startswith("careplan_session=") and "HttpOnly" in c
        for c in done.headers.get_list("set-cookie")
    )
    me = await site.browser.get("/api/v1/me")
    assert me.status_code == 200 and me.json()["name"] == "Priya Raman"
    link = await ExternalIdentity.select().where(ExternalIdentity.person == PRIYA).first()
    assert link["issuer"] == site.council and link["subject"] == "priya-at-work"
    assert link["last_sign_in_at"] is not None
    actions = [row["action"] for row in await AuditEvent.select(AuditEvent.action)]
    assert {"external_identity.linked", "sign_in.succeeded", "session.started"} <= set(actions)
    assert site.browser.cookies.get("careplan_oidc") is None  # the pending sign-in is spent


async def test_a_second_sign_in_matches_by_subject(site: Site) -> None:
    await sign_in(site, "priya-at-work")
    again = await sign_in(site, "priya-at-work")
    assert again.status_code == 303
    assert await ExternalIdentity.count() == 1
    rows = await AuditEvent.select(AuditEvent.after).where(AuditEvent.action == "sign_in.succeeded")
    assert ['"subject"' in str(row["after"]) for row in rows].count(True) == 1


async def test_an_unknown_person_is_told_whom_to_ask(site: Site) -> None:
    refused = await sign_in(site, "stranger")
    assert refused.status_code == 403
    assert "local authority" in refused.text and "administrator" in refused.text
    assert await live_sessions() == 0 and await ExternalIdentity.count() == 0
    assert "unknown_person" in await failures()


async def test_an_unverified_email_is_not_matched(site: Site) -> None:
    refused = await sign_in(site, "tom-at-work")
    assert refused.status_code == 403 and "administrator" in refused.text
    assert await live_sessions() == 0 and await ExternalIdentity.count() == 0
    assert "email_not_verified" in await failures()


async def test_a_provider_not_trusted_for_email_needs_a_link_made_first(site: Site) -> None:
    refused = await sign_in(site, "priya-at-work", provider="health")
    assert refused.status_code == 403
    assert "unknown_person" in await failures()
    # An administrator links the account (issuer and subject): now it works.
    await ExternalIdentity(
        person=PRIYA,
        issuer=site.health,
        subject="priya-at-work",
        created_at=dt.datetime.now(dt.UTC),
    ).save()
    done = await sign_in(site, "priya-at-work", provider="health")
    assert done.status_code == 303
    assert (await site.browser.get("/api/v1/me")).json()["name"] == "Priya Raman"


def administrator(site: Site) -> httpx.AsyncClient:
    """Sam, the administrator, through the API on another computer (no browser cookies)."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=site.app), base_url=BASE_URL, headers=bearer("sam")
    )


async def test_an_administrator_names_the_account_in_advance(site: Site) -> None:
    """A provider not trusted for e-mail: the administrator gives issuer and subject."""
    async with administrator(site) as sam:
        made = await sam.post(
            "/api/v1/professionals",
            json={
                "name": "Olu Bakare",
                "email": "olu.bakare@hv.northmere.example",
                "agency": str(demo_id("agency:hv")),
                "sign_ins": [{"issuer": site.health, "subject": "olu-health-7"}],
            },
        )
        assert made.status_code == 201, made.text
    done = await sign_in(site, "olu-health-7", provider="health")
    assert done.status_code == 303 and done.headers["location"] == "/workspace"
    assert (await site.browser.get("/api/v1/me")).json()["name"] == "Olu Bakare"
    # The same account cannot be given to a second person.
    async with administrator(site) as sam:
        again = await sam.post(
            "/api/v1/professionals",
            json={
                "name": "Someone Else",
                "email": "someone.else@hv.northmere.example",
                "agency": str(demo_id("agency:hv")),
                "sign_ins": [{"issuer": site.health, "subject": "olu-health-7"}],
            },
        )
    assert again.status_code == 422 and "sign_ins[0]" in again.text


async def test_deactivating_a_professional_ends_their_sessions_at_once(site: Site) -> None:
    await sign_in(site, "priya-at-work")
    assert (await site.browser.get("/api/v1/me")).status_code == 200
    async with administrator(site) as sam:
        answer = await sam.post(f"/api/v1/professionals/{PRIYA}/deactivate")
    assert answer.status_code == 200 and answer.json()["sessions_ended"] == 1
    assert (await site.browser.get("/api/v1/me")).status_code == 401
    assert await live_sessions() == 0
    events = await AuditEvent.select(AuditEvent.action).where(AuditEvent.record_id == str(PRIYA))
    assert {"professional.deactivated", "sessions.ended"} <= {e["action"] for e in events}


async def test_a_second_account_with_the_same_email_is_not_linked(site: Site) -> None:
    await sign_in(site, "priya-at-work")
    site.browser.cookies.clear()
    refused = await sign_in(site, "someone-else-with-priyas-email")
    assert refused.status_code == 403
    assert "other_account" in await failures()
    assert await ExternalIdentity.count() == 1


async def test_two_first_sign_ins_at_once_link_the_account_once(site: Site) -> None:
    import asyncio

    provider = site.provider("council")
    claims = {"sub": "priya-twice", "email": PRIYA_EMAIL, "email_verified": True}
    both = await asyncio.gather(
        oidc.sign_in(provider, claims, "a"), oidc.sign_in(provider, claims, "b")
    )
    assert [signed.principal.name for signed in both] == ["Priya Raman"] * 2
    assert await ExternalIdentity.count().where(ExternalIdentity.subject == "priya-twice") == 1


async def test_a_deactivated_professional_is_refused(site: Site) -> None:
    from careplan.tenancy.tables import Person

    await sign_in(site, "priya-at-work")
    await Person.update({Person.active: False}).where(Person.id == PRIYA)
    site.browser.cookies.clear()
    refused = await sign_in(site, "priya-at-work")
    assert refused.status_code == 403
    assert "inactive_person" in await failures()


# Refusals of the protocol.


async def test_a_bad_state_is_refused_and_spends_the_pending_sign_in(site: Site) -> None:
    path, params = await authorize(await start(site), "priya-at-work")
    refused = await site.browser.get(path, params={**params, "state": "forged"})
    assert refused.status_code == 400 and "Start again" in refused.text
    retried = await site.browser.get(path, params=params)
    assert retried.status_code == 400
    assert await live_sessions() == 0
    assert "bad_state" in await failures()


async def test_a_callback_in_another_browser_is_refused(site: Site) -> None:
    path, params = await authorize(await start(site), "priya-at-work")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=site.app), base_url=BASE_URL
    ) as other:
        refused = await other.get(path, params=params)
    assert refused.status_code == 400
    assert await live_sessions() == 0


async def test_a_state_for_another_provider_is_refused(site: Site) -> None:
    _, params = await authorize(await start(site, "council"), "priya-at-work")
    refused = await site.browser.get("/auth/oidc/health/callback", params=params)
    assert refused.status_code == 400
    assert await live_sessions() == 0


async def test_a_wrong_nonce_is_refused(site: Site) -> None:
    url = await start(site)
    # The provider puts whatever nonce it was given into the ID token: give it another one.
    path, params = await authorize(_with_query(url, nonce="not-the-one-we-sent"), "priya-at-work")
    refused = await site.browser.get(path, params=params)
    assert refused.status_code == 403
    assert await live_sessions() == 0
    assert "bad_id_token" in await failures()


async def test_an_expired_id_token_is_refused(site: Site) -> None:
    refused = await sign_in(site, "priya-at-work", provider="stale")
    assert refused.status_code == 403
    assert await live_sessions() == 0
    assert "expired" in await failures()


async def test_the_provider_saying_no_is_recorded(site: Site) -> None:
    url = await start(site)
    query = dict(parse_qsl(urlsplit(url).query))
    refused = await site.browser.get(
        "/auth/oidc/council/callback", params={"error": "access_denied", "state": query["state"]}
    )
    assert refused.status_code == 403
    assert "provider_error" in await failures()


async def test_a_provider_that_does_not_answer_gets_a_clear_page(site: Site) -> None:
    page = await site.browser.get("/auth/sign-in")
    token = TOKEN_FIELD.search(page.text).group(1)
    answer = await site.browser.post("/auth/oidc/down/start", data={"_csrf_token": token})
    assert answer.status_code == 502 and "not answering" in answer.text
    assert "provider_unavailable" in await failures()


# The validation the callback uses, fed tokens the provider would not make.


async def _forged(site: Site, **claims: object) -> str:
    keys = (await site.provider("council").keys()).keys
    now = int(time.time())
    body = {
        "iss": site.council,
        "aud": COUNCIL_CLIENT,
        "sub": "priya-at-work",
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
        **claims,
    }
    header = {"alg": "RS256"}
    if keys[0].kid:
        header["kid"] = keys[0].kid  # claim to be the provider's key
    return jwt.encode(header, body, RSAKey.generate_key(2048))


async def test_a_token_signed_by_another_key_is_refused(site: Site) -> None:
    with pytest.raises(oidc.OidcError) as caught:
        await site.provider("council").validate_id_token(await _forged(site), nonce="n-1")
    assert caught.value.reason == "bad_signature"


async def test_a_real_token_for_another_client_is_refused(site: Site) -> None:
    token = await provider_token(site.council, "priya-at-work", "someone-else", nonce="n-1")
    provider = site.provider("council")
    with pytest.raises(oidc.OidcError) as caught:
        await provider.validate_id_token(token, nonce="n-1")
    assert caught.value.reason == "bad_id_token"
    # The same provider's token for us, with the same nonce, passes: only the audience differed.
    ours = await provider_token(site.council, "priya-at-work", COUNCIL_CLIENT, nonce="n-1")
    claims = await provider.validate_id_token(ours, nonce="n-1")
    assert claims["sub"] == "priya-at-work" and claims["aud"] in (COUNCIL_CLIENT, [COUNCIL_CLIENT])
    with pytest.raises(oidc.OidcError):
        await provider.validate_id_token(ours, nonce="another")


async def test_a_token_from_another_issuer_is_refused(site: Site) -> None:
    token = await provider_token(site.health, "priya-at-work", COUNCIL_CLIENT)
    with pytest.raises(oidc.OidcError):
        await site.provider("council").validate_id_token(token, nonce="n-1")


# Bearer tokens of a configured provider on the API.


async def _link_priya(site: Site) -> None:
    await ExternalIdentity(
        person=PRIYA,
        issuer=site.council,
        subject="priya-at-work",
        created_at=dt.datetime.now(dt.UTC),
    ).save()


async def test_a_providers_access_token_reaches_the_api(site: Site) -> None:
    await _link_priya(site)
    token = await provider_token(site.council, "priya-at-work", COUNCIL_CLIENT)
    me = await site.browser.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["name"] == "Priya Raman"


async def test_our_own_tokens_still_work(site: Site) -> None:
    me = await site.browser.get("/api/v1/me", headers=bearer("priya"))
    assert me.status_code == 200 and me.json()["name"] == "Priya Raman"


async def test_bad_provider_access_tokens_are_refused(site: Site) -> None:
    await _link_priya(site)
    stranger = await provider_token(site.council, "stranger", COUNCIL_CLIENT)
    other_client = await provider_token(site.council, "priya-at-work", "someone-else")
    forged = await _forged(site)
    expired_forged = await _forged(site, exp=int(time.time()) - 3600)
    for token in (stranger, other_client, forged, expired_forged):
        answer = await site.browser.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401, answer.text
        assert answer.headers["www-authenticate"].startswith("Bearer")


# Settings.

STRONG = "k3Jd9-xQ2mZ8vL1pR7tY4wB6nC0sH5gF_aE"


def _environ(**extra: str) -> dict[str, str]:
    return {
        "CAREPLAN_SECRET_KEY": STRONG,
        "CAREPLAN_OIDC_PROVIDERS": "council, health",
        "CAREPLAN_OIDC_COUNCIL_ISSUER": "https://id.council.example",
        "CAREPLAN_OIDC_COUNCIL_CLIENT_ID": "careplan",
        "CAREPLAN_OIDC_COUNCIL_CLIENT_SECRET": "council-very-secret",
        "CAREPLAN_OIDC_COUNCIL_LABEL": "Northmere Council",
        "CAREPLAN_OIDC_COUNCIL_TRUST_EMAIL": "1",
        "CAREPLAN_OIDC_HEALTH_ISSUER": "https://login.health.example/tenant/v2.0",
        "CAREPLAN_OIDC_HEALTH_CLIENT_ID": "careplan-h",
        "CAREPLAN_OIDC_HEALTH_CLIENT_SECRET": "health-very-secret",
        **extra,
    }


def test_providers_are_read_from_the_environment_without_their_secrets_in_repr() -> None:
    settings = Settings.from_env(_environ())
    council, health = settings.oidc_providers
    assert council == OidcProvider(
        "council",
        "https://id.council.example",
        "careplan",
        "council-very-secret",
        "Northmere Council",
        True,
    )
    assert health.label == "Health" and health.trust_email is False
    assert "very-secret" not in repr(settings)
    assert Settings.from_env({"CAREPLAN_SECRET_KEY": STRONG}).oidc_providers == ()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CAREPLAN_OIDC_PROVIDERS", "council,council"),
        ("CAREPLAN_OIDC_PROVIDERS", "council,he alth"),
        ("CAREPLAN_OIDC_COUNCIL_ISSUER", ""),
        ("CAREPLAN_OIDC_COUNCIL_ISSUER", "http://id.council.example"),
        ("CAREPLAN_OIDC_COUNCIL_ISSUER", "not an address"),
        ("CAREPLAN_OIDC_HEALTH_CLIENT_ID", ""),
        ("CAREPLAN_OIDC_HEALTH_CLIENT_SECRET", " "),
        ("CAREPLAN_OIDC_COUNCIL_TRUST_EMAIL", "perhaps"),
    ],
)
def test_a_malformed_provider_names_its_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(_environ(**{name: value}))
    assert caught.value.name == name


def test_a_loopback_issuer_may_use_http() -> None:
    settings = Settings.from_env(_environ(CAREPLAN_OIDC_HEALTH_ISSUER="http://localhost:5000"))
    assert settings.oidc_providers[1].issuer == "http://localhost:5000"
