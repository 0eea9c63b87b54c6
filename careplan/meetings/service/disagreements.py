"""Professional disagreements: opened by an attendee's dissent, escalated stage by stage
(each stage with its deadline in working days), resolved in the end."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from careplan.access import permissions
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.lib.clock import london_date, utc_now
from careplan.lib.errors import Invalid, NotFound
from careplan.lib.uow import Work, change
from careplan.meetings import rules, schemas
from careplan.meetings.queries import local_rules
from careplan.meetings.service.presenting import disagreement_out
from careplan.meetings.tables import Disagreement, DisagreementStage


def _today() -> dt.date:
    return london_date(utc_now())


async def document(disagreement_id: uuid.UUID) -> dict[str, Any]:
    """A disagreement with its stages, oldest first."""
    row = await Disagreement.select().where(Disagreement.id == disagreement_id).first()
    stages = (
        await DisagreementStage.select()
        .where(DisagreementStage.disagreement == disagreement_id)
        .order_by(DisagreementStage.started_on)
        .order_by(DisagreementStage.created_at)
    )
    return disagreement_out(row, stages)


async def _disagreement_access(
    principal: Principal, disagreement_id: Any
) -> tuple[FamilyAccess, dict[str, Any]]:
    access = await permissions.access_to_record(
        principal, Disagreement, disagreement_id, "disagreement"
    )
    if access.is_member:
        raise NotFound("disagreement")
    access.require_editor()
    row = (
        await Disagreement.select()
        .where(Disagreement.id == uuid.UUID(str(disagreement_id)))
        .first()
    )
    return access, row


async def get_disagreement(principal: Principal, disagreement_id: Any) -> dict[str, Any]:
    _, row = await _disagreement_access(principal, disagreement_id)
    return await document(row["id"])


async def _start_stage(
    family_id: uuid.UUID, disagreement_id: uuid.UUID, stage: str, today: dt.date, deadline: dt.date
) -> dt.date:
    """Begin a stage today, with its deadline (the local authority's length for it)."""
    await DisagreementStage(
        id=uuid.uuid4(),
        family=family_id,
        disagreement=disagreement_id,
        stage=stage,
        started_on=today,
        deadline=deadline,
    ).save()
    return deadline


async def open_disagreement(
    work: Work,
    principal: Principal,
    family_id: uuid.UUID,
    meeting_id: uuid.UUID,
    view_id: uuid.UUID | None,
    raised_by: uuid.UUID,
    about: str,
    stage: str | None = None,
) -> uuid.UUID:
    """Inside the change that records a dissent: the disagreement it opens, at its first
    stage (or at `stage`: a dissent from a conference's decision that its senior chair's
    review did not settle goes on at the managers' stage)."""
    disagreement_id = uuid.uuid4()
    stage = stage or rules.first_stage()
    today = _today()
    deadline = (await local_rules.stage_rules(family_id)).deadline(stage, today)
    await Disagreement(
        id=disagreement_id,
        family=family_id,
        meeting=meeting_id,
        meeting_view=view_id,
        raised_by=raised_by,
        about=about,
        stage=stage,
        stage_deadline=deadline,
        updated_at=utc_now(),
    ).save()
    await _start_stage(family_id, disagreement_id, stage, today, deadline)
    await work.audit(
        actor=principal.person_id,
        action="disagreement.opened",
        record_type="disagreement",
        record_id=disagreement_id,
        family=family_id,
        after={"meeting_view": view_id, "stage": stage, "stage_deadline": deadline},
    )
    work.event(family_id, "disagreement.changed", disagreement_id)
    return disagreement_id


async def escalate(
    principal: Principal, disagreement_id: Any, data: schemas.Escalation
) -> dict[str, Any]:
    """Move an open disagreement to its next stage, with that stage's deadline."""
    access, row = await _disagreement_access(principal, disagreement_id)
    rules.require_open(row["status"])
    stage = rules.next_stage(row["stage"])
    today = _today()
    deadline = (await local_rules.stage_rules(access.family_id)).deadline(stage, today)
    outcome = data.outcome.strip() or f"Not settled by the {row['stage'].replace('_', ' ')}"
    revision = row["revision"] if data.revision is None else data.revision
    async with change() as work:
        await work.update(
            Disagreement,
            row["id"],
            revision,
            {Disagreement.stage: stage, Disagreement.stage_deadline: deadline},
            "disagreement",
            present=disagreement_out,
        )
        await DisagreementStage.update(
            {DisagreementStage.ended_on: today, DisagreementStage.outcome: outcome}
        ).where(
            (DisagreementStage.disagreement == row["id"])
            & (DisagreementStage.stage == row["stage"])
            & DisagreementStage.ended_on.is_null()
        )
        await _start_stage(access.family_id, row["id"], stage, today, deadline)
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action="disagreement.escalated",
            record_type="disagreement",
            record_id=row["id"],
            family=access.family_id,
            before={"stage": row["stage"], "stage_deadline": row["stage_deadline"]},
            after={"stage": stage, "stage_deadline": deadline, "outcome": outcome},
        )
        work.event(access.family_id, "disagreement.changed", row["id"])
    return await document(row["id"])


async def resolve(
    principal: Principal, disagreement_id: Any, data: schemas.Resolution
) -> dict[str, Any]:
    access, row = await _disagreement_access(principal, disagreement_id)
    rules.require_open(row["status"])
    resolution = data.resolution.strip()
    if not resolution:
        raise Invalid("resolution", "say how the disagreement was resolved")
    today = _today()
    revision = row["revision"] if data.revision is None else data.revision
    async with change() as work:
        await work.update(
            Disagreement,
            row["id"],
            revision,
            {
                Disagreement.status: "resolved",
                Disagreement.resolved_on: today,
                Disagreement.resolution: resolution,
            },
            "disagreement",
            present=disagreement_out,
        )
        await DisagreementStage.update(
            {DisagreementStage.ended_on: today, DisagreementStage.outcome: resolution}
        ).where(
            (DisagreementStage.disagreement == row["id"]) & DisagreementStage.ended_on.is_null()
        )
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action="disagreement.resolved",
            record_type="disagreement",
            record_id=row["id"],
            family=access.family_id,
            before={"status": row["status"], "stage": row["stage"]},
            after={"status": "resolved", "resolved_on": today, "resolution": resolution},
        )
        work.event(access.family_id, "disagreement.changed", row["id"])
    return await document(row["id"])
