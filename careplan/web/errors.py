"""Errors as JSON a client can act on: a status, and a detail that names the field.

Litestar answers a body that fails validation with 400; the contract says 422, so the
handler here turns every `ValidationException` into 422 with the fields it names.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import asyncpg
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_422_UNPROCESSABLE_ENTITY, HTTP_500_INTERNAL_SERVER_ERROR

from careplan import db
from careplan.lib.errors import (
    CareplanError,
    Conflict,
    Duplicate,
    Forbidden,
    Invalid,
    NotFound,
    PlanClosed,
    Refused,
    RevisionRequired,
)

log = logging.getLogger(__name__)


# Pages get pages: a signed-out visitor is sent to sign in, anything else gets a plain page.
SIGN_IN = {"/family": "/auth/passkey/sign-in"}
SESSION_COOKIE = "careplan_session"  # careplan.identity.service.sessions.COOKIE
# The HTTP cache, and the service worker with its offline copy and anything queued in it.
ENDED_SESSION_CLEARS = '"cache", "storage"'
NOT_AVAILABLE = "This service is not available to you at the moment"
PAGE_TITLES = {
    400: "Sorry, that did not work",
    403: "You cannot do that",
    404: "Page not found",
    405: "Page not found",
    409: "Someone else changed this",
    422: "Sorry, that did not work",
    428: "Sorry, that did not work",
    429: "Too many tries",
}


def _is_page(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith(("/api/", "/schema", "/healthz/")) or path == "/healthz")


def _forget_ended_session(request: Request, response: Response[Any]) -> Response[Any]:
    """A page asked with a session that has ended (timed out, revoked, signed out elsewhere):
    the browser forgets the cookie, and on a page's GET what it kept of the pages that
    session saw (the service worker does the same when it sees the redirect). The cookie's
    change also makes Chromium drop those pages from its back/forward cache, which otherwise
    shows even a `no-store` page on Back while the cookies stay the same. A post (a check-in
    the phone kept offline, sent later) keeps the phone's queue: it waits for the parent to
    sign in again, and a different person's sign-in wipes it (portal/family/device.py)."""
    if SESSION_COOKIE not in request.cookies:
        return response
    response.delete_cookie(SESSION_COOKIE, path="/")
    if request.method == "GET" or portal_closed(request):
        response.headers["Clear-Site-Data"] = ENDED_SESSION_CLEARS
    return response


def portal_closed(request: Request) -> bool:
    """The request brought a session that ended because its person's family portal closed
    (careplan.web.auth.session_of found it): whatever it asks, its answer clears what the
    browser kept, the offline copy and anything queued in it included."""
    return bool(request.state.get("portal_closed"))


def _not_available(request: Request) -> Response[Any]:
    """What someone whose family portal closed is shown: neutral, never a reason (a phone can
    be shared with the person a parent fears)."""
    if request.headers.get("hx-request") == "true":
        # The page reloads, and its GET is answered with the neutral page below: so the
        # cookie stays for that one request (without it, the reload could tell only that
        # someone is signed out, and would show the sign-in page). What the phone kept is
        # cleared now.
        return Response(
            "",
            status_code=401,
            headers={"HX-Refresh": "true", "Clear-Site-Data": ENDED_SESSION_CLEARS},
        )
    response = Template(
        "errors/page.html",
        context={"title": NOT_AVAILABLE, "message": "", "status": 403, "home": False},
        status_code=403,
    )
    return _forget_ended_session(request, response)


