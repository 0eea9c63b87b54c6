"""What each page costs, with a short history and with a long one: statements and rows.

DESIGN.md's quality bar: neither the SQL statements nor the rows a page reads grow with a
family's history, and a single HTMX block reads in at most 10 statements with one access
check. Each page is requested through the real test client, on the engine under test, as the
Hartleys have it with a short history (one check-in on each goal's thread) and again after a
long one (500 more check-ins on every thread, 50 more shared versions with their family
views): the statements must be the same, the rows may differ by a small constant (a page
shows a few check-ins, never all of them), and both must stay under the page's budget. The
measured figures are reported in the test output ("measured").

The history is written straight into the tables (plans' bulk loader), as the benchmark's
generator writes it: what is measured is reading it.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import httpx
import pytest

from careplan import db
from careplan.demo.builder import demo_id
from careplan.families.tables import Family
from careplan.meetings import bulk as meetings_bulk
from careplan.meetings.tables import Agreement
from careplan.plans import bulk
from careplan.plans.tables import FamilyView, PlanVersion, ProgressEntry
from tests.counting import Cost, counting

pytestmark = pytest.mark.anyio

HARTLEY = demo_id("family:hartley")
PLAN = demo_id("hartley:plan:child_protection")
SCHOOL = demo_id("hartley:objective:school_cp")
HTMX = {"HX-Request": "true"}
CHECK_INS = 500
VERSIONS = 50
# Rows a goal shows more with a long history than with a short one: a chart draws the latest
# 12 check-ins (a short history has one), for each of the 4 goals Jess has; and the answer
# page lists every earlier answer of hers; the editor shows the answer before each member's
# latest. Nothing else may grow.
DRAWN = 11 * 4
HER_ANSWERS = VERSIONS

# A page's budget with any history: (statements, rows, rows it may read more with a long
# history than with a short one).
# Measured (SQLite and PostgreSQL alike) when this was written, built (not from the page
# cache), short / long history: /family 8 statements, 19 / 63 rows; /family/goals and a goal
# 6, 17 / 61; /family/answer 9, 9 / 59; /family/next 8, 8; /family/words 4, 4; the caseload
# 11, 27 / 28 (it was 19, 54 / 53 before its reads were written as SQL and each read only the
# meetings, objectives and answers it shows, and the session was read with its role grants);
# the family page 10, 41 (it was 14, 48: the family with its team, the episodes with their
# plans and the devices with their members, each one statement); the editor 18, 64 / 66;
# its strengths section 8, 23; its objectives section 10, 27. (Before: /family and
# /family/goals read 2,023 and 2,020 rows with the long history, the family page 3,052, the
# caseload 104, in the same statements.)
FAMILY_PAGES: dict[str, tuple[int, int, int]] = {
    "/family": (10, 100, DRAWN),
    "/family/goals": (10, 100, DRAWN),
    f"/family/goals/{SCHOOL}": (10, 100, DRAWN),
    "/family/answer": (10, 40 + HER_ANSWERS, HER_ANSWERS),
    "/family/next": (10, 40, 0),
    "/family/words": (10, 40, 0),
}
BLOCK = 10  # DESIGN.md: a single HTMX block reads in at most 10 statements, one access check
SECTIONS = (
    f"/workspace/plans/{PLAN}/sections/strength",
    f"/workspace/plans/{PLAN}/sections/objectives",
)
WORKSPACE_PAGES: dict[str, tuple[int, int, int]] = {
    # The long history's newest version is a copy of the first, given to three who have not
    # answered it (the short one's newest: to two): the caseload names one more. 11 statements
    # until issue 17: two more to decide whether it offers to start a family's record (the
    # local authority's rules of authority, the kinds of the viewer's agencies).
    # 14: the families the viewer chairs a meeting of (issue 17); 15: the letters and records
    # they have still to send as a chair (issue 18), with their clocks, in one statement.
    "/workspace": (15, 40, 1),
    # 10 statements until issue 17: two more to decide which team and member actions it
    # offers (the local authority's rules of authority, the kinds of the viewer's agencies).
    # One more since issue 18: the family's meetings, coming and past (who may arrange one is
    # decided with the other actions, its open plans come with the episodes).
    f"/workspace/families/{HARTLEY}": (13, 60, 0),
    # The editor shows each member's latest answer and the one before it (two answered).
    f"/workspace/plans/{PLAN}": (20, 120, 2),
    **{section: (BLOCK, 60, 0) for section in SECTIONS},
}


async def cut_history() -> None:
    """A short history: only the latest check-in on each of the family's threads."""
    rows = await ProgressEntry.select(
        ProgressEntry.id, ProgressEntry.thread, ProgressEntry.recorded_on, ProgressEntry.created_at
    ).where(ProgressEntry.family == HARTLEY)
    latest: dict[Any, dict[str, Any]] = {}
    for row in rows:
        kept = latest.get(row["thread"])
        if kept is None or (row["recorded_on"], row["created_at"]) > (
            kept["recorded_on"],
            kept["created_at"],
        ):
            latest[row["thread"]] = row
    gone = [row["id"] for row in rows if latest[row["thread"]]["id"] != row["id"]]
    if gone:
        await ProgressEntry.delete().where(ProgressEntry.id.is_in(gone))
    await changed()


