"""What a family's page reads of the family, as SQL written once: the family with its team
now (the names of its people and agencies from tenancy), its members, and its episodes with
the plan of each. The family is one the caller's access was already checked for."""

from __future__ import annotations

import uuid
from typing import Any

from careplan.families.tables import ClosureChallenge, Episode, Family, Member

# A row a current team member (one with none when the family has no team).
_FAMILY_AND_TEAM_SQL = """
SELECT f.id, f.name, f.case_reference, f.revision,
       t.id AS team_id, t.person, p.name AS person_name, t.agency, a.name AS agency_name,
       t.role, t.key_worker, t.joined_on, t.revision AS team_revision
FROM family f
LEFT JOIN team_member t ON t.family = f.id AND t.left_on IS NULL
LEFT JOIN person p ON p.id = t.person
LEFT JOIN agency a ON a.id = t.agency
WHERE f.id = {}
"""


async def family_and_team(family_id: uuid.UUID) -> dict[str, Any] | None:
    """The family (id, name, case_reference, revision) with its team now: each current team
    member's id, person, name, agency, agency_name, role, key_worker, joined_on, revision
    (of their team row). One statement."""
    rows = await Family.raw(_FAMILY_AND_TEAM_SQL, family_id)
    if not rows:
        return None
    first = rows[0]
    return {
        "id": first["id"],
        "name": first["name"],
        "case_reference": first["case_reference"],
        "revision": first["revision"],
        "team": [
            {
                "id": row["team_id"],
                "person": row["person"],
                "name": row["person_name"],
                "agency": row["agency"],
                "agency_name": row["agency_name"],
                "role": row["role"],
                "key_worker": row["key_worker"],
                "joined_on": row["joined_on"],
                "revision": row["team_revision"],
            }
            for row in rows
            if row["team_id"] is not None
        ],
    }


async def members_of(family_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every member of the family, every column, in the order they joined. One statement."""
    return await Member.raw("SELECT * FROM member WHERE family = {} ORDER BY from_date", family_id)


_EPISODES_SQL = """
SELECT e.id, e.kind, e.opened_on, e.open_reason, e.previous, e.link, e.closed_on,
       e.close_outcome, e.close_reason, e.revision, pl.id AS plan, pl.state AS plan_state,
       p.name AS closed_by_name,
       ap.state AS approval_state, ar.name AS approval_asked_by,
       ap.requested_at AS approval_asked_at, ad.name AS approval_decided_by,
       ap.decided_at AS approval_decided_at, ap.decision_reason AS approval_reason
FROM episode e LEFT JOIN plan pl ON pl.episode = e.id
LEFT JOIN person p ON p.id = e.closed_by
LEFT JOIN closure_approval ap ON ap.id = (
    SELECT latest.id FROM closure_approval latest WHERE latest.episode = e.id
    ORDER BY latest.requested_at DESC LIMIT 1)
LEFT JOIN person ar ON ar.id = ap.requested_by
LEFT JOIN person ad ON ad.id = ap.decided_by
WHERE e.family = {}
ORDER BY e.opened_on
"""


async def episodes_with_plans(family_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every episode of the family, oldest first, with its plan (an episode has at most one):
    id, kind, opened_on, open_reason, previous, link, closed_on, close_outcome, close_reason,
    revision, plan, plan_state, closed_by_name (who closed it, by name), and its latest
    request to close that needed a manager's approval (careplan.families.services.approvals):
    approval_state (None when there was none), approval_asked_by and _asked_at,
    approval_decided_by and _decided_at, approval_reason (a send-back's). One statement."""
    return await Episode.raw(_EPISODES_SQL, family_id)


async def challenges_of(episode_id: uuid.UUID) -> list[dict[str, Any]]:
    """The managers' challenges to closing an episode, oldest first: id, manager_name,
    challenge, response, created_at. One statement."""
    return await (
        ClosureChallenge.select(
            ClosureChallenge.id,
            ClosureChallenge.manager.name.as_alias("manager_name"),
            ClosureChallenge.challenge,
            ClosureChallenge.response,
            ClosureChallenge.created_at,
        )
        .where(ClosureChallenge.episode == episode_id)
        .order_by(ClosureChallenge.created_at)
    )


_LEFT_TEAM_SQL = """
SELECT p.name
FROM team_member t JOIN person p ON p.id = t.person
WHERE t.family = {} AND t.person = {} AND t.left_on IS NOT NULL
ORDER BY t.left_on DESC
LIMIT 1
"""


async def name_of_leaver(family_id: uuid.UUID, person_id: uuid.UUID) -> str | None:
    """The name of someone who has left the family's team (what a notice says), or None when
    they never left it. One statement."""
    rows = await Family.raw(_LEFT_TEAM_SQL, family_id, person_id)
    return rows[0]["name"] if rows else None
