"""How every change is written: in one transaction, at a revision, with its audit event.

`change()` opens the write transaction and the after-commit event queue together. Updates go
through `update_at_revision`, the optimistic `UPDATE ... WHERE revision = n RETURNING` that
behaves the same on SQLite and PostgreSQL: a stale revision changes nothing and raises
Conflict with the record as it is now. Every change also bumps its family's revision, which
pages use for their ETags.
"""

from __future__ import annotations

import contextlib
import functools
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from piccolo.table import Table

from careplan import db
from careplan.audit.rules import utc_now
from careplan.errors import Conflict, Duplicate, NotFound, RevisionRequired
from careplan.families.tables import Family
from careplan.live import events


@contextlib.asynccontextmanager
async def change() -> AsyncIterator[None]:
    """One use case's writes: all or nothing, its live events published only after commit.

    A unique constraint that refuses a row, on either engine, ends the change as `Duplicate`
    (409) once the transaction has rolled back: two requests making the same record at the
    same moment (an offline check-in sent twice, say) never answer 500."""
    try:
        async with events.publish_after(), db.write_transaction():
            yield
    except db.INTEGRITY_ERRORS as error:
        if db.is_unique_violation(error):
            raise Duplicate() from error
        raise


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


async def bump_family(family_id: uuid.UUID) -> None:
    await Family.update(
        {Family.revision: Family.revision + 1, Family.updated_at: utc_now()}, use_auto_update=False
    ).where(Family.id == family_id)


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
) -> dict[str, Any]:
    """Apply `values` only if the record is still at `revision`; return the new row."""
    expected = require_revision(revision, what)
    changes = {**values, table.revision: table.revision + 1}  # type: ignore[attr-defined]
    if hasattr(table, "updated_at"):
        changes[table.updated_at] = utc_now()  # type: ignore[attr-defined]
    rows = (
        await table.update(changes, use_auto_update=False)
        .where(
            (table.id == record_id) & (table.revision == expected)  # type: ignore[attr-defined]
        )
        .returning(*table.all_columns())
    )
    if rows:
        return rows[0]
    current = await table.select().where(table.id == record_id).first()  # type: ignore[attr-defined]
    if current is None:
        raise NotFound(what)
    raise Conflict(what, present(current))
