"""The database: which engine, how to write, how to migrate.

One process serves one database. `use_engine` binds every table of every slice (and
Piccolo's own migration table) to the engine built from the settings, so nothing depends on
a `piccolo_conf` found by accident.

Writes go through `write_transaction()`: on SQLite it is `BEGIN IMMEDIATE`, which takes the
write lock at the start, so a read-then-write under concurrency waits for its turn (with a
busy timeout) instead of failing with "database is locked" half-way through. On PostgreSQL
it is an ordinary transaction on a pooled connection; lost updates are prevented by the
optimistic `revision` checks of the services, which behave the same on both engines.

On PostgreSQL a streaming replica may be given (`CAREPLAN_DATABASE_REPLICA_URL`): it becomes
the primary engine's Piccolo extra node `REPLICA`, and only reads that ask for it through
`careplan.lib.replica.read_at_least` go there (the rule that keeps them correct is that
module's docstring).
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import os
import sqlite3
import threading
import uuid
from collections.abc import AsyncIterator, Sequence
from string import Formatter
from typing import Any

import aiosqlite
import asyncpg
from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType, dict_factory
from piccolo.querystring import QueryString
from piccolo.table import Table

from careplan.lib import replica as replica_reads
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
    """SQLite with write-ahead logging, a busy timeout, and reads on one long-lived connection.

    Piccolo's stock engine opens a connection (and an aiosqlite thread) for every statement
    outside a transaction: about 1.6 ms a select, and the page cache and pragmas are lost with
    each connection (STACK-NOTES, "Speed on a large database"). Here a statement that only
    reads (it starts with SELECT) and runs outside a transaction goes to one connection kept
    for the life of the process and runs inline on the event loop: a read of a page's rows
    takes tens of microseconds, less than the hop to a thread would.

    Why that is safe:
    - WAL: a reader never waits for a writer, nor a writer for it, and each statement reads
      the last committed state (autocommit: the read transaction ends with the statement,
      whose rows are all fetched at once), so a page read after a change sees the change.
    - The reading connection is `query_only`: were a statement that writes ever sent to it,
      SQLite would refuse it rather than write outside the write lock.
    - Everything else keeps Piccolo's path: writes, DDL and every statement inside a
      transaction (`write_transaction()`: BEGIN IMMEDIATE on its own connection), so reads
      inside a use case see its own uncommitted writes.
    - One lock around the connection: the test client runs the app on another thread's
      event loop, and a connection must not be used by two threads at once.
    """

    # Per connection (only journal_mode is a property of the file): the writers' connections
    # get the first two too.
    WRITER_PRAGMAS = ("PRAGMA foreign_keys = 1", "PRAGMA synchronous = NORMAL")
    READER_PRAGMAS = (
        "PRAGMA query_only = 1",
        "PRAGMA cache_size = -65536",  # 64 MiB of page cache, kept between requests
        "PRAGMA mmap_size = 268435456",  # 256 MiB read through the OS page cache
        "PRAGMA temp_store = MEMORY",
    )

    def __init__(self, path: str) -> None:
        super().__init__(path=path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS)
        self._reader: sqlite3.Connection | None = None
        self._reader_lock = threading.Lock()
        self._reader_inode: int | None = None

    async def prepare(self) -> None:
        # WAL lets pages be read while a write is under way; it is a property of the file,
        # so setting it once at start-up holds for every later connection.
        await self._run_in_new_connection("PRAGMA journal_mode = WAL")

    # -- reads ---------------------------------------------------------------------------

    def _reading_connection(self) -> sqlite3.Connection:
        if self._reader is None:
            connection = sqlite3.connect(**self.connection_kwargs, check_same_thread=False)
            connection.row_factory = dict_factory
            for pragma in self.READER_PRAGMAS:
                connection.execute(pragma)
            self._reader = connection
            self._reader_inode = os.stat(self.path).st_ino
        return self._reader

    def read(self, query: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Run one read-only statement on the long-lived connection; every row at once."""
        with self._reader_lock:
            cursor = self._reading_connection().execute(query, args)
            try:
                return cursor.fetchall()
            finally:
                cursor.close()

    def forget_a_replaced_file(self) -> None:
        """Close the reading connection if its file was deleted or replaced since it opened
        (a restore from backup, say): it would go on reading the old file. The next read
        opens the file that is there now."""
        with self._reader_lock:
            if self._reader is None:
                return
            try:
                now = os.stat(self.path).st_ino
            except OSError:
                now = None
            if now != self._reader_inode:
                self._reader.close()
                self._reader = None

    def close_reader(self) -> None:
        with self._reader_lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None

    async def run_querystring(self, querystring: QueryString, in_pool: bool = False):
        if self.current_transaction.get() is None and not self.log_queries:
            query, args = querystring.compile_string(engine_type=self.engine_type)
            if _only_reads(query):
                return self.read(query, args)
        return await super().run_querystring(querystring, in_pool)

    # -- writes --------------------------------------------------------------------------

    async def get_connection(self) -> aiosqlite.Connection:
        """A transaction's own connection (Piccolo opens one per transaction)."""
        connection = await aiosqlite.connect(**self.connection_kwargs)
        connection.row_factory = dict_factory  # type: ignore[assignment]
        for pragma in self.WRITER_PRAGMAS:
            await connection.execute(pragma)
        return connection

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ):
        """A statement that writes outside a transaction: its own connection, as Piccolo
        does, with the writers' pragmas."""
        async with aiosqlite.connect(**self.connection_kwargs) as connection:
            connection.row_factory = dict_factory  # type: ignore[assignment]
            for pragma in self.WRITER_PRAGMAS:
                await connection.execute(pragma)
            async with connection.execute(query, args or []) as cursor:
                await connection.commit()
                return await cursor.fetchall()


