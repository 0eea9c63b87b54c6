"""The phone itself at /family: its offline copy, its notifications, and clearing it.

- GET /family/phone: "This phone": whether it is the parent's alone, the offline copy, push
  on or off (with how to get it on an iPhone), and a button that clears the phone.
- POST /family/push/subscribe, /family/push/unsubscribe: the browser's PushManager
  subscription as JSON, with the CSRF header (static/family/offline.js). Refused on a
  shared phone (careplan.notify.service decides).
- POST /family/phone/clear: stops push to this phone, signs out and clears the site's data
  (Clear-Site-Data: the service worker, its cache and any check-in not yet sent).
- GET /family/sw.js and /family/manifest.webmanifest: the service worker (served from here so
  its scope can be /family) and the web app manifest. Public: the worker checks for updates
  signed out too, and holds nothing personal itself.

A page says whether the service worker may keep it through `phone_body_attributes()` on its
<body>: `data-offline="on"` only for a member on a phone that is theirs alone; the worker
keeps nothing else and clears everything when a page says "off".

Whose phone it is. Offline, the phone cannot know who holds it, so a browser keeps one
person's copy or none. The browser remembers who has signed in on it in a cookie that
sign-out keeps (`careplan_phone`: a hash of the person, keyed by the service's secret, that
says nothing to anyone else; or "shared"). When someone else signs in on it, the first
person's copy is wiped at once (Clear-Site-Data on the sign-in's answer) and the browser is
"shared" from then on: every session on it is a shared phone's (no offline copy, no-store,
no push, a short session), whatever the sign-in form said. The service worker checks the
same hash on every page it keeps (`data-holder`), so a copy never meets a second person even
if the cookie is lost. "Clear this phone" forgets the cookie with everything else.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

import msgspec
from jinja2 import pass_context
from jinja2.runtime import Context
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.response import Redirect
from markupsafe import Markup

from careplan.identity.service import sessions
from careplan.identity.service.sessions import ActiveSession
from careplan.lib.errors import Invalid
from careplan.notify import service as notify
from careplan.notify.schemas import PushSubscriptionIn, PushUnsubscribeIn
from careplan.web.cache_control import REVALIDATE
from careplan.web.dates import date_filter
from careplan.web.templates import ROOT
from portal.pages import page, provide_member_session

PHONE = "family/phone.html"
STATIC_FAMILY = ROOT / "static" / "family"
NO_STORE = {"Cache-Control": "no-store"}
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'
# Someone else's copy may be on this browser: its HTTP cache, the service worker, its caches
# and queue go; the cookies stay (the holder cookie must outlive it).
WIPE_OFFLINE_COPY = '"cache", "storage"'
HOLDER_COOKIE = "careplan_phone"
SHARED = "shared"
HOLDER_MAX_AGE = 400 * 24 * 3600  # as long as a browser keeps a cookie
MANIFEST = {
    "name": "Careplan",
    "short_name": "Careplan",
    "description": "Your family's plan",
    "id": "/family",
    "start_url": "/family",
    "scope": "/family",
    "display": "standalone",
    "background_color": "#ffffff",
    "theme_color": "#1d70b8",
    "icons": [
        {"src": "/static/icons/favicon.svg", "sizes": "any", "type": "image/svg+xml"},
    ],
}


def saved_label(moment: dt.datetime) -> str:
    """ "23 November 2026 at 5:40pm": when a page was made, in the family's own time."""
    return date_filter(moment, time=True)


def phone_attributes(
    session: ActiveSession | None, now: dt.datetime | None = None, holder: str | None = None
) -> Markup:
    """The <body> attributes that tell static/family/offline.js and the service worker what
    this phone may keep: "on" only for a member's session on a phone that is theirs alone,
    with `data-holder` (whose copy it is: `holder_mark`), without which the worker keeps
    nothing."""
    now = now or dt.datetime.now(dt.UTC)
    keep = session is not None and session.principal.kind == "family" and not session.shared_device
    made = _made(now.replace(microsecond=0))
    if keep and holder:
        return _OFFLINE_ON + made + _HOLDER + holder + _QUOTE  # Markup + str escapes the str
    return (_OFFLINE_ON if keep else _OFFLINE_OFF) + made


_OFFLINE_ON, _OFFLINE_OFF = Markup('data-offline="on" '), Markup('data-offline="off" ')
_HOLDER, _QUOTE = Markup(' data-holder="'), Markup('"')


@functools.lru_cache(maxsize=4)
def _made(second: dt.datetime) -> Markup:
    """When a page was made, for the machine and for people, as attributes: the same all
    through a second (every page of a phone asks, and the label is to the minute)."""
    return Markup('data-saved-at="{}" data-saved-label="{}"').format(
        second.strftime("%Y-%m-%dT%H:%M:%SZ"), saved_label(second)
    )


@pass_context
def phone_body_attributes(context: Context) -> Markup:
    """For templates: `<body {{ phone_body_attributes() }}>`, from the request's session,
    which the page's dependency has already looked up."""
    return request_body_attributes(context.get("request"))


def request_body_attributes(request: Request | None) -> Markup:
    """`phone_body_attributes` for a request: what a page kept by careplan.web.page_cache
    gets in its `<body>` slot, made anew for each request."""
    state = getattr(request, "state", None)
    session = state.get("session") if state is not None else None
    holder = None
    if session is not None and request is not None:
        holder = holder_mark(_settings(request).secret_key, session.principal.person_id)
    return phone_attributes(session, holder=holder)