def page_error(
    request: Request, status: int, detail: str | None = None, title: str | None = None
) -> Response[Any]:
    """An error as a page (or, for HTMX, a page fragment the browser can show)."""
    if status == 401 and portal_closed(request):
        return _not_available(request)
    if status == 401:
        path = request.url.path
        target = next((v for k, v in SIGN_IN.items() if path.startswith(k)), "/auth/sign-in")
        if request.headers.get("hx-request") == "true":
            response: Response[Any] = Response("", status_code=401, headers={"HX-Redirect": target})
        else:
            response = Redirect(target, status_code=303)
        return _forget_ended_session(request, response)
    title = title or PAGE_TITLES.get(status, "Sorry, there is a problem with the service")
    if status == 404:
        message = "If you typed the web address, check it is correct. The page may have moved."
    elif status >= 500:
        message = "Please try again later. Nothing you entered has been saved."
    else:
        message = detail or "Please go back and try again."
    return Template(
        "errors/page.html",
        context={"title": title, "message": message, "status": status},
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


def _field_of(item: dict[str, Any]) -> str:
    key = item.get("key") or ""
    return str(key).removeprefix("body.").strip() or "body"


def validation_error(request: Request, exc: ValidationException) -> Response[Any]:
    extra = exc.extra if isinstance(exc.extra, list) else []
    fields = [
        {"field": _field_of(item), "message": str(item.get("message", "is not valid"))}
        for item in extra
        if isinstance(item, dict)
    ]
    if fields:
        detail = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
    else:
        detail = exc.detail or "The request is not valid"
    if _is_page(request):
        return page_error(
            request, HTTP_422_UNPROCESSABLE_ENTITY, f"Check what you entered: {detail}"
        )
    return Response(
        {"status_code": HTTP_422_UNPROCESSABLE_ENTITY, "detail": detail, "fields": fields},
        status_code=HTTP_422_UNPROCESSABLE_ENTITY,
        media_type=MediaType.JSON,
    )


def http_error(request: Request, exc: HTTPException) -> Response[Any]:
    if _is_page(request):
        response = page_error(request, exc.status_code, exc.detail)
        if exc.status_code == 429 and exc.headers:
            response.headers.update(exc.headers)
        return response
    body: dict[str, Any] = {"status_code": exc.status_code, "detail": exc.detail}
    if exc.extra:
        body["extra"] = exc.extra
    response: Response[Any] = Response(
        body, status_code=exc.status_code, headers=exc.headers, media_type=MediaType.JSON
    )
    if exc.status_code == 401 and portal_closed(request):
        return _forget_ended_session(request, response)
    return response


def unexpected_error(request: Request, exc: Exception) -> Response[Any]:
    # The detail of an unexpected error may hold personal data: log it, never send it.
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    if _is_page(request):
        return page_error(request, HTTP_500_INTERNAL_SERVER_ERROR)
    return Response(
        {"status_code": 500, "detail": "Something went wrong on our side. Please try again."},
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
        media_type=MediaType.JSON,
    )


def domain_error(request: Request, exc: CareplanError) -> Response[Any]:
    body: dict[str, Any] = {"detail": exc.detail}
    if isinstance(exc, NotFound):
        status = 404
    elif isinstance(exc, Invalid):
        status = 422
        body["fields"] = [{"field": exc.field, "message": exc.message}]
    elif isinstance(exc, Conflict):
        status = 409
        body["current"] = exc.current
    elif isinstance(exc, Duplicate):
        status = 409
    elif isinstance(exc, Refused):
        status = 409
        if exc.field is not None:
            body["fields"] = [{"field": exc.field, "message": exc.detail}]
        if isinstance(exc, PlanClosed):
            body["closed_on"] = exc.closed_on
    elif isinstance(exc, RevisionRequired):
        status = 428
    elif isinstance(exc, Forbidden):
        status = 403
    else:
        status = 400
    if _is_page(request):
        title = "This plan is closed" if isinstance(exc, PlanClosed) else None
        return page_error(request, status, exc.detail, title)
    body["status_code"] = status
    return Response(body, status_code=status, media_type=MediaType.JSON)


def unstorable_value(request: Request, exc: Exception) -> Response[Any]:
    # A value the database cannot hold (a NUL character, a number beyond its range): bad
    # input that slipped past the schema. The transaction has rolled back; nothing is written.
    log.info("refused a value the database cannot store: %s", type(exc).__name__)
    if _is_page(request):
        return page_error(
            request,
            HTTP_422_UNPROCESSABLE_ENTITY,
            "Something you entered cannot be saved: check it for unusual characters",
        )
    return Response(
        {
            "status_code": HTTP_422_UNPROCESSABLE_ENTITY,
            "detail": "body: a value holds characters or a number that cannot be stored",
        },
        status_code=HTTP_422_UNPROCESSABLE_ENTITY,
        media_type=MediaType.JSON,
    )


def integrity_error(request: Request, exc: Exception) -> Response[Any]:
    # A unique constraint met outside a use case's change() (which answers Duplicate itself):
    # a record made at the same moment by another request. Nothing was written. Any other
    # constraint refusing a row is a fault of ours.
    if db.is_unique_violation(exc):
        return domain_error(request, Duplicate())
    return unexpected_error(request, exc)


EXCEPTION_HANDLERS = {
    asyncpg.IntegrityConstraintViolationError: integrity_error,
    sqlite3.IntegrityError: integrity_error,
    asyncpg.DataError: unstorable_value,
    sqlite3.DataError: unstorable_value,
    CareplanError: domain_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    Exception: unexpected_error,
}