async def changed() -> None:
    """The family's revision bumped, as every change through the unit of work bumps it (the
    history here is written straight into the tables)."""
    await Family.update({Family.revision: Family.revision + 1}).where(Family.id == HARTLEY)


async def add_history(check_ins: int = CHECK_INS, versions: int = VERSIONS) -> None:
    """A long history: `check_ins` more on every thread, earlier than those there (copies of
    the thread's check-ins, by the same people on the same objectives), `versions` more
    shared versions of the plan, each with its family views, and as many earlier answers by
    each member who answered the plan (copies of their answer)."""
    entries = await ProgressEntry.select().where(
        (ProgressEntry.family == HARTLEY) & ProgressEntry.removed_at.is_null()
    )
    by_thread: dict[Any, list[dict[str, Any]]] = {}
    for entry in entries:
        by_thread.setdefault(entry["thread"], []).append(entry)
    added = []
    for thread_entries in by_thread.values():
        earliest = min(e["recorded_on"] for e in thread_entries)
        for n in range(check_ins):
            model = thread_entries[n % len(thread_entries)]
            added.append(
                {
                    **model,
                    "id": uuid.uuid4(),
                    "client_uuid": uuid.uuid4(),
                    "recorded_on": earliest - dt.timedelta(days=n + 1),
                }
            )
    plan_versions = (
        await PlanVersion.select().where(PlanVersion.plan == PLAN).order_by(PlanVersion.number)
    )
    first = plan_versions[0]
    views = await FamilyView.select().where(FamilyView.version == first["id"])
    top = plan_versions[-1]["number"]
    more_versions, more_views = [], []
    for n in range(versions):
        version_id = uuid.uuid4()
        more_versions.append(
            {
                **first,
                "id": version_id,
                "number": top + 1 + n,
                "created_at": first["created_at"] - dt.timedelta(days=n + 1),
                "shared_at": first["created_at"] - dt.timedelta(days=n + 1),
                "shared_by": first["created_by"],
            }
        )
        for view in views:
            more_views.append(
                {
                    **view,
                    "id": uuid.uuid4(),
                    "version": version_id,
                    "created_at": view["created_at"] - dt.timedelta(days=n + 1),
                }
            )
    answers = await Agreement.select().where(Agreement.plan == PLAN)
    more_answers = [
        {
            **answer,
            "id": uuid.uuid4(),
            "replaces": None,
            "created_at": answer["created_at"] - dt.timedelta(days=n + 1),
        }
        for answer in answers
        for n in range(versions)
    ]
    async with db.write_transaction():
        for start in range(0, len(added), 400):
            await bulk.insert("progress_entry", added[start : start + 400])
        await bulk.insert("plan_version", more_versions)
        for start in range(0, len(more_views), 400):
            await bulk.insert("family_view", more_views[start : start + 400])
        await meetings_bulk.insert("agreement", more_answers)
    await changed()


