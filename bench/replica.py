"""Reads from a streaming replica: a throwaway primary and replica on this machine, measured.

    .venv/bin/python bench/replica.py                  # 1,000 families, 3 rounds of 10 s
    .venv/bin/python bench/replica.py --families 200 --rounds 1 --seconds 5
    .venv/bin/python bench/replica.py --hold           # start both, print their URLs, wait

It starts two PostgreSQL servers from Debian's binaries (/usr/lib/postgresql/<version>/bin,
or --pg-bin) in a temporary folder, on free ports, listening on 127.0.0.1 only (as the
`postgres` user when run as root): a primary made by `initdb`, and a hot standby made from it
by `pg_basebackup -R` (streaming replication: every commit of the primary is replayed on it).
It generates --families families into the primary (bench/generate.py), waits until the
replica has replayed all of it, and checks what the service reads there: one request of each
page in-process with CAREPLAN_DATABASE_REPLICA_URL set, counting the reads the replica served
(careplan.lib.replica.stats). Then two `careplan serve` workers, one without the replica and
one with it, and a hello-world app, all pinned to --server-cpus, with wrk on --wrk-cpus, in
interleaved rounds (as bench/server.py, whose parts it uses): /family, the plan editor. At the
end it stops both servers and removes the folder, whatever happened.

Results: results/replica-postgres.md (and .json), on stdout too. What to expect on one small
machine: nothing faster. The replica runs on the same cores as the primary and replays every
change, and a family page is read from the database only when the page cache misses (the
page is kept until the family's revision moves), so the figures say what the rule costs (one
snapshot on the replica and one revision read there; the editor also reads its family's
revision on the primary first), not what a replica on its own machine would take off the
primary.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import server as bench  # noqa: E402

RESULTS = ROOT / "bench" / "results"
WITHOUT = "primary only"
WITH = "with the replica"


def pg_bin(given: str | None) -> Path:
    """Where initdb and pg_ctl are: --pg-bin, or the newest of Debian's."""
    if given:
        found = Path(given)
    else:
        versions = sorted(
            Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
        )
        if not versions:
            raise SystemExit(
                "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin: "
                "apt-get install -y postgresql (or give --pg-bin)"
            )
        found = versions[-1].parent
    if not (found / "pg_basebackup").exists():
        raise SystemExit(f"{found} has no pg_basebackup")
    return found


@dataclass
class Cluster:
    """The primary and its replica: their folders, ports and the command prefix to run as
    their owner."""

    bin: Path
    folder: Path
    primary_port: int
    replica_port: int
    as_owner: list[str]

    @property
    def primary(self) -> Path:
        return self.folder / "primary"

    @property
    def replica(self) -> Path:
        return self.folder / "replica"

    def url(self, port: int, database: str = "careplan") -> str:
        return f"postgresql://postgres@127.0.0.1:{port}/{database}"

    def run(self, tool: str, *args: str) -> None:
        command = [*self.as_owner, str(self.bin / tool), *args]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.folder)
        if done.returncode != 0:
            raise SystemExit(f"{tool} failed ({done.returncode}):\n{done.stdout}{done.stderr}")

    def start(self, folder: Path, port: int) -> None:
        options = f"-p {port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self.run(
            "pg_ctl", "-D", str(folder), "-l", str(folder) + ".log", "-o", options, "-w", "start"
        )

    def stop(self, folder: Path) -> None:
        if (folder / "postmaster.pid").exists():
            command = [
                *self.as_owner,
                str(self.bin / "pg_ctl"),
                "-D",
                str(folder),
                "-m",
                "fast",
                "-w",
                "stop",
            ]
            subprocess.run(command, capture_output=True, text=True, cwd=self.folder)


