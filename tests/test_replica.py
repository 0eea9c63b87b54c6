"""Reads from a replica (careplan.lib.replica): only when it has caught up, never for access.

A real streaming replica cannot be held behind on purpose, so these tests give the service a
stand-in: a second PostgreSQL database, copied from the test's database before the service
starts (CREATE DATABASE ... TEMPLATE) and read-only to the service, whose rows the test moves
by hand. It is "behind" while it lacks a change the test made on the primary, and "caught up"
when the test gives it the same revision; content the test writes there alone shows where a
page was read.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg
import pytest

from careplan import db
from careplan.access import memo, permissions
from careplan.access.principal import load_principal
from careplan.demo.builder import demo_id
from careplan.families.queries import portal as family_reads
from careplan.lib import replica
from careplan.lib.errors import NotFound
from careplan.settings import Settings, SettingsError, parse_database_url
from tests.conftest import ENGINE, _pg_execute, _postgres_base_url, _with_database, make_settings

pytestmark = pytest.mark.anyio

FAMILY = demo_id("family:hartley")
PLAN = demo_id("hartley:plan:child_protection")
LOVE = demo_id("hartley:item:love")
JESS = demo_id("hartley:member:jess")
PRIYA = demo_id("person:priya")
EDITOR = f"/workspace/plans/{PLAN}"


# ---------------------------------------------------------------------------- the setting


def test_the_replica_setting_is_optional_and_needs_postgresql_for_both() -> None:
    primary = {"CAREPLAN_DEMO": "1", "CAREPLAN_DATABASE_URL": "postgresql://db.internal/careplan"}
    assert Settings.from_env(primary).database_replica is None
    assert (
        Settings.from_env({**primary, "CAREPLAN_DATABASE_REPLICA_URL": " "}).database_replica
        is None
    )
    replica = "postgresql://careplan:pw-4f9a@replica.internal/careplan"
    found = Settings.from_env({**primary, "CAREPLAN_DATABASE_REPLICA_URL": replica})
    assert found.database_replica is not None and found.database_replica.url == replica
    assert "pw-4f9a" not in repr(found)  # a password is never printed
    for database, replica_url in (
        ("sqlite:///careplan.sqlite3", replica),  # a SQLite primary has no replica
        (primary["CAREPLAN_DATABASE_URL"], "sqlite:///copy.sqlite3"),
    ):
        with pytest.raises(SettingsError) as refused:
            Settings.from_env(
                {
                    "CAREPLAN_DEMO": "1",
                    "CAREPLAN_DATABASE_URL": database,
                    "CAREPLAN_DATABASE_REPLICA_URL": replica_url,
                }
            )
        assert refused.value.name == "CAREPLAN_DATABASE_REPLICA_URL"
    with pytest.raises(SettingsError) as malformed:
        Settings.from_env({**primary, "CAREPLAN_DATABASE_REPLICA_URL": "replica.internal"})
    assert malformed.value.name == "CAREPLAN_DATABASE_REPLICA_URL"


# ---------------------------------------------------------------------------- the stand-in


@pytest.fixture
def replica_url(database_url: str) -> Iterator[str]:
    """A copy of the test's database made before anything connects to it, read-only to the
    service (as a hot standby is)."""
    if ENGINE != "postgres":
        pytest.skip("a replica is PostgreSQL's (CAREPLAN_TEST_ENGINE=postgres)")
    from tests.conftest import run_sync

    base = _postgres_base_url()
    source = parse_database_url(database_url).url.rsplit("/", 1)[1]
    name = f"{source}_replica"
    run_sync(_pg_execute(base, f"CREATE DATABASE {name} TEMPLATE {source}"))
    run_sync(_pg_execute(base, f"ALTER DATABASE {name} SET default_transaction_read_only = on"))
    yield _with_database(base, name)
    run_sync(_pg_execute(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture
def settings(database_url: str, replica_url: str) -> Settings:
    return make_settings(database_url, database_replica=parse_database_url(replica_url))


@pytest.fixture(autouse=True)
def fresh_stats() -> Iterator[None]:
    replica.stats = replica.Stats()
    yield
    replica.stats = replica.Stats()


@contextlib.asynccontextmanager
async def sql(url: str) -> AsyncIterator[asyncpg.Connection]:
    """A connection of the test's own, that may write the stand-in too."""
    connection = await asyncpg.connect(dsn=url)
    try:
        await connection.execute("SET default_transaction_read_only = off")
        yield connection
    finally:
        await connection.close()


