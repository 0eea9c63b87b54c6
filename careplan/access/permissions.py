"""Who may see and change what: the one place access is decided (DESIGN.md invariant 4).

- A professional reads and writes the families whose team they are on now.
- A manager reads and writes their agency's families in their local authority (a family
  whose current team has someone from their agency).
- The chair of a meeting of a family (a conference's independent chair, a core group's
  chair) reads it, read-only, without joining its team: its plan, versions, the family's views
  and the record of the meeting. Every request of theirs that reads it is audited.
- A family member reads their own family's shared views, and only the items whose audience
  includes them; a member flagged `portal_restricted` reads nothing.
- Anything else answers 404, the same as a record that does not exist: a stranger cannot
  learn that a family or a record exists by probing ids.
- Every id in a path or a body is checked to belong to the family being worked on.
- An administrator administers their own local authority's people only (see the end).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from piccolo.querystring import QueryString
from piccolo.table import Table

from careplan import db
from careplan.access import chairs, memo
from careplan.access.audience import Audience
from careplan.access.principal import Principal
from careplan.families.tables import Family, Member, TeamMember
from careplan.lib.errors import Forbidden, NotFound
from careplan.lib.replica import on_primary
from careplan.lib.uow import change
from careplan.tenancy.tables import AgencyAuthority, Person, RoleGrant


@dataclass(frozen=True)
class FamilyAccess:
    """What one principal may do with one family."""

    principal: Principal
    family_id: uuid.UUID
    local_authority_id: uuid.UUID
    via: str  # "team", "manager", "chair" (read-only) or "member"
    member_id: uuid.UUID | None = None
    key_worker: bool = False

    @property
    def is_member(self) -> bool:
        return self.via == "member"

    @property
    def can_edit_plan(self) -> bool:
        return self.via in ("team", "manager")

    @property
    def is_chair(self) -> bool:
        """Reads as the chair of a meeting of the family: read-only (`require_editor`)."""
        return self.via == "chair"

    def sees(self, audience: Audience) -> bool:
        """The one audience rule for every read and write of an audienced record: a member
        sees what names them or the whole family; a professional (a manager too: they are a
        professional of their agency) sees all but records for named agencies other than
        their own."""
        if self.is_member:
            return audience.includes_member(str(self.member_id))
        return professional_sees(self.principal, audience)

    def require_editor(self) -> FamilyAccess:
        if not self.can_edit_plan:
            raise Forbidden("Only the professionals working with this family can change this")
        return self


def professional_sees(principal: Principal, audience: Audience) -> bool:
    """`FamilyAccess.sees` for a professional, for reads over many families at once (the
    caseload): the same rule, which does not depend on the family."""
    agency = principal.agency_id
    return audience.includes_professional(None if agency is None else str(agency))


def _today() -> dt.date:
    return dt.date.today()


UNREAD = object()  # `decide` reads the professional's team row itself

# What stands for a record's (or a family's) id, a person's, an agency's and a local
# authority's while the reads made on every request are built, once (careplan.db.Prepared).
_RECORD, _PERSON, _AGENCY, _AUTHORITY = (db.marker() for _ in range(4))

# A professional's current team row of a record's family, read with the record (a column of
# its select, `_read`): NULL when they are on no team of it, else 2 for its key
# worker and 1 for anyone else on it. The same row `_current_team_row` reads.
_TEAM = TeamMember._meta.tablename
_MY_TEAM = (
    '(SELECT CASE WHEN tm."key_worker" THEN 2 ELSE 1 END FROM "' + _TEAM + '" tm'
    ' WHERE tm."family" = "{table}"."{family}" AND tm."person" = {{}}'
    ' AND tm."left_on" IS NULL LIMIT 1)'
)


def _team_read(row: dict[str, Any], principal: Principal) -> dict[str, Any] | object | None:
    """The team row `_MY_TEAM` read, as `decide` takes it."""
    if not principal.is_professional:
        return UNREAD
    team = row.pop("access_team")
    return None if team is None else {"key_worker": int(team) == 2}


_TEAM_ROW = db.Prepared(
    TeamMember.select(TeamMember.key_worker)
    .where(
        (TeamMember.family == _RECORD)
        & (TeamMember.person == _PERSON)
        & TeamMember.left_on.is_null()
    )
    .first(),
    _RECORD,
    _PERSON,
)


async def _current_team_row(family_id: uuid.UUID, person_id: uuid.UUID) -> dict[str, Any] | None:
    rows = await _TEAM_ROW.rows(family_id, person_id)
    return rows[0] if rows else None


async def _managed(principal: Principal, family_id: uuid.UUID, local_authority: uuid.UUID) -> bool:
    agencies = {
        held.agency
        for held in principal.roles
        if held.role == "manager" and held.local_authority == local_authority
    }
    if not agencies:
        return False
    return await TeamMember.exists().where(
        (TeamMember.family == family_id)
        & TeamMember.agency.is_in(list(agencies))
        & TeamMember.left_on.is_null()
    )


def is_current(to_date: dt.date | None, today: dt.date) -> bool:
    """Whether a membership that ends on `to_date` (the date they left: None, not left) is
    current on `today`. A member who left today is no longer one: their portal closes at once
    (careplan.families.members), not at midnight."""
    return to_date is None or to_date > today


def _live_membership(rows: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The membership that lets a member in: not restricted from the portal, not ended."""
    today = _today()
    for row in rows:
        if not row["portal_restricted"] and is_current(row["to_date"], today):
            return row
    return None


