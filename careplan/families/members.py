"""A family's members change: a new baby or partner joins, a member's details change, a
membership ends, a member's portal closes or their address becomes confidential.

Each use case checks access (`careplan.access.permissions`: the family's team or its
managers) and authority (`careplan.access.authority`: "member.change", and "member.portal"
when `portal_restricted` or `address_confidential` change), runs in one write transaction
with its audit event, bumps the family's revision (every kept page and ETag of the family
moves on) and queues a live event.

Privacy here is a matter of safety: a parent may share a phone with the person they fear.
- Restricting a member closes their portal at once, in the same transaction: every session
  of theirs ends (their browser is told to clear what it kept at its next request) and
  every push subscription is revoked (`careplan.families.portal_accounts`). Sharing already
  makes no view for a restricted member, and access lets them read none.
- A confidential address never leaves the server: the API and the pages show only that it
  is confidential (`service.member_view`), and the audit event says that the address
  changed, never what it is.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import msgspec

from careplan.access import authority, permissions
from careplan.access.permissions import FamilyAccess
from careplan.access.principal import Principal
from careplan.audit import service as audit
from careplan.families import portal_accounts, schemas
from careplan.families.rules import MAX_AGE_YEARS, check_date, check_nhs_number, member_view
from careplan.families.tables import Member
from careplan.lib import events
from careplan.lib.errors import Invalid, NotFound
from careplan.lib.uow import change, require_revision, touch_family, update_at_revision

# Fields whose values an audit event never holds (it says only that they changed).
UNRECORDED = frozenset({"address", "phone"})
# The fields that change who can read the portal or see an address: "member.portal".
PORTAL_FIELDS = frozenset({"portal_restricted", "address_confidential"})


def _recorded(values: dict[str, Any]) -> dict[str, Any]:
    return {
        field: ("(changed)" if field in UNRECORDED and value else value)
        for field, value in values.items()
    }


async def _member_access(principal: Principal, member_id: Any) -> tuple[FamilyAccess, dict]:
    """The member's row and the principal's access to its family: 404 for anyone else."""
    access, row = await permissions.record_access(principal, Member, member_id, "member")
    if access.is_member:  # a parent never changes the family's record
        raise NotFound("member")
    return access.require_editor(), row


async def family_of_member(principal: Principal, member_id: Any) -> tuple[uuid.UUID, uuid.UUID]:
    """The family of a member the professional may change (its team or managers) and the
    member's id; 404 for anyone else."""
    access, row = await _member_access(principal, member_id)
    return access.family_id, row["id"]


async def may_change_members(principal: Principal, family_id: Any) -> bool:
    """Whether the pages offer to add, change and end members: "member.change"."""
    access = await permissions.professional_access(principal, family_id)
    return access.can_edit_plan and await authority.may(access, "member.change")


async def require_member_change(principal: Principal, family_id: Any) -> None:
    """403 naming who may, for a professional of the family who may not change its members."""
    access = (await permissions.professional_access(principal, family_id)).require_editor()
    await authority.require(access, "member.change")


async def add_member(
    principal: Principal, family_id: Any, data: schemas.NewMember
) -> dict[str, Any]:
    """A new member of the family (a new baby, a new partner), from `from_date` (today)."""
    access = (await permissions.professional_access(principal, family_id)).require_editor()
    await authority.require(access, "member.change")
    if data.portal_restricted or data.address_confidential:
        await authority.require(access, "member.portal")
    today = dt.date.today()
    check_date("date_of_birth", data.date_of_birth, today, past_years=MAX_AGE_YEARS)
    check_date("from_date", data.from_date, today)
    check_nhs_number("nhs_number", data.nhs_number)
    values = msgspec.structs.asdict(data)
    values["given_name"] = data.given_name.strip()
    if not values["given_name"]:
        raise Invalid("given_name", "enter their first name")
    values["from_date"] = data.from_date or today
    member_id = uuid.uuid4()
    async with change():
        await Member(id=member_id, family=access.family_id, **values).save()
        touch_family(access.family_id)
        after = _recorded({k: v for k, v in values.items() if v not in ("", None, False)})
        await audit.record(
            actor=principal.person_id,
            action="member.added",
            record_type="member",
            record_id=member_id,
            family=access.family_id,
            after=after,
        )
        events.add(access.family_id, "member.added", member_id)
    return await _shown(member_id)


def _changes(row: dict[str, Any], data: schemas.MemberPatch) -> dict[str, Any]:
    """The fields the patch gives that differ from the row, checked (Invalid naming one)."""
    given = {
        name: value
        for name in data.__struct_fields__
        if name != "revision" and (value := getattr(data, name)) is not msgspec.UNSET
    }
    if "given_name" in given:
        given["given_name"] = given["given_name"].strip()
        if not given["given_name"]:
            raise Invalid("given_name", "enter their first name")
    today = dt.date.today()
    check_date("date_of_birth", given.get("date_of_birth"), today, past_years=MAX_AGE_YEARS)
    check_nhs_number("nhs_number", given.get("nhs_number"))
    ends = given.get("to_date")
    if ends is not None:
        if ends < row["from_date"]:
            raise Invalid("to_date", "cannot be before they joined the family")
        check_date("to_date", ends, today)
    return {name: value for name, value in given.items() if row[name] != value}


async def change_member(
    principal: Principal, member_id: Any, data: schemas.MemberPatch
) -> dict[str, Any]:
    """Change a member's details at `revision` (409 with the member as they are now when it is
    stale); end their membership with `to_date`. See the module's docstring for what
    restricting a member and a confidential address do."""
    access, row = await _member_access(principal, member_id)
    await authority.require(access, "member.change")
    require_revision(data.revision, "member")
    changed = _changes(row, data)
    if PORTAL_FIELDS & changed.keys():
        await authority.require(access, "member.portal")
    closes = changed.get("portal_restricted") is True or (
        changed.get("to_date") is not None and changed["to_date"] <= dt.date.today()
    )
    ended = changed.get("to_date") is not None
    async with change():
        after = await update_at_revision(
            Member,
            row["id"],
            data.revision,
            {getattr(Member, name): value for name, value in changed.items()},
            "member",
            member_view,
        )
        touch_family(access.family_id)
        closed = None
        if closes and after["person"] is not None:
            closed = await portal_accounts.close_portal(after["person"], principal.person_id)
        await audit.record(
            actor=principal.person_id,
            action="member.ended" if ended else "member.changed",
            record_type="member",
            record_id=row["id"],
            family=access.family_id,
            before=_recorded({name: row[name] for name in changed}),
            after={**_recorded(changed), **({"portal_closed": closed} if closed else {})},
        )
        events.add(access.family_id, "member.changed", row["id"])
    return await _shown(row["id"])


async def _shown(member_id: uuid.UUID) -> dict[str, Any]:
    row = await Member.select().where(Member.id == member_id).first()
    return member_view(row)
