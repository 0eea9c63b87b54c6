"""Helpers for live-update tests: a real server, real sessions, and an SSE reader.

Endless event streams cannot be read through httpx's ASGI transport (it buffers whole
bodies), so these tests run the service on a real uvicorn (STACK-NOTES) and read its streams
with `httpx.AsyncClient.stream`. Everything the database must hold (the demo, sessions) is
made before the server starts: the server then owns the tables' engine.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx
import pytest

from careplan.access.principal import load_principal
from careplan.demo.builder import demo_id
from careplan.identity.service import sessions, tokens
from careplan.settings import parse_database_url
from tests.conftest import ENGINE, TEST_SECRET

FAMILY = demo_id("family:hartley")
PLAN = demo_id("hartley:plan:child_protection")
ITEM = demo_id("hartley:item:love")
HV = demo_id("agency:hv")


async def session_cookie(person_key: str) -> dict[str, str]:
    """A real session for a demo person, as the sign-in pages would start it."""
    principal = await load_principal(demo_id(f"person:{person_key}"))
    assert principal is not None, person_key
    return {sessions.COOKIE: await sessions.start(principal, user_agent="pytest")}


def bearer_for(base_url: str, person_key: str) -> dict[str, str]:
    token = tokens.mint(TEST_SECRET, base_url, demo_id(f"person:{person_key}"))
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Event:
    event: str
    data: str


@dataclass
class Stream:
    """An open event stream, read in the background into a queue of events."""

    response: httpx.Response
    events: asyncio.Queue[Event | None] = field(default_factory=asyncio.Queue)
    raw: list[str] = field(default_factory=list)
    task: asyncio.Task[None] | None = None
    tab: str = ""  # the stream's id, from its `ready` event

    async def _read(self) -> None:
        name, data = "message", []
        try:
            async for line in self.response.aiter_lines():
                self.raw.append(line)
                if line == "":
                    if data or name != "message":
                        await self.events.put(Event(name, "\n".join(data)))
                    name, data = "message", []
                elif line.startswith(":"):
                    continue
                elif line.startswith("event:"):
                    name = line.removeprefix("event:").strip()
                elif line.startswith("data:"):
                    data.append(line.removeprefix("data:").strip())
        except (httpx.HTTPError, asyncio.CancelledError):
            pass
        finally:
            await self.events.put(None)

    async def next(self, within: float = 5.0) -> Event | None:
        """The next event, or None when the stream has ended; fails on a timeout."""
        return await asyncio.wait_for(self.events.get(), within)

    async def until(self, name: str, within: float = 5.0) -> Event:
        """Skip events until one called `name` arrives."""
        deadline = asyncio.get_running_loop().time() + within
        while True:
            left = deadline - asyncio.get_running_loop().time()
            event = await asyncio.wait_for(self.events.get(), max(left, 0.01))
            assert event is not None, f"the stream ended before {name!r}"
            if event.event == name:
                return event

    async def quiet(self, seconds: float) -> list[Event]:
        """Every event within `seconds` (to show that something did not arrive)."""
        seen = []
        deadline = asyncio.get_running_loop().time() + seconds
        while (left := deadline - asyncio.get_running_loop().time()) > 0:
            try:
                event = await asyncio.wait_for(self.events.get(), left)
            except TimeoutError:
                break
            if event is None:
                break
            seen.append(event)
        return seen


@pytest.fixture
async def open_stream() -> AsyncIterator[Callable[..., Any]]:
    """`await open_stream(base_url, cookies)`: an SSE stream of the Hartleys' plan, once its
    `ready` event has come (so the subscription is in place)."""
    opened: list[tuple[httpx.AsyncClient, Any, Stream]] = []

    async def make(base_url: str, cookies: dict[str, str], plan: Any = PLAN) -> Stream:
        client = httpx.AsyncClient(
            base_url=base_url, cookies=cookies, timeout=httpx.Timeout(10.0, read=None)
        )
        context = client.stream("GET", f"/workspace/plans/{plan}/events")
        response = await context.__aenter__()
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = Stream(response)
        stream.task = asyncio.create_task(stream._read())
        opened.append((client, context, stream))
        ready = await stream.next()
        assert ready is not None and ready.event == "ready"
        stream.tab = ready.data
        return stream

    yield make
    for client, context, stream in opened:
        if stream.task:
            stream.task.cancel()
        try:
            await asyncio.wait_for(context.__aexit__(None, None, None), 5)
        except (TimeoutError, httpx.HTTPError, RuntimeError):
            pass
        await client.aclose()


async def leave_team(database_url: str, person_key: str) -> None:
    """The person leaves the Hartleys' team (no use case does this yet: plain SQL, as an
    administrator's tool would)."""
    person, today = str(demo_id(f"person:{person_key}")), dt.date.today()
    if ENGINE == "sqlite":
        path = parse_database_url(database_url).sqlite_path
        with sqlite3.connect(path) as connection:
            connection.execute(
                "UPDATE team_member SET left_on = ? WHERE person = ? AND family = ?",
                (today.isoformat(), person, str(FAMILY)),
            )
        return
    connection = await asyncpg.connect(dsn=database_url)
    try:
        await connection.execute(
            "UPDATE team_member SET left_on = $1 WHERE person = $2 AND family = $3",
            today,
            demo_id(f"person:{person_key}"),
            FAMILY,
        )
    finally:
        await connection.close()


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a `careplan serve` process for these tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREPLAN_")}
    env.update(
        CAREPLAN_DATABASE_URL=database_url,
        CAREPLAN_SECRET_KEY=TEST_SECRET,
        CAREPLAN_BASE_URL="http://127.0.0.1:8000",
        **extra,
    )
    return env
