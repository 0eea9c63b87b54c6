"""Reads from a PostgreSQL streaming replica, and the rule that keeps them correct.

With `CAREPLAN_DATABASE_REPLICA_URL` set (PostgreSQL only), the primary's engine has the
replica as a Piccolo extra node (`careplan.db.REPLICA`). Nothing reads it unless a caller
asks, with `read_at_least`; everything else (and everything when the setting is absent)
reads the primary.

The rule. A page's cache key and ETag hold the family's REVISION read on the primary (bumped
in the same transaction as every change of the family: careplan.lib.uow). A replica replays
the primary's commits in order, some milliseconds (or, when it falls behind, minutes) late.
Content read there and kept or tagged under the primary's revision would be stale under a
new revision, for as long as the cache keeps it, and a person who just saved would not see
their change. So `read_at_least(revision, revision_now, read)`:

1. opens ONE read-only REPEATABLE READ transaction on the replica: one snapshot, so every
   read of the page sees the replica at one point of the primary's history, whichever
   server of a pool of replicas the connection reached;
2. runs `revision_now()` in it first: the family's revision as that snapshot has it;
3. if it is at least `revision` (the primary's), the snapshot holds the commit that made
   that revision and every commit before it, so `read()` runs in the snapshot and its content
   is as new as the primary's was when the request read the revision, or newer (a commit
   since: the same as reading the primary, where a change can land between two reads);
4. otherwise (the replica is behind), or when the replica fails or cannot be reached, the
   snapshot is closed and `read()` runs again on the primary, as without a replica. After a
   failure the replica is left alone for `RETRY_AFTER` seconds, so that a replica that is
   down costs a request nothing but the primary's reads.

What never reads the replica, whatever the caller asks:
- sessions, access decisions and restriction checks: `careplan.access` runs each of them
  `on_primary()` (a function decorated with it reads the primary even inside
  `read_at_least`); the revision a page is keyed by is read with the access decision, before
  `read_at_least` begins;
- everything inside a write transaction (the engine sends a statement to the replica only
  outside the primary's transaction), and every statement that is not a SELECT;
- a `read_at_least` begun inside a write transaction or inside `on_primary()`.

Only whole page reads whose revision is known ask for the replica (the family pages on a
page-cache miss, the plan editor); the number of reads it served, found behind and failed is
kept in `stats`, per process.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

RETRY_AFTER = 5.0  # seconds without the replica after it failed


class ReplicaError(Exception):
    """The replica failed or could not be reached (raised from the driver's error): the
    read it was doing runs again on the primary. Not a database error of the primary's,
    so no use case can mistake it for one."""


@dataclass
class Snapshot:
    """The replica connection a task's reads run on, and the first error it gave (a read
    that failed there is never trusted, even if something caught the error)."""

    connection: Any
    error: BaseException | None = None


@dataclass
class Stats:
    served: int = 0  # reads run on the replica
    behind: int = 0  # the replica had not caught up: run on the primary
    failed: int = 0  # the replica failed: run on the primary
    failed_at: float = float("-inf")


stats = Stats()

# The replica snapshot this task's reads use (None: read the primary), and whether reads are
# pinned to the primary (`on_primary`).
_snapshot: contextvars.ContextVar[Snapshot | None] = contextvars.ContextVar(
    "careplan_replica_snapshot", default=None
)
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "careplan_reads_pinned_to_primary", default=False
)


def snapshot() -> Snapshot | None:
    """The replica snapshot a read should run in now, or None for the primary (the engine
    asks; it also keeps every statement of a write transaction on the primary)."""
    if _pinned.get():
        return None
    return _snapshot.get()


@contextlib.contextmanager
def _pin() -> Iterator[None]:
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


def on_primary(function: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """Every read `function` makes goes to the primary, even inside `read_at_least`."""

    @functools.wraps(function)
    async def pinned(*args: P.args, **kwargs: P.kwargs) -> T:
        # As `with _pin()`, without a context manager made on each call: the access and
        # session reads are marked, and they run several times on every request.
        token = _pinned.set(True)
        try:
            return await function(*args, **kwargs)
        finally:
            _pinned.reset(token)

    return pinned


def _replica_of(engine: Any) -> Any | None:
    from careplan.db import REPLICA

    nodes = getattr(engine, "extra_nodes", None) or {}
    return nodes.get(REPLICA)


def in_use() -> bool:
    """Whether this process reads from a replica at all (one is set and its pool started)."""
    from careplan import db

    replica = _replica_of(db.current_engine())
    return replica is not None and replica.pool is not None


async def read_at_least(
    revision: int,
    revision_now: Callable[[], Awaitable[int | None]],
    read: Callable[[], Awaitable[T]],
) -> T:
    """`read()` on the replica if, in one snapshot of it, `revision_now()` is at least
    `revision` (the primary's); else `read()` on the primary. See the module's docstring."""
    from careplan import db

    engine = db.current_engine()
    replica = _replica_of(engine)
    if (
        replica is None
        or replica.pool is None
        or _pinned.get()
        or engine.current_transaction.get() is not None
        or time.monotonic() - stats.failed_at < RETRY_AFTER
    ):
        return await read()
    if _snapshot.get() is not None:  # inside another's snapshot: the rule holds in it too
        now = await revision_now()
        if now is not None and now >= revision:
            return await read()
        with _pin():
            return await read()
    try:
        async with _replica_snapshot(replica) as connection:
            held = Snapshot(connection)
            token = _snapshot.set(held)
            try:
                now = await revision_now()
                if held.error is None and now is not None and now >= revision:
                    result = await read()
                    if held.error is None:
                        stats.served += 1
                        return result
            except Exception as error:
                if held.error is not None and not isinstance(error, ReplicaError):
                    # What went wrong after the replica failed is the replica's doing.
                    raise ReplicaError("a read failed") from held.error
                raise
            finally:
                _snapshot.reset(token)
            if held.error is not None:
                raise ReplicaError("a read failed") from held.error
        stats.behind += 1
    except ReplicaError as error:
        stats.failed += 1
        stats.failed_at = time.monotonic()
        log.warning(
            "the database replica failed (%s); reading the primary for %.0f s",
            error.__cause__ or error,
            RETRY_AFTER,
        )
    return await read()


@contextlib.asynccontextmanager
async def _replica_snapshot(replica: Any) -> Any:
    """A read-only REPEATABLE READ transaction on one of the replica's pooled connections.
    The driver's errors come out as ReplicaError; the caller's own errors pass unchanged."""
    try:
        connection = await replica.pool.acquire()
    except Exception as error:  # refused, timed out, shut down: all mean "not now"
        raise ReplicaError("no connection") from error
    try:
        transaction = connection.transaction(isolation="repeatable_read", readonly=True)
        try:
            await transaction.start()
        except Exception as error:
            raise ReplicaError("could not begin") from error
        try:
            yield connection
        finally:
            # Nothing was written: ending it either way is the same; a failure to end it
            # is the replica's, and the connection goes back to be reset or dropped.
            try:
                await transaction.rollback()
            except Exception as error:
                log.debug("ending a replica snapshot failed: %s", error)
    finally:
        try:
            await replica.pool.release(connection)
        except Exception as error:
            log.debug("releasing a replica connection failed: %s", error)


async def fetch(held: Snapshot, query: str, args: Any) -> Any:
    """One statement in the task's replica snapshot (the engine calls this)."""
    if held.error is not None:
        raise ReplicaError("the snapshot failed already") from held.error
    try:
        return await held.connection.fetch(query, *args)
    except Exception as error:
        held.error = error
        raise ReplicaError(type(error).__name__) from error
