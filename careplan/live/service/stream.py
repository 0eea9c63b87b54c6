"""A plan's event stream, and who may see which event.

The stream (`stream`) is for the plan's team and its managers only (permissions decides). It
forwards each committed event of the family as `(event name, record id)` after checking,
for that subscriber and at that moment, that the record is in this plan and that its
audience includes them: an item for named agencies that are not theirs never reaches them.
One exception keeps screens honest without telling anything new: an item the page already
showed that has just gone out of the subscriber's sight is announced once, so the page
fetches it, gets 404 and removes it.

Every `KEEPALIVE_SECONDS` the stream sends a comment and checks again that the session is
live, the person active and still on the team (or a manager): when any of these fails it
says `ended` and closes. Opening the stream marks the person present in the plan; closing it
(or losing it) removes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import anyio

from careplan.access import permissions
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal, load_principal
from careplan.identity.service import sessions
from careplan.lib.errors import NotFound
from careplan.live import presence, queries
from careplan.live.queries import audience
from careplan.live.service.hub import Live, family_channel

log = logging.getLogger(__name__)

# A comment this often keeps proxies from closing an idle stream; access is checked again.
KEEPALIVE_SECONDS = 15.0
# How long a browser waits before reconnecting a dropped stream (EventSource's `retry`).
RETRY_MILLISECONDS = 3000
# Family-level events a plan page may want to react to: no audience of their own, and the
# stream is only open to the family's team and managers, who see all of these.
FAMILY_EVENTS = {
    "team.changed": "team-changed",
    "family.changed": "family-changed",
    # A member added or changed (names in the plan's pickers): the family's record changed.
    "member.added": "family-changed",
    "member.changed": "family-changed",
    "episode.opened": "episode-changed",
    "episode.closed": "episode-changed",
    "meeting.changed": "meeting-changed",
    "agreement.answered": "agreement-changed",
    "agreement.seen": "agreement-changed",
    "disagreement.changed": "disagreement-changed",
    "concern.changed": "concern-changed",
}


# ---------------------------------------------------------------------------- access


async def plan_access(principal: Principal, plan_id: Any) -> FamilyAccess:
    """The team's (or a manager's) access to a plan's family; NotFound for anyone else."""
    access = await queries.plan_access(principal, plan_id)
    if access.is_member:
        raise NotFound("plan")
    return access


async def still_allowed(session_id: uuid.UUID, person_id: uuid.UUID, family_id: uuid.UUID) -> bool:
    """Is the session still live, the person active, and the family still theirs?"""
    live = {row["id"]: row for row in await sessions.live_sessions(person_id)}
    row = live.get(session_id)
    if row is None:
        return False
    idle, _ = sessions.LIFETIMES.get(row["kind"], sessions.LIFETIMES["professional"])
    if dt.datetime.now(dt.UTC) - row["last_seen_at"] > idle:
        return False
    principal = await load_principal(person_id)
    if principal is None or not principal.is_professional:
        return False
    try:
        await permissions.professional_access(principal, family_id)
    except NotFound:
        return False
    return True


# ---------------------------------------------------------------------------- what may pass


@dataclass
class Sight:
    """What one subscriber may be told about one plan, and the records their page showed."""

    access: FamilyAccess
    plan_id: uuid.UUID
    shown: set[str] = field(default_factory=set)

    async def start(self) -> None:
        rows = await queries.plan_records(self.plan_id)
        self.shown.update(str(r["id"]) for r in rows if self.access.sees(audience(r)))

    async def _audienced(self, kind: str, record_id: str, name: str) -> tuple[str, str] | None:
        row = await queries.audienced(kind, record_id)
        if row is None or row["plan"] != self.plan_id:
            return None
        if self.access.sees(audience(row)):
            self.shown.add(record_id)
            return name, record_id
        if record_id in self.shown:  # it was on their page: let the page take it away
            self.shown.discard(record_id)
            return name, record_id
        return None

    async def _progress(self, record_id: str) -> tuple[str, str] | None:
        objective = await queries.progress_objective(record_id)
        if objective is None:
            return None
        # Its own name: the objective did not change (nor its revision), so a page must fetch
        # the goal again for its latest progress, rather than skip it as nothing new.
        return await self._audienced("objective", str(objective), "progress-recorded")

    async def _version(self, record_id: str) -> tuple[str, str] | None:
        if await queries.version_plan(record_id) != self.plan_id:
            return None
        return "version-changed", record_id

    async def event(self, kind: str, record_id: str) -> tuple[str, str] | None:
        """The (event name, id) to send for a family event, or None to send nothing."""
        try:
            record_id = str(uuid.UUID(record_id))
        except (ValueError, TypeError):
            return None
        if kind == "item.changed":
            return await self._audienced("item", record_id, "item-changed")
        if kind == "objective.changed":
            return await self._audienced("objective", record_id, "objective-changed")
        if kind == "scaling.recorded":
            return await self._audienced("scaling", record_id, "scaling-changed")
        if kind == "progress.recorded":
            return await self._progress(record_id)
        if kind in ("version.taken", "version.shared"):
            return await self._version(record_id)
        if kind in FAMILY_EVENTS:
            return FAMILY_EVENTS[kind], record_id
        return None  # an event this page has no use for: nothing leaves


