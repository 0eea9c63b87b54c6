"""Live updates across processes, as an operator runs the service: `careplan serve` processes.

- Two app instances over PostgreSQL: an edit through one reaches a stream on the other
  (LISTEN/NOTIFY), and the other still filters what its subscriber may see.
- `careplan serve --workers 2` on PostgreSQL: every open stream, whichever worker holds it,
  gets the edit; presence is the same whichever worker answers.
- A server with open streams stops promptly (uvicorn's graceful shutdown must not hang).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ENGINE, _free_port
from tests.live.conftest import HV, ITEM, PLAN, server_env, session_cookie

pytestmark = pytest.mark.anyio

CAREPLAN = [sys.executable, "-m", "careplan.cli"]
ISSUER = "http://127.0.0.1:8000"  # every instance's CAREPLAN_BASE_URL (see server_env)


def postgres_only() -> None:
    if ENGINE != "postgres":
        pytest.skip("PostgreSQL only: runs when CAREPLAN_TEST_ENGINE=postgres")


@contextlib.contextmanager
def careplan_serve(
    database_url: str, folder: Path, *, workers: int = 1, name: str = "server"
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`careplan serve` in its own process; yields its URL once /healthz answers."""
    port = _free_port()
    log = (folder / f"{name}-{port}.log").open("wb")
    process = subprocess.Popen(
        [*CAREPLAN, "serve", "--port", str(port), "--workers", str(workers)],
        env=server_env(database_url),
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 40
        while True:
            if process.poll() is not None:
                pytest.fail(f"{name} exited: {(folder / log.name).read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not start")
            time.sleep(0.2)
        yield url, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def _token(person_key: str) -> dict[str, str]:
    from tests.live.conftest import bearer_for

    return bearer_for(ISSUER, person_key)


async def _revision(api: httpx.AsyncClient, item) -> int:
    from careplan.demo.builder import demo_id

    plan = (
        await api.get(f"/api/v1/episodes/{demo_id('hartley:episode:child_protection')}/plan")
    ).json()
    return next(i["revision"] for s in plan["sections"].values() for i in s if i["id"] == str(item))


async def test_an_edit_through_one_instance_reaches_a_stream_on_the_other(
    demo, database_url, tmp_path, open_stream
) -> None:
    postgres_only()
    priya, grace = await session_cookie("priya"), await session_cookie("grace")
    with (
        careplan_serve(database_url, tmp_path, name="a") as (a, _),
        careplan_serve(database_url, tmp_path, name="b") as (b, _),
    ):
        on_b = await open_stream(b, priya)
        grace_on_b = await open_stream(b, grace)
        async with httpx.AsyncClient(base_url=a, headers=_token("grace")) as api:
            edit = await api.patch(
                f"/api/v1/items/{ITEM}",
                json={"text": "Changed through A", "revision": await _revision(api, ITEM)},
            )
            assert edit.status_code == 200, edit.text
            assert (await on_b.until("item-changed")).data == str(ITEM)
            assert (await grace_on_b.until("item-changed")).data == str(ITEM)
            hidden = await api.post(
                f"/api/v1/plans/{PLAN}/items",
                json={"section": "worry", "text": "HV only", "audience": {"agencies": [str(HV)]}},
            )
            assert hidden.status_code == 201
        # It crossed to B (Grace's agency gets it there), and B kept it from Priya.
        assert (await grace_on_b.until("item-changed")).data == hidden.json()["id"]
        await on_b.quiet(0.5)
        assert not any(hidden.json()["id"] in line for line in on_b.raw)
        # Presence crosses too: Priya's open stream on B shows her to Grace asking A.
        async with httpx.AsyncClient(base_url=a, cookies=grace) as page:
            here = await page.get(f"/workspace/plans/{PLAN}/presence")
        assert "Priya Raman" in here.text


async def test_an_instance_that_starts_later_knows_at_once_who_is_in_the_plan(
    demo, database_url, tmp_path, open_stream
) -> None:
    """A new or restarted worker calls the roll: pages open on the others say they are
    there at once, not at their next keep-alive (15 s)."""
    postgres_only()
    priya, grace = await session_cookie("priya"), await session_cookie("grace")
    with careplan_serve(database_url, tmp_path, name="a") as (a, _):
        await open_stream(a, priya)
        with careplan_serve(database_url, tmp_path, name="b") as (b, _):
            started = time.monotonic()
            async with httpx.AsyncClient(base_url=b, cookies=grace) as page:
                while (
                    "Priya Raman" not in (await page.get(f"/workspace/plans/{PLAN}/presence")).text
                ):
                    assert time.monotonic() - started < 5, "B did not hear who is on A"
                    await asyncio.sleep(0.2)


async def test_serve_with_two_workers_carries_live_updates_between_them(
    demo, database_url, tmp_path, open_stream
) -> None:
    postgres_only()
    people = ["priya", "grace", "helen", "tom", "daniel", "priya", "grace", "helen"]
    cookies = {key: await session_cookie(key) for key in set(people)}
    with careplan_serve(database_url, tmp_path, workers=2) as (url, _):
        streams = [await open_stream(url, cookies[key]) for key in people]
        async with httpx.AsyncClient(base_url=url, headers=_token("priya")) as api:
            for round_ in range(3):  # several edits: each may be served by either worker
                edit = await api.patch(
                    f"/api/v1/items/{ITEM}",
                    json={"text": f"Round {round_}", "revision": await _revision(api, ITEM)},
                )
                assert edit.status_code == 200, edit.text
                for stream in streams:
                    assert (await stream.until("item-changed")).data == str(ITEM)
        # Whichever worker answers, everyone on the plan is there.
        for _ in range(6):
            async with httpx.AsyncClient(base_url=url, cookies=cookies["daniel"]) as page:
                here = await page.get(f"/workspace/plans/{PLAN}/presence")
            assert "Priya Raman" in here.text and "Helen Marsh" in here.text


async def test_a_server_with_open_streams_stops_promptly(
    demo, database_url, tmp_path, open_stream
) -> None:
    priya = await session_cookie("priya")
    with careplan_serve(database_url, tmp_path) as (url, process):
        stream = await open_stream(url, priya)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            await asyncio.to_thread(process.wait, 15)
        took = time.monotonic() - started
        assert process.poll() is not None, "the server hung on shutdown with a stream open"
        # uvicorn waits timeout_graceful_shutdown (3 s) for open streams, then closes them.
        assert took < 8, took
        # The stream was closed, not left hanging.
        while (event := await stream.next(within=5)) is not None:
            assert event.event in ("presence", "ready"), event
