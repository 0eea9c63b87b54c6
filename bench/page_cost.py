"""What one request to a page costs in-process: SQL statements and CPU, serially.

A quick look between full runs of `server.py` (no server, no wrk, no concurrency): the app is
called through httpx's ASGI transport, one request at a time, and the process's CPU time is
divided by the requests. Figures include the test client's own work, so they are higher than
`server.py`'s per-request CPU; compare them with each other (a page before and after a
change, a page against `/healthz`), not with the README's table.

    CAREPLAN_DEMO=1 CAREPLAN_DATABASE_URL=sqlite:///bench.sqlite3 \\
        .venv/bin/python bench/page_cost.py --requests 300

Jess Hartley (a parent on a phone that is hers alone) and Priya Raman (the Hartleys' key
worker) are signed in as the demo signs them in.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests a route (200)")
    parser.add_argument("--only", default="", help="routes whose name holds this text")
    args = parser.parse_args(argv)

    import logging

    import httpx

    from careplan.app import create_app
    from careplan.demo.builder import demo_id
    from careplan.demo.service import sign_in
    from careplan.identity.service.sessions import COOKIE
    from careplan.settings import Settings
    from tests.counting import counting

    app = create_app(Settings.from_env())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.lifespan(),
        httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as client,
    ):
        jess, _ = await sign_in(demo_id("person:jess"), "bench/page_cost.py")
        priya, _ = await sign_in(demo_id("person:priya"), "bench/page_cost.py")
        parent = {"Cookie": f"{COOKIE}={jess}"}
        worker = {"Cookie": f"{COOKIE}={priya}"}
        first = await client.get("/family/goals", headers=parent)
        plan = demo_id("hartley:plan:child_protection")
        family = demo_id("family:hartley")
        routes: list[tuple[str, str, dict[str, Any], int]] = [
            ("/healthz", "/healthz", {}, 200),
            ("/family", "/family", parent, 200),
            ("/family/goals", "/family/goals", parent, 200),
            (
                "/family/goals unchanged (304)",
                "/family/goals",
                {**parent, "If-None-Match": first.headers.get("etag", "")},
                304,
            ),
            ("/family/next", "/family/next", parent, 200),
            ("/workspace (caseload)", "/workspace", worker, 200),
            ("/workspace/families/{id}", f"/workspace/families/{family}", worker, 200),
            ("/workspace/plans/{id} (editor)", f"/workspace/plans/{plan}", worker, 200),
            (
                "editor block (HTMX section)",
                f"/workspace/plans/{plan}/sections/worry",
                {**worker, "HX-Request": "true"},
                200,
            ),
        ]
        print("| route | statements | CPU ms/request |")
        print("|---|---:|---:|")
        for name, path, headers, status in routes:
            if args.only and args.only not in name:
                continue
            response = await client.get(path, headers=headers)  # warm
            assert response.status_code == status, (name, response.status_code)
            with counting() as cost:
                await client.get(path, headers=headers)
            started = time.process_time()
            for _ in range(args.requests):
                await client.get(path, headers=headers)
            spent = (time.process_time() - started) / args.requests
            print(f"| {name} | {cost.statements} | {spent * 1000:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