# ---------------------------------------------------------------------------- the stream


Message = dict[str, Any]


async def stream(
    live: Live,
    principal: Principal,
    session_id: uuid.UUID,
    plan_id: Any,
    *,
    keepalive: float | None = None,
) -> AsyncIterator[Message]:
    """Open a plan's event stream: access is checked before the first byte (NotFound)."""
    access = await plan_access(principal, plan_id)
    sight = Sight(access=access, plan_id=uuid.UUID(str(plan_id)))
    await sight.start()
    return _run(live, access, sight, session_id, keepalive or KEEPALIVE_SECONDS)


async def _run(
    live: Live,
    access: FamilyAccess,
    sight: Sight,
    session_id: uuid.UUID,
    keepalive: float,
) -> AsyncIterator[Message]:
    plan_id = str(sight.plan_id)
    person_id = access.principal.person_id
    tab = uuid.uuid4().hex
    here = {"plan_id": plan_id, "family_id": access.family_id, "person_id": person_id, "tab": tab}
    queue: asyncio.Queue[Any] = asyncio.Queue()
    subscriber = await live.channels.subscribe(family_channel(access.family_id))

    async def pump() -> None:
        async for raw in subscriber.iter_events():
            queue.put_nowait(("event", raw))

    pumping = asyncio.create_task(pump())
    try:
        with live.presence.listening(plan_id, queue):
            live.publish_presence(presence.message(**here))
            # At once, so the headers and this stream's id reach the page now.
            yield {"event": "ready", "data": tab, "retry": RETRY_MILLISECONDS}
            next_beat = time.monotonic() + keepalive
            while True:
                try:
                    what, body = await asyncio.wait_for(
                        queue.get(), timeout=max(0.0, next_beat - time.monotonic())
                    )
                except TimeoutError:
                    if not await still_allowed(session_id, person_id, access.family_id):
                        yield {"event": "ended", "data": "signed-out-or-left"}
                        return
                    live.publish_presence(presence.message(**here))
                    yield {"comment": "keep-alive", "data": None}
                    next_beat = time.monotonic() + keepalive
                    continue
                if what == "presence":
                    yield {"event": "presence", "data": plan_id}
                    continue
                if what == "announce":  # a process started and called the roll
                    live.publish_presence(presence.message(**here))
                    continue
                try:
                    event = json.loads(body)
                    kind, record_id = str(event["kind"]), str(event["id"])
                except (ValueError, KeyError, TypeError):
                    continue
                if kind == "team.changed" and not await still_allowed(
                    session_id, person_id, access.family_id
                ):
                    yield {"event": "ended", "data": "signed-out-or-left"}
                    return
                out = await sight.event(kind, record_id)
                if out is not None:
                    yield {"event": out[0], "data": out[1]}
    finally:
        pumping.cancel()
        with contextlib.suppress(RuntimeError):  # the app may be stopping: presence expires
            live.publish_presence(presence.message(**here, left=True))
        # The client may have gone (a cancelled task): let the unsubscription finish anyway,
        # or the channel would keep a subscriber that nobody reads.
        with anyio.CancelScope(shield=True):
            try:
                await live.channels.unsubscribe(subscriber)
            except Exception:
                log.exception("live updates: could not unsubscribe a closed stream")


# ---------------------------------------------------------------------------- presence
