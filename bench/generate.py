"""Generate a large local authority for the benchmark: N families with six years of history.

    CAREPLAN_DATABASE_URL=sqlite:///bench.sqlite3 .venv/bin/python bench/generate.py
    CAREPLAN_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_pg \\
        .venv/bin/python bench/generate.py --families 10000

The database is migrated and the demo loaded first (its people still sign in, and the demo
professionals have about 25 more families each on their caseloads); then the families are
added in the demo's local authority, month by month over six years, in one transaction,
through each slice's bulk.py (`copy`: executemany on SQLite, COPY on PostgreSQL). The demo's
Hartleys are given a check-in on each of their goals every month of their six years.
What a family holds: `bench/story.py`. Running it again on the same database does nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import sys
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from bench.kit import MONTHS, PROGRESS_COLUMNS, Clock, Ids, Pools, canonical
from bench.story import FamilyStory
from careplan import db
from careplan.demo.builder import demo_id
from careplan.demo.loader import LOADER_OF, WRITE_ORDER
from careplan.settings import parse_database_url

CHUNK = 1000  # families whose month is gathered before it is written
# How many people of each role the local authority has, and their agency.
STAFF = {
    "social_worker": (350, "csc", "Social worker"),
    "family_support_worker": (150, "early_help", "Family support worker"),
    "health_visitor": (80, "hv", "Health visitor"),
    "school": (40, "school", "Designated safeguarding lead"),
    "police": (20, "police", "Police constable"),
    "gp": (30, "gp", "GP"),
    "adult_mental_health": (30, "amh", "Community psychiatric nurse"),
    "chair": (10, "csc", "Independent chair"),
}
DEMO_TEAM = {
    "social_worker": "priya",
    "family_support_worker": "tom",
    "health_visitor": "grace",
    "school": "daniel",
    "police": "laura",
    "gp": "amir",
    "adult_mental_health": "nadia",
    "chair": "robert",
}
DEMO_AGENCY = {
    "priya": "csc",
    "tom": "early_help",
    "grace": "hv",
    "daniel": "school",
    "laura": "police",
    "amir": "gp",
    "nadia": "amh",
    "robert": "csc",
}
FIRST = "Alex Bea Cal Dev Eve Fay Gus Hal Ivy Jo Kim Lou Max Ned Ona Pat Rae Sol Tia Val".split()
LAST = "Adams Baker Chen Dixon Ellis Ford Grant Hale Irwin James Khan Lowe Moss Nash Owen".split()


def pools(ids: Ids, la: uuid.UUID, at: dt.datetime) -> tuple[Pools, dict[str, list[Any]]]:
    """The staff families are given: the demo's agencies, 40 schools and 15 surgeries more."""
    rows: dict[str, list[Any]] = defaultdict(list)
    agencies = {
        key: [demo_id(f"agency:{key}")] for key in ("csc", "early_help", "hv", "police", "amh")
    }
    for kind, count, name in (("school", 40, "{} Primary School"), ("gp", 15, "{} Surgery")):
        agencies[kind] = [demo_id("agency:school" if kind == "school" else "agency:gp")]
        for n in range(count):
            agency = ids()
            agencies[kind].append(agency)
            rows["agency"].append(
                dict(
                    id=agency,
                    name=name.format(f"{LAST[n % 15]} {n}"),
                    kind=kind,
                    phone="01632 960700",
                    created_at=at,
                )
            )
            rows["agency_authority"].append(
                dict(id=ids(), agency=agency, local_authority=la, created_at=at)
            )
    by_role: dict[str, list[tuple[uuid.UUID, uuid.UUID, str]]] = {}
    for role, (count, agency_key, title) in STAFF.items():
        by_role[role] = []
        for n in range(count):
            person, agency = ids(), agencies[agency_key][n % len(agencies[agency_key])]
            name = f"{FIRST[n % 20]} {LAST[(n // 20) % 15]}"
            rows["person"].append(
                dict(
                    id=person,
                    kind="professional",
                    name=name,
                    agency=agency,
                    job_title=title,
                    email=f"{role}.{n}@{agency_key}.bench.example",
                    created_at=at,
                )
            )
            grant = "chair" if role == "chair" else "practitioner"
            rows["role_grant"].append(
                dict(id=ids(), person=person, role=grant, local_authority=la, created_at=at)
            )
            by_role[role].append((person, agency, name))
    demo = {
        role: (demo_id(f"person:{key}"), demo_id(f"agency:{DEMO_AGENCY[key]}"), key.title())
        for role, key in DEMO_TEAM.items()
    }
    return Pools(la=la, by_role=by_role, chairs=by_role["chair"], demo=demo), rows


async def write(tables: dict[str, list[Any]], counts: Counter[str]) -> int:
    written = 0
    for table in WRITE_ORDER:
        rows = tables.get(table)
        if rows:
            columns = PROGRESS_COLUMNS if table == "progress_entry" else None
            await LOADER_OF[table].copy(table, rows, columns)
            counts[table] += len(rows)
            written += len(rows)
    return written


