"""A manager's approval of closing an episode (issue 17, item 3).

When a local authority's rule says a closure needs a manager's approval (England: closing a
child protection or looked-after episode; careplan.access.authority's approval rules) and the
closer may not approve it themselves, asking to close records the request as asked (the
date, the outcome, the reason, every objective's decision) and the episode stays open. At
most one request waits per episode.

A manager who may approve it (`closure.approve`: by default a manager of children's social
care, in the family's local authority, whose agency is on the team), and who did not ask,
either approves it (the episode closes exactly as asked, in the name of who asked, checked
again as it is then) or sends it back with a reason (whoever asked sees why, and may ask
again). Closing the episode some other way withdraws a waiting request. Each in one change
with its audit event; each bumps the family's revision (the family page and the caseload
say it).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from careplan.access import authority, permissions
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.audit import service as audit
from careplan.families import schemas
from careplan.families.queries import approvals as approval_reads
from careplan.families.service import HIDDEN, Closing, carry_out_close, check_closing
from careplan.families.tables import ClosureApproval, Episode
from careplan.lib import events
from careplan.lib.clock import utc_now
from careplan.lib.errors import Forbidden, Invalid, NotFound, Refused
from careplan.lib.uow import change, touch_family

HIDDEN_TITLE = HIDDEN  # an objective for named agencies the reader is not of
_EPISODE_KIND = (Episode.id, Episode.kind)
_APPROVAL_ID = (ClosureApproval.id,)
OWN = "You cannot approve your own request: another manager decides it"
DECIDED = {
    "approved": "This request was already approved: the episode is closed",
    "sent_back": "This request was already sent back",
    "withdrawn": "This request was withdrawn: the episode was closed some other way",
}


def _uuid(approval_id: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(approval_id))
    except ValueError as error:
        raise NotFound("approval") from error


_PUBLIC = tuple(schemas.ApprovalOut.__struct_fields__)


def public(row: dict[str, Any]) -> dict[str, Any]:
    """A request as the API gives it (schemas.ApprovalOut): the objectives' ids as ids."""
    out = {key: row[key] for key in _PUBLIC}
    out["objectives"] = [
        {"id": uuid.UUID(str(o["id"])), "decision": o["decision"], "reason": o["reason"]}
        for o in row["objectives"]
    ]
    return out


def _as_data(row: dict[str, Any]) -> schemas.CloseEpisode:
    """The closure exactly as it was asked for."""
    return schemas.CloseEpisode(
        closed_on=row["closed_on"],
        outcome=row["outcome"],
        reason=row["reason"],
        objectives=[
            schemas.ObjectiveDecision(
                id=uuid.UUID(o["id"]), decision=o["decision"], reason=o["reason"]
            )
            for o in row["objectives"]
        ],
    )


async def ask(principal: Principal, closing: Closing, data: schemas.CloseEpisode) -> dict:
    """Record a request to close, as checked (careplan.families.service.check_closing); a
    second while one waits is refused (409 naming who asked and when)."""
    episode = closing.episode
    waiting = await approval_reads.waiting_for(episode["id"])
    if waiting is not None:
        raise Refused(
            f"{waiting['requested_by_name']} already asked on "
            f"{waiting['requested_at']:%d %B %Y} to close this episode: a manager is deciding it",
            field="episode",
        )
    approval_id = uuid.uuid4()
    objectives = [
        {"id": objective, "decision": decision, "reason": reason}
        for objective, decision, reason in closing.given
    ]
    action = authority.approval_action(data.outcome)
    async with change():
        await ClosureApproval(
            id=approval_id,
            family=closing.access.family_id,
            episode=episode["id"],
            action=action,
            closed_on=data.closed_on,
            outcome=data.outcome,
            reason=data.reason,
            objectives=objectives,
            episode_revision=episode["revision"],
            requested_by=principal.person_id,
            requested_at=utc_now(),
        ).save()
        touch_family(closing.access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="approval.asked",
            record_type="closure_approval",
            record_id=approval_id,
            family=closing.access.family_id,
            after={
                "episode": episode["id"],
                "action": action,
                "closed_on": data.closed_on,
                "outcome": data.outcome,
                "objectives": objectives,
            },
        )
        events.add(closing.access.family_id, "approval.asked", approval_id)
    return await approval_reads.one(approval_id)


