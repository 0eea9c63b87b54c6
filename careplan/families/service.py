"""Families' use cases: families, members, teams, episodes, the timeline.

Each use case checks access through `careplan.access.permissions`, runs in one write
transaction with its audit event (`careplan.lib.uow.change`), and bumps the family's revision.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import msgspec

from careplan.access import authority, permissions
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.audit import service as audit
from careplan.families import rules, schemas
from careplan.families.queries import family as family_reads
from careplan.families.queries import tenancy
from careplan.families.rules import (
    Decision,
    ObjectiveState,
    check_case_reference,
    check_nhs_number,
    closure_decisions,
    member_view,
)
from careplan.families.tables import (
    ClosureChallenge,
    Episode,
    EpisodeChild,
    Family,
    Member,
    TeamMember,
)
from careplan.lib import events
from careplan.lib.errors import Forbidden, Invalid, NotFound, Refused
from careplan.lib.uow import change, repeat_on_duplicate, touch_family, update_at_revision
from careplan.plans import service as plans
from careplan.tenancy import service as tenancy_service

HIDDEN = "an objective for named agencies only (one of them must decide it)"


def check_date(
    field: str, value: dt.date | None, *, future_days: int = 0, past_years: int | None = None
) -> None:
    years = rules.MAX_PAST_YEARS if past_years is None else past_years
    rules.check_date(field, value, dt.date.today(), future_days=future_days, past_years=years)


def _practice_authority(principal: Principal) -> uuid.UUID:
    authorities = principal.authorities_as("practitioner") | principal.authorities_as("manager")
    if len(authorities) != 1:
        raise Forbidden("Only a practitioner of one local authority can start a family's record")
    return next(iter(authorities))


async def list_families(principal: Principal) -> list[dict[str, Any]]:
    """The families the principal may open. A professional gets the record's list fields; a
    family member only what their own view allows: their family's id and name, and which
    member of it they are (never the council's case reference or the record's revision)."""
    ids = await permissions.visible_family_ids(principal)
    if not ids:
        return []
    if not principal.is_professional:
        names = {
            row["id"]: row["name"]
            for row in await Family.select(Family.id, Family.name).where(Family.id.is_in(ids))
        }
        mine = []
        for family_id in ids:
            access = await permissions.family_access(principal, family_id)
            mine.append({"id": family_id, "name": names[family_id], "member": access.member_id})
        return sorted(mine, key=lambda family: family["name"])
    rows = (
        await Family.select(
            Family.id, Family.name, Family.case_reference, Family.revision, Family.updated_at
        )
        .where(Family.id.is_in(ids))
        .order_by(Family.name)
    )
    return rows


async def start_refusal(principal: Principal) -> str | None:
    """Why this professional may not start a family's record (what a 403 would say), or None
    when they may (careplan.access.authority)."""
    if not principal.is_professional or principal.agency_id is None:
        return "Only a professional can start a family's record"
    try:
        local_authority = _practice_authority(principal)
    except Forbidden as error:
        return error.detail
    return await authority.start_refusal(principal, local_authority)


async def create_family(principal: Principal, data: schemas.NewFamily) -> dict[str, Any]:
    if not principal.is_professional or principal.agency_id is None:
        raise Forbidden("Only a professional can start a family's record")
    local_authority = _practice_authority(principal)
    await authority.require_to_start(principal, local_authority)
    check_case_reference("case_reference", data.case_reference)
    for index, member in enumerate(data.members):
        check_date(
            f"members[{index}].date_of_birth",
            member.date_of_birth,
            past_years=rules.MAX_AGE_YEARS,
        )
        check_nhs_number(f"members[{index}].nhs_number", member.nhs_number)
    today = dt.date.today()
    family = Family(
        id=uuid.uuid4(),
        local_authority=local_authority,
        name=data.name.strip(),
        case_reference=data.case_reference,
    )
    async with change():
        await family.save()
        for member in data.members:
            values = {**msgspec.structs.asdict(member), "from_date": member.from_date or today}
            await Member(id=uuid.uuid4(), family=family.id, **values).save()
        await TeamMember(
            id=uuid.uuid4(),
            family=family.id,
            person=principal.person_id,
            agency=principal.agency_id,
            role=data.my_role,
            key_worker=True,
            joined_on=today,
            added_by=principal.person_id,
        ).save()
        await audit.record(
            actor=principal.person_id,
            action="family.created",
            record_type="family",
            record_id=family.id,
            family=family.id,
            local_authority=local_authority,
            after={"name": family.name, "members": len(data.members)},
        )
    return await get_family(principal, family.id)


async def get_family(principal: Principal, family_id: Any) -> dict[str, Any]:
    access = await permissions.professional_access(principal, family_id)
    family = await family_reads.family_and_team(access.family_id)
    if family is None:  # the access check found it: only a concurrent delete, never made
        raise NotFound("family")
    members = await family_reads.members_of(access.family_id)
    return {
        "id": family["id"],
        "name": family["name"],
        "case_reference": family["case_reference"],
        "revision": family["revision"],
        "members": [member_view(m) for m in members],
        "team": family["team"],
        "your_access": access.via,
    }


async def patch_family(
    principal: Principal, family_id: Any, data: schemas.FamilyPatch
) -> dict[str, Any]:
    access = (await permissions.professional_access(principal, family_id)).require_editor()
    values: dict[Any, Any] = {}
    if data.name is not None:
        values[Family.name] = data.name.strip()
    if data.case_reference is not None:
        check_case_reference("case_reference", data.case_reference)
        values[Family.case_reference] = data.case_reference
    async with change():
        before = (
            await Family.select(Family.name, Family.case_reference)
            .where(Family.id == access.family_id)
            .first()
        )
        after = await update_at_revision(Family, access.family_id, data.revision, values, "family")
        await audit.record(
            actor=principal.person_id,
            action="family.changed",
            record_type="family",
            record_id=access.family_id,
            family=access.family_id,
            before=before,
            after={"name": after["name"], "case_reference": after["case_reference"]},
        )
        events.add(access.family_id, "family.changed", access.family_id)
    return await get_family(principal, access.family_id)


@repeat_on_duplicate
async def add_team_member(
    principal: Principal, family_id: Any, data: schemas.NewTeamMember
) -> dict[str, Any]:
    access = (await permissions.professional_access(principal, family_id)).require_editor()
    await authority.require(access, "team.add")
    if data.key_worker:
        await authority.require(access, "team.key_worker")
    person = await tenancy.person(data.person)
    if person is None or person["kind"] != "professional" or not person["active"]:
        raise NotFound("professional")
    works_here = await tenancy.works_for(person["agency"], access.local_authority_id)
    if not works_here:
        raise NotFound("professional")
    already = await TeamMember.exists().where(
        (TeamMember.family == access.family_id)
        & (TeamMember.person == data.person)
        & TeamMember.left_on.is_null()
    )
    if already:
        raise Invalid("person", "is already on this family's team")
    row_id = uuid.uuid4()
    async with change():
        if data.key_worker:
            # Handing over: the current key worker stays on the team, no longer key worker.
            await TeamMember.update({TeamMember.key_worker: False}).where(
                (TeamMember.family == access.family_id) & TeamMember.left_on.is_null()
            )
        await TeamMember(
            id=row_id,
            family=access.family_id,
            person=data.person,
            agency=person["agency"],
            role=data.role,
            key_worker=data.key_worker,
            joined_on=dt.date.today(),
            added_by=principal.person_id,
        ).save()
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="team.joined",
            record_type="team_member",
            record_id=row_id,
            family=access.family_id,
            after={"person": data.person, "role": data.role, "key_worker": data.key_worker},
        )
        events.add(access.family_id, "team.changed", row_id)
    return await get_family(principal, access.family_id)


async def _episode_kind(local_authority: uuid.UUID, code: str) -> dict[str, Any]:
    kind = await tenancy.episode_kind(local_authority, code)
    if kind is None:
        raise Invalid("kind", f"{code!r} is not an episode kind of this local authority")
    return kind


async def open_episode(
    principal: Principal, family_id: Any, data: schemas.NewEpisode
) -> dict[str, Any]:
    access = (await permissions.professional_access(principal, family_id)).require_editor()
    check_date("opened_on", data.opened_on, future_days=0)
    kind = await _episode_kind(access.local_authority_id, data.kind)
    await authority.require(access, "episode.open", data.kind)
    children = [c.member for c in data.children]
    if len(set(children)) != len(children):
        raise Invalid("children", "name each child once")
    await permissions.require_same_family(Member, children, access.family_id, "children")
    if data.previous is not None:
        await permissions.require_same_family(
            Episode, [data.previous], access.family_id, "previous"
        )
    open_same = await Episode.exists().where(
        (Episode.family == access.family_id)
        & (Episode.kind == data.kind)
        & Episode.closed_on.is_null()
    )
    if open_same:
        raise Invalid("kind", f"this family already has an open {kind['label'].lower()} episode")
    previous = data.previous or await _last_closed_episode(access.family_id)
    episode_id = uuid.uuid4()
    async with change():
        await Episode(
            id=episode_id,
            family=access.family_id,
            kind=data.kind,
            opened_on=data.opened_on,
            open_reason=data.reason,
            opened_by=principal.person_id,
            previous=previous,
            link=data.link if previous else None,
        ).save()
        for child in data.children:
            await EpisodeChild(
                id=uuid.uuid4(),
                family=access.family_id,
                episode=episode_id,
                member=child.member,
                category=child.category,
            ).save()
        plan_id = await plans.start_plan(
            access, episode_id, kind["plan_kind"], data.carry_over, principal
        )
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="episode.opened",
            record_type="episode",
            record_id=episode_id,
            family=access.family_id,
            after={
                "kind": data.kind,
                "opened_on": data.opened_on,
                "previous": previous,
                "plan": plan_id,
                "carried": [str(t) for t in data.carry_over],
            },
        )
        events.add(access.family_id, "episode.opened", episode_id)
    return await get_episode(principal, episode_id)


async def _last_closed_episode(family_id: uuid.UUID) -> uuid.UUID | None:
    row = (
        await Episode.select(Episode.id)
        .where((Episode.family == family_id) & Episode.closed_on.is_not_null())
        .order_by(Episode.closed_on, ascending=False)
        .first()
    )
    return row["id"] if row else None


async def get_episode(principal: Principal, episode_id: Any) -> dict[str, Any]:
    access = await permissions.access_to_record(principal, Episode, episode_id, "episode")
    if access.is_member:
        raise NotFound("episode")
    episode = await Episode.select().where(Episode.id == uuid.UUID(str(episode_id))).first()
    children = await EpisodeChild.select(EpisodeChild.member, EpisodeChild.category).where(
        EpisodeChild.episode == episode["id"]
    )
    plan_id = await plans.plan_id_of_episode(episode["id"])
    return {**_episode_summary(episode), "children": children, "plan": plan_id}


def _episode_summary(row: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "id",
        "kind",
        "opened_on",
        "open_reason",
        "previous",
        "link",
        "closed_on",
        "close_outcome",
        "close_reason",
        "revision",
    )
    return {key: row[key] for key in keys}


async def record_challenge(
    principal: Principal, episode_id: Any, data: schemas.Challenge
) -> dict[str, Any]:
    """A manager's recorded challenge, needed before closing because consent was withdrawn."""
    access, _ = await _episode_access(principal, episode_id)
    await authority.require(access, "closure.challenge")
    challenge_id = uuid.uuid4()
    async with change():
        await ClosureChallenge(
            id=challenge_id,
            family=access.family_id,
            episode=uuid.UUID(str(episode_id)),
            manager=principal.person_id,
            challenge=data.challenge,
            response=data.response,
        ).save()
        await audit.record(
            actor=principal.person_id,
            action="episode.challenged",
            record_type="closure_challenge",
            record_id=challenge_id,
            family=access.family_id,
            after={"challenge": data.challenge},
        )
    return {"id": challenge_id, "episode": episode_id}