async def run(families: int, seed: int, per_month: int, console: Console) -> Counter[str]:
    from careplan.demo.service import load
    from careplan.tenancy import queries as tenancy

    database = parse_database_url(os.environ["CAREPLAN_DATABASE_URL"])
    engine = db.make_engine(database)
    await db.migrate(engine)
    await db.start(engine)
    counts: Counter[str] = Counter()
    try:
        if await load():
            console.print("The demo was not there: loaded it first.")
        if await tenancy.people_by_email(["parent0@family.bench.example"]):
            console.print("The families are there already: nothing to do.")
            return counts
        await generate(engine, families, seed, per_month, console, counts)
    finally:
        await db.stop(engine)
    return counts


async def generate(
    engine: Any, families: int, seed: int, per_month: int, console: Console, counts: Counter[str]
) -> None:
    today = dt.date.today()
    clock, ids = Clock(today), Ids()
    la = demo_id("la")
    staff, staff_rows = pools(ids, la, clock.at(0))
    stories = [FamilyStory(i, staff, clock, ids, seed, per_month) for i in range(families)]
    check_canonical(stories[0])
    months = [story.months() for story in stories]
    chunks = range(0, families, CHUNK)
    columns = (
        TextColumn(f"{families:,} families, six years"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("months  {task.description}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    async with db.write_transaction(engine):
        if engine.engine_type == "sqlite":
            # A big page cache for the indexes while millions of rows go in (this connection).
            connection = engine.current_transaction.get().connection
            await connection.execute("PRAGMA cache_size = -2000000")
        await write(staff_rows, counts)
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("", total=MONTHS + 1)
            for _ in range(MONTHS + 1):
                for start in chunks:
                    tables: dict[str, list[Any]] = defaultdict(list)
                    for story in months[start : start + CHUNK]:
                        for table, rows in next(story).items():
                            tables[table].extend(rows)
                    await write(tables, counts)
                bar.update(task, advance=1, description=f"{sum(counts.values()):,} rows")
        await hartleys(today, ids, counts)


def check_canonical(story: FamilyStory) -> None:
    """The fast canonical text (json's sorted compact form) is careplan's own, on a version."""
    from careplan.lib.canonical import canonical_text

    probe = FamilyStory(story.index, story.pools, story.clock, Ids(0xB3C1), 0, 1)
    for rows in probe.months():
        for version in rows.get("plan_version", []):
            document = json.loads(version["content"])
            if canonical(document) != canonical_text(document):
                raise SystemExit("bench/story.py's canonical text differs from careplan's")
            return


async def hartleys(today: dt.date, ids: Ids, counts: Counter[str]) -> None:
    """The demo's Hartleys: a check-in on each goal every month of their six years (the demo
    has one every two months on two goals, fewer on the others)."""
    from careplan.plans.tables import Objective, ObjectiveThread, ProgressEntry

    family = demo_id("family:hartley")
    threads = await ObjectiveThread.select().where(ObjectiveThread.family == family)
    objectives = await Objective.select().where(Objective.family == family)
    seen = {
        (row["thread"], row["recorded_on"].year, row["recorded_on"].month)
        for row in await ProgressEntry.select(
            ProgressEntry.thread, ProgressEntry.recorded_on
        ).where(ProgressEntry.family == family)
    }
    jess = demo_id("person:jess")
    rows = []
    for thread in threads:
        own = sorted(
            (o for o in objectives if o["thread"] == thread["id"]), key=lambda o: o["created_at"]
        )
        end = min(thread["ended_on"] or today, today)
        day, n = thread["started_on"], 0
        while day < end:
            if (thread["id"], day.year, day.month) not in seen:
                objective = [o for o in own if o["created_at"].date() <= day][-1:] or own[:1]
                low, high = objective[0]["baseline"] or "0", objective[0]["target"]
                value = round(float(low) + (float(high) - float(low)) * min(1, n / 36))
                at = dt.datetime.combine(day, dt.time(19), tzinfo=dt.UTC)
                rows.append(
                    (
                        ids(),
                        at,
                        family,
                        thread["id"],
                        objective[0]["id"],
                        ids(),
                        day,
                        str(value),
                        "",
                        "parent",
                        jess,
                    )
                )
            day, n = day + dt.timedelta(days=30), n + 1
    await write({"progress_entry": rows}, counts)
    counts["hartley check-ins"] = len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=10_000, help="how many (10,000)")
    parser.add_argument("--seed", type=int, default=16, help="the random seed (16)")
    parser.add_argument(
        "--per-month",
        type=int,
        default=1,
        help="the family's check-ins on each goal a month (1), besides the professional's one",
    )
    args = parser.parse_args(argv)
    if "CAREPLAN_DATABASE_URL" not in os.environ:
        parser.error("set CAREPLAN_DATABASE_URL (sqlite:///... or postgresql://...)")
    console = Console(stderr=True)
    started = time.perf_counter()
    counts = asyncio.run(run(args.families, args.seed, args.per_month, console))
    seconds = time.perf_counter() - started
    hartley = counts.pop("hartley check-ins", 0)
    total = sum(counts.values())
    if total:
        detail = ", ".join(f"{table} {count:,}" for table, count in counts.most_common())
        print(
            f"{args.families:,} families: {total:,} rows in {seconds:.0f} s "
            f"({total / seconds:,.0f} rows/s); the Hartleys got {hartley} check-ins."
        )
        print(f"Rows per table: {detail}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
