"""Concerns' use cases: raise, acknowledge, decide, assess, close; the overdue list.

Any professional of a local authority may raise a concern about a child of one of its
families (it goes to the front door); raising grants no read access, so the answer holds
only the concern's id, status and due time. The family's team and managers work it.
Each use case writes through the unit of work (`careplan.lib.uow.change`): one transaction
with its audit event, the family's revision bumped, its live event after commit.
Notifications go to the outbox through `careplan.notify.service`, in the same transaction,
carrying ids only.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from careplan.access import permissions
from careplan.access.principal import Principal
from careplan.concerns import queries, rules, schemas
from careplan.concerns.rules import ConcernChange, ConcernState
from careplan.concerns.tables import Concern
from careplan.lib.clock import utc_now
from careplan.lib.errors import Invalid, NotFound
from careplan.lib.uow import change
from careplan.notify import service as notify

OPEN_STATUSES = ("raised", "acknowledged", "decided", "assessing")

# ---------------------------------------------------------------------------- presenting


def concern_out(
    row: dict[str, Any], now: dt.datetime | None = None, region: str | None = None
) -> dict[str, Any]:
    """A concern as the API gives it, with its clocks at `now`: escalation counted in its
    local authority's bank-holiday `region` (read with the row, `queries.region_of`)."""
    keys = (
        "id",
        "family",
        "member",
        "raised_by",
        "raised_by_agency",
        "what",
        "seriousness",
        "observed_on",
        "raised_at",
        "status",
        "acknowledged_at",
        "acknowledged_by",
        "decision_due_at",
        "decision",
        "decided_at",
        "decided_by",
        "assessment_due_on",
        "assessed_on",
        "outcome",
        "escalation_level",
        "escalated_at",
        "revision",
    )
    out = {key: row[key] for key in keys}
    state = ConcernState.of(row)
    moment = now or utc_now()
    clock = rules.overdue_clock(state, moment)
    out["overdue"] = clock is not None
    out["overdue_clock"] = clock
    out["escalation_due"] = rules.escalation_level(state, moment, region or queries.region_of(row))
    return out


def _audit_view(row: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "status",
        "decision",
        "acknowledged_at",
        "decided_at",
        "assessment_due_on",
        "assessed_on",
        "outcome",
        "escalation_level",
    )
    return {key: row[key] for key in keys}


# ---------------------------------------------------------------------------- raising


async def raise_concern(
    principal: Principal, family_id: Any, data: schemas.NewConcern
) -> dict[str, Any]:
    family = await permissions.front_door(principal, family_id)
    now = utc_now()
    rules.check_observed_on(data.observed_on, now)
    member = await queries.member_of_family(data.member, family["id"])
    if member is None:
        raise NotFound("member")
    if member["role"] != "child":
        raise Invalid("member", "a concern is about a child of the family")
    days, region = await queries.clock_working_days(
        family["local_authority"], rules.DECISION_CLOCK, rules.DEFAULT_DECISION_WORKING_DAYS
    )
    due = rules.decision_due_at(now, days, region)
    concern_id = uuid.uuid4()
    async with change() as work:
        await Concern(
            id=concern_id,
            local_authority=family["local_authority"],
            family=family["id"],
            member=member["id"],
            raised_by=principal.person_id,
            raised_by_agency=principal.agency_id,
            what=data.what.strip(),
            seriousness=data.seriousness,
            observed_on=data.observed_on,
            raised_at=now,
            decision_due_at=due,
            updated_at=now,
        ).save()
        key_worker = await queries.key_worker(family["id"])
        if key_worker is not None:
            await notify.enqueue(
                key_worker, "concern.raised", family_id=family["id"], ids={"concern": concern_id}
            )
        work.touch(family["id"])
        await work.audit(
            actor=principal.person_id,
            action="concern.raised",
            record_type="concern",
            record_id=concern_id,
            family=family["id"],
            local_authority=family["local_authority"],
            after={
                "member": member["id"],
                "seriousness": data.seriousness,
                "observed_on": data.observed_on,
                "what": data.what.strip(),
                "decision_due_at": due,
            },
        )
        work.event(family["id"], "concern.changed", concern_id)
    # Nothing of the family's record: the raiser may not be on the team.
    return {"id": concern_id, "status": "raised", "decision_due_at": due}


# ---------------------------------------------------------------------------- working


async def _concern_access(principal: Principal, concern_id: Any) -> tuple[Any, dict[str, Any]]:
    access = await permissions.access_to_record(principal, Concern, concern_id, "concern")
    if access.is_member:
        raise NotFound("concern")
    row = await queries.concern(uuid.UUID(str(concern_id)))
    return access, row