async def _episode_access(principal: Principal, episode_id: Any) -> tuple[FamilyAccess, str]:
    """A professional's access to an episode's family, and the episode's kind."""
    access, row = await permissions.record_access(
        principal, Episode, episode_id, "episode", *_EPISODE_KIND
    )
    if access.is_member:
        raise NotFound("episode")
    return access, row["kind"]


_EPISODE_KIND = (Episode.id, Episode.kind)


async def challenge_refusal(principal: Principal, episode_id: Any) -> str | None:
    """Why this professional may not record a manager's challenge to closing the episode,
    or None when they may (careplan.access.authority)."""
    access, _ = await _episode_access(principal, episode_id)
    return await authority.refusal(access, "closure.challenge")


async def challenges_of(principal: Principal, episode_id: Any) -> list[dict[str, Any]]:
    """The managers' challenges to closing the episode, oldest first: who, when, what."""
    await _episode_access(principal, episode_id)  # 404 for anyone who may not see it
    return await family_reads.challenges_of(uuid.UUID(str(episode_id)))


async def close_refusal(principal: Principal, episode_id: Any) -> str | None:
    """Why this professional may not close the episode (what a 403 would say), or None when
    they may (careplan.access.authority)."""
    access, kind = await _episode_access(principal, episode_id)
    return await authority.refusal(access, "episode.close", kind)