# -- SQL written once ---------------------------------------------------------------------


async def fetch(table: type[Table], template: str, *args: Any) -> list[dict[str, Any]]:
    """`await table.raw(template, *args)`, for a statement that runs on every request: the
    same rows, through the same engine call (the long-lived reader on SQLite, the pool or the
    replica's rule on PostgreSQL, the current transaction on either, counted where statements
    are counted), without building Piccolo's query and compiling its template each time
    (about 45 us a statement of the 78 a `Table.raw` cost, measured). `table` is the table
    the SQL reads, as for `raw`: its engine runs it, and the layout check
    (tests/layout.py) lets only the slice that owns it run SQL on it."""
    engine = table._meta.db
    querystring = _Compiled(template, _compiled(template, engine.engine_type), list(args))
    rows = await engine.run_querystring(querystring)
    return engine.transform_response_to_dicts(rows) if rows else []


@functools.lru_cache(maxsize=512)
def _compiled(template: str, engine_type: str) -> str:
    """The template with the engine's placeholders, as Piccolo compiles it (`?` or `$n`)."""
    fields = sum(1 for _, name, _, _ in Formatter().parse(template) if name is not None)
    return QueryString(template, *([None] * fields)).compile_string(engine_type)[0]


class _Compiled(QueryString):
    """A QueryString whose SQL is already compiled: Piccolo's engines take it as any other
    (`compile_string` answers the frozen pair); its template and arguments stay for logs."""

    def __init__(self, template: str, sql: str, args: list[Any]) -> None:
        self.template = template
        self.args = args
        self.columns = []
        self.query_type = "generic"
        self.table = None
        self._alias = None
        self._frozen_compiled_strings = (sql, args)


class Prepared:
    """A select built with Piccolo once and compiled once for each engine, then run many times
    with new values where its MARKERS stood: for a read that runs on every request and whose
    shape does not change (`careplan.access.permissions.record_access`). Building and
    compiling a Piccolo select costs far more than running it (about 0.4 ms of CPU for a
    select with a join and a subquery, measured, against 0.1 ms to run it on SQLite); the
    rows are the same, through the same engine call as `fetch`.

    Build the query with `marker()`s where the per-run values go (Piccolo passes a value
    through to the statement's arguments as it is), and give the markers in the order the
    values will be given to `rows`. Every marker must appear, as an argument of its own: a
    query whose markers Piccolo changed or dropped is refused when it is first run."""

    def __init__(self, query: Any, *markers: Any) -> None:
        self.table: type[Table] = query.table
        self._query = query  # built when first run: by then the tables have their engine
        self._markers = markers
        self._by_engine: dict[str, tuple[str, list[Any], tuple[tuple[int, int], ...]]] = {}

    def _compiled(self, engine_type: str) -> tuple[str, list[Any], tuple[tuple[int, int], ...]]:
        found = self._by_engine.get(engine_type)
        if found is None:
            querystrings = self._query.querystrings
            if len(querystrings) != 1:
                raise ValueError("a prepared query is one statement")
            sql, args = querystrings[0].compile_string(engine_type)
            slots = tuple(
                (index, which)
                for index, value in enumerate(args)
                for which, mark in enumerate(self._markers)
                if value is mark
            )
            if sorted(which for _, which in slots) != list(range(len(self._markers))):
                raise ValueError(f"each marker must be one argument of the statement: {sql}")
            found = self._by_engine[engine_type] = (sql, list(args), slots)
        return found

    async def rows(self, *values: Any) -> list[dict[str, Any]]:
        """The statement's rows with `values` in place of the markers."""
        engine = self.table._meta.db
        sql, args, slots = self._compiled(engine.engine_type)
        bound = list(args)
        for index, which in slots:
            bound[index] = values[which]
        rows = await engine.run_querystring(_Compiled(sql, sql, bound))
        return engine.transform_response_to_dicts(rows) if rows else []


