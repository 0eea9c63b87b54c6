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
from careplan.families.queries import caseload as family_reads
from careplan.lib.calendar import DEFAULT_REGION
from careplan.lib.clock import start_of_day
from careplan.meetings.queries import caseload as meetings
from careplan.oversight.queries import attention as plans
from careplan.oversight.rules import (
    CONFERENCES,
    DEFAULTS,
    KEPT_TWO,
    RECENTLY_CLOSED_DAYS,
    STALE_DAYS,
    Clocks,
    Read,
    family_entry,
    not_yet_assessed,
    sort_key,
)
from careplan.tenancy import queries as tenancy


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


async def clocks_of(authorities: set[uuid.UUID]) -> dict[uuid.UUID, Clocks]:
    """Each local authority's statutory clocks (England's where it set none)."""
    values: dict[uuid.UUID, dict[str, tuple[int | None, int | None]]] = {
        la: dict(DEFAULTS) for la in authorities
    }
    regions: dict[uuid.UUID, str] = {}
    for row in await tenancy.statutory_clocks(authorities):
        regions[row["local_authority"]] = row["bank_holidays"]
        if row["code"] is not None:
            values[row["local_authority"]][row["code"]] = (row["working_days"], row["months"])
    return {la: Clocks(v, regions.get(la, DEFAULT_REGION)) for la, v in values.items()}


async def caseload(principal: Principal, today: dt.date | None = None) -> dict[str, Any]:
    """The principal's families with what needs attention, most overdue first: each a line of
    `rules.family_entry` (its dates and attention as machine values, `vocabulary`), or,
    with none, why (`empty_reason`)."""
    today = today or dt.date.today()
    ids = await permissions.visible_family_ids(principal)
    if not ids:
        return {"families": [], "empty_reason": _empty_reason(principal), "today": today}
    families = await family_reads.caseload_families(
        ids, today - dt.timedelta(days=RECENTLY_CLOSED_DAYS)
    )
    clocks = await clocks_of({f["local_authority"] for f in families})
    plan_of_episode = {
        episode: plan for family in families for episode, plan in family["plan_of_episode"].items()
    }
    plan_ids = list(plan_of_episode.values())
    stale = await plans.stale_objectives(
        plan_ids,
        today,
        STALE_DAYS,
        sees=lambda audience: permissions.professional_sees(principal, audience),
    )
    versions = await plans.latest_versions(plan_ids)
    dating = await meetings.dating_meetings(
        plan_ids,
        start_of_day(today),
        [v["id"] for v in versions],
        decided_kinds=CONFERENCES,
        keep_two=KEPT_TWO,
    )
    disagreements = await meetings.open_disagreements(ids)
    answers = await meetings.new_answers(plan_ids)
    open_concerns = [c for c in await concerns.open_concerns(ids) if not_yet_assessed(c)]

    by_family = {
        name: _group(rows, "family")
        for name, rows in (
            ("concerns", open_concerns),
            ("disagreements", disagreements),
            ("versions", versions),
            ("answers", answers),
        )
    }
    meetings_by_plan = _group(dating, "plan")
    entries = []
    for family in families:
        fid = family["id"]
        read = Read(
            episodes=family["episodes"],
            concerns=by_family["concerns"].get(fid, []),
            disagreements=by_family["disagreements"].get(fid, []),
            versions=by_family["versions"].get(fid, []),
            answers=by_family["answers"].get(fid, []),
            stale=stale.get(fid, []),
            clocks=clocks[family["local_authority"]],
            meetings_by_plan=meetings_by_plan,
            plan_of_episode=plan_of_episode,
        )
        entries.append(family_entry(family, family["key_worker"], read, today))
    entries.sort(key=sort_key)
    return {"families": entries, "empty_reason": None, "today": today}
