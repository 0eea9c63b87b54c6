"""Sharing a version with the family: one family view per member (what their audience
includes, with its own canonical bytes and SHA-256), checked before it is made, and a
member's own view of the version last shared."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from careplan.access import authority, permissions
from careplan.access import members as family_members
from careplan.access.principal import Principal
from careplan.lib.clock import utc_now
from careplan.lib.errors import Conflict, NotFound, PlanClosed
from careplan.lib.uow import change, repeat_on_duplicate
from careplan.plans import rules
from careplan.plans.service.checking import plan_access, require_open_plan
from careplan.plans.service.versions import version_row
from careplan.plans.tables import FamilyView, PlanVersion


def _why_not(row: dict[str, Any]) -> str | None:
    """Why a member cannot read a view shared with them, or None when they can."""
    if row["portal_restricted"]:
        return "restricted"
    if row["person"] is None:
        return "no_account"
    if not row["account_active"]:
        return "account_closed"
    return None


def _share_member(
    row: dict[str, Any], existing: dict[str, Any] | None, document: dict[str, Any]
) -> dict[str, Any]:
    """One current member as sharing sees them (see `_share_members`)."""
    reads = rules.reads_the_portal(
        portal_restricted=row["portal_restricted"],
        has_account=row["person"] is not None,
        account_active=bool(row["account_active"]),
        current=True,
    )
    view: dict[str, Any] | None = None
    if existing is not None:
        view = {"sha256": existing["sha256"], "content": json.loads(existing["content"])}
    elif not row["portal_restricted"]:
        snapshot = rules.Snapshot.of(rules.family_view_document(document, str(row["id"])))
        view = {"sha256": snapshot.sha256, "content": json.loads(snapshot.text)}
    name = row["known_as"] or row["given_name"]
    return {
        "member": row["id"],
        "name": name,
        "full_name": " ".join(p for p in (name, row["family_name"]) if p),
        "role": row["role"],
        "has_account": row["person"] is not None,
        "person": row["person"],
        "reads_now": reads,
        "why_not": _why_not(row),
        "has_view": existing is not None,
        "gets_view": existing is None and view is not None,
        "view": view,
    }


async def _share_members(
    family_id: uuid.UUID, version: dict[str, Any], today: dt.date
) -> list[dict[str, Any]]:
    """Every current member of the family as a version's sharing sees them: their view (the
    one made already, or the one sharing would make), whether sharing makes it now, whether
    they can read it, and if not, why. Readers first, then by name."""
    rows = await family_members.members_of(family_id)
    made = {
        row["member"]: row
        for row in await FamilyView.select(
            FamilyView.member, FamilyView.sha256, FamilyView.content
        ).where(FamilyView.version == version["id"])
    }
    document = json.loads(version["content"])
    out = [
        _share_member(row, made.get(row["id"]), document)
        for row in rows
        # A member who has left the family is no longer shared with.
        if permissions.is_current(row["to_date"], today)
    ]
    out.sort(key=lambda m: (not m["reads_now"], m["name"]))
    return out


def _digest_of(members: list[dict[str, Any]]) -> str:
    return rules.share_digest(
        (str(m["member"]), m["view"]["sha256"], m["reads_now"]) for m in members if m["gets_view"]
    )


async def share_refusal(principal: Principal, plan_id: Any) -> str | None:
    """Why this professional may not share the plan's versions with the family (what a 403
    would say), or None when they may (careplan.access.authority)."""
    access, _ = await plan_access(principal, plan_id, edit=False)
    return await authority.refusal(access, "version.share")


async def share_preview(principal: Principal, plan_id: Any, number: int) -> dict[str, Any]:
    """Before sharing a version (issue 14): each member's view exactly as sharing makes it,
    made by the same rule (`rules.family_view_document`), who can read it and who cannot
    (and why), and the digest of what was checked, for `share_version(expected=...)`.
    Each view is given as `my_view` gives it to its member."""
    access, plan = await plan_access(principal, plan_id, edit=True, closed=True)
    await authority.require(access, "version.share")
    if plan["closed_on"] is not None:  # a closed plan's versions are no longer shared
        raise PlanClosed(plan["closed_on"])
    version = await version_row(plan["id"], number)
    members = await _share_members(access.family_id, version, dt.date.today())
    for member in members:
        if member["view"] is not None:
            member["view"] = {
                "family": access.family_id,
                "member": member["member"],
                "plan": plan["id"],
                "version": number,
                "version_sha256": version["sha256"],
                "id": None,
                **member["view"],
            }
    return {
        "plan": plan["id"],
        "family": access.family_id,
        "number": number,
        "sha256": version["sha256"],
        "label": version["label"],
        "shared_at": version["shared_at"],
        "members": members,
        "digest": _digest_of(members),
    }


async def _to_share(
    family_id: uuid.UUID, version: dict[str, Any], today: dt.date
) -> list[uuid.UUID]:
    """The current members who get a view of the version when it is shared now: each who has
    none yet, but not a portal-restricted member."""
    rows = await family_members.members_of(family_id)
    already = {
        row["member"]
        for row in await FamilyView.select(FamilyView.member).where(
            FamilyView.version == version["id"]
        )
    }
    return [
        member["id"]
        for member in rows
        if not member["portal_restricted"]
        and member["id"] not in already
        and permissions.is_current(member["to_date"], today)
    ]


async def _make_views(
    family_id: uuid.UUID, version: dict[str, Any], members: list[uuid.UUID]
) -> list[dict[str, Any]]:
    """Inside the change: the members' views of the version (member and SHA-256 each)."""
    document = json.loads(version["content"])
    made = []
    for member_id in members:
        view = rules.Snapshot.of(rules.family_view_document(document, str(member_id)))
        await FamilyView(
            id=uuid.uuid4(),
            family=family_id,
            version=version["id"],
            member=member_id,
            content=view.text,
            sha256=view.sha256,
        ).save()
        made.append({"member": member_id, "sha256": view.sha256})
    return made


