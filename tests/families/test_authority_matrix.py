"""The authority matrix: every consequential action (careplan.access.authority.ACTIONS) x the
people who reach a family by role and kind of agency, through the API. A refused action
answers 403 naming the action and changes nothing; an action with no entry here fails the
first test, so a new one cannot ship without its row.

The Hartleys' team: Priya (children's social care, key worker), Tom (early help), Grace
(health visiting), Laura (police); Helen manages children's social care (not on the team).
The Whitfields' early help: Tom is its lead practitioner (key worker), Grace is on the team.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from careplan.access import authority
from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.families.tables import (
    ClosureApproval,
    ClosureChallenge,
    Episode,
    Family,
    Member,
    TeamMember,
)
from careplan.meetings.tables import Meeting
from careplan.plans.tables import FamilyView, PlanStateChange
from tests.families.closing import WAITING, a_request_waits

pytestmark = pytest.mark.anyio

TODAY = dt.date.today().isoformat()
HARTLEY = demo_id("family:hartley")
HARTLEY_CP = demo_id("hartley:episode:child_protection")
HARTLEY_PLAN = demo_id("hartley:plan:child_protection")
WHITFIELD_EH = demo_id("whitfield:episode:eh")


@dataclass(frozen=True)
class Action:
    path: str
    body: dict[str, Any] | None
    may: frozenset[str]  # who may: everyone else of ACTORS gets 403
    method: str = "POST"
    prepare: Callable[[], Awaitable[Any]] | None = None  # what must be there first


ACTORS = ("priya", "helen", "tom", "grace", "laura")
LEAD = frozenset({"priya", "helen"})  # children's social care on the team, its manager

ACTIONS: dict[str, list[Action]] = {
    "episode.open": [
        Action(
            f"/api/v1/families/{HARTLEY}/episodes",
            {
                "kind": "child_in_need",
                "children": [{"member": str(demo_id("hartley:member:leo"))}],
                "opened_on": TODAY,
                "reason": "Referral",
                "carry_over": [],
            },
            LEAD,
        ),
    ],
    "episode.close": [
        Action(
            f"/api/v1/episodes/{HARTLEY_CP}/close",
            {"closed_on": TODAY, "outcome": "other", "reason": "R", "objectives": []},
            LEAD,  # 422 for them (the open objectives are not decided): past authority
        ),
        Action(
            f"/api/v1/episodes/{WHITFIELD_EH}/close",
            {"closed_on": TODAY, "outcome": "other", "reason": "R", "objectives": []},
            frozenset({"tom"}),  # early help: its lead practitioner
        ),
    ],
    "version.share": [Action(f"/api/v1/plans/{HARTLEY_PLAN}/versions/2/share", None, LEAD)],
    "team.add": [
        Action(
            f"/api/v1/families/{HARTLEY}/team",
            {"person": str(demo_id("person:chloe")), "role": "social_worker"},
            LEAD,
        )
    ],
    "team.key_worker": [
        Action(
            f"/api/v1/families/{HARTLEY}/team",
            {"person": str(demo_id("person:chloe")), "role": "social_worker", "key_worker": True},
            LEAD,
        )
    ],
    "family.start": [
        Action(
            "/api/v1/families",
            {"name": "Brook family", "members": [{"given_name": "Dana", "role": "parent"}]},
            frozenset({"priya", "helen", "tom"}),  # social care and early help
        )
    ],
    "team.remove": [
        Action(
            f"/api/v1/families/{HARTLEY}/team/{demo_id('person:grace')}",
            {"reason": "The health visiting service ended."},
            LEAD,
            method="DELETE",
        )
    ],
    "member.change": [
        Action(
            f"/api/v1/families/{HARTLEY}/members",
            {"given_name": "Rosie", "role": "child", "date_of_birth": TODAY},
            LEAD,
        )
    ],
    "member.portal": [
        Action(
            f"/api/v1/members/{demo_id('hartley:member:jess')}",
            {"revision": 1, "portal_restricted": True},
            LEAD,
            method="PATCH",
        )
    ],
    "closure.challenge": [
        Action(f"/api/v1/episodes/{HARTLEY_CP}/challenge", {"challenge": "Why?"}, {"helen"})
    ],
    # Priya's request to step the Hartleys' work down: her manager decides it, not she.
    "closure.approve": [
        Action(
            f"/api/v1/approvals/{WAITING}/approve",
            None,
            frozenset({"helen"}),
            prepare=a_request_waits,
        ),
        Action(
            f"/api/v1/approvals/{WAITING}/send-back",
            {"reason": "Book the review conference first."},
            frozenset({"helen"}),
            prepare=a_request_waits,
        ),
    ],
    # Issue 18. A review conference on the Hartleys' plan, chaired by Robert (independent).
    "meeting.arrange": [
        Action(
            f"/api/v1/plans/{HARTLEY_PLAN}/meetings",
            {
                "kind": "review_conference",
                "starts_at": (
                    dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=14)
                ).isoformat(),
                "chair": str(demo_id("person:robert")),
                "version": 2,
            },
            LEAD,
        )
    ],
    "plan.state": [
        Action(
            f"/api/v1/plans/{HARTLEY_PLAN}/state",
            {"state": "under_review", "reason": "The review conference is booked."},
            LEAD,
        )
    ],
}
# Actions named in careplan.access.authority whose routes come with later work.
NO_ROUTE_YET: set[str] = set()

CASES = [
    (action, index, actor)
    for action, entries in ACTIONS.items()
    for index, _ in enumerate(entries)
    for actor in ACTORS
]


def test_every_action_has_its_row() -> None:
    assert set(ACTIONS) | NO_ROUTE_YET == set(authority.ACTIONS)
    assert not set(ACTIONS) & NO_ROUTE_YET


async def snapshot() -> tuple[int, ...]:
    return (
        await Episode.count().where(Episode.closed_on.is_null()),
        await Episode.count(),
        await TeamMember.count().where(TeamMember.left_on.is_null()),
        await FamilyView.count(),
        await ClosureChallenge.count(),
        await ClosureApproval.count().where(ClosureApproval.state == "waiting"),
        await Family.count(),
        await Member.count(),
        await Member.count().where(Member.portal_restricted == True),
        await AuditEvent.count(),
        await Meeting.count(),
        await PlanStateChange.count(),
    )


@pytest.mark.parametrize(("action", "index", "actor"), CASES)
async def test_each_action_by_each_role(as_, action: str, index: int, actor: str) -> None:
    entry = ACTIONS[action][index]
    client = as_(actor)
    if entry.prepare is not None:
        await entry.prepare()
    before = await snapshot()
    if entry.body is None:
        response = await client.request(entry.method, entry.path)
    else:
        response = await client.request(entry.method, entry.path, json=entry.body)
    if actor in entry.may:
        # Past authority: done, or refused for its content (never for who asked).
        assert response.status_code in (200, 201, 422), (action, actor, response.text)
        if response.status_code == 422:
            assert "You cannot" not in response.text
    elif response.status_code == 404:
        # Someone who may not read the family learns nothing of it (the Whitfields are
        # Tom's and Grace's, not Priya's, Helen's or Laura's).
        assert action == "episode.close" and index == 1 and actor in ("priya", "helen", "laura")
        assert await snapshot() == before
    else:
        assert response.status_code == 403, (action, actor, response.text)
        assert response.json()["detail"].startswith("You cannot "), response.text
        assert await snapshot() == before
