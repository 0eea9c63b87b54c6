"""One access decision per request: the family access decided once is remembered until the
request ends, so that the use cases and reads a request runs (a save, then the block it
answers with) do not decide it again.

The memo lives in a context variable that only `request_scope()` sets, for one request (the
web edge opens it around a route: `careplan.web.access_memo`), and resets when the request
ends. Outside a scope nothing is remembered: every call decides. A request runs in its own
task with its own copy of the context, so two requests, of one person or two, never share a
memo; and a decision is remembered for the principal it was made for, so it is never given
to another. Only routes that change no one's access run in a scope (a memo would otherwise
outlive a change to a team or a membership made by the same request).
"""

from __future__ import annotations

import contextlib
import contextvars
import uuid
from collections.abc import Iterator
from typing import Any

_decisions: contextvars.ContextVar[dict[tuple[Any, uuid.UUID], Any] | None] = (
    contextvars.ContextVar("careplan_access_memo", default=None)
)
_rows: contextvars.ContextVar[dict[Any, Any] | None] = contextvars.ContextVar(
    "careplan_access_rows", default=None
)


@contextlib.contextmanager
def request_scope() -> Iterator[None]:
    """Remember access decisions until the block ends (one request)."""
    token = _decisions.set({})
    rows = _rows.set({})
    try:
        yield
    finally:
        _rows.reset(rows)
        _decisions.reset(token)


def in_scope() -> bool:
    return _decisions.get() is not None


def recall(principal: Any, family_id: uuid.UUID) -> Any | None:
    """The decision made for this principal on this family in this request, if any."""
    decisions = _decisions.get()
    if decisions is None:
        return None
    return decisions.get((principal, family_id))


def remember(principal: Any, family_id: uuid.UUID, decision: Any) -> None:
    decisions = _decisions.get()
    if decisions is not None:
        decisions[(principal, family_id)] = decision


def decided(principal: Any) -> list[Any]:
    """Every decision made for this principal in this request (none outside a request): what
    a read after a change may reuse rather than read the record's family again."""
    decisions = _decisions.get() or {}
    return [decision for (who, _), decision in decisions.items() if who == principal]


def remember_row(record: Any, columns: frozenset[tuple[str, str]], row: dict[str, Any]) -> None:
    """A record read with its access (`permissions.record_access(..., remember=True)`): its
    `columns` (each as (what is read, the name it has in the row)) and the row, kept for a
    later read of the same record in this request that asks for no column more. Only a read
    that asks is remembered, and only a request that changes nothing asks (a kept page's GET
    reads its record for its key, then builds the page on a miss): a change never finds a
    row read before it."""
    rows = _rows.get()
    if rows is not None:
        rows[record] = (columns, dict(row))


def remember_read(key: Any, value: Any) -> None:
    """A read made for a kept page's key (`permissions.visible_families(...,
    remember=True)`), kept for the same read later in this request (see `remember_row`)."""
    rows = _rows.get()
    if rows is not None:
        rows[("read", key)] = value


def recall_read(key: Any) -> Any | None:
    rows = _rows.get()
    return None if rows is None else rows.get(("read", key))


def knows_row(record: Any) -> bool:
    rows = _rows.get()
    return rows is not None and record in rows


def recall_row(record: Any, columns: frozenset[tuple[str, str]]) -> dict[str, Any] | None:
    """The remembered row of this record with these columns, if it has them all."""
    rows = _rows.get()
    found = None if rows is None else rows.get(record)
    if found is None or not columns <= found[0]:
        return None
    row = found[1]
    return {name: row[name] for _, name in columns}