async def _membership(family_id: uuid.UUID, person_id: uuid.UUID) -> dict[str, Any] | None:
    rows = await Member.select(Member.id, Member.portal_restricted, Member.to_date).where(
        (Member.family == family_id) & (Member.person == person_id)
    )
    return _live_membership(rows)


async def _left(person_id: uuid.UUID, family_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of the families the person was taken off the team of (and is not on it again)."""
    wanted = list(family_ids)
    if not wanted:
        return set()
    rows = await TeamMember.select(TeamMember.family, TeamMember.left_on).where(
        (TeamMember.person == person_id) & TeamMember.family.is_in(wanted)
    )
    left = {row["family"] for row in rows if row["left_on"] is not None}
    return left - {row["family"] for row in rows if row["left_on"] is None}


async def _chairs(family_id: uuid.UUID, person_id: uuid.UUID) -> bool:
    """Whether the person reads the family as the chair of a meeting of it: they chair one,
    and were not taken off its team (their access ended then, whatever meeting they chair)."""
    return await chairs.chairs(family_id, person_id) and not await _left(person_id, [family_id])


@on_primary
async def decide(
    principal: Principal,
    family_id: uuid.UUID,
    local_authority: uuid.UUID,
    *,
    memberships: list[dict[str, Any]] | None = None,
    team: dict[str, Any] | object | None = UNREAD,
) -> FamilyAccess:
    """The decision: the principal's access to a family (of that local authority), or
    NotFound when they have none. Every check of this module comes here, once a request
    (see `careplan.access.memo`). `memberships`: a member's rows of this family (id,
    portal_restricted, to_date) when they were just read with the family (`member_homes`).
    `team`: a professional's current team row of this family (`key_worker`), or None when
    they are on no team of it, when it was just read with a record of the family
    (`record_access`)."""
    base = {
        "principal": principal,
        "family_id": family_id,
        "local_authority_id": local_authority,
    }
    if principal.is_professional:
        if team is UNREAD:
            team = await _current_team_row(family_id, principal.person_id)
        if isinstance(team, dict):
            return FamilyAccess(via="team", key_worker=bool(team["key_worker"]), **base)
        if await _managed(principal, family_id, local_authority):
            return FamilyAccess(via="manager", **base)
        if await _chairs(family_id, principal.person_id):
            return FamilyAccess(via="chair", **base)
        raise NotFound("family")
    if memberships is None:
        member = await _membership(family_id, principal.person_id)
    else:
        member = _live_membership(memberships)
    if member is None:
        raise NotFound("family")
    return FamilyAccess(via="member", member_id=member["id"], **base)


@dataclass(frozen=True)
class MemberHome:
    """A family a member may open now: the decision, and the family's revision (what a page's
    ETag and cached bytes are keyed by)."""

    access: FamilyAccess
    revision: int


@on_primary
async def member_homes(principal: Principal, rows: list[dict[str, Any]]) -> list[MemberHome]:
    """Every family a member may open now, decided from their memberships as the families
    slice just read them in one statement (`careplan.families.queries.portal.my_home`): each
    row a membership of this person (id, family, portal_restricted, to_date) with its
    family's local_authority and revision. Read on every request, never remembered between
    requests, so a restriction or an ended membership takes effect at once; the decisions
    are remembered for the rest of the request (`careplan.access.memo`), so the page's own
    reads decide nothing again. Ordered by family id, as `visible_family_ids`."""
    if principal.is_professional:
        return []
    by_family: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for row in rows:
        by_family.setdefault(row["family"], []).append(row)
    homes = []
    for family_id in sorted(by_family):
        family_rows = by_family[family_id]
        if _live_membership(family_rows) is None:
            continue
        authority = family_rows[0]["local_authority"]
        known = memo.recall(principal, family_id)
        if known is None:
            known = await decide(principal, family_id, authority, memberships=family_rows)
            memo.remember(principal, family_id, known)
        homes.append(MemberHome(access=known, revision=family_rows[0]["revision"]))
    return homes


async def _decided(
    principal: Principal,
    family_id: uuid.UUID,
    local_authority: uuid.UUID,
    team: dict[str, Any] | object | None = UNREAD,
    reading: tuple[str, uuid.UUID] | None = None,
) -> FamilyAccess:
    """The decision remembered for this request, or made now (and remembered). `reading`:
    the record the request reads (its table and id), when it is not the family itself."""
    known = memo.recall(principal, family_id)
    if known is None:
        known = await decide(principal, family_id, local_authority, team=team)
        memo.remember(principal, family_id, known)
        if known.is_chair:
            await _audit_chair_read(known, reading)
    return known


async def _audit_chair_read(access: FamilyAccess, reading: tuple[str, uuid.UUID] | None) -> None:
    """A chair's read of a family they are not on the team of, on the audit chain: who, which
    family, and the record read (once a request, or once a decision where a route keeps no
    memo). In a change of its own, or the caller's: a chair's change is refused (403), and the
    record of the attempt goes with it."""
    record_type, record_id = reading or ("family", access.family_id)
    async with change() as work:
        await work.audit(
            actor=access.principal.person_id,
            action="family.read_by_chair",
            record_type=record_type,
            record_id=record_id,
            family=access.family_id,
            local_authority=access.local_authority_id,
        )


def _family_uuid(family_id: Any) -> uuid.UUID:
    """A family id as given (a path, a body), or NotFound: an id that is no uuid names no family."""
    try:
        return uuid.UUID(str(family_id))
    except ValueError as error:
        raise NotFound("family") from error


_FAMILY_ROW = db.Prepared(
    Family.select(Family.id, Family.local_authority, Family.revision)
    .where(Family.id == _RECORD)
    .first(),
    _RECORD,
)


async def _family_row(family_id: uuid.UUID) -> dict[str, Any]:
    """The family's id, local authority and revision, or NotFound."""
    rows = await _FAMILY_ROW.rows(family_id)
    if not rows:
        raise NotFound("family")
    return rows[0]


