"""Two health checks for whatever runs the service (a load balancer, an orchestrator):

- `GET /healthz/live` (liveness): the process answers HTTP. No database query, so a slow or
  restarting database never gets a healthy process restarted; it is also the cheapest route
  through the whole stack (middleware, hooks, headers), which bench/server.py measures
  against a bare Litestar app.
- `GET /healthz` (readiness): the process AND its database answer (`SELECT 1`), so a load
  balancer sends requests only to a worker that can serve them.
"""

from __future__ import annotations

import logging

from litestar import get
from litestar.response import Response
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE

from careplan import db
from careplan.web.csrf import NO_CSRF

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


@get(
    "/healthz/live",
    tags=["service"],
    summary="Is the service's process up? (no database query)",
    sync_to_thread=False,
    opt=NO_CSRF,  # a probe keeps no cookie
)
def healthz_live() -> dict[str, str]:
    return {"status": "ok"}
