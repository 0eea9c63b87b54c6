"""Counting what a request costs: the SQL statements it runs and the access decisions it takes.

`counting()` wraps, for the length of a `with` block:

- the engine's query execution, on the engine's class (PostgreSQL's engine has slots: an
  instance attribute cannot be set). Piccolo sends every statement of a query, a raw query
  or a DDL string through `run_querystring` or `run_ddl`, on both engines, in a transaction
  or not (inside one it runs on the transaction's connection, outside on a new connection on
  SQLite or the pool on PostgreSQL), so wrapping those two counts both engines the same.
  The transaction's own BEGIN and COMMIT do not go through them: they are counted apart, as
  `transactions` (one per `engine.transaction()` that begins one; a nested one joins the
  outer one and is not counted);
- the rows every statement returns (`rows`, and `returned`, one count a statement): the
  wrapper sees the list the engine gives back (SQLite's dicts, asyncpg's records), so a
  query that reads every check-in of a long history shows here even when its statement
  count stays the same;
- `careplan.access.permissions.decide`, the one function that decides a principal's access
  to a family (every check of the policy reaches it through the module's globals). The
  wrapper calls the real function: it still decides. A decision answered from the request's
  memo (`careplan.access.memo`) is not a new decision and is not counted.

    with counting() as cost:
        await client.get(...)
    assert cost.statements <= 10 and cost.rows <= 200 and cost.access_checks == 1, cost
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from typing import Any

from careplan import db
from careplan.access import permissions


@dataclasses.dataclass
class Cost:
    queries: list[str] = dataclasses.field(default_factory=list)
    transactions: int = 0
    access_checks: int = 0
    returned: list[int] = dataclasses.field(default_factory=list)  # rows, by statement

    @property
    def statements(self) -> int:
        return len(self.queries)

    @property
    def rows(self) -> int:
        return sum(self.returned)

    def __str__(self) -> str:
        return (
            f"{self.statements} statements, {self.rows} rows, {self.transactions} "
            f"transactions, {self.access_checks} access checks"
        )

    def __repr__(self) -> str:
        listed = "\n  ".join(
            f"[{rows} rows] " + q.replace("\n", " ")[:160]
            for q, rows in zip(self.queries, self.returned, strict=False)
        )
        return f"<Cost {self}:\n  {listed}>"


class _Counted:
    """A transaction that counts itself when it begins one (not when it joins an outer one:
    Piccolo's nested transaction is the outer one)."""

    def __init__(self, transaction: Any, cost: Cost) -> None:
        self._transaction = transaction
        self._cost = cost

    async def __aenter__(self) -> Any:
        if getattr(self._transaction, "_parent", None) is None:
            self._cost.transactions += 1
        return await self._transaction.__aenter__()

    async def __aexit__(self, *exc: Any) -> Any:
        return await self._transaction.__aexit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transaction, name)


def _rows_in(result: Any) -> int:
    """How many rows a statement gave back: both engines return a list of rows (a write
    without RETURNING gives an empty one, or None)."""
    return len(result) if isinstance(result, list) else 0


@contextlib.contextmanager
def counting() -> Iterator[Cost]:
    cost = Cost()
    engine_class = type(db.current_engine())
    run_querystring = engine_class.run_querystring
    run_ddl = engine_class.run_ddl
    transaction = engine_class.transaction
    decide = permissions.decide

    async def counted_querystring(self: Any, querystring: Any, *args: Any, **kwargs: Any) -> Any:
        cost.queries.append(str(querystring))
        cost.returned.append(0)
        index = len(cost.returned) - 1
        result = await run_querystring(self, querystring, *args, **kwargs)
        cost.returned[index] = _rows_in(result)
        return result

    async def counted_ddl(self: Any, ddl: str, *args: Any, **kwargs: Any) -> Any:
        cost.queries.append(ddl)
        cost.returned.append(0)
        index = len(cost.returned) - 1
        result = await run_ddl(self, ddl, *args, **kwargs)
        cost.returned[index] = _rows_in(result)
        return result

    def counted_transaction(self: Any, *args: Any, **kwargs: Any) -> Any:
        return _Counted(transaction(self, *args, **kwargs), cost)

    async def counted_access(*args: Any, **kwargs: Any) -> Any:
        cost.access_checks += 1
        return await decide(*args, **kwargs)

    engine_class.run_querystring = counted_querystring  # type: ignore[method-assign]
    engine_class.run_ddl = counted_ddl  # type: ignore[method-assign]
    engine_class.transaction = counted_transaction  # type: ignore[method-assign]
    permissions.decide = counted_access  # type: ignore[assignment]
    try:
        yield cost
    finally:
        engine_class.run_querystring = run_querystring  # type: ignore[method-assign]
        engine_class.run_ddl = run_ddl  # type: ignore[method-assign]
        engine_class.transaction = transaction  # type: ignore[method-assign]
        permissions.decide = decide  # type: ignore[assignment]
