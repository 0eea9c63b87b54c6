"""The replica benchmark runs in CI in a small form, so it cannot rot (issue 16, item 4).

`bench/replica.py` as a person runs it: a throwaway primary and a streaming replica of it
started from Debian's PostgreSQL binaries, a few families generated into the primary, each
page asked in-process with the replica, then one short round a route on a worker without the
replica and one with it, and both servers stopped and removed. Asserted: what a person
running it would notice (the pages answered, the replica served the page reads asked of it
and never failed, the results were written, nothing was left running), never a speed. Run
once, in the PostgreSQL pass of the suite (it starts its own servers; the SQLite pass skips).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ENGINE, missing

ROOT = Path(__file__).resolve().parent.parent.parent
# A few families; one round, one second a route, two connections, no warm-up.
ARGS = ["--families", "20", "--rounds", "1", "--seconds", "1", "--warmup", "0"]
ARGS += ["--connections", "2"]


def running_clusters() -> set[str]:
    """The data folders of the replica benchmark's PostgreSQL servers running now."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if command and command[0].endswith(b"postgres"):
            found |= {part.decode() for part in command if b"careplan-replica-" in part}
    return found


def test_the_replica_benchmark_starts_both_reads_there_measures_and_cleans_up(
    tmp_path: Path, record_property: Any
) -> None:
    if ENGINE != "postgres":
        pytest.skip("run once, in the PostgreSQL pass")
    if not shutil.which("wrk"):
        missing("wrk (the HTTP load generator) is not installed: apt-get install -y wrk")
    if not list(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup")):
        missing("PostgreSQL's server binaries are not installed: apt-get install -y postgresql")
    before = running_clusters()
    started = time.monotonic()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREPLAN_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    results = tmp_path / "results"
    done = subprocess.run(
        [sys.executable, "bench/replica.py", *ARGS, "--results", str(results)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr[-5000:]}"
    record_property("replica bench small run (s)", round(time.monotonic() - started))

    result = json.loads((results / "replica-postgres.json").read_text())
    assert result["replication"]["standby"] is True
    assert result["replication"]["state"] == "streaming"
    for name, seen in result["read_there"].items():
        assert seen["replica failed"] == 0 and seen["replica behind"] == 0, name
        if name.endswith("(first)"):  # a page read from the database: on the replica
            assert seen["on the replica"] == 1, name
    assert result["read_there"]["/family (again)"]["on the replica"] == 0  # the page cache's
    for server, routes in result["routes"].items():
        for route in routes:
            assert route["status"] == 200 and route["errors"] == 0, (server, route["route"])
    table = (results / "replica-postgres.md").read_text()
    assert table.strip() in done.stdout
    # Both servers stopped, their folder removed.
    assert running_clusters() <= before