async def revision(url: str) -> int:
    async with sql(url) as connection:
        return await connection.fetchval("SELECT revision FROM family WHERE id = $1", FAMILY)


async def set_revision(url: str, value: int) -> None:
    async with sql(url) as connection:
        await connection.execute("UPDATE family SET revision = $2 WHERE id = $1", FAMILY, value)


async def jess_sees(url: str) -> str:
    """A text of an item Jess's view shows (on this database)."""
    async with sql(url) as connection:
        content = await connection.fetchval(
            "SELECT content FROM family_view WHERE member = $1 ORDER BY created_at DESC LIMIT 1",
            JESS,
        )
    items = json.loads(content)["items"].values()
    return next(i["text"] for i in items if '"' not in i["text"] and "\\" not in i["text"])


async def rewrite_jess_view(url: str, old: str, new: str) -> None:
    async with sql(url) as connection:
        await connection.execute(
            "UPDATE family_view SET content = replace(content, $2, $3) WHERE member = $1",
            JESS,
            old,
            new,
        )


# ---------------------------------------------------------------------------- family pages


async def test_a_caught_up_replica_serves_the_family_page(
    browse_as, database_url: str, replica_url: str
) -> None:
    shown = await jess_sees(database_url)
    await rewrite_jess_view(replica_url, shown, "Written on the replica alone.")
    client = await browse_as("person:jess")
    page = await client.get("/family")
    assert page.status_code == 200
    # The replica has the primary's revision: the page's content was read there.
    assert "Written on the replica alone." in page.text and shown not in page.text
    assert replica.stats.served == 1 and replica.stats.behind == 0 and replica.stats.failed == 0


async def test_a_lagging_replica_is_never_read_for_a_page_kept_under_a_newer_revision(
    browse_as, database_url: str, replica_url: str
) -> None:
    client = await browse_as("person:jess")
    shown = await jess_sees(database_url)
    # A change on the primary (its content and the revision it bumps) the replica lacks.
    await rewrite_jess_view(database_url, shown, "Changed on the primary.")
    behind = await revision(replica_url)
    await set_revision(database_url, behind + 1)
    first = await client.get("/family")
    assert first.status_code == 200
    assert "Changed on the primary." in first.text and shown not in first.text
    assert replica.stats.behind == 1 and replica.stats.served == 0
    # What was kept under the new revision is the primary's, not the replica's old content:
    # served again from the page cache, and 304 to the ETag of it.
    again = await client.get("/family")
    assert "Changed on the primary." in again.text and shown not in again.text
    tag = first.headers["etag"]
    assert (await client.get("/family", headers={"If-None-Match": tag})).status_code == 304
    # Once the replica has caught up (here: the revision, with content of its own), a new
    # revision's page is read there.
    await rewrite_jess_view(replica_url, shown, "Written on the replica alone.")
    await set_revision(replica_url, behind + 2)
    await set_revision(database_url, behind + 2)
    caught_up = await client.get("/family")
    assert "Written on the replica alone." in caught_up.text
    assert replica.stats.served == 1


async def test_a_member_restricted_on_the_primary_sees_nothing_whatever_the_replica_says(
    browse_as, database_url: str, replica_url: str
) -> None:
    client = await browse_as("person:jess")
    shown = await jess_sees(database_url)
    assert shown in (await client.get("/family")).text
    async with sql(database_url) as connection:
        await connection.execute("UPDATE member SET portal_restricted = true WHERE id = $1", JESS)
    # The replica still has her unrestricted, at a revision ahead of the primary's.
    await set_revision(replica_url, await revision(database_url) + 5)
    page = await client.get("/family")
    assert page.status_code == 200 and shown not in page.text
    assert replica.stats.served == 1  # only the first page


async def test_a_session_ended_on_the_primary_is_ended_whatever_the_replica_says(
    browse_as, database_url: str, replica_url: str
) -> None:
    client = await browse_as("person:jess")
    assert (await client.get("/family")).status_code == 200
    async with sql(database_url) as connection:
        ended = await connection.execute(
            "UPDATE session SET ended_at = now(), ended_reason = 'signed_out' "
            "WHERE person = $1 AND ended_at IS NULL",
            demo_id("person:jess"),
        )
    assert ended != "UPDATE 0"
    # (The stand-in never saw the session: it was started after the copy was made.)
    page = await client.get("/family", follow_redirects=False)
    assert page.status_code in (302, 303) and "/family" not in page.headers["location"][:8]


# ---------------------------------------------------------------------------- the editor


