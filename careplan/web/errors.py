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
from litestar.status_codes import HTTP_422_UNPROCESSABLE_ENTITY, HTTP_500_INTERNAL_SERVER_ERROR

from careplan.errors import CareplanError, Conflict, Forbidden, Invalid, NotFound, RevisionRequired

log = logging.getLogger(__name__)


def _field_of(item: dict[str, Any]) -> str:
    key = item.get("key") or ""
    return str(key).removeprefix("body.").strip() or "body"


def validation_error(request: Request, exc: ValidationException) -> Response[dict[str, Any]]:
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
    return Response(
        {"status_code": HTTP_422_UNPROCESSABLE_ENTITY, "detail": detail, "fields": fields},
        status_code=HTTP_422_UNPROCESSABLE_ENTITY,
        media_type=MediaType.JSON,
    )


def http_error(request: Request, exc: HTTPException) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {"status_code": exc.status_code, "detail": exc.detail}
    if exc.extra:
        body["extra"] = exc.extra
    return Response(
        body, status_code=exc.status_code, headers=exc.headers, media_type=MediaType.JSON
    )


def unexpected_error(request: Request, exc: Exception) -> Response[dict[str, Any]]:
    # The detail of an unexpected error may hold personal data: log it, never send it.
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return Response(
        {"status_code": 500, "detail": "Something went wrong on our side. Please try again."},
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
        media_type=MediaType.JSON,
    )


def domain_error(request: Request, exc: CareplanError) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {"detail": exc.detail}
    if isinstance(exc, NotFound):
        status = 404
    elif isinstance(exc, Invalid):
        status = 422
        body["fields"] = [{"field": exc.field, "message": exc.message}]
    elif isinstance(exc, Conflict):
        status = 409
        body["current"] = exc.current
    elif isinstance(exc, RevisionRequired):
        status = 428
    elif isinstance(exc, Forbidden):
        status = 403
    else:
        status = 400
    body["status_code"] = status
    return Response(body, status_code=status, media_type=MediaType.JSON)


def unstorable_value(request: Request, exc: Exception) -> Response[dict[str, Any]]:
    # A value the database cannot hold (a NUL character, a number beyond its range): bad
    # input that slipped past the schema. The transaction has rolled back; nothing is written.
    log.info("refused a value the database cannot store: %s", type(exc).__name__)
    return Response(
        {
            "status_code": HTTP_422_UNPROCESSABLE_ENTITY,
            "detail": "body: a value holds characters or a number that cannot be stored",
        },
        status_code=HTTP_422_UNPROCESSABLE_ENTITY,
        media_type=MediaType.JSON,
    )


EXCEPTION_HANDLERS = {
    asyncpg.DataError: unstorable_value,
    sqlite3.DataError: unstorable_value,
    CareplanError: domain_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    Exception: unexpected_error,
}