def marker() -> uuid.UUID:
    """A value that stands for a `Prepared` query's per-run value while it is built: a uuid,
    so that a uuid column takes it, and unique, so that it is found by identity."""
    return uuid.uuid4()


def _only_reads(query: str) -> bool:
    """A single SELECT statement (a WITH ... could end in a write: it takes the other path)."""
    return query.lstrip()[:6].upper() == "SELECT"


# The name of the replica among the primary engine's extra nodes (Piccolo's `extra_nodes`:
# `await Table.select().run(node=REPLICA)` reads it directly, outside the rule).
REPLICA = "replica"
# Seconds to wait for a connection to the replica before reading the primary instead.
REPLICA_CONNECT_TIMEOUT = 3


class CareplanPostgresEngine(PostgresEngine):
    """PostgreSQL, with an optional streaming replica as the extra node `REPLICA`.

    A statement goes to the replica only when all of these hold: it is a SELECT, it runs
    outside a transaction of the primary, and `careplan.lib.replica` says this task is reading
    in a replica snapshot (`read_at_least`, and not pinned to the primary). Every other
    statement runs as Piccolo runs it, on the primary."""

    async def run_querystring(self, querystring: QueryString, in_pool: bool = True):
        held = replica_reads.snapshot() if self.extra_nodes else None
        if held is not None and self.current_transaction.get() is None:
            query, args = querystring.compile_string(engine_type=self.engine_type)
            if _only_reads(query):
                return await replica_reads.fetch(held, query, args)
        return await super().run_querystring(querystring, in_pool)


class ReplicaNode(PostgresEngine):
    """The replica as an extra node: read only, and not reached at start-up (Piccolo checks
    an engine's server version when it is made; a streaming replica runs the primary's
    version, and one that is down must not stop the service from starting)."""

    async def check_version(self) -> None:
        return None


def make_engine(database: DatabaseURL, replica: DatabaseURL | None = None) -> Engine:
    if database.is_sqlite:
        if replica is not None:
            raise ValueError("a replica needs a PostgreSQL primary")
        assert database.sqlite_path is not None
        return CareplanSQLiteEngine(path=str(database.sqlite_path))
    nodes: dict[str, PostgresEngine] = {}
    if replica is not None:
        if replica.is_sqlite:
            raise ValueError("a replica must be PostgreSQL")
        # Read only: no extensions to create there.
        nodes[REPLICA] = ReplicaNode(
            config={"dsn": replica.url, "timeout": REPLICA_CONNECT_TIMEOUT}, extensions=()
        )
    return CareplanPostgresEngine(config={"dsn": database.url}, extra_nodes=nodes)


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
        for node in engine.extra_nodes.values():
            # No connection at start: a replica that is down must not stop the service
            # (its reads go to the primary until it answers).
            await node.start_connection_pool(
                min_size=0, max_size=POSTGRES_POOL_SIZE, command_timeout=30
            )


async def stop(engine: Engine) -> None:
    if isinstance(engine, CareplanSQLiteEngine):
        engine.close_reader()
    elif isinstance(engine, PostgresEngine):
        for node in engine.extra_nodes.values():
            if node.pool is not None:
                await node.close_connection_pool()
        if engine.pool is not None:
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
    if isinstance(engine, CareplanSQLiteEngine):
        engine.forget_a_replaced_file()
    await engine.run_ddl("SELECT 1")  # SQLite: on a new connection, as the writers open one


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