async def withdraw_waiting(principal: Principal, closing: Closing) -> None:
    """Inside a close's change: a request still waiting for the episode is withdrawn (it
    was closed some other way, by someone who needed no approval)."""
    withdrawn = (
        await ClosureApproval.update(
            {
                ClosureApproval.state: "withdrawn",
                ClosureApproval.decided_by: principal.person_id,
                ClosureApproval.decided_at: utc_now(),
                ClosureApproval.decision_reason: "The episode was closed without it",
            },
            use_auto_update=False,
        )
        .where(
            (ClosureApproval.episode == closing.episode["id"])
            & (ClosureApproval.state == "waiting")
        )
        .returning(ClosureApproval.id)
    )
    for row in withdrawn:
        await audit.record(
            actor=principal.person_id,
            action="approval.withdrawn",
            record_type="closure_approval",
            record_id=row["id"],
            family=closing.access.family_id,
            after={"state": "withdrawn"},
        )


async def _deciding(principal: Principal, approval_id: Any) -> tuple[FamilyAccess, dict]:
    """The request and the principal's access to its family: 404 for anyone who may not read
    the family; 403 naming who may for anyone who may not approve (or who asked it)."""
    access, _ = await permissions.record_access(
        principal, ClosureApproval, _uuid(approval_id), "approval", *_APPROVAL_ID
    )
    if access.is_member:
        raise NotFound("approval")
    row = await approval_reads.one(_uuid(approval_id))
    await authority.require(access, "closure.approve", row["episode_kind"])
    if row["requested_by"] == principal.person_id:
        raise Forbidden(OWN)
    return access, row


async def refusal(principal: Principal, approval_id: Any) -> tuple[dict, str | None]:
    """A request (404 for anyone who may not read its family; a family member too) and why
    the principal may not decide it (None when they may): what its page shows."""
    access, _ = await permissions.record_access(
        principal, ClosureApproval, _uuid(approval_id), "approval", *_APPROVAL_ID
    )
    if access.is_member:
        raise NotFound("approval")
    row = await approval_reads.one(_uuid(approval_id))
    refused = await authority.refusal(access, "closure.approve", row["episode_kind"])
    if refused is None and row["requested_by"] == principal.person_id:
        refused = OWN
    return row, refused


async def _settle(
    principal: Principal,
    access: FamilyAccess,
    row: dict[str, Any],
    state: str,
    reason: str | None,
) -> None:
    """Mark a waiting request decided (only if it still waits: two managers at once, one
    wins and the other is told it is decided)."""
    decided = (
        await ClosureApproval.update(
            {
                ClosureApproval.state: state,
                ClosureApproval.decided_by: principal.person_id,
                ClosureApproval.decided_at: utc_now(),
                ClosureApproval.decision_reason: reason,
            },
            use_auto_update=False,
        )
        .where((ClosureApproval.id == row["id"]) & (ClosureApproval.state == "waiting"))
        .returning(ClosureApproval.id)
    )
    if not decided:
        now = await approval_reads.one(row["id"])
        raise Refused(DECIDED.get(now["state"], "This request was already decided"))
    touch_family(access.family_id)
    await audit.record(
        actor=principal.person_id,
        action=f"approval.{state}",
        record_type="closure_approval",
        record_id=row["id"],
        family=access.family_id,
        after={"state": state, "reason": reason, "episode": row["episode"]},
    )
    events.add(access.family_id, f"approval.{state}", row["id"])


