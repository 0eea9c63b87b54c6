"""The server benchmark runs in CI in a small form, so it cannot rot (issue 16).

The real scripts, as `make bench` runs them, on the suite's engine: `bench/generate.py` puts
200 families with six years of history into a fresh database (through every slice's
`bulk.py` and `careplan.lib.bulk.copy`: executemany on SQLite, COPY on PostgreSQL), then
`bench/server.py` runs wrk against `careplan serve` for one short round a route and writes
its tables and chart to a folder of the test's own (never bench/results/).

Not a timed test: it asserts what a person running the benchmark would notice (the rows
asked for are there, every route answered as a signed-in person sees it, wrk saw no errors,
the statements were counted, the results and the chart were written), never a speed. Its
wall time is shown under "measured".
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from careplan import db
from careplan.settings import parse_database_url
from tests.conftest import (
    ENGINE,
    _pg_execute,
    _postgres_base_url,
    _with_database,
    missing,
    run_sync,
)

ROOT = Path(__file__).resolve().parent.parent.parent
FAMILIES = 200
PER_MONTH = 2  # the family's check-ins on each goal a month, besides the professional's one
# One round, one second a route, few connections (a slow page still finishes requests), no
# warm-up: the small form of the ten-second rounds measured at scale.
SERVER_ARGS = ["--rounds", "1", "--seconds", "1", "--warmup", "0", "--connections", "2"]
NO_QUERY = {"hello-world app", "/healthz/live (careplan's stack, no query)"}
ROUTES = {  # every route server.py measures (it may measure more), and its answer
    "hello-world app": 200,
    "/healthz/live (careplan's stack, no query)": 200,
    "/healthz (careplan's stack, SELECT 1)": 200,
    "/family": 200,
    "/family/goals": 200,
    "/family/goals unchanged (304)": 304,
    "/workspace (caseload)": 200,
    "/workspace/families/{id}": 200,
    "/workspace/plans/{id} (editor)": 200,
    "editor block (HTMX section)": 200,
}


@pytest.fixture
def bench_database(tmp_path: Path) -> Iterator[str]:
    """An empty database of the suite's engine: a file, or a PostgreSQL database made beside
    the suite's and dropped after."""
    if ENGINE == "sqlite":
        yield f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        return
    base = _postgres_base_url()
    name = f"careplan_bench_{os.getpid()}"
    run_sync(_pg_execute(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    run_sync(_pg_execute(base, f"CREATE DATABASE {name}"))
    yield _with_database(base, name)
    run_sync(_pg_execute(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def bench(script: str, args: list[str], database_url: str) -> str:
    """Run a bench script as `make bench` does; its output, or the test fails showing it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREPLAN_")}
    env.update(
        CAREPLAN_DEMO="1",
        CAREPLAN_DATABASE_URL=database_url,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    result = subprocess.run(
        [sys.executable, f"bench/{script}", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, (
        f"bench/{script} failed ({result.returncode}):\n{result.stdout}\n{result.stderr[-5000:]}"
    )
    return result.stdout


def reported_rows(out: str) -> dict[str, int]:
    """generate.py's 'Rows per table: progress_entry 161,024, ..., family 200.'"""
    line = next(x for x in out.splitlines() if x.startswith("Rows per table: "))
    pairs = line.removeprefix("Rows per table: ").rstrip(".").split(", ")
    return {name: int(count.replace(",", "")) for name, count in (p.split(" ") for p in pairs)}


async def in_the_database(url: str) -> dict[str, Any]:
    """The generated families, and their goals' check-ins counted by who made them."""
    from careplan.families.tables import Family

    engine = db.make_engine(parse_database_url(url))
    db.use_engine(engine)
    await db.start(engine)
    try:
        families = await Family.select(Family.id, Family.case_reference)
        generated = [f for f in families if re.fullmatch(r"NMC-3\d{5}", f["case_reference"] or "")]
        check_ins = await Family.raw(
            "SELECT p.thread, p.by_kind, count(*) AS n FROM progress_entry p "
            "JOIN family f ON f.id = p.family WHERE f.case_reference LIKE 'NMC-3%' "
            "GROUP BY p.thread, p.by_kind"
        )
    finally:
        await db.stop(engine)
    by_thread: dict[Any, dict[str, int]] = {}
    for row in check_ins:
        by_thread.setdefault(str(row["thread"]), {})[row["by_kind"]] = row["n"]
    return {
        "all": len(families),
        "references": sorted(f["case_reference"] for f in generated),
        "by_thread": by_thread,
    }


def test_the_benchmark_generates_the_families_asked_then_measures_every_route(
    bench_database: str, tmp_path: Path, record_property: Any
) -> None:
    if not shutil.which("wrk"):
        missing("wrk (the HTTP load generator) is not installed: apt-get install -y wrk")
    started = time.monotonic()

    out = bench(
        "generate.py", ["--families", str(FAMILIES), "--per-month", str(PER_MONTH)], bench_database
    )
    generated = time.monotonic() - started
    rows = reported_rows(out)
    found = run_sync(in_the_database(bench_database))
    # The families asked for, each once, besides the demo's.
    assert rows["family"] == FAMILIES
    assert found["references"] == [f"NMC-{300000 + i}" for i in range(FAMILIES)]
    # Every check-in the generator made went in (besides those it gave the demo's Hartleys);
    # each goal has the professional's one a month and the family's PER_MONTH (the last
    # month may be cut short by today).
    hartleys = int(re.search(r"the Hartleys got (\d+) check-ins", out)[1])  # type: ignore[index]
    by_thread = found["by_thread"]
    made = sum(sum(kinds.values()) for kinds in by_thread.values())
    assert made == rows["progress_entry"] - hartleys
    assert len(by_thread) == rows["thread"]
    for kinds in by_thread.values():
        professional, family = kinds.get("professional", 0), kinds.get("parent", 0)
        assert professional >= 1
        assert PER_MONTH * professional <= family <= PER_MONTH * (professional + 1)

    results = tmp_path / "results"
    out = bench("server.py", [*SERVER_ARGS, "--results", str(results)], bench_database)
    record_property(f"bench small run on {ENGINE}: generate.py (s)", round(generated))
    record_property(f"bench small run on {ENGINE}: all (s)", round(time.monotonic() - started))

    engine = "sqlite" if ENGINE == "sqlite" else "postgres"
    result = json.loads((results / f"server-{engine}.json").read_text())
    assert result["families"] == found["all"]
    measured = {route["route"]: route for route in result["routes"]}
    assert set(ROUTES) <= set(measured)
    for cheap in ("hello-world app", "/healthz (careplan's stack, SELECT 1)"):
        assert measured[cheap]["requests"] > 0, measured[cheap]["rounds"]  # wrk's figures read
    for name, route in measured.items():
        # Answered as a signed-in person sees it (not a redirect to sign in) before and
        # after the load, wrk saw no error or timeout, and the server worked for it. (A slow
        # page may finish no request within one second on a busy machine: not asserted.)
        assert route["status"] == ROUTES.get(name, route["status"]) in (200, 304), name
        assert route["errors"] == 0, (name, route["rounds"])
        assert route["cpu"] > 0, name
        # The statements one request runs, counted: none where nothing is asked of the
        # database (the bare app and the liveness probe), at least one everywhere else.
        if name in NO_QUERY:
            assert route["statements"] == 0, name
        else:
            assert route["statements"] >= 1, name
    table = (results / f"server-{engine}.md").read_text()
    assert table.strip() in out  # printed too
    for name in measured:
        assert f"| {name} |" in table
    assert (results / "server.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
