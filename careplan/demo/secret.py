"""The demo's secret key, kept with the demo database.

Demo mode needs no configuration, so no CAREPLAN_SECRET_KEY is set; a random key per
process would make `careplan token` sign tokens the server refuses (401), and make the
workers of one server disagree. So the first demo process that needs a key makes one and
stores it in the demo database's `demo_secret` table (one row); every later one reads it.

Only ever in demo mode: settings with `secret_from_demo_database` exist only when
CAREPLAN_DEMO is on and no secret key is set (settings.py refuses it otherwise), and
`with_demo_secret` refuses settings outside demo mode. A service run for real never reads
this table.

It runs synchronously, from the command line or while the app is built (possibly inside
uvicorn's running event loop), so PostgreSQL is reached on a thread of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import secrets
import sqlite3
import threading

import asyncpg

from careplan.settings import DatabaseURL, Settings, SettingsError

# The statements work the same on both engines (SQLite has ON CONFLICT since 3.24).
_MAKE = "INSERT INTO demo_secret (slot, secret) VALUES (1, {}) ON CONFLICT (slot) DO NOTHING"
_READ = "SELECT secret FROM demo_secret WHERE slot = 1"
NOT_SET_UP = (
    "needs its database set up before it serves or signs anything: run careplan migrate "
    "(make run does)"
)


def with_demo_secret(settings: Settings) -> Settings:
    """The settings with the demo database's secret key, when they are to use it."""
    if not settings.secret_from_demo_database:
        return settings
    if not settings.demo:  # settings.py already refuses this; never read the table for real
        raise SettingsError("CAREPLAN_SECRET_KEY", "is required outside demo mode")
    return dataclasses.replace(settings, secret_key=kept_secret(settings.database))


def kept_secret(database: DatabaseURL) -> str:
    """The secret kept with this database, made now if there is none yet."""
    candidate = secrets.token_urlsafe(48)
    try:
        if database.is_sqlite:
            return _sqlite(database, candidate)
        return _on_own_thread(_postgres(database, candidate))
    except (sqlite3.OperationalError, asyncpg.UndefinedTableError) as error:
        raise SettingsError("CAREPLAN_DEMO", NOT_SET_UP) from error


def _sqlite(database: DatabaseURL, candidate: str) -> str:
    assert database.sqlite_path is not None
    if not database.sqlite_path.exists():
        raise sqlite3.OperationalError("no database file")
    with contextlib.closing(sqlite3.connect(database.sqlite_path, timeout=30)) as connection:
        with connection:  # one transaction: two processes starting at once agree
            connection.execute(_MAKE.format("?"), (candidate,))
            (secret,) = connection.execute(_READ).fetchone()
    return secret


async def _postgres(database: DatabaseURL, candidate: str) -> str:
    connection = await asyncpg.connect(dsn=database.url, timeout=10)
    try:
        async with connection.transaction():
            await connection.execute(_MAKE.format("$1"), candidate)
            return await connection.fetchval(_READ)
    finally:
        await connection.close()


def _on_own_thread(coroutine):  # type: ignore[no-untyped-def]
    """Run a coroutine to its end from sync code, whether or not a loop runs here."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=target, name="careplan-demo-secret")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]
