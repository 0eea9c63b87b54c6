"""Who is in a plan right now, and which block each is editing: one process's picture.

Every process keeps the whole picture in memory. It is built only from presence messages
that come back through the channels backend (the memory backend in one process, PostgreSQL
LISTEN/NOTIFY across worker processes), so every worker agrees without a table. A message
says one open page (`tab`: its event stream's id) of one person is in a plan, optionally
which block they are editing, or that the page has gone. An entry that hears nothing for
`TTL_SECONDS` expires: a closed laptop or a killed worker cannot leave someone "present".
A process that starts (a new or restarted worker) calls the roll (`ROLL_CALL`): every open
page says again that it is there, so the new process knows everyone at once rather than at
each page's next keep-alive.

No I/O here: `apply` and `sweep` take the time, so the rules are unit-tested without clocks.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

TTL_SECONDS = 30.0
CHANNEL = "careplan.presence"
# The message a starting process sends: every process's open pages answer with their presence.
ROLL_CALL: dict[str, Any] = {"roll_call": True}


def is_roll_call(msg: dict[str, Any]) -> bool:
    return msg.get("roll_call") is True


@dataclass
class Entry:
    person_id: str
    family_id: str
    tab: str
    block: str
    block_set_at: float
    expires_at: float


@dataclass(frozen=True)
class Present:
    """One person in a plan, with the block they are editing ("" for none)."""

    person_id: str
    block: str


def message(
    *,
    plan_id: Any,
    family_id: Any,
    person_id: Any,
    tab: str,
    block: str | None = None,
    left: bool = False,
    ttl: float = TTL_SECONDS,
) -> dict[str, Any]:
    """A presence message as it travels through the channel (ids and a block name only)."""
    return {
        "plan": str(plan_id),
        "family": str(family_id),
        "person": str(person_id),
        "tab": tab,
        "block": block,
        "left": left,
        "ttl": ttl,
    }


class Presence:
    """The presence of every plan, as this process has heard it, and who wants to know."""

    def __init__(self) -> None:
        self._plans: dict[str, dict[tuple[str, str], Entry]] = {}
        self._listeners: dict[str, set[asyncio.Queue[Any]]] = {}

    # -------------------------------------------------------------------- the picture

    def _shown(self, plan_id: str) -> set[Present]:
        return set(self.people(plan_id, now=None))

    def apply(self, msg: dict[str, Any], now: float | None = None) -> bool:
        """Take in one message; True when what a page shows of that plan has changed."""
        now = time.monotonic() if now is None else now
        plan_id = str(msg["plan"])
        before = self._shown(plan_id)
        entries = self._plans.setdefault(plan_id, {})
        key = (str(msg["person"]), str(msg.get("tab") or ""))
        if msg.get("left"):
            entries.pop(key, None)
        else:
            entry = entries.get(key)
            expires = now + float(msg.get("ttl") or TTL_SECONDS)
            block = msg.get("block")
            if entry is None:
                entries[key] = Entry(
                    person_id=key[0],
                    family_id=str(msg["family"]),
                    tab=key[1],
                    block=block or "",
                    block_set_at=now if block is not None else 0.0,
                    expires_at=expires,
                )
            else:
                entry.expires_at = expires
                if block is not None:
                    entry.block = block
                    entry.block_set_at = now
        if not entries:
            self._plans.pop(plan_id, None)
        return self._shown(plan_id) != before

    def sweep(self, now: float | None = None) -> set[str]:
        """Drop expired entries; return the plans whose picture changed."""
        now = time.monotonic() if now is None else now
        changed = set()
        for plan_id in list(self._plans):
            entries = self._plans[plan_id]
            expired = [key for key, entry in entries.items() if entry.expires_at <= now]
            if not expired:
                continue
            before = self._shown(plan_id)
            for key in expired:
                del entries[key]
            if not entries:
                del self._plans[plan_id]
            if self._shown(plan_id) != before:
                changed.add(plan_id)
        return changed

    def people(self, plan_id: Any, now: float | None = None) -> list[Present]:
        """Everyone in the plan, once each, with the block they set last (by any of their
        open pages), ordered by person id so the list does not jump about."""
        current = time.monotonic() if now is None else now
        best: dict[str, Entry] = {}
        for entry in self._plans.get(str(plan_id), {}).values():
            if now is not None and entry.expires_at <= current:
                continue
            held = best.get(entry.person_id)
            if held is None or entry.block_set_at > held.block_set_at:
                best[entry.person_id] = entry
        return [Present(p, best[p].block) for p in sorted(best)]

    def family_of(self, plan_id: Any) -> str | None:
        for entry in self._plans.get(str(plan_id), {}).values():
            return entry.family_id
        return None

    # -------------------------------------------------------------------- who wants to know

    @contextlib.contextmanager
    def listening(self, plan_id: Any, queue: asyncio.Queue[Any]) -> Iterator[None]:
        """While inside, `queue` gets `("presence", plan_id)` when the plan's picture changes."""
        listeners = self._listeners.setdefault(str(plan_id), set())
        listeners.add(queue)
        try:
            yield
        finally:
            listeners.discard(queue)
            if not listeners:
                self._listeners.pop(str(plan_id), None)

    def notify(self, plan_id: Any) -> None:
        for queue in list(self._listeners.get(str(plan_id), ())):
            queue.put_nowait(("presence", str(plan_id)))

    def answer_roll_call(self) -> None:
        """Ask every open page of this process to say again that it is here."""
        for plan_id, queues in list(self._listeners.items()):
            for queue in list(queues):
                queue.put_nowait(("announce", plan_id))