@contextlib.contextmanager
def primary_and_replica(bin_folder: Path) -> Iterator[Cluster]:
    """A primary and a streaming replica of it, stopped and removed at the end."""
    folder = Path(tempfile.mkdtemp(prefix="careplan-replica-"))
    as_owner: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres", "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    cluster = Cluster(bin_folder, folder, bench.free_port(), bench.free_port(), as_owner)
    try:
        cluster.run(
            "initdb",
            "-D",
            str(cluster.primary),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        )
        cluster.start(cluster.primary, cluster.primary_port)
        cluster.run(
            "createdb",
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.primary_port),
            "-U",
            "postgres",
            "careplan",
        )
        # A copy of the primary as it is now, told to stream from it (-R: standby.signal and
        # primary_conninfo), then started on its own port: a hot standby, read-only.
        cluster.run(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.primary_port),
            "-U",
            "postgres",
            "-D",
            str(cluster.replica),
            "-R",
            "-X",
            "stream",
            "--checkpoint=fast",  # not a spread checkpoint: minutes on an idle server
            "--no-sync",
        )
        cluster.start(cluster.replica, cluster.replica_port)
        yield cluster
    finally:
        cluster.stop(cluster.replica)
        cluster.stop(cluster.primary)
        shutil.rmtree(folder, ignore_errors=True)


async def replication(cluster: Cluster, wait: float = 600) -> dict[str, Any]:
    """Wait until the replica has replayed everything the primary has written; say how it
    streams (from pg_stat_replication) and that it is a standby."""
    import asyncpg

    primary = await asyncpg.connect(cluster.url(cluster.primary_port))
    replica = await asyncpg.connect(cluster.url(cluster.replica_port))
    try:
        target = await primary.fetchval("SELECT pg_current_wal_lsn()")
        deadline = time.monotonic() + wait
        while True:
            replayed = await replica.fetchval("SELECT pg_last_wal_replay_lsn()")
            if replayed is not None and replayed >= target:
                break
            if time.monotonic() > deadline:
                raise SystemExit(f"the replica had not replayed {target} after {wait:.0f} s")
            await asyncio.sleep(0.2)
        stream = await primary.fetchrow(
            "SELECT state, sync_state, replay_lag FROM pg_stat_replication LIMIT 1"
        )
        return {
            "standby": await replica.fetchval("SELECT pg_is_in_recovery()"),
            "state": stream["state"] if stream else None,
            "sync_state": stream["sync_state"] if stream else None,
            "server": await replica.fetchval("SHOW server_version"),
        }
    finally:
        await primary.close()
        await replica.close()


def generate(cluster: Cluster, families: int) -> None:
    env = {
        **os.environ,
        "CAREPLAN_DEMO": "1",
        "CAREPLAN_DATABASE_URL": cluster.url(cluster.primary_port),
    }
    env.pop("CAREPLAN_DATABASE_REPLICA_URL", None)
    command = [sys.executable, str(ROOT / "bench" / "generate.py"), "--families", str(families)]
    subprocess.run(command, env=env, cwd=ROOT, check=True)


def targets(session: dict[str, Any]) -> list[bench.Target]:
    gzip = {"Accept-Encoding": "gzip"}
    from careplan.identity.service.sessions import COOKIE

    parent = {**gzip, "Cookie": f"{COOKIE}={session['jess']}"}
    worker = {**gzip, "Cookie": f"{COOKIE}={session['priya']}"}
    return [
        bench.Target(bench.HELLO, "hello", "/", gzip),
        bench.Target("/family", "careplan", "/family", parent),
        bench.Target(
            "/workspace/plans/{id} (editor)",
            "careplan",
            f"/workspace/plans/{session['plan']}",
            worker,
        ),
    ]


async def read_there(found: list[bench.Target]) -> dict[str, Any]:
    """One request of each page in-process, as the environment says (with the replica or
    not): the statements it ran (on either server), and how many reads the replica served,
    was found behind for, or failed. Each page is asked twice: the family page's second is
    the page cache's."""
    import httpx

    from careplan.app import create_app
    from careplan.lib import replica
    from careplan.settings import Settings
    from tests.counting import counting

    app = create_app(Settings.from_env())
    out: dict[str, Any] = {}
    transport = httpx.ASGITransport(app=app)
    async with (
        app.lifespan(),
        httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as client,
    ):
        for target in found:
            if target.port_of != "careplan":
                continue
            for attempt in ("first", "again"):
                replica.stats = replica.Stats()
                with counting() as cost:
                    response = await client.get(target.path, headers=target.headers)
                assert response.status_code == 200, (target.name, response.status_code)
                out[f"{target.name} ({attempt})"] = {
                    "statements": cost.statements,
                    "on the replica": replica.stats.served,
                    "replica behind": replica.stats.behind,
                    "replica failed": replica.stats.failed,
                }
    return out