async def approve(principal: Principal, approval_id: Any) -> dict[str, Any]:
    """Approve a waiting request: the episode closes exactly as asked (closed by who asked,
    the approval recorded), checked again as it is now. If the episode changed since it was
    asked (closed, or changed otherwise), or the plan's objectives did, nothing is closed
    and the manager is told why (409): send it back instead."""
    access, row = await _deciding(principal, approval_id)
    if row["state"] != "waiting":
        raise Refused(DECIDED[row["state"]])
    episode = (
        await Episode.select(Episode.closed_on, Episode.revision)
        .where(Episode.id == row["episode"])
        .first()
    )
    if episode["closed_on"] is not None:
        raise Refused("This episode is already closed: send the request back", field="episode")
    if episode["revision"] != row["episode_revision"]:
        raise Refused(
            "This episode changed after the request was made: send it back so that it is "
            "asked again as the episode is now",
            field="episode",
        )
    data = _as_data(row)
    try:
        # Checked again as the episode is now, by the manager who approves it: their access
        # and authority to close, the dates, the challenge, every asked-for decision still
        # matching the objectives open (one added since refuses it).
        closing = await check_closing(principal, row["episode"], data)
    except (Invalid, NotFound, Forbidden) as error:
        message = error.message if isinstance(error, Invalid) else str(error)
        raise Refused(
            f"This closure cannot be made as it was asked now: {message}. Nothing was "
            "closed: send it back",
            field="episode",
        ) from error
    async with change():
        await _settle(principal, access, row, "approved", None)
        await carry_out_close(
            closing, principal, data, closed_by=row["requested_by"], approval=row["id"]
        )
    return await approval_reads.one(row["id"])


async def send_back(
    principal: Principal, approval_id: Any, data: schemas.SendBack
) -> dict[str, Any]:
    """Send a waiting request back with a reason (required): the episode stays open, whoever
    asked sees why on its close page, and may ask again."""
    reason = (data.reason or "").strip()
    access, row = await _deciding(principal, approval_id)
    if not reason:
        raise Invalid("reason", "say why you are sending it back")
    if row["state"] != "waiting":
        raise Refused(DECIDED[row["state"]])
    async with change():
        await _settle(principal, access, row, "sent_back", reason)
    return await approval_reads.one(row["id"])


async def queue(principal: Principal, *, waiting_only: bool = False) -> list[dict[str, Any]]:
    """A manager's queue: the requests they may decide (families of theirs, kinds they may
    approve, not their own), waiting first, oldest first; then the ones decided in the last
    28 days, newest first. Anyone who manages nothing has none (no read)."""
    if not principal.is_professional or not principal.authorities_as("manager"):
        return []
    families = await permissions.visible_families(principal)
    if not families:
        return []
    since = utc_now() - dt.timedelta(days=28)
    rows = await approval_reads.of_families(list(families), since, waiting_only=waiting_only)
    mine: list[dict[str, Any]] = []
    decided: dict[tuple[uuid.UUID, str], bool] = {}
    for row in rows:
        if row["requested_by"] == principal.person_id:
            continue
        key = (row["family"], row["episode_kind"])
        if key not in decided:
            try:
                access = await permissions.decide(principal, row["family"], row["local_authority"])
            except NotFound:
                decided[key] = False
            else:
                decided[key] = await authority.may(access, "closure.approve", row["episode_kind"])
        if decided[key]:
            mine.append(row)
    return mine


async def waiting_count(principal: Principal) -> int:
    """How many requests wait for this manager (the caseload's link says it)."""
    return len(await queue(principal, waiting_only=True))


async def of_episode(principal: Principal, episode_id: Any) -> dict[str, Any]:
    """The latest request to close an episode (None if none) and who would decide it (the
    managers' names), for its close page. 404 for anyone who may not read the episode."""
    access, row = await permissions.record_access(
        principal, Episode, episode_id, "episode", *_EPISODE_KIND
    )
    if access.is_member:
        raise NotFound("episode")
    kinds = await authority.approving_kinds(access.local_authority_id, row["kind"])
    managers = await approval_reads.approvers(access.family_id, access.local_authority_id)
    return {
        "latest": await approval_reads.latest_of(uuid.UUID(str(episode_id))),
        "approvers": [m["name"] for m in managers if m["agency_kind"] in kinds],
    }


async def needed(principal: Principal, episode_id: Any, outcome: str) -> bool:
    """Whether this professional closing the episode with `outcome` needs a manager's
    approval first (what its check page says before they confirm)."""
    access, row = await permissions.record_access(
        principal, Episode, episode_id, "episode", *_EPISODE_KIND
    )
    if access.is_member:
        raise NotFound("episode")
    return await authority.needs_approval(access, outcome, row["kind"])


def sent_to(approvers: list[str]) -> str:
    """Who a request goes to, in words: the one manager by name, or "your managers"."""
    return approvers[0] if len(approvers) == 1 else "your managers"