async def local_authority_of(principal: Principal, episode_id: Any) -> uuid.UUID:
    """The local authority of an episode's family (404 for anyone who may not see it)."""
    access, _ = await _episode_access(principal, episode_id)
    return access.local_authority_id


@dataclass(frozen=True)
class Closing:
    """A closure checked against the episode as it is now: who asks (`access`), the episode's
    row, the objectives open as they saw them (`seen`) and every decision (`given`: the ones
    asked for, and those carried for agencies the closer may not see)."""

    access: FamilyAccess
    episode: dict[str, Any]
    seen: list[dict[str, Any]]
    given: list[tuple[str, str, str]]


async def check_closing(
    principal: Principal, episode_id: Any, data: schemas.CloseEpisode
) -> Closing:
    """Everything a close checks before it writes: access (404), authority (403), the dates,
    a manager's challenge for withdrawn consent, a decision for every open objective."""
    access = await permissions.access_to_record(principal, Episode, episode_id, "episode")
    if access.is_member:
        raise NotFound("episode")
    access.require_editor()
    episode = await Episode.select().where(Episode.id == uuid.UUID(str(episode_id))).first()
    await authority.require(access, "episode.close", episode["kind"])
    if episode["closed_on"] is not None:
        raise Invalid("closed_on", "this episode is already closed")
    if data.closed_on < episode["opened_on"]:
        raise Invalid("closed_on", "cannot be before the episode opened")
    check_date("closed_on", data.closed_on)
    if data.outcome == "consent_withdrawn":
        challenged = await ClosureChallenge.exists().where(
            ClosureChallenge.episode == episode["id"]
        )
        if not challenged:
            raise Invalid(
                "outcome",
                "closing because consent was withdrawn needs a manager's recorded challenge first",
            )
    given = [(str(d.id), d.decision, d.reason) for d in data.objectives]
    seen = await plans.open_objectives_of_episode(episode["id"])
    given += _carried_for_others(access, seen, given)
    closure_decisions(
        [
            # One the closer may not see is never named to them, not even in a refusal.
            ObjectiveState(str(o["id"]), o["title"] if access.sees(o["audience"]) else HIDDEN)
            for o in seen
        ],
        given,
    )
    return Closing(access, episode, seen, given)