def serve(port: int, env: dict[str, str], logs: Any, cpus: str) -> subprocess.Popen[bytes]:
    command = ["taskset", "-c", cpus, *bench.careplan_command(port, None)]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=logs, stderr=logs)


def measure(args: argparse.Namespace, cluster: Cluster, session: dict[str, Any]) -> dict:
    """hello-world and two careplan workers (without, with the replica) in interleaved rounds."""
    base = {**os.environ}
    base.pop("CAREPLAN_DATABASE_REPLICA_URL", None)
    envs = {
        WITHOUT: base,
        WITH: {**base, "CAREPLAN_DATABASE_REPLICA_URL": cluster.url(cluster.replica_port)},
    }
    ports: dict[str, int] = {
        "hello": bench.free_port(),
        WITHOUT: bench.free_port(),
        WITH: bench.free_port(),
    }
    found = targets(session)
    logs = tempfile.TemporaryFile()
    started: dict[str, subprocess.Popen[bytes]] = {}
    runs: dict[str, dict[str, list[bench.Run]]] = {
        name: {t.name: [] for t in found} for name in (WITHOUT, WITH)
    }
    try:
        started["hello"] = bench.start(bench.hello_command(ports["hello"]), logs, args.server_cpus)
        bench.wait_for(ports["hello"], "/")
        for name in (WITHOUT, WITH):
            started[name] = serve(ports[name], envs[name], logs, args.server_cpus)
            bench.wait_for(ports[name], "/healthz", 120)
            bench.settle(started[name].pid)
        pids = {key: process.pid for key, process in started.items()}
        for name in (WITHOUT, WITH):
            bench.check({"hello": ports["hello"], "careplan": ports[name]}, found)

        def one(target: bench.Target, name: str, seconds: int) -> bench.Run:
            key = "hello" if target.port_of == "hello" else name
            return bench.wrk(
                ports[key], target, seconds, args.connections, pids[key], args.wrk_cpus
            )

        for target in found if args.warmup > 0 else ():
            for name in (WITHOUT,) if target.port_of == "hello" else (WITHOUT, WITH):
                one(target, name, args.warmup)
        for round_ in range(args.rounds):
            for target in found:
                hello = target.port_of == "hello"
                for name in (WITHOUT,) if hello else (WITHOUT, WITH):
                    run = one(target, name, args.seconds)
                    for each in (WITHOUT, WITH) if hello else (name,):
                        runs[each][target.name].append(run)
                    print(
                        f"round {round_ + 1}/{args.rounds}  {name if not hello else '':17} "
                        f"{target.name:32} {run.rps:9,.0f} req/s  p95 "
                        f"{bench.latency(run.p95):>8} ms  {run.cpu:7.3f} ms CPU/req",
                        file=sys.stderr,
                    )
        for name in (WITHOUT, WITH):
            bench.check({"hello": ports["hello"], "careplan": ports[name]}, found)
    finally:
        for process in started.values():
            bench.stop(process)
        logs.seek(0)
        printed = logs.read().decode(errors="replace").strip()
        if printed:
            print(f"The servers said:\n{printed[-3000:]}", file=sys.stderr)
    return {name: bench.summary(runs[name], {}, found) for name in (WITHOUT, WITH)}


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"## Reads from a streaming replica: PostgreSQL {result['replication']['server']}, "
        f"{result['families']:,} families",
        "",
        f"{result['when']}; {result['machine']}; a primary and a hot standby streaming from it "
        f"(`pg_basebackup -R`; {result['replication']['state']}, "
        f"{result['replication']['sync_state']}) on this machine, unpinned; one `careplan serve` "
        f"worker without the replica and one with it (CAREPLAN_DATABASE_REPLICA_URL), and "
        f"hello-world, on core(s) {result['server_cpus']}; wrk (1 thread, "
        f"{result['connections']} connections) on core(s) {result['wrk_cpus']}; "
        f"{result['rounds']} interleaved rounds of {result['seconds']:g} s a route, medians. "
        f"Load average (1 min) before and after: {result['load'][0]:.1f}, "
        f"{result['load'][1]:.1f}.",
        "",
        "| route | primary only: req/s | p95 ms | CPU ms/req | with the replica: req/s "
        "| p95 ms | CPU ms/req |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    without = {r["route"]: r for r in result["routes"][WITHOUT]}
    with_ = {r["route"]: r for r in result["routes"][WITH]}
    for route, row in without.items():
        other = with_[route]
        cells = []
        for each in (row, other):
            errors = f" ({each['errors']} errors)" if each["errors"] else ""
            cells.append(
                f"{each['rps']:,.0f}{errors} | {bench.latency(each['p95'])} | {each['cpu']:.3f}"
            )
        lines.append(f"| {route} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "One request of each, in-process (SQL statements on either server, without the "
        "replica and with it; then, with it, the page reads the replica served, found it "
        "behind for, or failed):",
        "",
        "| request | statements: primary only | with the replica | page reads on the replica "
        "| replica behind | replica failed |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, seen in result["read_there"].items():
        lines.append(
            f"| {name} | {seen['statements without']} | {seen['statements']} "
            f"| {seen['on the replica']} | {seen['replica behind']} | {seen['replica failed']} |"
        )
    return "\n".join(lines) + "\n"


def hold(cluster: Cluster) -> None:
    print(f"primary: {cluster.url(cluster.primary_port)}")
    print(f"replica: {cluster.url(cluster.replica_port)}  (a hot standby: read-only)")
    print("Ctrl-C stops both and removes them.", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        signal.pause()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=1000, help="how many (1,000)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (3)")
    parser.add_argument("--seconds", type=int, default=10, help="each route's run (10)")
    parser.add_argument("--warmup", type=int, default=2, help="each route's warm-up (2)")
    parser.add_argument("--connections", type=int, default=32, help="wrk's connections (32)")
    parser.add_argument("--server-cpus", default="0", help="the servers' cores (taskset: 0)")
    parser.add_argument("--wrk-cpus", default="1", help="wrk's cores (1)")
    parser.add_argument("--pg-bin", help="PostgreSQL's server binaries (Debian's newest)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where (bench/results)")
    parser.add_argument(
        "--hold",
        action="store_true",
        help="only start the primary (with --families generated, 0 for none) and the "
        "replica, print their URLs and wait for Ctrl-C",
    )
    args = parser.parse_args(argv)
    binaries = pg_bin(args.pg_bin)
    if not args.hold:
        for tool, package in (("wrk", "wrk"), ("taskset", "util-linux")):
            if not shutil.which(tool):
                raise SystemExit(f"{tool} is missing: apt-get install -y {package}")
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    with primary_and_replica(binaries) as cluster:
        if args.families:
            generate(cluster, args.families)
        replicated = asyncio.run(replication(cluster))
        if args.hold:
            hold(cluster)
            return 0
        os.environ["CAREPLAN_DEMO"] = "1"
        os.environ["CAREPLAN_DATABASE_URL"] = cluster.url(cluster.primary_port)
        os.environ.pop("CAREPLAN_DATABASE_REPLICA_URL", None)
        load = os.getloadavg()[0]
        session = asyncio.run(bench.sign_in())
        asyncio.run(replication(cluster))  # the sessions just started are on the replica too
        found = targets(session)
        without = asyncio.run(read_there(found))
        os.environ["CAREPLAN_DATABASE_REPLICA_URL"] = cluster.url(cluster.replica_port)
        seen = asyncio.run(read_there(found))
        os.environ.pop("CAREPLAN_DATABASE_REPLICA_URL")
        for name, counted in without.items():
            seen[name]["statements without"] = counted["statements"]
        routes = measure(args, cluster, session)
        result = {
            **bench._run_facts(args, "postgres", session),
            "load": [load, os.getloadavg()[0]],
            "replication": replicated,
            "read_there": seen,
            "routes": routes,
        }
    results_dir = args.results.resolve()
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "replica-postgres.json").write_text(
        json.dumps(result, indent=1, default=str) + "\n"
    )
    table = markdown(result)
    (results_dir / "replica-postgres.md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