async def test_the_editor_after_a_save_shows_the_save_until_the_replica_has_it(
    browse_as, database_url: str, replica_url: str
) -> None:
    client = await browse_as("priya")
    assert "Written on the replica alone." not in (await client.get(EDITOR)).text
    assert replica.stats.served == 1
    saved = await client.post(
        f"/workspace/items/{LOVE}",
        data={
            "_csrf_token": client.csrf,
            "text": "Saved a moment ago.",
            "audience": "family",
            "revision": "1",
        },
    )
    assert saved.status_code == 303
    # The replica has not replayed the save: the editor is read on the primary.
    after = await client.get(EDITOR)
    assert "Saved a moment ago." in after.text
    assert replica.stats.behind == 1
    # The replica catches up (the revision, and the item as it has it): read there again.
    async with sql(replica_url) as connection:
        await connection.execute(
            "UPDATE item SET text = 'Written on the replica alone.' WHERE id = $1", LOVE
        )
    await set_revision(replica_url, await revision(database_url))
    caught_up = await client.get(EDITOR)
    assert "Written on the replica alone." in caught_up.text
    assert replica.stats.served == 2 and replica.stats.failed == 0


async def test_a_replica_that_cannot_be_reached_costs_nothing_but_the_primary(
    demo, database_url: str
) -> None:
    if ENGINE != "postgres":
        pytest.skip("a replica is PostgreSQL's (CAREPLAN_TEST_ENGINE=postgres)")
    import httpx

    from careplan.app import create_app
    from tests.conftest import BASE_URL

    nowhere = _with_database("postgresql://postgres@127.0.0.1:1", "careplan")
    app = create_app(make_settings(database_url, database_replica=parse_database_url(nowhere)))
    async with app.lifespan():
        assert replica.in_use()
        from careplan.identity.service import sessions

        jess = await load_principal(demo_id("person:jess"))
        assert jess is not None
        token = await sessions.start(jess)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            client.cookies.set(sessions.COOKIE, token)
            page = await client.get("/family")
            assert page.status_code == 200
    assert replica.stats.failed == 1 and replica.stats.served == 0


# ---------------------------------------------------------------------------- the rule itself


@pytest.fixture
async def both(settings: Settings) -> AsyncIterator[None]:
    """The service's engine with the stand-in as its replica, bound to every table."""
    engine = db.make_engine(settings.database, settings.database_replica)
    db.use_engine(engine)
    await db.start(engine)
    yield
    await db.stop(engine)


async def test_access_is_decided_on_the_primary_inside_a_replica_read(
    demo, both, database_url: str, replica_url: str
) -> None:
    del demo
    # Priya has left the Hartleys' team on the primary; the replica still has her on it.
    async with sql(database_url) as connection:
        await connection.execute(
            "UPDATE team_member SET left_on = current_date - 1 WHERE family = $1 AND person = $2",
            FAMILY,
            PRIYA,
        )
    priya = await load_principal(PRIYA)
    assert priya is not None
    seen: dict[str, Any] = {}

    async def read() -> None:
        with memo.request_scope():
            seen["team_here"] = await replica_team(PRIYA)
            try:
                await permissions.family_access(priya, FAMILY)
                seen["access"] = "granted"
            except NotFound:
                seen["access"] = "refused"

    now = await family_reads.family_revision(FAMILY)
    assert now is not None
    await replica.read_at_least(now, lambda: family_reads.family_revision(FAMILY), read)
    assert replica.stats.served == 1
    assert seen == {"team_here": True, "access": "refused"}


async def replica_team(person: uuid.UUID) -> bool:
    """Whether the database being read has the person on the Hartleys' team now."""
    from careplan.access import team

    return any(row["person"] == person for row in await team.team_of(FAMILY))


async def test_reads_inside_a_write_transaction_read_the_primary(
    demo, both, database_url: str, replica_url: str
) -> None:
    del demo
    primary = await revision(database_url)
    await set_revision(replica_url, primary + 7)  # "ahead": every read qualifies
    seen: dict[str, Any] = {}

    async def read() -> None:
        seen["replica"] = await family_reads.family_revision(FAMILY)
        async with db.write_transaction():
            seen["in_a_write"] = await family_reads.family_revision(FAMILY)

    await replica.read_at_least(primary, lambda: family_reads.family_revision(FAMILY), read)
    assert seen == {"replica": primary + 7, "in_a_write": primary}
    # Outside `read_at_least` nothing reads the replica.
    assert await family_reads.family_revision(FAMILY) == primary
