"""`GET /healthz`: is the service and its database able to answer?"""

from __future__ import annotations

import logging

from litestar import get
from litestar.response import Response
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE

from careplan import db

log = logging.getLogger(__name__)


@get("/healthz", tags=["service"], summary="Is the service and its database up?")
async def healthz() -> Response[dict[str, str]]:
    try:
        await db.ping()
    except Exception as error:  # any failure to answer means the database is down
        log.warning("health check: database unreachable (%s)", type(error).__name__)
        return Response(
            {"status": "unavailable", "database": "down"}, status_code=HTTP_503_SERVICE_UNAVAILABLE
        )
    return Response({"status": "ok", "database": "ok"}, status_code=HTTP_200_OK)
