"""The database layer: migrations and constraints behave the same on both engines."""

from __future__ import annotations

import uuid

import pytest
from piccolo.engine.base import Engine

from careplan import db
from careplan.demo.builder import demo_id
from careplan.families.tables import Assessment, Family, TeamMember
from careplan.plans.tables import Item, PlanVersion, ProgressEntry, Scaling
from careplan.tenancy.tables import Person
from tests.conftest import DEMO_DAY

pytestmark = pytest.mark.anyio


async def test_migrations_run_forwards_from_empty_and_then_have_nothing_to_do(
    database_url: str, tmp_path
) -> None:
    from careplan.settings import parse_database_url
    from tests.conftest import ENGINE, _pg_execute, _postgres_base_url, _with_database

    if ENGINE == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    else:
        name = f"careplan_empty_{uuid.uuid4().hex[:8]}"
        await _pg_execute(_postgres_base_url(), f"CREATE DATABASE {name}")
        url = _with_database(_postgres_base_url(), name)
    engine = db.make_engine(parse_database_url(url))
    try:
        applied = await db.migrate(engine)
        assert applied == migration_files()  # every migration of every slice, once
        assert await Family.table_exists()
        assert await db.migrate(engine) == 0
    finally:
        await db.stop(engine)
        if ENGINE != "sqlite":
            await _pg_execute(_postgres_base_url(), f"DROP DATABASE {name} WITH (FORCE)")


def migration_files() -> int:
    from pathlib import Path

    from careplan.piccolo_conf import APP_REGISTRY

    folders = [Path(app.migrations_folder_path) for app in APP_REGISTRY.app_configs.values()]
    count = sum(1 for f in folders for path in f.glob("*.py") if path.name != "__init__.py")
    assert count >= 9  # one per slice that owns tables, the demo's secret key included
    return count


async def refused(coroutine) -> None:
    with pytest.raises(db.INTEGRITY_ERRORS):
        await coroutine


async def test_a_second_current_key_worker_is_refused(demo: Engine) -> None:
    hartley = demo_id("family:hartley")
    await refused(
        TeamMember.insert(
            TeamMember(
                family=hartley,
                person=demo_id("person:chloe"),
                agency=demo_id("agency:csc"),
                role="social_worker",
                key_worker=True,
                joined_on=DEMO_DAY,
            )
        )
    )
    # Once the current key worker has left, a new one may take over; history is kept.
    await TeamMember.update({TeamMember.left_on: DEMO_DAY}).where(
        TeamMember.id == demo_id("hartley:team:priya")
    )
    await TeamMember.insert(
        TeamMember(
            family=hartley,
            person=demo_id("person:chloe"),
            agency=demo_id("agency:csc"),
            role="social_worker",
            key_worker=True,
            joined_on=DEMO_DAY,
        )
    )
    assert (
        await TeamMember.count().where(
            (TeamMember.family == hartley) & (TeamMember.key_worker == True)
        )
        == 2
    )


async def test_a_duplicate_version_number_is_refused(demo: Engine) -> None:
    version = await PlanVersion.objects().where(PlanVersion.number == 2).first()
    assert version is not None
    copy = PlanVersion(
        family=version.family,
        plan=version.plan,
        number=2,
        schema=1,
        content=version.content,
        sha256=version.sha256,
        created_by=version.created_by,
    )
    await refused(PlanVersion.insert(copy))


async def test_a_progress_entry_sent_twice_is_stored_once(demo: Engine) -> None:
    entry = await ProgressEntry.objects().first()
    assert entry is not None
    again = ProgressEntry(
        family=entry.family,
        thread=entry.thread,
        objective=entry.objective,
        client_uuid=entry.client_uuid,
        recorded_on=entry.recorded_on,
        value=entry.value,
        by_kind=entry.by_kind,
        by_person=entry.by_person,
    )
    await refused(ProgressEntry.insert(again))


@pytest.mark.parametrize("grade", [0, 6])
async def test_a_gcp2_grade_outside_1_to_5_is_refused(demo: Engine, grade: int) -> None:
    await refused(
        Assessment.insert(
            Assessment(
                family=demo_id("family:hartley"),
                member=demo_id("hartley:member:leo"),
                area="physical_care",
                grade=grade,
                assessed_on=DEMO_DAY,
                assessor=demo_id("person:priya"),
            )
        )
    )


@pytest.mark.parametrize("score", [-1, 11])
async def test_a_scaling_score_outside_0_to_10_is_refused(demo: Engine, score: int) -> None:
    scaling = await Scaling.objects().first()
    assert scaling is not None
    await refused(
        Scaling.insert(
            Scaling(
                family=scaling.family,
                plan=scaling.plan,
                score=score,
                by_kind="parent",
                judged_on=DEMO_DAY,
                reason="r",
                recorded_by=scaling.recorded_by,
            )
        )
    )


