"""The database: which engine, how to write, how to migrate.

One process serves one database. `use_engine` binds every table of every slice (and
Piccolo's own migration table) to the engine built from the settings, so nothing depends on
a `piccolo_conf` found by accident.

Writes go through `write_transaction()`: on SQLite it is `BEGIN IMMEDIATE`, which takes the
write lock at the start, so a read-then-write under concurrency waits for its turn (with a
busy timeout) instead of failing with "database is locked" half-way through. On PostgreSQL
it is an ordinary transaction on a pooled connection; lost updates are prevented by the
optimistic `revision` checks of the services, which behave the same on both engines.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sqlite3
from collections.abc import AsyncIterator

import asyncpg
from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

from careplan.settings import DatabaseURL

log = logging.getLogger(__name__)

# Piccolo's migration runner finds its configuration by this name.
os.environ.setdefault("PICCOLO_CONF", "careplan.piccolo_conf")

# What a driver raises when the database refuses or cannot be reached.
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, asyncpg.PostgresError)
# What a driver raises when a constraint refuses a row.
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.IntegrityError,
    asyncpg.IntegrityConstraintViolationError,
)
SQLITE_BUSY_TIMEOUT_SECONDS = 30


def is_unique_violation(error: BaseException) -> bool:
    """A unique constraint or index refused a row (PostgreSQL's 23505; SQLite's UNIQUE)."""
    if isinstance(error, asyncpg.UniqueViolationError):
        return True
    return isinstance(error, sqlite3.IntegrityError) and str(error).startswith(
        "UNIQUE constraint failed"
    )


POSTGRES_POOL_SIZE = 10


class CareplanSQLiteEngine(SQLiteEngine):
    """SQLite with a busy timeout on every connection and write-ahead logging."""

    def __init__(self, path: str) -> None:
        super().__init__(path=path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS)

    async def prepare(self) -> None:
        # WAL lets pages be read while a write is under way; it is a property of the file,
        # so setting it once at start-up holds for every later connection.
        await self._run_in_new_connection("PRAGMA journal_mode = WAL")
        await self._run_in_new_connection("PRAGMA synchronous = NORMAL")


def make_engine(database: DatabaseURL) -> Engine:
    if database.is_sqlite:
        assert database.sqlite_path is not None
        return CareplanSQLiteEngine(path=str(database.sqlite_path))
    return PostgresEngine(config={"dsn": database.url})


def all_tables() -> list[type[Table]]:
    """Every table of every slice, in the order the migrations create them."""
    from careplan.piccolo_conf import APP_REGISTRY

    tables: list[type[Table]] = [Migration]
    for app_config in APP_REGISTRY.app_configs.values():
        tables.extend(app_config.table_classes)
    return tables


def use_engine(engine: Engine) -> None:
    """Make `engine` the one every table and every migration uses in this process."""
    from careplan import piccolo_conf

    piccolo_conf.DB = engine
    for table in all_tables():
        table._meta.db = engine


def current_engine() -> Engine:
    from careplan import piccolo_conf

    return piccolo_conf.DB


async def start(engine: Engine) -> None:
    """Open what the engine keeps open while the service runs."""
    if isinstance(engine, CareplanSQLiteEngine):
        await engine.prepare()
    elif isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(
            min_size=1, max_size=POSTGRES_POOL_SIZE, command_timeout=30
        )


async def stop(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()


def write_transaction(engine: Engine | None = None):
    """One use case's writes, all or nothing (see the module's docstring)."""
    engine = engine or current_engine()
    if engine.engine_type == "sqlite":
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


async def ping(engine: Engine | None = None) -> None:
    """Raise if the database cannot answer a trivial query."""
    engine = engine or current_engine()
    await engine.run_ddl("SELECT 1")


@contextlib.asynccontextmanager
async def quiet_stdout() -> AsyncIterator[io.StringIO]:
    """Piccolo's migration runner prints as it goes; keep that out of callers' output."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        yield buffer


async def migrate(engine: Engine | None = None, *, verbose: bool = False) -> int:
    """Apply every migration that has not run yet; return how many ran."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    engine = engine or current_engine()
    use_engine(engine)
    if isinstance(engine, CareplanSQLiteEngine):
        await engine.prepare()
    before = await _migrations_run()
    if verbose:
        result = await run_forwards(app_name="all")
    else:
        async with quiet_stdout() as printed:
            result = await run_forwards(app_name="all")
        log.debug("migrations: %s", printed.getvalue())
    if not result.success:
        raise RuntimeError(f"a migration failed: {result.message}")
    return await _migrations_run() - before


async def _migrations_run() -> int:
    if not await Migration.table_exists().run():
        return 0
    return await Migration.count().run()
