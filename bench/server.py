"""The server benchmark: requests a second, latency, CPU and SQL statements per page.

    CAREPLAN_DATABASE_URL=sqlite:///bench.sqlite3 .venv/bin/python bench/server.py
    (first bench/generate.py on that database; `make bench` does both on both engines)

One `careplan serve` worker pinned to core 0 and wrk (32 connections, one thread) pinned to
core 1, in interleaved rounds: each round runs every target once, a bare Litestar app under
the same uvicorn settings first, so every figure has a baseline measured minutes, not hours,
from it. For each route: req/s, p50/p95/p99 latency (wrk's), the server's CPU per request
(utime + stime of the server process from /proc over the run, divided by the requests), its
share of hello-world (hello-world's CPU per request over the route's; its req/s over
hello-world's), and the SQL statements one request runs (counted in-process, apart from the
timed runs, as tests/counting.py counts them). Medians over the rounds.

The pages are those of the demo people: Jess Hartley (the parent) for the family portal,
Priya Raman (the Hartleys' social worker) for the workspace; the Hartleys have six years of
history once bench/generate.py has run. Output: a markdown table on stdout and in
bench/results/server-<engine>.md (with the figures in server-<engine>.json), and the chart of
every engine measured, bench/results/server.png.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
HELLO = "hello-world app"
NO_QUERY = "/healthz (careplan's stack, SELECT 1)"
LIVE = "/healthz/live (careplan's stack, no query)"
CSRF_COOKIE = "careplan_csrf"  # careplan.app's CSRFConfig
LUA = """
local headers = %s
request = function()
  return wrk.format("GET", %s, headers)
