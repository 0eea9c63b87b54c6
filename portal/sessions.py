"""/auth/sessions: where a signed-in person sees the devices they are signed in on and ends any.

For both front ends: a professional who left a session open on a shared office computer, a
parent who fears someone else is using their account. Ending this device's own session
signs them out here, with Clear-Site-Data like sign-out.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotAuthorizedException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from careplan.identity.service import sessions
from careplan.lib.errors import NotFound
from careplan.web.auth import session_of
from careplan.web.dates import date_filter
from portal.family import device

BROWSERS = [
    ("Edg/", "Edge"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox", "Firefox"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
]
SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS", "Mac"),
    ("CrOS", "Chromebook"),
    ("Linux", "Linux"),
]


def describe_device(user_agent: str) -> str:
    """'Chrome on Android', from a browser's user agent; plain words, nothing identifying."""
    browser = next((name for key, name in BROWSERS if key in user_agent), None)
    system = next((name for key, name in SYSTEMS if re.search(re.escape(key), user_agent)), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "An unknown device"


def _when(moment: dt.datetime) -> str:
    return date_filter(moment, time=True)


def _rows(found: list[dict[str, Any]], current: uuid.UUID) -> list[dict[str, Any]]:
    return [
        {
            "id": row["id"],
            "device": describe_device(row["user_agent"] or ""),
            "signed_in": _when(row["created_at"]),
            "last_used": _when(row["last_seen_at"]),
            "shared": row["shared_device"],
            "this_device": row["id"] == current,
        }
        for row in found
    ]


class SessionsController(Controller):
    path = "/auth/sessions"
    include_in_schema = False

    async def _current(self, request: Request) -> sessions.ActiveSession:
        session = await session_of(request)
        if session is None:
            raise NotAuthorizedException("Sign in first")
        return session

    @get("/")
    async def list_sessions(self, request: Request) -> Template:
        session = await self._current(request)
        found = await sessions.live_sessions(session.principal.person_id)
        return Template(
            "auth/sessions.html",
            context={
                "me": session.principal,
                "sessions": _rows(found, session.id),
                "home": "/workspace" if session.principal.is_professional else "/family",
            },
            headers={"Cache-Control": "no-store"},
        )

    @post("/{session_id:uuid}/end", status_code=303)
    async def end_session(self, request: Request, session_id: FromPath[uuid.UUID]) -> Redirect:
        session = await self._current(request)
        if not await sessions.end(session_id, session.principal.person_id, "ended_by_owner"):
            raise NotFound("session")
        if session_id == session.id:
            response = Redirect("/", status_code=303)
            response.delete_cookie(sessions.COOKIE, path="/")
            # As sign-out: the phone's holder cookie stays (portal/family/device.py).
            response.headers["Clear-Site-Data"] = device.WIPE_OFFLINE_COPY
            return response
        return Redirect("/auth/sessions?ended=1", status_code=303)