@on_primary
async def family_access(principal: Principal, family_id: Any) -> FamilyAccess:
    """The principal's access to a family, or NotFound when they have none."""
    family_id = _family_uuid(family_id)
    known = memo.recall(principal, family_id)
    if known is not None:
        return known
    family = await _family_row(family_id)
    return await _decided(principal, family_id, family["local_authority"])


@on_primary
async def professional_access_at(principal: Principal, family_id: Any) -> tuple[FamilyAccess, int]:
    """`professional_access`, and the family's revision read with the family in the same
    statement: what a kept page of the family is keyed by (careplan.web.page_cache). The
    decision is remembered for the rest of the request, as every decision here."""
    family_uuid = _family_uuid(family_id)
    family = await _family_row(family_uuid)
    access = await _decided(principal, family_uuid, family["local_authority"])
    if access.is_member:
        raise NotFound("family")
    return access, family["revision"]


@on_primary
async def professional_access(principal: Principal, family_id: Any) -> FamilyAccess:
    """Access for the professionals' routes: a family member gets NotFound, as a stranger."""
    access = await family_access(principal, family_id)
    if access.is_member:
        raise NotFound("family")
    return access


@on_primary
async def family_of(table: type[Table], record_id: Any, what: str) -> uuid.UUID:
    """The family a record belongs to, or NotFound."""
    try:
        record_id = uuid.UUID(str(record_id))
    except ValueError as error:
        raise NotFound(what) from error
    row = await table.select(table.family).where(table.id == record_id).first()  # type: ignore[attr-defined]
    if row is None or row["family"] is None:
        raise NotFound(what)
    return row["family"]


