"""Episodes as the plans slice needs them (`careplan.plans.episodes`): answered here, from
families' own table, and registered by `careplan.wiring`. Plans sits below families, so it
asks instead of reading."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from careplan.families.tables import Episode
from careplan.plans.episodes import EpisodeFacts


def _facts(row: dict[str, Any]) -> EpisodeFacts:
    return EpisodeFacts(
        id=uuid.UUID(str(row["id"])),
        kind=row["kind"],
        opened_on=_date(row["opened_on"]),
        closed_on=None if row["closed_on"] is None else _date(row["closed_on"]),
    )


def _date(value: Any) -> dt.date:
    """A raw query on SQLite gives a date back as text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


async def facts(episode_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, EpisodeFacts]:
    rows = await Episode.select(
        Episode.id, Episode.kind, Episode.opened_on, Episode.closed_on
    ).where(Episode.id.is_in(list(episode_ids)))
    return {row["id"]: _facts(row) for row in rows}


async def hold(episode_id: uuid.UUID) -> EpisodeFacts | None:
    """The episode, read inside the caller's write transaction and held until it commits:
    the first statement of every change to its plan.

    Closing an episode updates its row, so a change to its plan and the close go one after
    the other on both engines: SQLite's BEGIN IMMEDIATE already serialises writers; on
    PostgreSQL this row lock (FOR SHARE: changes to one plan do not wait for each other)
    makes a close wait for a change under way, and a change wait for a close under way and
    then read the episode as closed (READ COMMITTED re-reads a locked row once it is free).
    Taken first, before the family's row, so every transaction takes the two in one order.
    """
    lock = "" if Episode._meta.db.engine_type == "sqlite" else " FOR SHARE"
    rows = await Episode.raw(
        'SELECT id, kind, opened_on, closed_on FROM "episode" WHERE id = {}' + lock, episode_id
    )
    return _facts(rows[0]) if rows else None


async def open_episodes(family_ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    rows = await Episode.select(Episode.id).where(
        Episode.family.is_in(list(family_ids)) & Episode.closed_on.is_null()
    )
    return [row["id"] for row in rows]
