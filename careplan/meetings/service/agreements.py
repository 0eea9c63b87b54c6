"""A family member's answer to the view of the plan they were given, and the team's reading
of the answers: answering, the members' answers with their history, the answers no
professional has seen yet, and marking one as seen.

An answer is never changed: a changed answer is a new row that `replaces` the last one, so
the history is the rows in order. The same answer sent again (a double tap, a retry after a
lost reply) is kept once: the reply is the answer already kept (`rules.is_repeat`).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from careplan.access import permissions
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.lib.errors import Conflict, Duplicate, NotFound, PlanClosed
from careplan.lib.uow import Work, change
from careplan.meetings import rules, schemas
from careplan.meetings.queries import people, plans
from careplan.meetings.queries.answers import among_latest
from careplan.meetings.service.presenting import agreement_out
from careplan.meetings.tables import Agreement, AnswerSeen
from careplan.notify import service as notify
from careplan.plans import service as plan_service


def agreement_query() -> Any:
    return Agreement.select(
        *Agreement.all_columns(), Agreement.version.number.as_alias("version_number")
    )


async def _agreement(agreement_id: uuid.UUID) -> dict[str, Any]:
    return agreement_out(await agreement_query().where(Agreement.id == agreement_id).first())


async def _last_answer(member_id: uuid.UUID, plan_id: uuid.UUID) -> dict[str, Any] | None:
    row = (
        await agreement_query()
        .where((Agreement.member == member_id) & (Agreement.plan == plan_id))
        .order_by(Agreement.created_at, ascending=False)
        .first()
    )
    return None if row is None else agreement_out(row)


# The namespace of the advisory locks that put one member's answers one after the other.
ANSWER_LOCK = 15


async def _one_answer_at_a_time(member_id: uuid.UUID) -> None:
    """Inside the change: a member's answers go one after the other until it commits, so the
    second of a double tap sent at once finds the first as the last answer. SQLite's
    BEGIN IMMEDIATE already serialises writers; PostgreSQL takes a transaction lock on the
    member (the family's row is bumped only at commit, so it orders nothing here)."""
    if Agreement._meta.db.engine_type == "sqlite":
        return
    await Agreement.raw(
        "SELECT pg_advisory_xact_lock({}, hashtext({}))", ANSWER_LOCK, str(member_id)
    )


async def _closed(plan_id: uuid.UUID) -> PlanClosed | None:
    """Whether the plan is closed. Its episode's row is held from here to the commit, as in
    every change to a plan, so a close, a share and this answer go one after the other."""
    try:
        await plan_service.require_open_plan(plan_id)
    except PlanClosed as closed:
        return closed
    return None


def _check_view(
    view: dict[str, Any] | None, plan_id: uuid.UUID, data: schemas.NewAgreement
) -> dict[str, Any]:
    """The view answered must be the member's latest (409 with it otherwise), and each
    comment must be about an item of it."""
    if view is None:
        raise NotFound("view")
    if data.view_sha256 != view["sha256"]:
        raise Conflict(
            "view",
            {
                "plan": plan_id,
                "version": view["number"],
                "version_sha256": view["version_sha256"],
                "view_sha256": view["sha256"],
            },
        )
    bad = rules.unknown_item_comment(
        json.loads(view["content"]), [c.item for c in data.item_comments]
    )
    if bad is not None:
        raise NotFound(f"item_comments[{bad}].item")
    return view


async def answer_plan(
    principal: Principal, plan_id: Any, data: schemas.NewAgreement
) -> dict[str, Any]:
    """A member answers their own latest view of the plan; a changed answer is a new row, the
    same answer again is kept once (the reply is the answer kept)."""
    access = await plans.plan_access(principal, plan_id)
    if not access.is_member or access.member_id is None:
        raise NotFound("plan")
    plan_uuid = uuid.UUID(str(plan_id))
    rules.check_answer(data.answer, data.words, len(data.item_comments))
    comments = rules.item_comments((c.item, c.comment) for c in data.item_comments)
    async with change() as work:
        closed = await _closed(plan_uuid)
        await _one_answer_at_a_time(access.member_id)
        view = await plans.latest_view(access.member_id, plan_uuid)
        last = await _last_answer(access.member_id, plan_uuid)
        if (
            last is not None
            and view is not None
            and rules.is_repeat(
                last,
                current_view=view["sha256"],
                view_sha256=data.view_sha256,
                answer=data.answer,
                words=data.words,
                comments=comments,
            )
        ):
            return last
        if closed is not None:
            raise closed  # a closed plan takes no new answer (409)
        view = _check_view(view, plan_uuid, data)
        agreement_id = await _keep_answer(
            work, principal, access, plan_uuid, view, last, data, comments
        )
    return await _agreement(agreement_id)


async def _keep_answer(
    work: Work,
    principal: Principal,
    access: FamilyAccess,
    plan_id: uuid.UUID,
    view: dict[str, Any],
    last: dict[str, Any] | None,
    data: schemas.NewAgreement,
    comments: list[dict[str, str]],
) -> uuid.UUID:
    """Store the answer; a disagreement tells the key worker (ids only)."""
    agreement_id = uuid.uuid4()
    await Agreement(
        id=agreement_id,
        family=access.family_id,
        plan=plan_id,
        version=view["version"],
        family_view=view["id"],
        member=access.member_id,
        answer=data.answer,
        words=data.words,
        item_comments=json.dumps(comments),
        version_sha256=view["version_sha256"],
        view_sha256=view["sha256"],
        answered_by=principal.person_id,
        replaces=last["id"] if last else None,
    ).save()
    if data.answer == "disagree":
        key_worker = await people.key_worker(access.family_id)
        if key_worker is not None:
            await notify.enqueue(
                key_worker,
                "agreement.disagreed",
                family_id=access.family_id,
                ids={"agreement": agreement_id, "plan": plan_id, "member": access.member_id},
            )
    work.touch(access.family_id)
    await work.audit(
        actor=principal.person_id,
        action="agreement.answered",
        record_type="agreement",
        record_id=agreement_id,
        family=access.family_id,
        before=None if last is None else {"answer": last["answer"]},
        after={
            "answer": data.answer,
            "version": view["number"],
            "view_sha256": view["sha256"],
            "replaces": last["id"] if last else None,
            "item_comments": len(data.item_comments),
        },
    )
    work.event(access.family_id, "agreement.answered", agreement_id)
    return agreement_id


async def list_agreements(principal: Principal, plan_id: Any) -> dict[str, Any]:
    """Every member's answers to this plan, newest last, with the view each last received."""
    access = await plans.professional_plan_access(principal, plan_id, edit=False)
    plan_uuid = uuid.UUID(str(plan_id))
    answers = (
        await agreement_query().where(Agreement.plan == plan_uuid).order_by(Agreement.created_at)
    )
    latest_view = await plans.latest_views(plan_uuid)
    members = await people.members_of_family(access.family_id)
    seen = await seen_of([row["id"] for row in answers])
    history: dict[Any, list[dict[str, Any]]] = {}
    for row in answers:
        history.setdefault(row["member"], []).append(
            {**agreement_out(row), "seen": seen.get(row["id"])}
        )
    out = []
    for member in members:
        if member["id"] not in latest_view and member["id"] not in history:
            continue
        view = latest_view.get(member["id"])
        answered = history.get(member["id"], [])
        current = answered[-1] if answered else None
        out.append(
            {
                "member": member["id"],
                "name": member["known_as"] or member["given_name"],
                "role": member["role"],
                "latest_view": None
                if view is None
                else {"version": view["number"], "sha256": view["sha256"]},
                "current": current,
                "answered_latest_view": bool(
                    current and view and current["view_sha256"] == view["sha256"]
                ),
                "history": answered,
            }
        )
    return {"plan": plan_uuid, "members": out}


async def standing_disagreements(plan_id: uuid.UUID) -> list[dict[str, Any]]:
    """For a meeting's agenda: each member whose latest answer to the plan is "disagree"."""
    answers = (
        await agreement_query().where(Agreement.plan == plan_id).order_by(Agreement.created_at)
    )
    latest = {row["member"]: row for row in answers}
    return [agreement_out(row) for row in latest.values() if row["answer"] == "disagree"]


# ---------------------------------------------------------------------------- answers seen


async def seen_of(agreement_ids: list[Any]) -> dict[Any, dict[str, Any]]:
    """agreement -> who saw it and when, for those a professional has marked as seen."""
    if not agreement_ids:
        return {}
    rows = await AnswerSeen.select(
        AnswerSeen.agreement,
        AnswerSeen.created_at,
        AnswerSeen.seen_by,
        AnswerSeen.seen_by.name.as_alias("seen_by_name"),
    ).where(AnswerSeen.agreement.is_in(agreement_ids))
    return {
        row["agreement"]: {
            "by": row["seen_by"],
            "by_name": row["seen_by_name"],
            "at": row["created_at"],
        }
        for row in rows
    }


def _full_name(member: dict[str, Any]) -> str:
    names = (member.get("known_as") or member.get("given_name"), member.get("family_name"))
    return " ".join(part for part in names if part)


async def new_answers(principal: Principal, plan_id: Any) -> list[dict[str, Any]]:
    """Each family member's latest answer to the plan that no professional has marked as
    seen yet, disagreements first: what the editor shows at its top."""
    await plans.professional_plan_access(principal, plan_id, edit=False)
    plan_uuid = uuid.UUID(str(plan_id))
    # Each member's latest answer and the one before it (what the editor shows), not all.
    answers = (
        await agreement_query()
        .where((Agreement.plan == plan_uuid) & among_latest(2))
        .order_by(Agreement.created_at)
    )
    latest: dict[Any, dict[str, Any]] = {}
    before: dict[Any, dict[str, Any]] = {}
    for row in answers:
        if row["member"] in latest:
            before[row["member"]] = latest[row["member"]]
        latest[row["member"]] = row
    seen = await seen_of([row["id"] for row in latest.values()])
    unseen = [row for row in latest.values() if row["id"] not in seen]
    if not unseen:
        return []
    names = await people.member_names(row["member"] for row in unseen)
    out = []
    for row in unseen:
        was = before.get(row["member"])
        out.append(
            {
                **agreement_out(row),
                "name": _full_name(names.get(row["member"], {})),
                "before": None
                if was is None
                else {"answer": was["answer"], "version": was["version_number"]},
            }
        )
    out.sort(key=lambda a: (a["answer"] != "disagree", a["created_at"]))
    return out


async def mark_answer_seen(
    principal: Principal, agreement_id: Any, plan_id: Any = None
) -> dict[str, Any]:
    """A professional working with the family has seen this answer: recorded once, with who
    and when, and audited. Marking it again (a double click, a colleague at the same moment)
    answers with the record already there."""
    access = await permissions.access_to_record(principal, Agreement, agreement_id, "agreement")
    if access.is_member:
        raise NotFound("agreement")
    access.require_editor()
    agreement = await agreement_query().where(Agreement.id == uuid.UUID(str(agreement_id))).first()
    if plan_id is not None and str(agreement["plan"]) != str(plan_id):
        raise NotFound("agreement")
    found = await seen_of([agreement["id"]])
    new = agreement["id"] not in found
    if new:
        try:
            await _keep_seen(principal, access, agreement)
        except Duplicate:
            new = False  # someone marked it at the same moment: theirs is the record
        found = await seen_of([agreement["id"]])
    return {"agreement": agreement_out(agreement), "seen": found[agreement["id"]], "new": new}


async def _keep_seen(principal: Principal, access: FamilyAccess, agreement: dict[str, Any]) -> None:
    async with change() as work:
        await AnswerSeen(
            id=uuid.uuid4(),
            family=access.family_id,
            agreement=agreement["id"],
            seen_by=principal.person_id,
        ).save()
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action="agreement.seen",
            record_type="agreement",
            record_id=agreement["id"],
            family=access.family_id,
            after={"seen_by": principal.person_id, "answer": agreement["answer"]},
        )
        work.event(access.family_id, "agreement.seen", agreement["id"])