def _read_as(column: Any) -> tuple[str, str]:
    """A selected column as (what is read, the name it has in the row)."""
    alias = getattr(column, "_alias", None)
    if isinstance(column, QueryString):
        return column.template, str(alias)
    read = column._meta.get_full_name(with_alias=False)
    if alias is None:
        alias = column._meta.get_full_name(with_alias=True).rsplit(" AS ", 1)[-1].strip('"')
    return read, alias


@dataclass(frozen=True)
class _Read:
    """One shape of `record_access`'s read, built and compiled once: the columns it was asked
    for (held, so that no other column object can take their ids while it is kept), the
    statement, and what it reads as `memo` names it."""

    columns: tuple[Any, ...]
    statement: db.Prepared
    named: frozenset[tuple[str, str]]


_READS: dict[tuple[Any, ...], _Read] = {}
_MOST_READS = 512  # shapes are few (one per call site); a caller that makes new column objects
# at every call makes a new shape each time, and is only slower (the oldest are dropped)


def _read(
    table: type[Table], columns: tuple[Any, ...], family_revision: bool, professional: bool
) -> _Read:
    """The read of a record of `table` with `columns` (with its family, its local authority,
    and the family's revision or the professional's team row as asked): found by the
    identity of the column objects, or built now."""
    key = (table, family_revision, professional, *map(id, columns))
    found = _READS.get(key)
    if found is not None:
        return found
    family = table.family  # type: ignore[attr-defined]
    selected = [*(columns or table.all_columns()), family.as_alias("access_family")]
    selected.append(family.local_authority.as_alias("access_authority"))
    if family_revision:
        selected.append(family.revision.as_alias("family_revision"))
    markers = [_RECORD]
    if professional:
        template = _MY_TEAM.format(
            table=table._meta.tablename,
            family=family._meta.db_column_name,
        )
        selected.append(QueryString(template, _PERSON, alias="access_team"))
        markers.append(_PERSON)
    query = table.select(*selected).where(table.id == _RECORD).first()  # type: ignore[attr-defined]
    found = _Read(
        columns=columns,
        statement=db.Prepared(query, *markers),
        named=frozenset(map(_read_as, selected)),
    )
    if len(_READS) >= _MOST_READS:
        del _READS[next(iter(_READS))]
    _READS[key] = found
    return found


@on_primary
async def record_access(
    principal: Principal,
    table: type[Table],
    record_id: Any,
    what: str,
    *columns: Any,
    family_revision: bool = False,
    remember: bool = False,
) -> tuple[FamilyAccess, dict[str, Any]]:
    """Access through a record's own family, and the record's `columns` (every column when
    none are named), in one read of the record: what is not yours answers 404 naming `what`.
    With `family_revision`, the row has the family's revision too (`family_revision`, read
    with the family: what a page's blocks carry to say how current they are). A
    professional's team row of the family is read in the same statement, so that deciding
    their access reads nothing more (a manager's agency is still looked up: `_managed`).
    With `remember` (a request that changes nothing: careplan.access.memo), the row is kept
    for the rest of the request, and a read of the record later in it that asks for no other
    column runs no statement. The read is built once for each shape (`_read`): give columns
    made once (module constants), not new ones at every call."""
    try:
        record_uuid = uuid.UUID(str(record_id))
    except ValueError as error:
        raise NotFound(what) from error
    professional = principal.is_professional
    read = _read(table, columns, family_revision, professional)
    record = (table._meta.tablename, record_uuid, principal.person_id)
    row = None
    if remember or memo.knows_row(record):
        row = memo.recall_row(record, read.named)
    if row is None:
        values = (record_uuid, principal.person_id) if professional else (record_uuid,)
        rows = await read.statement.rows(*values)
        row = rows[0] if rows else None
        if remember and row is not None:
            memo.remember_row(record, read.named, row)
    if row is None or row["access_family"] is None:
        raise NotFound(what)
    family_id, authority = row.pop("access_family"), row.pop("access_authority")
    team = _team_read(row, principal)
    reading = (table._meta.tablename, record_uuid)
    try:
        return await _decided(principal, family_id, authority, team, reading), row
    except NotFound as error:
        raise NotFound(what) from error


@on_primary
async def access_to_record(
    principal: Principal, table: type[Table], record_id: Any, what: str
) -> FamilyAccess:
    """Access through a record's own family: what is not yours answers 404."""
    access, _ = await record_access(principal, table, record_id, what, table.id)  # type: ignore[attr-defined]
    return access


