"""Progress: check-ins on an objective, by a parent or a professional, stored once each
(a client uuid makes an offline retry harmless) and never lost to an episode's close."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from careplan.access.principal import Principal
from careplan.lib.errors import Duplicate, Invalid
from careplan.lib.uow import change
from careplan.plans import episodes, rules, schemas, vocabulary
from careplan.plans.service.checking import held_episode, objective_access, plan_access
from careplan.plans.service.presenting import audience_of, progress_out
from careplan.plans.tables import Objective, ProgressEntry


def _check_in_out(row: dict[str, Any], outcome: str) -> dict[str, Any]:
    return {**progress_out(row), "outcome": outcome, "message": vocabulary.CHECK_IN_SAID[outcome]}


def _status_of(objective: dict[str, Any], stored_on: uuid.UUID) -> str:
    return objective["status"] if stored_on == objective["id"] else "carried"


async def _repeated(objective: dict[str, Any], existing: dict[str, Any]) -> dict[str, Any]:
    """A check-in sent again (its client uuid is stored): answered as it was stored."""
    if existing["thread"] != objective["thread"]:
        raise Invalid("client_uuid", "was already used for another check-in")
    closed = (await episodes.of(objective["episode"])).closed_on
    outcome = rules.check_in_outcome(
        _status_of(objective, existing["objective"]),
        closed is not None,
        moved=existing["objective"] != objective["id"],
    )
    return _check_in_out(existing, outcome)


def _recorded_on(data: schemas.NewProgress) -> dt.date:
    """The day a check-in is for: not in the future (nor before its episode began: checked
    with the episode held, `_check_in_target`)."""
    recorded_on = data.recorded_on or dt.date.today()
    if recorded_on > dt.date.today():
        raise Invalid("recorded_on", "cannot be in the future")
    return recorded_on


async def _check_in_target(
    objective: dict[str, Any], recorded_on: dt.date
) -> tuple[uuid.UUID, str]:
    """Inside the write transaction: the objective a check-in on `objective` for that day is
    stored on, and the outcome (see `rules.check_in_outcome`); a day before the objective's
    episode began is refused."""
    episode = await held_episode(objective["plan"], objective["episode"])
    if recorded_on < episode.opened_on:
        raise Invalid("recorded_on", "cannot be before the episode of this objective began")
    now = await Objective.select(Objective.status).where(Objective.id == objective["id"]).first()
    target = objective["id"]
    moved = False
    if now["status"] == "carried":
        # Carried into a new episode's plan: the thread continues there.
        later = (
            await Objective.select(Objective.id)
            .where(
                (Objective.thread == objective["thread"])
                & (Objective.status == "open")
                & Objective.removed_at.is_null()
            )
            .order_by(Objective.created_at, ascending=False)
            .first()
        )
        if later is not None and later["id"] != objective["id"]:
            target, moved = later["id"], True
    outcome = rules.check_in_outcome(now["status"], episode.closed_on is not None, moved=moved)
    return target, outcome


@dataclass(frozen=True)
class CheckIn:
    """A check-in as recorded: the entry (`add_progress`'s), whether this request stored it,
    and the objective it was made on, as read for it (every column, with its plan's
    `episode`): what the editor shows it with, read no more."""

    entry: dict[str, Any]
    created: bool
    objective: dict[str, Any]


async def add_progress(
    principal: Principal, objective_id: Any, data: schemas.NewProgress
) -> tuple[dict[str, Any], bool]:
    """Record a check-in. Returns (entry, created): a repeated client uuid stores once.

    A check-in is never lost to a close (a parent's, queued offline before it, say): on an
    objective of a closed plan it is stored on the objective's thread where it now continues
    (the carried objective of the new plan), or kept against the decided objective as its
    history. The entry says which (`outcome`: recorded, carried or ended) and `message`
    says it in plain words.
    """
    done = await check_in(principal, objective_id, data)
    return done.entry, done.created


async def check_in(principal: Principal, objective_id: Any, data: schemas.NewProgress) -> CheckIn:
    """`add_progress`, with the objective as it was read for the check-in.

    A new client uuid is stored without looking for it first: one already stored (an offline
    retry) is refused by its unique index. Then, as after any refusal, the check-in runs
    again looking first, so that a retry is answered as it was stored (whatever has changed
    since) and anything else is refused as before; meeting a second one (a retry arriving at
    the same moment) answers 409."""
    try:
        return await _check_in(principal, objective_id, data, look_first=False)
    except (Duplicate, Invalid):
        return await _check_in(principal, objective_id, data, look_first=True)


async def _check_in(
    principal: Principal, objective_id: Any, data: schemas.NewProgress, *, look_first: bool
) -> CheckIn:
    access, objective = await objective_access(principal, objective_id)
    if not access.is_member:
        access.require_editor()  # a professional who reads it only (a meeting's chair): 403
    if look_first:
        existing = (
            await ProgressEntry.select()
            .where(ProgressEntry.client_uuid == data.client_uuid)
            .first()
        )
        if existing is not None:
            return CheckIn(await _repeated(objective, existing), False, objective)
    value = vocabulary.measure_value(objective["measure_kind"], data.value, objective["unit"])
    if value is None:
        raise Invalid(
            "value", vocabulary.measure_hint(objective["measure_kind"], objective["unit"])
        )
    recorded_on = _recorded_on(data)
    entry = ProgressEntry(
        id=uuid.uuid4(),
        family=access.family_id,
        thread=objective["thread"],
        objective=objective["id"],
        client_uuid=data.client_uuid,
        recorded_on=recorded_on,
        value=value,
        note=data.note.strip(),
        by_kind="parent" if access.is_member else "professional",
        by_person=principal.person_id,
    )
    async with change() as work:
        # Where it goes is decided with the episode's row held: a close under way goes first.
        target, outcome = await _check_in_target(objective, recorded_on)
        entry.objective = target
        await entry.save()
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action="progress.recorded",
            record_type="progress_entry",
            record_id=entry.id,
            family=access.family_id,
            after={
                "objective": target,
                "value": value,
                "recorded_on": recorded_on,
                **({} if outcome == "recorded" else {"sent_to": objective["id"]}),
            },
        )
        work.event(access.family_id, "progress.recorded", entry.id)
    # As stored: the values written (what reading the row back gives).
    return CheckIn(_check_in_out(entry.to_dict(), outcome), True, objective)


async def _latest_entry(where: Any) -> dict[str, Any] | None:
    return (
        await ProgressEntry.select(
            ProgressEntry.recorded_on,
            ProgressEntry.value,
            ProgressEntry.note,
            ProgressEntry.objective.audience_kind.as_alias("audience_kind"),
            ProgressEntry.objective.audience_ids.as_alias("audience_ids"),
        )
        .where(where & ProgressEntry.removed_at.is_null())
        .order_by(ProgressEntry.recorded_on, ascending=False)
        .order_by(ProgressEntry.created_at, ascending=False)
        .first()
    )


async def latest_progress(principal: Principal, plan_id: Any) -> dict[str, dict[str, Any]]:
    """The latest check-in on each objective's thread of a plan, by objective id: one query per
    objective of the plan, whatever the length of the history (two when the thread's latest
    check-in was recorded on an earlier objective whose audience does not include the
    reader: then the latest on this objective is shown)."""
    access, plan = await plan_access(principal, plan_id, edit=False)
    objectives = await Objective.select(
        Objective.id, Objective.thread, Objective.audience_kind, Objective.audience_ids
    ).where((Objective.plan == plan["id"]) & Objective.removed_at.is_null())
    out: dict[str, dict[str, Any]] = {}
    for objective in objectives:
        if not access.sees(audience_of(objective)):
            continue
        entry = await _latest_entry(ProgressEntry.thread == objective["thread"])
        if entry is not None and not access.sees(audience_of(entry)):
            entry = await _latest_entry(ProgressEntry.objective == objective["id"])
        if entry is not None:
            out[str(objective["id"])] = {
                key: entry[key] for key in ("recorded_on", "value", "note")
            }
    return out