async def carry_out_close(
    closing: Closing,
    principal: Principal,
    data: schemas.CloseEpisode,
    *,
    closed_by: uuid.UUID,
    approval: uuid.UUID | None = None,
) -> None:
    """Close the episode as checked (`check_closing`), in one change with its audit event:
    by `principal`, in the name of `closed_by` (who asked, when a manager approves it)."""
    access, episode, seen, given = closing.access, closing.episode, closing.seen, closing.given
    async with change():
        # The episode's row first: from here until commit no change to its plan is under way
        # (each one holds this row, see plans.episode_of_plan_held), and any that comes finds
        # the plan closed. So the objectives read next are all there will be (invariant 5).
        await update_at_revision(
            Episode,
            episode["id"],
            episode["revision"],
            {
                Episode.closed_on: data.closed_on,
                Episode.close_outcome: data.outcome,
                Episode.close_reason: data.reason,
                Episode.closed_by: closed_by,
            },
            "episode",
        )
        now_open = await plans.open_objectives_of_episode(episode["id"])
        decisions = _decisions_now(access, seen, now_open, given)
        await plans.decide_objectives(access, decisions, data.closed_on, principal)
        touch_family(access.family_id)
        await audit.record(
            actor=principal.person_id,
            action="episode.closed",
            record_type="episode",
            record_id=episode["id"],
            family=access.family_id,
            after={
                "closed_on": data.closed_on,
                "outcome": data.outcome,
                "decisions": [d.__dict__ for d in decisions],
                **({"closed_by": closed_by, "approval": approval} if approval else {}),
            },
        )
        events.add(access.family_id, "episode.closed", episode["id"])


@dataclass(frozen=True)
class Closed:
    """What asking to close gives: the episode closed, or (when the closure needs a
    manager's approval: careplan.access.authority) the request waiting for one."""

    episode: dict[str, Any] | None = None
    approval: dict[str, Any] | None = None


async def close_episode(
    principal: Principal, episode_id: Any, data: schemas.CloseEpisode
) -> Closed:
    """Close an episode, deciding every open objective; or, when the local authority's rule
    says this closure needs a manager's approval and the closer may not approve it, record
    the request instead (careplan.families.services.approvals): the episode stays open."""
    closing = await check_closing(principal, episode_id, data)
    if await authority.needs_approval(closing.access, data.outcome, closing.episode["kind"]):
        from careplan.families.services import approvals  # it builds on this module

        return Closed(approval=await approvals.ask(principal, closing, data))
    async with change():
        await carry_out_close(closing, principal, data, closed_by=principal.person_id)
        from careplan.families.services import approvals

        await approvals.withdraw_waiting(principal, closing)
    return Closed(episode=await get_episode(principal, closing.episode["id"]))