async def get_concern(
    principal: Principal, concern_id: Any, now: dt.datetime | None = None
) -> dict[str, Any]:
    _, row = await _concern_access(principal, concern_id)
    return concern_out(row, now)


async def patch_concern(
    principal: Principal, concern_id: Any, data: schemas.ConcernPatch
) -> dict[str, Any]:
    """Acknowledge, decide, record the assessment and the outcome (names the revision)."""
    access, row = await _concern_access(principal, concern_id)
    access.require_editor()
    now = utc_now()
    days, region = await queries.clock_working_days(
        access.local_authority_id, rules.ASSESSMENT_CLOCK, rules.DEFAULT_ASSESSMENT_WORKING_DAYS
    )
    values = rules.apply_change(
        ConcernState.of(row),
        ConcernChange(
            acknowledge=data.acknowledge,
            decision=data.decision,
            assessed_on=data.assessed_on,
            outcome=data.outcome,
        ),
        now,
        assessment_working_days=days,
        region=region,
    )
    if "acknowledged_at" in values:
        values["acknowledged_by"] = principal.person_id
    if "decided_at" in values:
        values["decided_by"] = principal.person_id
    async with change() as work:
        updated = await work.update(
            Concern,
            row["id"],
            data.revision,
            {getattr(Concern, name): value for name, value in values.items()},
            "concern",
            present=lambda current: concern_out(current, now, region),
        )
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action=f"concern.{updated['status']}",
            record_type="concern",
            record_id=row["id"],
            family=access.family_id,
            before=_audit_view(row),
            after=_audit_view(updated),
        )
        work.event(access.family_id, "concern.changed", row["id"])
    return concern_out(updated, now, region)


async def list_concerns(
    principal: Principal, family_id: Any, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """A family's concerns, newest first, each saying whether its clock has run out."""
    access = await permissions.professional_access(principal, family_id)
    rows = await queries.family_concerns(access.family_id)
    now = now or utc_now()
    return [concern_out(row, now) for row in rows]


# ---------------------------------------------------------------------------- escalation


async def _people_to_tell(row: dict[str, Any], level: int) -> set[Any]:
    """Level 1: the key worker and the managers of the agencies on the team; level 2: every
    manager of the local authority (and the key worker)."""
    family_id = row["family"]
    agencies = None if level >= 2 else await queries.team_agencies(family_id)
    people = await queries.managers(row["local_authority"], agencies)
    key_worker = await queries.key_worker(family_id)
    if key_worker is not None:
        people.add(key_worker)
    return people


async def _escalate_one(row: dict[str, Any], level: int, now: dt.datetime) -> bool:
    """One concern to `level`, telling the people of that level, in its own transaction.
    False when another worker got there first."""
    family_id = row["family"]
    people = await _people_to_tell(row, level)
    async with change() as work:
        changed = (
            await Concern.update(
                {
                    Concern.escalation_level: level,
                    Concern.escalated_at: now,
                    Concern.revision: Concern.revision + 1,
                    Concern.updated_at: now,
                },
                use_auto_update=False,
            )
            .where((Concern.id == row["id"]) & (Concern.escalation_level < level))
            .returning(Concern.id)
        )
        if not changed:
            return False
        for person in sorted(people, key=str):
            await notify.enqueue(
                person, "concern.overdue", family_id=family_id, ids={"concern": row["id"]}
            )
        work.touch(family_id)
        await work.audit(
            actor=None,
            action="concern.escalated",
            record_type="concern",
            record_id=row["id"],
            family=family_id,
            local_authority=row["local_authority"],
            before={"escalation_level": row["escalation_level"]},
            after={
                "escalation_level": level,
                "clock": rules.overdue_clock(ConcernState.of(row), now),
                "told": len(people),
            },
        )
        work.event(family_id, "concern.changed", row["id"])
    return True


async def escalate_overdue(now: dt.datetime | None = None) -> list[uuid.UUID]:
    """Raise the escalation level of every concern whose clock ran out, telling the people of
    the new level. For the worker; each concern is its own transaction with its audit event.
    Returns the concerns escalated."""
    now = now or utc_now()
    escalated = []
    for row in await queries.overdue_candidates(now):
        level = rules.escalation_level(ConcernState.of(row), now, queries.region_of(row))
        if level > row["escalation_level"] and await _escalate_one(row, level, now):
            escalated.append(row["id"])
    return escalated
