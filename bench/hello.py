"""The baseline of `bench/server.py`: a bare Litestar app answering one short text, served by
uvicorn with the settings `careplan serve` uses (one worker, no access log, no server header).

    uvicorn bench.hello:app --host 127.0.0.1 --port 8100 --log-level warning --no-server-header
"""

from __future__ import annotations

from litestar import Litestar, get


@get("/", sync_to_thread=False)
def hello() -> str:
    return "Hello, world"


app = Litestar(route_handlers=[hello])