async def test_an_unknown_section_or_audience_is_refused(demo: Engine) -> None:
    item = await Item.objects().first()
    assert item is not None
    for changes in ({Item.section: "gossip"}, {Item.audience_kind: "everyone"}):
        await refused(Item.update(changes).where(Item.id == item.id))


async def test_a_removal_needs_a_reason(demo: Engine) -> None:
    item = await Item.objects().first()
    assert item is not None
    from careplan.lib.clock import utc_now

    await refused(Item.update({Item.removed_at: utc_now()}).where(Item.id == item.id))


async def test_deleting_rows_that_history_hangs_on_is_refused(demo: Engine) -> None:
    hartley = demo_id("family:hartley")
    await refused(Family.delete().where(Family.id == hartley))
    await refused(Person.delete().where(Person.id == demo_id("person:priya")))
    await refused(Item.delete().where(Item.id == demo_id("hartley:item:nan")))
    assert await Family.exists().where(Family.id == hartley)


async def test_a_write_transaction_is_all_or_nothing(demo: Engine) -> None:
    hartley = demo_id("family:hartley")
    with pytest.raises(db.INTEGRITY_ERRORS):
        async with db.write_transaction():
            await Family.update({Family.name: "Changed"}).where(Family.id == hartley)
            await Family.delete().where(Family.id == hartley)  # refused: history hangs on it
    family = await Family.select(Family.name).where(Family.id == hartley).first()
    assert family == {"name": "Hartley family"}


# The SQLite engine reads on one long-lived connection outside transactions (db.py).


def _sqlite_only() -> None:
    from tests.conftest import ENGINE

    if ENGINE != "sqlite":
        pytest.skip("the long-lived reading connection is SQLite's (PostgreSQL has a pool)")


async def test_a_read_after_a_committed_change_sees_it_and_one_inside_sees_its_own(
    demo: Engine,
) -> None:
    _sqlite_only()
    hartley = demo_id("family:hartley")
    assert await Family.select(Family.name).where(Family.id == hartley).first()  # reader open
    async with db.write_transaction():
        await Family.update({Family.name: "Renamed"}).where(Family.id == hartley)
        inside = await Family.select(Family.name).where(Family.id == hartley).first()
        assert inside == {"name": "Renamed"}  # the transaction reads its own write
        outside = demo.read("SELECT name FROM family WHERE id = ?", [str(hartley)])
        assert outside == [{"name": "Hartley family"}]  # nobody else sees it before commit
    after = await Family.select(Family.name).where(Family.id == hartley).first()
    assert after == {"name": "Renamed"}  # the long-lived connection sees the commit at once
    await Family.update({Family.name: "Hartley family"}).where(Family.id == hartley)
    assert await Family.count().where(Family.name == "Renamed") == 0  # a write outside, too


async def test_the_reading_connection_refuses_to_write(demo: Engine) -> None:
    _sqlite_only()
    import sqlite3

    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        demo.read("DELETE FROM family")
    assert await Family.count() > 0


async def test_a_statement_that_begins_with_with_may_write(demo: Engine) -> None:
    _sqlite_only()
    before = await Person.count()
    rows = await Person.raw(
        "WITH gone AS (SELECT id FROM person WHERE 0) DELETE FROM person WHERE id IN gone"
    )
    assert rows == [] and await Person.count() == before


async def test_a_prepared_read_gives_what_piccolo_gives_for_each_value(demo: Engine) -> None:
    record, person = db.marker(), db.marker()
    query = (
        TeamMember.select(
            TeamMember.id,
            TeamMember.key_worker,
            TeamMember.family.name.as_alias("family_name"),
        )
        .where((TeamMember.family == record) & (TeamMember.person == person))
        .first()
    )
    prepared = db.Prepared(query, record, person)
    teams = await TeamMember.select(TeamMember.family, TeamMember.person)
    assert len(teams) > 3
    for team in teams:
        expected = await (
            TeamMember.select(
                TeamMember.id,
                TeamMember.key_worker,
                TeamMember.family.name.as_alias("family_name"),
            )
            .where((TeamMember.family == team["family"]) & (TeamMember.person == team["person"]))
            .first()
        )
        assert await prepared.rows(team["family"], team["person"]) == [expected]
    assert await prepared.rows(uuid.uuid4(), teams[0]["person"]) == []


async def test_a_prepared_read_whose_marker_is_not_an_argument_is_refused(demo: Engine) -> None:
    record = db.marker()
    query = Family.select(Family.id).where(Family.id == str(record))  # changed: not the marker
    with pytest.raises(ValueError, match="marker"):
        await db.Prepared(query, record).rows(demo_id("family:hartley"))