APPROVAL_KEYS = (
    "approval_state",
    "approval_asked_by",
    "approval_asked_at",
    "approval_decided_by",
    "approval_decided_at",
    "approval_reason",
)
CARRIED_FOR_OTHERS = "Carried for the agencies it is for: they decide it"


def _carried_for_others(
    access: FamilyAccess, seen: list[dict[str, Any]], given: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """An open objective the closer may not see (for named agencies other than theirs) is
    carried, never decided by someone who cannot read it: its thread stays open for the
    agencies it is for. The closer is never told it is there."""
    named = {objective for objective, _, _ in given}
    return [
        (str(o["id"]), "carry", CARRIED_FOR_OTHERS)
        for o in seen
        if not access.sees(o["audience"]) and str(o["id"]) not in named
    ]


def _decisions_now(
    access: FamilyAccess,
    seen: list[dict[str, Any]],
    now_open: list[dict[str, Any]],
    given: list[tuple[str, str, str]],
) -> list[Decision]:
    """The closing decisions against the objectives open now, inside the close's transaction.
    One added (or reopened) since the person looked is refused as a conflict (409), named
    (unless the closer may not see it: then it is never named to them)."""

    def title(o: dict[str, Any]) -> str:
        return o["title"] if access.sees(o["audience"]) else HIDDEN

    try:
        return closure_decisions([ObjectiveState(str(o["id"]), title(o)) for o in now_open], given)
    except Invalid as error:
        known = {o["id"] for o in seen}
        added = [title(o) for o in now_open if o["id"] not in known]
        if added:
            names = ", ".join(f"“{title}”" for title in added)
            raise Refused(
                f"An objective was added to this plan while you were closing it: {names}. "
                "Nothing was closed. Decide it too, then close the episode.",
                field="objectives",
            ) from error
        raise Refused(
            f"The plan's objectives changed while you were closing it: {error.message}. "
            "Nothing was closed.",
            field=error.field,
        ) from error


async def timeline(
    principal: Principal, family_id: Any, *, with_plans: bool = False
) -> dict[str, Any]:
    """Every episode since the first, with each objective thread through them (and, with
    `with_plans`, each episode's plan, as `plan`: None for one without)."""
    access = await permissions.professional_access(principal, family_id)
    episodes = await family_reads.episodes_with_plans(access.family_id)
    threads = await plans.threads_of_family(access)
    return {
        "family": access.family_id,
        "episodes": [
            {
                **_episode_summary(e),
                "plan": e["plan"],
                "plan_state": e["plan_state"],  # issue 18: careplan.plans.states
                "closed_by_name": e["closed_by_name"],
                # Its latest request for a manager's approval of closing it, if any.
                **{key: e[key] for key in APPROVAL_KEYS},
            }
            if with_plans
            else _episode_summary(e)
            for e in episodes
        ],
        "threads": threads,
    }


async def episode_kinds(principal: Principal, family_id: Any) -> list[dict[str, Any]]:
    """The kinds of episode a family's local authority uses, for the pages' choices."""
    access = await permissions.professional_access(principal, family_id)
    return await tenancy.episode_kinds(access.local_authority_id)


async def member_account(member_id: uuid.UUID, actor: Any = None) -> uuid.UUID:
    """The member's portal account, made (kind "family", by tenancy) if they have none yet.
    Inside the caller's change(): the new account and its audit event commit with the
    invitation opened or the code used that needed it."""
    member = (
        await Member.select(
            Member.id,
            Member.family,
            Member.person,
            Member.given_name,
            Member.family_name,
            Member.known_as,
        )
        .where(Member.id == member_id)
        .first()
    )
    if member["person"] is not None:
        return member["person"]
    name = " ".join(
        part for part in (member["known_as"] or member["given_name"], member["family_name"]) if part
    )
    person_id = await tenancy_service.add_family_person(name)
    await Member.update({Member.person: person_id}, use_auto_update=False).where(
        Member.id == member_id
    )
    touch_family(member["family"])  # the member now has an account: the family page says so
    await audit.record(
        actor=actor,
        action="person.created",
        record_type="person",
        record_id=person_id,
        family=member["family"],
        after={"kind": "family", "member": member_id},
    )
    return person_id


# A family's members change (careplan.families.members): its own module, called through here.
from careplan.families.members import (  # noqa: E402
    add_member,
    change_member,
    family_of_member,
    may_change_members,
    require_member_change,
)

__all__ = [
    "add_member",
    "change_member",
    "family_of_member",
    "may_change_members",
    "require_member_change",
]
