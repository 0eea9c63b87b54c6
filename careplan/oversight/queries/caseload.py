"""A professional's caseload: their families, each with what needs attention, most overdue first.

Who is on it comes only from `careplan.access.permissions.visible_family_ids` (the teams
they are on; a manager, their agency's families). What needs attention:
- the next statutory date and how far off it is: a decision or an assessment of a concern,
  the initial child protection conference, the first core group, the next review conference,
  a looked-after review (the local authority's clocks, England's by default), and the
  deadline of the stage an open professional disagreement is at;
- open objectives with no progress for four weeks;
- concerns not yet assessed;
- the newest version of a plan still waiting for a family member's answer or for a meeting;
- a family member's answer (a disagreement first) that no professional has marked as seen.

The pure part is `careplan.oversight.rules` (unit-tested); this reads every family at once,
in a fixed number of queries whatever the history.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from careplan.access import permissions
from careplan.access.principal import Principal
from careplan.concerns import queries as concerns
from careplan.families.tables import Episode, Family, TeamMember
from careplan.meetings.queries import caseload as meetings
from careplan.oversight.queries import attention as plans
from careplan.oversight.rules import (
    DEFAULTS,
    STALE_DAYS,
    Clocks,
    Read,
    family_entry,
    not_yet_assessed,
    sort_key,
)
from careplan.tenancy.tables import StatutoryClock


def _empty_reason(principal: Principal) -> str:
    """Why the caseload is empty (`vocabulary.EMPTY_REASONS`)."""
    if principal.holds("administrator") and not principal.holds("practitioner"):
        return "administrator"
    if principal.holds("manager"):
        return "manager"
    return "no_team"


def _group(rows: list[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    grouped: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


async def _clocks(authorities: set[uuid.UUID]) -> dict[uuid.UUID, Clocks]:
    rows = await StatutoryClock.select(
        StatutoryClock.local_authority,
        StatutoryClock.code,
        StatutoryClock.working_days,
        StatutoryClock.months,
    ).where(StatutoryClock.local_authority.is_in(list(authorities)))
    values: dict[uuid.UUID, dict[str, tuple[int | None, int | None]]] = {
        la: dict(DEFAULTS) for la in authorities
    }
    for row in rows:
        values[row["local_authority"]][row["code"]] = (row["working_days"], row["months"])
    return {la: Clocks(v) for la, v in values.items()}


async def _families(ids: list[uuid.UUID]) -> tuple[list[dict[str, Any]], ...]:
    """The families, their open episodes and their key workers now."""
    families = await Family.select(
        Family.id, Family.name, Family.case_reference, Family.local_authority
    ).where(Family.id.is_in(ids))
    episodes = await Episode.select(
        Episode.id, Episode.family, Episode.kind, Episode.opened_on
    ).where(Episode.family.is_in(ids) & Episode.closed_on.is_null())
    key_workers = await TeamMember.select(
        TeamMember.family, TeamMember.person, TeamMember.person.name.as_alias("name")
    ).where(
        TeamMember.family.is_in(ids)
        & (TeamMember.key_worker == True)
        & TeamMember.left_on.is_null()
    )
    return families, episodes, key_workers


async def caseload(principal: Principal, today: dt.date | None = None) -> dict[str, Any]:
    """The principal's families with what needs attention, most overdue first: each a line of
    `rules.family_entry` (its dates and attention as machine values, `vocabulary`), or,
    with none, why (`empty_reason`)."""
    today = today or dt.date.today()
    ids = await permissions.visible_family_ids(principal)
    if not ids:
        return {"families": [], "empty_reason": _empty_reason(principal), "today": today}
    families, episodes, key_workers = await _families(ids)
    clocks = await _clocks({f["local_authority"] for f in families})
    open_plans = await plans.open_plans(ids)
    stale = await plans.stale_objectives(
        ids,
        today,
        STALE_DAYS,
        sees=lambda audience: permissions.professional_sees(principal, audience),
    )
    versions = await plans.latest_versions(ids)
    all_meetings = await meetings.meetings_of(ids)
    disagreements = await meetings.open_disagreements(ids)
    answers = await meetings.new_answers(ids)
    open_concerns = [c for c in await concerns.open_concerns(ids) if not_yet_assessed(c)]

    plan_of_episode = {p["episode"]: p["id"] for p in open_plans}
    by_family = {
        name: _group(rows, "family")
        for name, rows in (
            ("episodes", episodes),
            ("concerns", open_concerns),
            ("disagreements", disagreements),
            ("versions", versions),
            ("answers", answers),
        )
    }
    key_worker_of = {k["family"]: k["name"] for k in key_workers}
    meetings_by_plan = _group(all_meetings, "plan")
    entries = []
    for family in families:
        fid = family["id"]
        read = Read(
            episodes=by_family["episodes"].get(fid, []),
            concerns=by_family["concerns"].get(fid, []),
            disagreements=by_family["disagreements"].get(fid, []),
            versions=by_family["versions"].get(fid, []),
            answers=by_family["answers"].get(fid, []),
            stale=stale.get(fid, []),
            clocks=clocks[family["local_authority"]],
            meetings_by_plan=meetings_by_plan,
            plan_of_episode=plan_of_episode,
        )
        entries.append(family_entry(family, key_worker_of.get(fid), read, today))
    entries.sort(key=sort_key)
    return {"families": entries, "empty_reason": None, "today": today}