@on_primary
async def require_same_family(
    table: type[Table], ids: Iterable[Any], family_id: uuid.UUID, field: str
) -> None:
    """Every id named in a body belongs to this family; one that does not answers 404."""
    wanted: set[uuid.UUID] = set()
    for value in ids:
        try:
            wanted.add(uuid.UUID(str(value)))
        except ValueError as error:
            raise NotFound(field) from error
    if not wanted:
        return
    found = await table.select(table.id).where(  # type: ignore[attr-defined]
        table.id.is_in(list(wanted)) & (table.family == family_id)  # type: ignore[attr-defined]
    )
    if len(found) != len(wanted):
        raise NotFound(field)


@on_primary
async def visible_family_ids(principal: Principal) -> list[uuid.UUID]:
    """Every family the principal may open, for lists."""
    return sorted(await visible_families(principal))


@on_primary
async def visible_families(principal: Principal, *, remember: bool = False) -> dict[uuid.UUID, int]:
    """Every family the principal may open, with its revision (read with it, in the same
    statements as `visible_family_ids` reads the ids: one, and one more for each manager role
    held): what a list of families (the caseload) is kept by in the page cache. With
    `remember` (a request that changes nothing: careplan.access.memo), the answer is kept for
    the rest of the request, and the list built on a miss reads it from there."""
    known = memo.recall_read(("visible_families", principal))
    if known is not None:
        return dict(known)
    families = await _visible_families(principal)
    if remember:
        memo.remember_read(("visible_families", principal), dict(families))
    return families


# The reads of every family a principal may open, built once (careplan.db.Prepared): a
# member's memberships, a professional's teams, and the families a manager's agency is on.
_MY_MEMBERSHIPS = db.Prepared(
    Member.select(Member.family, Member.to_date, Member.family.revision.as_alias("revision")).where(
        (Member.person == _PERSON) & (Member.portal_restricted == False)
    ),
    _PERSON,
)
_MY_TEAMS = db.Prepared(
    TeamMember.select(TeamMember.family, TeamMember.family.revision.as_alias("revision")).where(
        (TeamMember.person == _PERSON) & TeamMember.left_on.is_null()
    ),
    _PERSON,
)
_AGENCY_TEAMS = db.Prepared(
    TeamMember.select(TeamMember.family, TeamMember.family.revision.as_alias("revision")).where(
        (TeamMember.agency == _AGENCY)
        & TeamMember.left_on.is_null()
        & (TeamMember.family.local_authority == _AUTHORITY)
    ),
    _AGENCY,
    _AUTHORITY,
)


async def _visible_families(principal: Principal) -> dict[uuid.UUID, int]:
    if not principal.is_professional:
        today = _today()
        rows = await _MY_MEMBERSHIPS.rows(principal.person_id)
        return {r["family"]: r["revision"] for r in rows if is_current(r["to_date"], today)}
    teams = await _MY_TEAMS.rows(principal.person_id)
    families = {row["family"]: row["revision"] for row in teams}
    for held in principal.roles:
        if held.role != "manager" or held.agency is None:
            continue
        managed = await _AGENCY_TEAMS.rows(held.agency, held.local_authority)
        families.update((row["family"], row["revision"]) for row in managed)
    chaired = await chairs.chaired_families(principal.person_id)
    chaired = {family: chaired[family] for family in chaired if family not in families}
    left = await _left(principal.person_id, chaired)
    families.update((family, chaired[family]) for family in chaired if family not in left)
    return families


def audience_of_viewer(access: FamilyAccess) -> tuple[Any, ...]:
    """What exactly this decision lets its principal see of the family, as a value: what a
    kept page of the family is keyed by (careplan.web.page_cache), so that no one is served
    bytes made for someone who may see more. A member: their membership and person (their
    view is made for them). A professional: how they reach the family (`via`: on its team or
    as a manager of an agency on it), whether they are its key worker, their agency (what
    `professional_sees` reads: records for named agencies) and the roles they hold (with the
    rest, what `careplan.access.authority` reads: a page offers only the actions they may
    take); nothing else of the principal changes what they are shown."""
    if access.is_member:
        return ("member", access.member_id, access.principal.person_id)
    agency = access.principal.agency_id
    return (
        "professional",
        access.via,
        access.key_worker,
        None if agency is None else str(agency),
        access.principal.roles,
    )