async def cost_of(client: httpx.AsyncClient, path: str) -> Cost:
    """What a GET of the page costs when it is built (asked twice: once before, so that
    nothing done only the first time counts; the page cache emptied before each, so the page
    is read and rendered, not served from memory); a section is asked as htmx asks it."""
    headers = HTMX if "/sections/" in path else {}
    app = client._transport.app  # type: ignore[attr-defined]
    for _ in range(2):
        kept = app.state.get("page_cache")
        if kept is not None:
            kept.clear()
        with counting() as cost:
            response = await client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.text[:500])
    return cost


async def measure(client: httpx.AsyncClient, pages: dict[str, Any]) -> dict[str, Cost]:
    return {path: await cost_of(client, path) for path in pages}


def judged(
    pages: dict[str, tuple[int, int, int]],
    short: dict[str, Cost],
    long: dict[str, Cost],
    record_property: Any,
) -> dict[str, str]:
    """Each page's cost with both histories, and what is wrong with it (if anything)."""
    wrong = {}
    for path, (statements, rows, slack) in pages.items():
        before, after = short[path], long[path]
        record_property(path, f"short: {before} / long: {after}")
        problems = []
        if after.statements != before.statements:
            problems.append(f"statements grew {before.statements} -> {after.statements}")
        if after.rows > before.rows + slack:
            problems.append(f"rows grew {before.rows} -> {after.rows}")
        if max(before.statements, after.statements) > statements:
            problems.append(f"over {statements} statements")
        if max(before.rows, after.rows) > rows:
            problems.append(f"over {rows} rows")
        if problems:
            wrong[path] = "; ".join(problems) + "\n" + repr(after)
    return wrong


async def short_and_long(client, pages):
    """The pages' costs with one check-in a thread, then again with years of history added."""
    await cut_history()
    short = await measure(client, pages)
    await add_history()
    return short, await measure(client, pages)


async def test_no_family_page_reads_more_with_a_long_history(browse_as, record_property):
    short, long = await short_and_long(await browse_as("person:jess"), FAMILY_PAGES)
    wrong = judged(FAMILY_PAGES, short, long, record_property)
    assert not wrong, "\n\n".join(f"{path}: {what}" for path, what in wrong.items())


async def test_no_workspace_page_reads_more_with_a_long_history(browse_as, record_property):
    short, long = await short_and_long(await browse_as("priya"), WORKSPACE_PAGES)
    wrong = judged(WORKSPACE_PAGES, short, long, record_property)
    assert not wrong, "\n\n".join(f"{path}: {what}" for path, what in wrong.items())
    blocks = {path: long[path] for path in SECTIONS}
    assert all(c.access_checks == 1 and not c.transactions for c in blocks.values()), blocks


def check_ins_of(page: str) -> tuple[int, int]:
    """(check-ins the goal holds: those listed and those earlier, her own shown and earlier)."""
    goal = page[page.index(f'id="goal-{SCHOOL}"') :]
    goal = goal[: goal.index("</section>")]
    earlier = re.search(r"There are (\d+) earlier", goal)
    mine = goal[goal.index("Your check-ins so far") :] if "Your check-ins so far" in goal else ""
    mine_earlier = re.search(r"And (\d+) earlier", mine)
    return (
        goal.count('<tr class="govuk-table__row"><td') + int(earlier.group(1) if earlier else 0),
        mine.count("<li>") + int(mine_earlier.group(1) if mine_earlier else 0),
    )


async def test_a_goal_still_counts_every_check_in_it_no_longer_reads(browse_as) -> None:
    """The goal reads only what it shows, and still says how many there are in all."""
    jess = await browse_as("person:jess")
    await cut_history()
    # Tom's check-in is the thread's latest; Jess adds her own.
    form = {"client_uuid": str(uuid.uuid4()), "value": "4", "_csrf_token": jess.csrf}
    assert (await jess.post(f"/family/goals/{SCHOOL}/check-ins", data=form)).status_code < 400
    assert check_ins_of((await jess.get(f"/family/goals/{SCHOOL}")).text) == (2, 1)
    await add_history()  # as many of Tom's as of hers
    page = (await jess.get(f"/family/goals/{SCHOOL}")).text
    assert check_ins_of(page) == (2 + CHECK_INS, 1 + CHECK_INS // 2)
    assert f"There are {2 + CHECK_INS - 12} earlier." in page
    assert f"And {1 + CHECK_INS // 2 - 3} earlier." in page
