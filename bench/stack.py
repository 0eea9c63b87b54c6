"""The cost of careplan's own per-request stack, in-process: CPU per request of the ASGI app
called directly (no server, no sockets), for `GET /healthz/live` (careplan's middleware,
hooks and headers around a handler that does nothing) against bench/hello.py's app.

    CAREPLAN_DATABASE_URL=sqlite:///bench.sqlite3 .venv/bin/python bench/stack.py
    .venv/bin/python bench/stack.py --profile     # and where careplan's time goes (cProfile)

Each request is a fresh scope, as uvicorn makes one, with `Accept-Encoding: gzip` and no
cookie (as a load balancer's probe, or wrk in bench/server.py, sends it). Process CPU time
(time.process_time) over `--requests` requests, best of `--repeats`. This leaves out what
uvicorn costs (the same for both apps), so the ratio here is an upper bound of the ratio
bench/server.py measures over HTTP.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def scope_of(path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 40000),
        "scheme": "http",
        "method": "GET",
        "root_path": "",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": list(headers),
        "state": {},
    }


async def call(app: Any, path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    started: dict[str, Any] = {}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            started.update(message)

    await app(scope_of(path, headers), receive, send)
    return started


async def cpu_per_request(app: Any, path: str, requests: int, repeats: int) -> float:
    """Milliseconds of process CPU per request, best of `repeats`."""
    headers = [(b"host", b"127.0.0.1:8000"), (b"accept-encoding", b"gzip")]
    for _ in range(200):  # warm caches (Litestar's route map, compiled patterns)
        await call(app, path, headers)
    best = float("inf")
    for _ in range(repeats):
        before = time.process_time()
        for _ in range(requests):
            await call(app, path, headers)
        best = min(best, (time.process_time() - before) / requests * 1000)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=5000, help="requests a repeat (5000)")
    parser.add_argument("--repeats", type=int, default=5, help="repeats, best taken (5)")
    parser.add_argument("--path", default="/healthz/live", help="careplan's route")
    parser.add_argument("--profile", action="store_true", help="cProfile careplan's requests")
    parser.add_argument("--sort", default="cumulative", help="the profile's order (cumulative)")
    args = parser.parse_args(argv)
    folder = tempfile.mkdtemp()
    os.environ.setdefault("CAREPLAN_DATABASE_URL", f"sqlite:///{folder}/stack.sqlite3")
    os.environ.setdefault("CAREPLAN_DEMO", "1")

    from bench.hello import app as hello
    from careplan.app import create_app
    from careplan.cli import main as cli
    from careplan.settings import Settings

    if "sqlite" in os.environ["CAREPLAN_DATABASE_URL"]:
        cli(["migrate"])
    asyncio.run(measure(create_app(Settings.from_env()), hello, args))
    return 0


async def measure(app: Any, hello: Any, args: argparse.Namespace) -> None:
    async with app.lifespan(), hello.lifespan():
        answer = await call(app, args.path, [(b"host", b"127.0.0.1:8000")])
        names = sorted({name.decode() for name, _ in answer["headers"]})
        print(f"{args.path}: {answer['status']}, headers: {', '.join(names)}")
        base = await cpu_per_request(hello, "/", args.requests, args.repeats)
        ours = await cpu_per_request(app, args.path, args.requests, args.repeats)
        print(f"hello-world app: {base:.3f} ms CPU a request")
        print(f"careplan {args.path}: {ours:.3f} ms CPU a request ({ours / base:.2f}x)")
        if args.profile:
            headers = [(b"host", b"127.0.0.1:8000"), (b"accept-encoding", b"gzip")]
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.requests):
                await call(app, args.path, headers)
            profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(45)
            print(out.getvalue())


if __name__ == "__main__":
    sys.exit(main())