def require_role(principal: Principal, role: str, local_authority: uuid.UUID | None = None) -> None:
    """For tenancy routes: the principal must hold `role` (in that local authority)."""
    if not principal.is_professional or not principal.holds(role, local_authority):
        raise Forbidden(
            f"Only an {role} can do this" if role[0] in "aeiou" else f"Only a {role} can do this"
        )


@on_primary
async def front_door(principal: Principal, family_id: Any) -> dict[str, Any]:
    """A family a professional may raise a concern about: any of their agency's local
    authorities. This is no access to the family: it only lets a concern in at the front door.
    """
    if not principal.is_professional or principal.agency_id is None:
        raise NotFound("family")
    family = await _family_row(_family_uuid(family_id))
    works_here = await AgencyAuthority.exists().where(
        (AgencyAuthority.agency == principal.agency_id)
        & (AgencyAuthority.local_authority == family["local_authority"])
    )
    if not works_here:
        raise NotFound("family")
    return family


@on_primary
async def team_or_chair(
    principal: Principal, family_id: uuid.UUID, chair_id: uuid.UUID, what: str
) -> tuple[FamilyAccess | None, bool]:
    """A meeting's people: the team (or the family's managers), and its chair, who may come
    from outside the team (an independent chair). Anyone else gets NotFound."""
    if not principal.is_professional:
        raise NotFound(what)
    try:
        team: FamilyAccess | None = await professional_access(principal, family_id)
    except NotFound:
        team = None
    if team is not None and team.is_chair:
        team = None  # they read it as a chair of one of its meetings: not of its team
    chair = chair_id == principal.person_id
    if team is None and not chair:
        raise NotFound(what)
    return team, chair


# --- administration of a local authority ----------------------------------------------------
#
# An administrator acts only on their own local authority's people. An agency that works with
# several authorities (a police force, a trust) is administered by each for its own staff's
# roles there: an administrator gives roles in their own authority only. A person is
# deactivated (they can no longer sign in anywhere) by their home authority only.
#
# A professional's home authority is the one that first gave them a role: the local authority
# of their earliest role grant (RoleGrant.created_at, revoked or not, so it does not move
# when a role ends). Every professional is made with their roles in one authority (an
# administrator's `create_professional` grants in the administrator's own authority; `careplan
# admin create` in the new administrator's), so this is the authority whose administrator made
# them. A professional with no role at all is homed in their agency's authority when the agency
# works with exactly one.


def administered_authorities(principal: Principal) -> set[uuid.UUID]:
    """The local authorities the principal administers, or Forbidden."""
    authorities = principal.authorities_as("administrator")
    if not principal.is_professional or not authorities:
        raise Forbidden("Only an administrator can do this")
    return authorities


@on_primary
async def administered_agency(principal: Principal, agency_id: Any) -> uuid.UUID:
    """The administrator's authority that an agency works with, for giving its staff roles
    there; NotFound when the agency works with none of theirs."""
    authorities = administered_authorities(principal)
    try:
        agency_uuid = uuid.UUID(str(agency_id))
    except ValueError as error:
        raise NotFound("agency") from error
    rows = await AgencyAuthority.select(AgencyAuthority.local_authority).where(
        (AgencyAuthority.agency == agency_uuid)
        & AgencyAuthority.local_authority.is_in(sorted(authorities))
    )
    if not rows:
        raise NotFound("agency")
    return min(row["local_authority"] for row in rows)


@on_primary
async def home_authority(person_id: uuid.UUID, agency_id: uuid.UUID | None) -> uuid.UUID | None:
    """A professional's home local authority (see above), or None when they have none."""
    first = (
        await RoleGrant.select(RoleGrant.local_authority)
        .where(RoleGrant.person == person_id)
        .order_by(RoleGrant.created_at)
        .order_by(RoleGrant.local_authority)
        .first()
    )
    if first is not None:
        return first["local_authority"]
    if agency_id is None:
        return None
    served = await AgencyAuthority.select(AgencyAuthority.local_authority).where(
        AgencyAuthority.agency == agency_id
    )
    return served[0]["local_authority"] if len(served) == 1 else None