@functools.lru_cache(maxsize=4096)
def holder_mark(secret_key: str, person_id: Any) -> str:
    """Who holds this phone, as the browser may keep it: the same for one person on every
    sign-in, meaningless without the service's secret (22 characters of an HMAC)."""
    digest = hmac.new(
        secret_key.encode(), f"careplan-phone-holder:{person_id}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


@dataclass(frozen=True)
class Arrival:
    """What a family member signing in on this browser means for it (see the module's doc)."""

    shared_device: bool  # the session's: as they said, or shared as someone else was here
    mark: str  # what the browser keeps of who has signed in on it
    wipe: bool  # someone else's copy may be here: clear it now


def arrival(request: Request, person_id: Any, *, said_shared: bool) -> Arrival:
    mine = holder_mark(_settings(request).secret_key, person_id)
    seen = request.cookies.get(HOLDER_COOKIE)
    if seen is None or seen == mine:
        return Arrival(shared_device=said_shared, mark=mine, wipe=False)
    return Arrival(shared_device=True, mark=SHARED, wipe=True)


def arrived(request: Request, response: Response, came: Arrival) -> Response:
    """The sign-in's answer: the browser's holder cookie, and the wipe when it is due."""
    response.set_cookie(
        HOLDER_COOKIE,
        came.mark,
        max_age=HOLDER_MAX_AGE,
        path="/",
        httponly=True,
        secure=_settings(request).is_https,
        samesite="lax",
    )
    if came.wipe:
        response.headers["Clear-Site-Data"] = WIPE_OFFLINE_COPY
    return response


def _settings(request: Request) -> Any:
    return request.app.state.settings


def _decode(request_body: bytes, shape: type[Any]) -> Any:
    try:
        return msgspec.json.decode(request_body, type=shape)
    except msgspec.ValidationError as error:
        raise Invalid("body", str(error)) from error
    except (msgspec.DecodeError, UnicodeDecodeError) as error:
        raise Invalid("body", "must be JSON, as PushSubscription.toJSON() gives it") from error


class PhoneController(Controller):
    path = "/family"
    include_in_schema = False
    dependencies = {"member_session": Provide(provide_member_session)}

    @get("/phone")
    async def phone(
        self, request: Request, member_session: NamedDependency[ActiveSession]
    ) -> Response:
        state = await notify.phone_state(member_session, _settings(request))
        context = {
            "me": member_session.principal,
            "active": "phone",
            "phone": state,
            "shared_device": state.shared,
            "phone_body_attributes": phone_body_attributes,
        }
        # On the parent's own phone the service worker keeps this page from the HTTP cache
        # instead of downloading it again; a shared phone keeps nothing, not even in its HTTP
        # cache (careplan.web.cache_control makes it no-store there).
        headers = {"Cache-Control": REVALIDATE}
        return page(request, PHONE, context, block="phone", headers=headers)

    @post("/push/subscribe", status_code=201)
    async def push_subscribe(
        self, request: Request, member_session: NamedDependency[ActiveSession]
    ) -> Response:
        data = _decode(await request.body(), PushSubscriptionIn)
        await notify.subscribe(member_session, data, _settings(request))
        return Response({"push": "on"}, status_code=201, headers=NO_STORE)

    @post("/push/unsubscribe", status_code=200)
    async def push_unsubscribe(
        self, request: Request, member_session: NamedDependency[ActiveSession]
    ) -> Response:
        data = _decode(await request.body(), PushUnsubscribeIn)
        await notify.unsubscribe(member_session, data.endpoint)
        return Response({"push": "off"}, headers=NO_STORE)

    @post("/phone/clear", status_code=303)
    async def clear_phone(self, member_session: NamedDependency[ActiveSession]) -> Response:
        await notify.forget_device(member_session)
        await sessions.sign_out(member_session)
        response = Redirect("/", status_code=303)
        response.delete_cookie(sessions.COOKIE, path="/")
        response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response


@functools.cache
def _service_worker_source() -> tuple[bytes, str]:
    """sw.js without its comment lines and indentation (a phone downloads it on the first
    visit: every byte counts), and its ETag. Read once: a new worker needs a restart."""
    lines = (STATIC_FAMILY / "sw.js").read_text().splitlines()
    kept = [line.strip() for line in lines if line.strip() and not line.strip().startswith("//")]
    source = ("\n".join(kept) + "\n").encode()
    return source, f'"{hashlib.sha256(source).hexdigest()[:32]}"'


@get("/family/sw.js", include_in_schema=False)
async def service_worker(request: Request) -> Response:
    """The service worker, from /family so that its scope covers /family and below. The
    browser checks it on every visit; an unchanged one answers 304."""
    source, etag = _service_worker_source()
    headers = {
        "Service-Worker-Allowed": "/family",
        "Cache-Control": "no-cache",
        "ETag": etag,
    }
    if request.headers.get("if-none-match") == etag:
        return Response(b"", status_code=304, headers=headers)
    return Response(source, media_type="text/javascript; charset=utf-8", headers=headers)


@get("/family/manifest.webmanifest", include_in_schema=False)
async def manifest() -> Response:
    return Response(
        json.dumps(MANIFEST, separators=(",", ":")),
        media_type="application/manifest+json",
        headers={"Cache-Control": "public, max-age=86400"},
    )


ROUTES: list = [PhoneController, service_worker, manifest]