@repeat_on_duplicate
async def share_version(
    principal: Principal, plan_id: Any, number: int, expected: str | None = None
) -> dict[str, Any]:
    """Make one family view per member (none for a portal-restricted member).

    `expected`: the digest of what the key worker checked (`share_preview`); if the views to
    be made or who can read them have changed since, nothing is shared (Conflict)."""
    access, plan = await plan_access(principal, plan_id, edit=True)
    await authority.require(access, "version.share")
    version = await version_row(plan["id"], number)
    today = dt.date.today()
    to_share = await _to_share(access.family_id, version, today)
    async with change() as work:
        await require_open_plan(plan["id"], plan["episode"])
        if expected is not None:
            checked = await _share_members(access.family_id, version, today)
            if _digest_of(checked) != expected:
                raise Conflict("recipients", {"number": number, "digest": _digest_of(checked)})
        made = await _make_views(access.family_id, version, to_share)
        if version["shared_at"] is None:
            await PlanVersion.update(
                {
                    PlanVersion.shared_at: utc_now(),
                    PlanVersion.shared_by: principal.person_id,
                }
            ).where(PlanVersion.id == version["id"])
        work.touch(access.family_id)
        await work.audit(
            actor=principal.person_id,
            action="version.shared",
            record_type="plan_version",
            record_id=version["id"],
            family=access.family_id,
            after={"number": number, "views": [str(m["member"]) for m in made]},
        )
        work.event(access.family_id, "version.shared", version["id"])
    views = await FamilyView.select(FamilyView.member, FamilyView.sha256).where(
        FamilyView.version == version["id"]
    )
    readers = [
        m["member"]
        for m in await _share_members(access.family_id, version, today)
        if m["reads_now"] and m["has_view"]
    ]
    # `views`: every view of the version; `readers`: the members who can read theirs now.
    return {"number": number, "sha256": version["sha256"], "views": views, "readers": readers}


async def my_view(principal: Principal, family_id: Any = None) -> dict[str, Any]:
    """A member's own view of the version last shared with their family."""
    if principal.is_professional:
        raise NotFound("view")
    family_ids = await permissions.visible_family_ids(principal)
    if family_id is not None:
        family_ids = [f for f in family_ids if str(f) == str(family_id)]
    for fid in family_ids:
        access = await permissions.family_access(principal, fid)
        row = (
            await FamilyView.select(
                *FamilyView.all_columns(),
                FamilyView.version.number.as_alias("number"),
                FamilyView.version.sha256.as_alias("version_sha256"),
                FamilyView.version.plan.as_alias("plan"),
            )
            .where(FamilyView.member == access.member_id)
            .order_by(FamilyView.created_at, ascending=False)
            .first()
        )
        if row is not None:
            return {
                "family": fid,
                "member": access.member_id,
                "plan": row["plan"],
                "version": row["number"],
                "version_sha256": row["version_sha256"],
                "sha256": row["sha256"],
                "content": json.loads(row["content"]),
                "id": row["id"],
            }
    raise NotFound("view")


def view_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What changed between two of a member's own views (the one they answered and the one
    they read now), entry by entry (`rules.diff`). Both are the member's already: no read."""
    return rules.diff(before, after)