end
done = function(summary, latency, requests)
  io.write("RESULT ", string.format(
    '{"requests": %%d, "seconds": %%f, "errors": %%d, "p50": %%f, "p95": %%f, "p99": %%f}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass
class Target:
    name: str
    port_of: str  # "hello" or "careplan"
    path: str
    headers: dict[str, str]
    status: int = 200


@dataclass
class Run:
    rps: float
    p50: float | None  # milliseconds; None: no request finished within the run
    p95: float | None
    p99: float | None
    cpu: float  # milliseconds of server CPU per request
    errors: int
    requests: int = 0  # finished within the run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, path: str, seconds: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}{path}", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answered on port {port} within {seconds:.0f} s")


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command's name (state, ppid, ...)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # gone
        return None


def tree(pid: int) -> list[int]:
    """The process and every process under it (`careplan serve --workers N`: the supervisor
    and its workers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo.extend(children.get(found[-1], ()))
    return found


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process and those under it (all their threads), in seconds."""
    ticks = 0
    for each in tree(pid):
        if fields := _stat(each):
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """The resident memory of the process and those under it, in MB."""
    total = 0
    for each in tree(pid):
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except OSError:
            continue
        total += next((int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS")), 0)
    return total / 1024


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string of ASCII is a Lua string literal


def wrk(
    port: int, target: Target, seconds: int, connections: int, pid: int, cpus: str = "1"
) -> Run:
    headers = (
        "{"
        + ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in target.headers.items())
        + "}"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % (headers, lua_string(target.path)))
    command = [
        "taskset",
        "-c",
        cpus,
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "60s",
        "--latency",
        "-s",
        script.name,
        f"http://127.0.0.1:{port}",
    ]
    before = cpu_seconds(pid)
    try:
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    cpu = settle(pid) - before
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    requests = result["requests"]
    return Run(
        rps=requests / result["seconds"],
        p50=result["p50"] / 1000 if requests else None,
        p95=result["p95"] / 1000 if requests else None,
        p99=result["p99"] / 1000 if requests else None,
        # The server also finishes the request each connection had in flight when wrk
        # stopped: its CPU until it is idle again, over the requests it served.
        cpu=cpu * 1000 / (requests + connections),
        errors=result["errors"],
        requests=requests,
    )


def settle(pid: int, quiet: float = 0.02, every: float = 0.5, most: float = 300) -> float:
    """Wait until the server is idle (under 4% of a core for half a second): the requests
    still in flight when wrk stopped must not run into the next route's measurement.
    Returns the server's CPU seconds then."""
    deadline = time.monotonic() + most
    last = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(every)
        now = cpu_seconds(pid)
        if now - last < quiet:
            return now
        last = now
    raise SystemExit(f"the server (pid {pid}) was still busy {most:.0f} s after wrk stopped")


def start(command: list[str], logs: Any, cpus: str = "0") -> subprocess.Popen[bytes]:
    """A server pinned to these cores, its workers too (taskset execs it: the pid is the
    server's; the processes it starts inherit the pinning)."""
    return subprocess.Popen(["taskset", "-c", cpus, *command], cwd=ROOT, stdout=logs, stderr=logs)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def sign_in() -> dict[str, Any]:
    """Sessions for Jess Hartley and Priya Raman (as the demo's sign-in starts them), the
    Hartleys' ids, and how many families the database holds."""
    from careplan import db
    from careplan.demo.builder import demo_id
    from careplan.demo.service import sign_in as demo_sign_in
    from careplan.families.tables import Family
    from careplan.settings import parse_database_url

    engine = db.make_engine(parse_database_url(os.environ["CAREPLAN_DATABASE_URL"]))
    db.use_engine(engine)
    await db.start(engine)
    try:
        jess, _ = await demo_sign_in(demo_id("person:jess"), "bench/server.py")
        priya, _ = await demo_sign_in(demo_id("person:priya"), "bench/server.py")
        families = await Family.count()
    finally:
        await db.stop(engine)
    return {
        "jess": jess,
        "priya": priya,
        "family": str(demo_id("family:hartley")),
        "plan": str(demo_id("hartley:plan:child_protection")),
        "families": families,
    }


def targets(session: dict[str, Any], etag: str | None) -> list[Target]:
    from careplan.identity.service.sessions import COOKIE

    gzip = {"Accept-Encoding": "gzip"}
    # As a browser sends them after its first page: the session and the CSRF cookie it was
    # given (without the latter, every request would make a new token and set it again).
    csrf = f"; {CSRF_COOKIE}={session['csrf']}" if session.get("csrf") else ""
    parent = {**gzip, "Cookie": f"{COOKIE}={session['jess']}{csrf}"}
    worker = {**gzip, "Cookie": f"{COOKIE}={session['priya']}{csrf}"}
    plan = f"/workspace/plans/{session['plan']}"
    found = [
        Target(HELLO, "hello", "/", gzip),
        Target(LIVE, "careplan", "/healthz/live", gzip),
        Target(NO_QUERY, "careplan", "/healthz", gzip),
        Target("/family", "careplan", "/family", parent),
        Target("/family/goals", "careplan", "/family/goals", parent),
    ]
    if etag:
        found.append(
            Target(
                "/family/goals unchanged (304)",
                "careplan",
                "/family/goals",
                {**parent, "If-None-Match": etag},
                304,
            )
        )
    return [
        *found,
        Target("/workspace (caseload)", "careplan", "/workspace", worker),
        Target(
            "/workspace/families/{id}",
            "careplan",
            f"/workspace/families/{session['family']}",
            worker,
        ),
        Target("/workspace/plans/{id} (editor)", "careplan", plan, worker),
        Target(
            "editor block (HTMX section)",
            "careplan",
            f"{plan}/sections/worry",
            {**worker, "HX-Request": "true"},
        ),
    ]


def check(ports: dict[str, int], found: list[Target]) -> None:
    """Each target answers as a signed-in person would see it (not a redirect to sign in)."""
    import httpx

    for target in found:
        url = f"http://127.0.0.1:{ports[target.port_of]}{target.path}"
        response = httpx.get(url, headers=target.headers, timeout=60)
        if response.status_code != target.status:
            raise SystemExit(f"{target.name}: {url} answered {response.status_code}")


def goals_etag(port: int, session: dict[str, Any]) -> str | None:
    """The goals page's ETag for Jess, and the CSRF cookie the server gave (into `session`):
    the later requests send it back as a browser does (the ETag depends on it)."""
    import httpx

    from careplan.identity.service.sessions import COOKIE

    url = f"http://127.0.0.1:{port}/family/goals"
    first = httpx.get(url, timeout=60, headers={"Cookie": f"{COOKIE}={session['jess']}"})
    session["csrf"] = first.cookies.get(CSRF_COOKIE)
    cookie = f"{COOKIE}={session['jess']}; {CSRF_COOKIE}={session['csrf']}"
    response = httpx.get(url, timeout=60, headers={"Cookie": cookie})
    return response.headers.get("etag")


async def statements(found: list[Target]) -> dict[str, int]:
    """SQL statements one request runs, in-process (not timed): the second of two requests."""
    import httpx

    from careplan.app import create_app
    from careplan.settings import Settings
    from tests.counting import counting

    app = create_app(Settings.from_env())
    counts = {HELLO: 0}
    transport = httpx.ASGITransport(app=app)
    async with (
        app.lifespan(),
        httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as client,
    ):
        for target in found:
            if target.port_of != "careplan":
                continue
            await client.get(target.path, headers=target.headers)
            with counting() as cost:
                response = await client.get(target.path, headers=target.headers)
            assert response.status_code == target.status, (target.name, response.status_code)
            counts[target.name] = cost.statements
    return counts


def measure(
    found: list[Target],
    ports: dict[Any, int],
    pids: dict[Any, int],
    args: argparse.Namespace,
    servers: Sequence[int | None] = (None,),
) -> dict[int | None, dict[str, list[Run]]]:
    """Rounds of every route; a careplan route on each careplan server in turn (`servers`:
    their --workers), hello-world once a round, its run the baseline of each."""
    runs: dict[int | None, dict[str, list[Run]]] = {n: {t.name: [] for t in found} for n in servers}

    def one(target: Target, n: int | None, seconds: int) -> Run:
        key = "hello" if target.port_of == "hello" else n
        return wrk(ports[key], target, seconds, args.connections, pids[key], args.wrk_cpus)

    for target in found if args.warmup > 0 else ():  # warm-up, not recorded
        for n in servers[:1] if target.port_of == "hello" else servers:
            one(target, n, args.warmup)
    for round_ in range(args.rounds):
        for target in found:
            hello = target.port_of == "hello"
            for n in servers[:1] if hello else servers:
                run = one(target, n, args.seconds)
                for each in servers if hello else [n]:
                    runs[each][target.name].append(run)
                workers = "" if n is None or hello else f"{n} w  "
                print(
                    f"round {round_ + 1}/{args.rounds}  {workers}{target.name:34} "
                    f"{run.rps:9,.0f} req/s  p95 {latency(run.p95):>8} ms  "
                    f"{run.cpu:7.3f} ms CPU/req",
                    file=sys.stderr,
                )
    return runs


def summary(
    runs: dict[str, list[Run]], counts: dict[str, int], found: list[Target]
) -> list[dict[str, Any]]:
    """Medians over the rounds; shares of hello-world within each round, then their median."""
    hello = runs[HELLO]
    status = {t.name: t.status for t in found}
    rows = []
    for name, own in runs.items():
        cpu_share = [h.cpu / r.cpu for h, r in zip(hello, own, strict=True) if r.cpu > 0]
        rps_share = [r.rps / h.rps for h, r in zip(hello, own, strict=True)]
        rows.append(
            {
                "route": name,
                "status": status[name],  # what it answered before and after the timed runs
                "statements": counts.get(name),
                "rps": statistics.median(r.rps for r in own),
                "p50": median(r.p50 for r in own),
                "p95": median(r.p95 for r in own),
                "p99": median(r.p99 for r in own),
                "cpu": statistics.median(r.cpu for r in own),
                "cpu_share": statistics.median(cpu_share) if cpu_share else None,
                "rps_share": statistics.median(rps_share),
                "errors": sum(r.errors for r in own),
                "requests": sum(r.requests for r in own),
                "rounds": [asdict(r) for r in own],
            }
        )
    return rows


def percent(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0%}" if value >= 0.1 else f"{value:.2%}"


def median(values: Any) -> float | None:
    """The median of the rounds that have a value (a latency needs a finished request)."""
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def latency(ms: float | None) -> str:
    if ms is None:
        return "none finished"
    return f"{ms:,.1f}" if ms < 100 else f"{ms:,.0f}"


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"## Server benchmark: {result['engine']}, {result['families']:,} families",
        "",
        f"{result['when']}; {result['machine']}; one `careplan serve` worker on core "
        f"{result.get('server_cpus', '0')}, wrk (1 thread, {result['connections']} connections) "
        f"on core {result.get('wrk_cpus', '1')}; {result['rounds']} "
        f"interleaved rounds of {result['seconds']:g} s a route, medians. Share of hello-world: "
        "its CPU per request over the route's (and the route's req/s over its), in each round.",
        "",
        "| route | SQL statements | req/s | p50 ms | p95 ms | p99 ms | CPU ms/request "
        "| share of hello-world: CPU | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["routes"]:
        errors = f" ({row['errors']} errors)" if row["errors"] else ""
        counted = "" if row["statements"] is None else row["statements"]
        lines.append(
            f"| {row['route']}{errors} | {counted} "
            f"| {row['rps']:,.0f} | {latency(row['p50'])} | {latency(row['p95'])} "
            f"| {latency(row['p99'])} | {row['cpu']:.3f} | {percent(row['cpu_share'])} "
            f"| {percent(row['rps_share'])} |"
        )
    return "\n".join(lines) + "\n"


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}"


def chart(results_dir: Path) -> Path:
    """Every engine measured so far (in `results_dir`), side by side: share of hello-world
    and p95."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = [json.loads(p.read_text()) for p in sorted(results_dir.glob("server-*.json"))]
    routes = [r["route"] for r in results[0]["routes"]]
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 0.45 * len(routes) + 2.2), sharey=True)
    height = 0.8 / len(results)
    for n, result in enumerate(results):
        by_route = {r["route"]: r for r in result["routes"]}
        ys = [i + n * height for i in range(len(routes))]
        label = f"{result['engine']} ({result['families']:,} families)"
        shares = [100 * (by_route.get(r, {}).get("cpu_share") or 0) for r in routes]
        p95s = [by_route.get(r, {}).get("p95") or 0 for r in routes]
        left.barh(ys, shares, height=height, label=label)
        right.barh(ys, p95s, height=height, label=label)
    left.axvline(25, color="black", linestyle="--", linewidth=1, label="DESIGN's bar: 25%")
    right.axvline(20, color="black", linestyle="--", linewidth=1, label="DESIGN's bar: 20 ms")
    for axis, title in (
        (left, "share of hello-world, CPU per request (%)"),
        (right, "p95 latency at 32 connections (ms)"),
    ):
        axis.set_xscale("log")
        axis.set_title(title, fontsize=10)
        axis.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2)
    left.set_yticks([i + 0.4 - height / 2 for i in range(len(routes))], routes, fontsize=8)
    left.invert_yaxis()
    fig.suptitle(
        f"Careplan server benchmark, {results[0]['when']} ({results[0]['machine']})", fontsize=10
    )
    fig.tight_layout()
    path = results_dir / "server.png"
    fig.savefig(path, dpi=110)
    return path


def hello_command(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.hello:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-server-header",
        "--timeout-graceful-shutdown",
        "3",
    ]


def careplan_command(port: int, workers: int | None) -> list[str]:
    more = ["--workers", str(workers)] if workers else []
    careplan = Path(sys.executable).parent / "careplan"
    return [str(careplan), "serve", "--host", "127.0.0.1", "--port", str(port), *more]


def serve_and_measure(
    args: argparse.Namespace, session: dict[str, Any], servers: Sequence[int | None] = (None,)
) -> tuple[list[Target], dict[int | None, dict[str, list[Run]]], dict[int | None, float]]:
    """Start hello-world and a `careplan serve` for each of `servers` (its `--workers N`; None:
    the command's default), all pinned to the server cores, measure every route, stop them.
    The routes, their runs by server, and each careplan's memory after the runs (MB, RSS of
    every process)."""
    ports: dict[Any, int] = {"hello": free_port(), **{n: free_port() for n in servers}}
    logs = tempfile.TemporaryFile()
    started: dict[Any, subprocess.Popen[bytes]] = {}
    try:
        # One after the other: each worker loads the app (seconds, more on a busy machine)
        # on the same cores, and one answering is not all of them started.
        started["hello"] = start(hello_command(ports["hello"]), logs, args.server_cpus)
        wait_for(ports["hello"], "/")
        for n in servers:
            started[n] = start(careplan_command(ports[n], n), logs, args.server_cpus)
            wait_for(ports[n], "/healthz", 120 * (n or 1))
            settle(started[n].pid)
        pids = {key: process.pid for key, process in started.items()}
        found = targets(session, goals_etag(ports[servers[0]], session))
        for n in servers:
            check({"hello": ports["hello"], "careplan": ports[n]}, found)
        runs = measure(found, ports, pids, args, servers)
        for n in servers:  # still answering as a signed-in person sees it, after the load
            check({"hello": ports["hello"], "careplan": ports[n]}, found)
        memory = {n: rss_mb(pids[n]) for n in servers}
    finally:
        for process in started.values():
            stop(process)
        logs.seek(0)
        printed = logs.read().decode(errors="replace").strip()
        if printed:
            print(f"The servers said:\n{printed[-3000:]}", file=sys.stderr)
    return found, runs, memory


def _run_facts(args: argparse.Namespace, engine: str, session: dict[str, Any]) -> dict[str, Any]:
    """What every result file says of its run: the database, the machine and the load's shape."""
    return {
        "engine": engine,
        "families": session["families"],
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "server_cpus": args.server_cpus,
        "wrk_cpus": args.wrk_cpus,
        "connections": args.connections,
        "rounds": args.rounds,
        "seconds": args.seconds,
    }


def by_workers(args: argparse.Namespace, engine: str, session: dict[str, Any]) -> int:
    """`careplan serve --workers N` for each N asked, all started at once, in interleaved
    rounds (a route on each in turn, hello-world once a round): req/s, p95 and CPU per request
    (every worker's CPU) per route."""
    load = os.getloadavg()[0]
    found, runs, memory = serve_and_measure(args, session, args.workers)
    measured = {n: summary(runs[n], {}, found) for n in args.workers}
    counts = asyncio.run(statements(found))
    result = {
        **_run_facts(args, engine, session),
        "load": [load, os.getloadavg()[0]],
        "statements": counts,
        "memory_mb": memory,
        "workers": measured,
    }
    results_dir = args.results.resolve()
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / f"workers-{engine}.json").write_text(json.dumps(result, indent=1) + "\n")
    table = workers_markdown(result)
    (results_dir / f"workers-{engine}.md").write_text(table)
    print(table)
    return 0


def workers_markdown(result: dict[str, Any]) -> str:
    counts = sorted(result["workers"])
    lines = [
        f"## `careplan serve --workers N`: {result['engine']}, {result['families']:,} families",
        "",
        f"{result['when']}; {result['machine']}; the workers (and hello-world) pinned to "
        f"core(s) {result['server_cpus']}, wrk (1 thread, {result['connections']} connections) "
        f"to core(s) {result['wrk_cpus']}, the database unpinned; {result['rounds']} "
        f"interleaved rounds of {result['seconds']:g} s a route on each N in turn, medians; CPU "
        "per request is every worker's (and the supervisor's) utime + stime over the requests. "
        f"Load average (1 min) before and after: {result['load'][0]:.1f}, "
        f"{result['load'][1]:.1f}. Memory (RSS, every process, after the runs): "
        + ", ".join(f"{n} worker(s) {result['memory_mb'][n]:,.0f} MB" for n in counts)
        + ".",
        "",
    ]
    if max(result["load"]) > (os.cpu_count() or 1):
        lines += [
            "**Measured on a busy machine** (the load average above its cores: other work "
            "shared them, unpinned): compare the N with each other within this run, not with "
            "figures measured elsewhere.",
            "",
        ]
    lines += [
        "| route | SQL statements | "
        + " | ".join(f"{n} w req/s | {n} w p95 ms | {n} w CPU ms/req" for n in counts)
        + " |",
        "|---|---:|" + "---:|---:|---:|" * len(counts),
    ]
    by_n = {n: {r["route"]: r for r in result["workers"][n]} for n in counts}
    for route in [r["route"] for r in result["workers"][counts[0]]]:
        cells = []
        for n in counts:
            row = by_n[n][route]
            errors = f" ({row['errors']} errors)" if row["errors"] else ""
            cells.append(f"{row['rps']:,.0f}{errors} | {latency(row['p95'])} | {row['cpu']:.3f}")
        counted = result["statements"].get(route, "")
        lines.append(f"| {route} | {counted} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (3)")
    parser.add_argument("--seconds", type=int, default=10, help="each route's run (10)")
    parser.add_argument(
        "--warmup", type=int, default=2, help="each route's warm-up, 0 for none (2)"
    )
    parser.add_argument("--connections", type=int, default=32, help="wrk's connections (32)")
    parser.add_argument(
        "--results",
        type=Path,
        default=RESULTS,
        help="where the tables, figures and chart go (bench/results; the CI's small run "
        "writes elsewhere, so it never overwrites the figures measured at scale)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        help="measure `careplan serve --workers N` for each N given (PostgreSQL), into "
        "workers-<engine>.md and .json, instead of the one worker of server-<engine>",
    )
    parser.add_argument(
        "--server-cpus", default="0", help="the cores the servers are pinned to (taskset: 0)"
    )
    parser.add_argument("--wrk-cpus", default="1", help="the cores wrk is pinned to (1)")
    args = parser.parse_args(argv)
    for tool, package in (("wrk", "wrk"), ("taskset", "util-linux")):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install -y {package}")
    if "CAREPLAN_DATABASE_URL" not in os.environ:
        raise SystemExit("set CAREPLAN_DATABASE_URL (the database bench/generate.py filled)")
    os.environ.setdefault("CAREPLAN_DEMO", "1")
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    engine = "sqlite" if os.environ["CAREPLAN_DATABASE_URL"].startswith("sqlite") else "postgres"
    if args.workers and engine == "sqlite" and max(args.workers) > 1:
        parser.error("more than one worker needs PostgreSQL")
    session = asyncio.run(sign_in())
    if args.workers:
        return by_workers(args, engine, session)
    found, by_server, _ = serve_and_measure(args, session)
    runs = by_server[None]
    counts = asyncio.run(statements(found))
    result = {
        **_run_facts(args, engine, session),
        "routes": summary(runs, counts, found),
    }
    results_dir = args.results.resolve()
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / f"server-{engine}.json").write_text(json.dumps(result, indent=1) + "\n")
    table = markdown(result)
    (results_dir / f"server-{engine}.md").write_text(table)
    print(table)
    print(f"Chart: {chart(results_dir)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
