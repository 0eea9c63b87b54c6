"""Live co-editing's use cases: a plan's event stream, presence, and who may see which event.

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
from careplan.access.audience import Audience
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal, load_principal
from careplan.identity.service import sessions
from careplan.lib.columns import loaded
from careplan.lib.errors import Invalid, NotFound
from careplan.live import presence
from careplan.live.plugin import Live, family_channel
from careplan.plans.tables import Item, Objective, Plan, PlanVersion, ProgressEntry, Scaling
from careplan.plans.vocabulary import SECTIONS
from careplan.tenancy.tables import Person

log = logging.getLogger(__name__)

# A comment this often keeps proxies from closing an idle stream; access is checked again.
KEEPALIVE_SECONDS = 15.0
# How long a browser waits before reconnecting a dropped stream (EventSource's `retry`).
RETRY_MILLISECONDS = 3000

# How a section is named beside a block being edited.
SECTION_NAMES = {
    "harm": "What has happened",
    "worry": "Worries",
    "complicating": "Complicating factors",
    "strength": "What is working well",
    "safety_goal": "Safety goals",
    "next_step": "Next steps",
    "safety_rule": "Safety rules",
    "contingency": "Contingency plan",
    "network": "Safety network",
    "words_and_pictures": "Words and pictures",
    "childs_view": "The child's view",
    # The editor's blocks that are not item sections.
    "objectives": "Objectives",
    "scaling": "Scaling",
}
# Family-level events a plan page may want to react to: no audience of their own, and the
# stream is only open to the family's team and managers, who see all of these.
FAMILY_EVENTS = {
    "team.changed": "team-changed",
    "family.changed": "family-changed",
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
    access = await permissions.access_to_record(principal, Plan, plan_id, "plan")
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


def _audience(row: dict[str, Any]) -> Audience:
    return Audience.from_columns(row["audience_kind"], loaded(row["audience_ids"]))


@dataclass
class Sight:
    """What one subscriber may be told about one plan, and the records their page showed."""

    access: FamilyAccess
    plan_id: uuid.UUID
    shown: set[str] = field(default_factory=set)

    async def start(self) -> None:
        for table in (Item, Objective):
            rows = await table.select(table.id, table.audience_kind, table.audience_ids).where(  # type: ignore[attr-defined]
                (table.plan == self.plan_id) & table.removed_at.is_null()  # type: ignore[attr-defined]
            )
            self.shown.update(str(r["id"]) for r in rows if self.access.sees(_audience(r)))

    async def _audienced(self, table: Any, record_id: str, name: str) -> tuple[str, str] | None:
        row = (
            await table.select(table.plan, table.audience_kind, table.audience_ids)
            .where(table.id == record_id)
            .first()
        )
        if row is None or row["plan"] != self.plan_id:
            return None
        if self.access.sees(_audience(row)):
            self.shown.add(record_id)
            return name, record_id
        if record_id in self.shown:  # it was on their page: let the page take it away
            self.shown.discard(record_id)
            return name, record_id
        return None

    async def _progress(self, record_id: str) -> tuple[str, str] | None:
        row = (
            await ProgressEntry.select(ProgressEntry.objective)
            .where(ProgressEntry.id == record_id)
            .first()
        )
        if row is None:
            return None
        # Its own name: the objective did not change (nor its revision), so a page must fetch
        # the goal again for its latest progress, rather than skip it as nothing new.
        return await self._audienced(Objective, str(row["objective"]), "progress-recorded")

    async def _version(self, record_id: str) -> tuple[str, str] | None:
        row = await PlanVersion.select(PlanVersion.plan).where(PlanVersion.id == record_id).first()
        if row is None or row["plan"] != self.plan_id:
            return None
        return "version-changed", record_id

    async def event(self, kind: str, record_id: str) -> tuple[str, str] | None:
        """The (event name, id) to send for a family event, or None to send nothing."""
        try:
            record_id = str(uuid.UUID(record_id))
        except (ValueError, TypeError):
            return None
        if kind == "item.changed":
            return await self._audienced(Item, record_id, "item-changed")
        if kind == "objective.changed":
            return await self._audienced(Objective, record_id, "objective-changed")
        if kind == "scaling.recorded":
            return await self._audienced(Scaling, record_id, "scaling-changed")
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


@dataclass(frozen=True)
class PresentPerson:
    person_id: str
    name: str
    agency: str
    block: str  # "item-<uuid>", "section-<name>" or "" (in the plan, not editing a block)
    block_name: str  # what the viewer is told they are editing; "" when nothing to say


def parse_block(raw: str | None) -> str:
    """A block as a page names it: "", a section, or an item (with or without `item-`)."""
    value = (raw or "").strip()
    if not value:
        return ""
    if value.startswith("section-"):
        value = value.removeprefix("section-")
    if value in SECTIONS or value in SECTION_NAMES:
        return f"section-{value}"
    if value.startswith("objective-"):
        # One objective being edited shows as its section: the team sees every objective,
        # and the block it names stays the same when the objective is saved.
        return "section-objectives"
    try:
        return f"item-{uuid.UUID(value.removeprefix('item-'))}"
    except ValueError as error:
        raise Invalid("block", "name a section, an item of this plan, or nothing") from error


async def set_presence(
    live: Live, principal: Principal, plan_id: Any, block: str | None, tab: str | None = None
) -> FamilyAccess:
    """Say which block the person is editing now (their pages' heartbeats keep them here)."""
    access = await plan_access(principal, plan_id)
    parsed = parse_block(block)
    if parsed.startswith("item-"):
        item_id = parsed.removeprefix("item-")
        row = (
            await Item.select(Item.plan, Item.audience_kind, Item.audience_ids)
            .where(Item.id == item_id)
            .first()
        )
        if row is None or str(row["plan"]) != str(plan_id) or not access.sees(_audience(row)):
            raise NotFound("block")
    tab = (tab or "").strip()[:64]
    live.publish_presence(
        presence.message(
            plan_id=plan_id,
            family_id=access.family_id,
            person_id=principal.person_id,
            tab=tab,
            block=parsed,
        )
    )
    return access


async def who_is_here(
    live: Live, principal: Principal, plan_id: Any, *, include_self: bool = False
) -> list[PresentPerson]:
    """The other people in the plan now, named, and what each is editing as far as the
    viewer may know: an item the viewer may not see is not named."""
    access = await plan_access(principal, plan_id)
    present = [
        p
        for p in live.presence.people(plan_id, now=time.monotonic())
        if include_self or p.person_id != str(principal.person_id)
    ]
    if not present:
        return []
    people = await Person.select(Person.id, Person.name, Person.agency.name).where(
        Person.id.is_in([uuid.UUID(p.person_id) for p in present]) & (Person.active == True)
    )
    named = {str(row["id"]): row for row in people}
    items = [
        uuid.UUID(p.block.removeprefix("item-")) for p in present if p.block.startswith("item-")
    ]
    item_rows: dict[str, dict[str, Any]] = {}
    if items:
        rows = await Item.select(
            Item.id, Item.plan, Item.section, Item.audience_kind, Item.audience_ids
        ).where(Item.id.is_in(items))
        item_rows = {str(r["id"]): r for r in rows if str(r["plan"]) == str(plan_id)}
    out = []
    for p in present:
        row = named.get(p.person_id)
        if row is None:
            continue
        block, block_name = p.block, ""
        if block.startswith("section-"):
            block_name = SECTION_NAMES.get(block.removeprefix("section-"), "")
        elif block.startswith("item-"):
            item = item_rows.get(block.removeprefix("item-"))
            if item is not None and access.sees(_audience(item)):
                block_name = f"an entry in {SECTION_NAMES.get(item['section'], 'the plan')}"
            else:
                block = ""
        out.append(
            PresentPerson(
                person_id=p.person_id,
                name=row["name"],
                agency=row["agency.name"] or "",
                block=block,
                block_name=block_name,
            )
        )
    return out
