"""The episode a plan belongs to, as far as plans needs to know it: its kind, the day it
opened and the day it closed (a closed plan is read-only).

Episodes are families' records, and families sits above plans (it opens an episode with its
plan and closes the plan with it). So plans does not read them: it states here what it needs,
and families answers (`careplan.families.plan_episodes`, registered by `careplan.wiring`), the
way the unit of work is given its steps. Plans knows its own link to its episode
(`Plan.episode`) and asks by that id.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from careplan.lib.errors import NotFound


@dataclass(frozen=True)
class EpisodeFacts:
    id: uuid.UUID
    kind: str
    opened_on: dt.date
    closed_on: dt.date | None


class EpisodeSource(Protocol):
    """What families answers about episodes (see the module's docstring)."""

    async def facts(self, episode_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, EpisodeFacts]:
        """The episodes with these ids, by id."""
        ...

    async def hold(self, episode_id: uuid.UUID) -> EpisodeFacts | None:
        """Inside a write transaction: the episode, its row held until commit so that its
        close waits for the change under way, and a change waits for a close under way."""
        ...

    async def open_episodes(self, family_ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
        """The families' episodes that have not closed."""
        ...


_source: list[EpisodeSource] = []


def use(source: EpisodeSource) -> None:
    """Where episodes are read from (wiring only)."""
    _source[:] = [source]


def _episodes() -> EpisodeSource:
    if not _source:
        raise RuntimeError("no source of episodes: import careplan.wiring first")
    return _source[0]


async def facts(episode_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, EpisodeFacts]:
    if not episode_ids:
        return {}
    return await _episodes().facts(list(episode_ids))


async def of(episode_id: uuid.UUID, what: str = "plan") -> EpisodeFacts:
    """One episode; NotFound naming `what` when it does not exist."""
    found = (await facts([episode_id])).get(episode_id)
    if found is None:
        raise NotFound(what)
    return found


async def hold(episode_id: uuid.UUID, what: str = "plan") -> EpisodeFacts:
    found = await _episodes().hold(episode_id)
    if found is None:
        raise NotFound(what)
    return found


async def open_episodes(family_ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    if not family_ids:
        return []
    return await _episodes().open_episodes(list(family_ids))