@on_primary
async def professional_to_deactivate(
    principal: Principal, person_id: Any
) -> tuple[dict[str, Any], uuid.UUID]:
    """A professional the administrator may deactivate, and the authority they do it for.

    Someone of no authority of theirs answers 404 (they do not know them). Someone who holds a
    role in one of their authorities but is homed elsewhere (a shared agency's officer)
    answers 403: only their home authority deactivates them."""
    authorities = administered_authorities(principal)
    try:
        person_uuid = uuid.UUID(str(person_id))
    except ValueError as error:
        raise NotFound("professional") from error
    person = (
        await Person.select(Person.id, Person.name, Person.agency, Person.active)
        .where((Person.id == person_uuid) & (Person.kind == "professional"))
        .first()
    )
    if person is None:
        raise NotFound("professional")
    home = await home_authority(person_uuid, person["agency"])
    if home in authorities:
        return person, home
    holds_role_here = await RoleGrant.exists().where(
        (RoleGrant.person == person_uuid)
        & RoleGrant.local_authority.is_in(sorted(authorities))
        & RoleGrant.revoked_at.is_null()
    )
    if holds_role_here:
        raise Forbidden(
            "Only their home local authority can deactivate this person: "
            "ask that authority's administrator"
        )
    raise NotFound("professional")


# --- the chair's record of a meeting (issue 18) ----------------------------------------------


@on_primary
async def meeting_record_reader(
    principal: Principal, family_id: uuid.UUID, chair_id: uuid.UUID, what: str = "meeting"
) -> tuple[FamilyAccess | None, bool]:
    """Who reads a meeting's record and letter: its team (or the family's managers) and its
    chair read it whole (`team_or_chair`); a member of the family, not kept out of the portal,
    reads their own copy (`careplan.meetings.record_rules` says of which meetings and what it
    holds). Anyone else gets NotFound."""
    if principal.is_professional:
        return await team_or_chair(principal, family_id, chair_id, what)
    try:
        access = await family_access(principal, family_id)
    except NotFound as error:
        raise NotFound(what) from error
    if not access.is_member:
        raise NotFound(what)
    return access, False


def require_meeting_chair(chair: bool, action: str) -> None:
    """Sending a meeting's letter and record, and correcting them, is its chair's alone: 403
    naming the action to anyone else who reads the meeting."""
    if not chair:
        raise Forbidden(f"Only the chair of this meeting can {action}")


# --- in the meeting room (issue 18) ----------------------------------------------------------
#
# The room of a meeting is for its chair, the family's team (and their managers) and the
# professionals invited to it (an attendee from outside the team: a GP, a police officer
# who came for this meeting only). Anyone else gets NotFound. Whether the principal is an
# attendee is read by the meetings slice (access does not read its tables) and given here.


async def meeting_room(
    principal: Principal, family_id: uuid.UUID, chair_id: uuid.UUID, attending: bool, what: str
) -> tuple[FamilyAccess | None, bool]:
    """`team_or_chair`, and a professional invited to the meeting: (team access, chair)."""
    if not principal.is_professional:
        raise NotFound(what)
    try:
        return await team_or_chair(principal, family_id, chair_id, what)
    except NotFound:
        if not attending:
            raise
    if await _left(principal.person_id, [family_id]):
        raise NotFound(what)  # taken off the team: their access ended, invited or not
    return None, False


def require_team_or_chair(team: FamilyAccess | None, chair: bool, action: str) -> None:
    """The team (or their managers) or the chair take the meeting's record: attendance, the
    family's scales for them. An invited attendee from outside gives only their own."""
    if chair or (team is not None and team.can_edit_plan):
        return
    raise Forbidden(f"Only the team or the chair of this meeting can {action}")


def require_dissent_reviewer(principal: Principal, reviewer: uuid.UUID | None) -> None:
    """Only the senior chair the dissent names reviews it."""
    if reviewer is None:
        raise Forbidden(
            "No senior chair is named to review this dissent: the local authority's "
            "administrator names one (the local setting senior_chair)"
        )
    if reviewer != principal.person_id:
        raise Forbidden("Only the senior chair named on this dissent can review it")


async def dissent_reader(
    principal: Principal,
    family_id: uuid.UUID,
    chair_id: uuid.UUID,
    attending: bool,
    reviewer: uuid.UUID | None,
) -> tuple[FamilyAccess | None, bool]:
    """A dissent from a conference's decision is read by the meeting's room and by the senior
    chair it names (who may be on no team of the family). Anyone else: NotFound."""
    if principal.is_professional and reviewer is not None and reviewer == principal.person_id:
        try:
            return await meeting_room(principal, family_id, chair_id, attending, "dissent")
        except NotFound:
            return None, False
    return await meeting_room(principal, family_id, chair_id, attending, "dissent")
