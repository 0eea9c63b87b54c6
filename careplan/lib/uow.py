"""The unit of work: how every change is written, once, in one place.

`change()` opens the write transaction and the after-commit event queue together, and yields
the `Work` of that change. A use case states what changes; the unit of work does the rest:

- `work.update(...)` is the optimistic `UPDATE ... WHERE revision = n RETURNING`, the same on
  SQLite and PostgreSQL: a stale revision changes nothing and raises Conflict with the record
  as it is now;
- `work.audit(...)` appends the change's audit event to the chain in the same transaction;
- `work.touch(family_id)` marks a family changed: its revision (which pages use for their
  ETags) is bumped once, just before commit, however many records of it changed;
- `work.event(...)` queues a live event, published only after the commit.

The kernel knows no slice: the family bump and the audit writer are steps that
`careplan.wiring` registers (`before_commit`, `audit_writer`), so this module imports no
slice's tables. A change begun inside another joins it.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from piccolo.table import Table

from careplan import db
from careplan.lib import events
from careplan.lib.clock import utc_now
from careplan.lib.errors import Conflict, Duplicate, NotFound, RevisionRequired

BeforeCommit = Callable[["Work"], Awaitable[None]]
AuditWriter = Callable[..., Awaitable[None]]
_before_commit: list[BeforeCommit] = []
_audit_writer: list[AuditWriter] = []
_current: contextvars.ContextVar[Work | None] = contextvars.ContextVar(
    "careplan_unit_of_work", default=None
)


def before_commit(step: BeforeCommit) -> None:
    """Run `step(work)` at the end of every change, inside its transaction (wiring only)."""
    if step not in _before_commit:
        _before_commit.append(step)


def use_audit_writer(writer: AuditWriter) -> None:
    """The function that appends an audit event in the current transaction (wiring only)."""
    _audit_writer[:] = [writer]


class Work:
    """What one change has done so far: the families it touched, in the order touched."""

    def __init__(self) -> None:
        self.families: dict[str, uuid.UUID] = {}

    def touch(self, family_id: Any) -> None:
        if family_id is not None:
            key = str(family_id)
            self.families.setdefault(key, uuid.UUID(key))

    def event(self, family_id: Any, kind: str, record_id: Any) -> None:
        events.add(family_id, kind, record_id)

    async def audit(self, **fields: Any) -> None:
        if not _audit_writer:
            raise RuntimeError("no audit writer: import careplan.wiring before changing data")
        await _audit_writer[0](**fields)

    async def update(
        self,
        table: type[Table],
        record_id: uuid.UUID,
        revision: int | None,
        values: dict[Any, Any],
        what: str,
        present: Callable[[dict[str, Any]], dict[str, Any]] = lambda row: row,
        *,
        only_if: Any = None,
        refuse: Callable[[dict[str, Any]], None] | None = None,
    ) -> dict[str, Any]:
        return await update_at_revision(
            table, record_id, revision, values, what, present, only_if=only_if, refuse=refuse
        )


def current() -> Work:
    """The change the caller runs inside."""
    work = _current.get()
    if work is None:
        raise RuntimeError("this runs only inside `async with change()`")
    return work


def touch_family(family_id: Any) -> None:
    """Mark a family changed in the current change (its revision is bumped before commit)."""
    current().touch(family_id)


@contextlib.asynccontextmanager
async def change() -> AsyncIterator[Work]:
    """One use case's writes: all or nothing, its live events published only after commit.

    A unique constraint that refuses a row, on either engine, ends the change as `Duplicate`
    (409) once the transaction has rolled back: two requests making the same record at the
    same moment (an offline check-in sent twice, say) never answer 500."""
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    work = Work()
    token = _current.set(work)
    try:
        async with events.publish_after(), db.write_transaction():
            yield work
            if work.families and not _before_commit:
                raise RuntimeError("import careplan.wiring before changing data")
            for step in list(_before_commit):
                await step(work)
    except db.INTEGRITY_ERRORS as error:
        if db.is_unique_violation(error):
            raise Duplicate() from error
        raise
    finally:
        _current.reset(token)


UseCase = TypeVar("UseCase", bound=Callable[..., Awaitable[Any]])


def repeat_on_duplicate(use_case: UseCase) -> UseCase:
    """For a use case that answers a repeated request with what is stored (a check-in's
    client uuid, a version shared twice): when its change meets the record a request running
    alongside made a moment before, it runs once more, finds that record and answers as it
    answers the repeat. Meeting one again the second time answers 409."""

    @functools.wraps(use_case)
    async def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return await use_case(*args, **kwargs)
        except Duplicate:
            return await use_case(*args, **kwargs)

    return run  # type: ignore[return-value]


def require_revision(revision: int | None, what: str) -> int:
    if revision is None:
        raise RevisionRequired(what)
    return revision


async def update_at_revision(
    table: type[Table],
    record_id: uuid.UUID,
    revision: int | None,
    values: dict[Any, Any],
    what: str,
    present: Callable[[dict[str, Any]], dict[str, Any]] = lambda row: row,
    *,
    only_if: Any = None,
    refuse: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Apply `values` only if the record is still at `revision` (and `only_if`, a further
    condition on the record, holds: checked in the same statement); return the new row.
    When nothing was changed, the record as it is now says why: `refuse(current)` raises
    what a record failing `only_if` answers, before a stale revision's Conflict."""
    expected = require_revision(revision, what)
    changes = {**values, table.revision: table.revision + 1}  # type: ignore[attr-defined]
    if hasattr(table, "updated_at"):
        changes[table.updated_at] = utc_now()  # type: ignore[attr-defined]
    where = (table.id == record_id) & (table.revision == expected)  # type: ignore[attr-defined]
    if only_if is not None:
        where &= only_if
    rows = (
        await table.update(changes, use_auto_update=False)
        .where(where)
        .returning(*table.all_columns())
    )
    if rows:
        return rows[0]
    current = await table.select().where(table.id == record_id).first()  # type: ignore[attr-defined]
    if current is None:
        raise NotFound(what)
    if refuse is not None:
        refuse(current)
    raise Conflict(what, present(current))
