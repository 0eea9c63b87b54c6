"""Access to every API route, for people who must not get in (DESIGN.md invariant 4).

ROUTES names every route of the JSON API; the first test fails when the app has a route the
registry lacks, so a new route cannot ship without its access check. Each route is tried as
someone signed out (401), a parent of another family and a professional outside the team
(each refused, 404 or 403, and nothing written).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from litestar import Litestar

from careplan.audit.tables import AuditEvent
from careplan.demo.builder import demo_id
from careplan.families.tables import Family
from tests.conftest import BASE_URL
from tests.families.closing import WAITING, a_request_waits
from tests.meetings import room_setup

pytestmark = pytest.mark.anyio

FAMILY = demo_id("family:hartley")
EPISODE = demo_id("hartley:episode:child_protection")
PLAN = demo_id("hartley:plan:child_protection")
ITEM = demo_id("hartley:item:love")
OBJECTIVE = demo_id("hartley:objective:school_cp")
THREAD = demo_id("hartley:thread:school")
PERSON = demo_id("person:chloe")
AGENCY = demo_id("agency:csc")


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    body: dict[str, Any] | None = None
    # What each unwelcome caller gets. 404: it is not theirs (it might as well not exist).
    refused: dict[str, int] = field(default_factory=lambda: {"other_parent": 404, "outsider": 404})
    # What must be there first (a request waiting for a manager's approval, say).
    prepare: Callable[[], Awaitable[Any]] | None = None


ADMIN_ONLY = {"other_parent": 403, "outsider": 403, "own_parent": 403}
ANYONE = {}  # signed in is enough: the answer holds only what is the caller's own

ROUTES: dict[tuple[str, str], Route] = {
    ("GET", "/api/v1/me"): Route("GET", "/api/v1/me", refused=ANYONE),
    ("GET", "/api/v1/me/view"): Route("GET", "/api/v1/me/view", refused={"outsider": 404}),
    ("GET", "/api/v1/me/sessions"): Route("GET", "/api/v1/me/sessions", refused=ANYONE),
    # Someone else's session id is not found, the same as one that never was.
    ("DELETE", "/api/v1/me/sessions/{session_id:uuid}"): Route(
        "DELETE",
        "/api/v1/me/sessions/0f8fad5b-d9cb-469f-a165-70867728950e",
        refused={"other_parent": 404, "outsider": 404, "own_parent": 404},
    ),
    ("GET", "/api/v1/agencies"): Route("GET", "/api/v1/agencies", refused=ANYONE),
    ("POST", "/api/v1/agencies"): Route(
        "POST", "/api/v1/agencies", {"name": "New", "kind": "school"}, ADMIN_ONLY
    ),
    ("POST", "/api/v1/professionals"): Route(
        "POST",
        "/api/v1/professionals",
        {"name": "N", "email": "n@x.example", "agency": str(AGENCY)},
        ADMIN_ONLY,
    ),
    ("POST", "/api/v1/professionals/{person_id:str}/deactivate"): Route(
        "POST", f"/api/v1/professionals/{PERSON}/deactivate", None, ADMIN_ONLY
    ),
    ("GET", "/api/v1/families"): Route("GET", "/api/v1/families", refused=ANYONE),
    ("POST", "/api/v1/families"): Route(
        "POST",
        "/api/v1/families",
        {"name": "F", "members": [{"given_name": "A", "role": "parent"}]},
        {"other_parent": 403, "own_parent": 403},
    ),
    ("GET", "/api/v1/families/{family_id:str}"): Route("GET", f"/api/v1/families/{FAMILY}"),
    ("PATCH", "/api/v1/families/{family_id:str}"): Route(
        "PATCH", f"/api/v1/families/{FAMILY}", {"name": "Renamed", "revision": 1}
    ),
    ("POST", "/api/v1/families/{family_id:str}/team"): Route(
        "POST", f"/api/v1/families/{FAMILY}/team", {"person": str(PERSON), "role": "other"}
    ),
    # Someone on the team (Tom): a professional outside it, or a parent, is told the family
    # does not exist (404); partners on the team are refused 403 (tests/families/test_team.py).
    ("DELETE", "/api/v1/families/{family_id:str}/team/{person_id:str}"): Route(
        "DELETE",
        f"/api/v1/families/{FAMILY}/team/{demo_id('person:tom')}",
        {"reason": "Early help has stepped back."},
    ),
    ("PATCH", "/api/v1/families/{family_id:str}/team/{person_id:str}"): Route(
        "PATCH",
        f"/api/v1/families/{FAMILY}/team/{demo_id('person:grace')}",
        {"key_worker": True, "revision": 1},
    ),
    # A member of the family changes only through its professionals (a parent: 404).
    ("POST", "/api/v1/families/{family_id:str}/members"): Route(
        "POST",
        f"/api/v1/families/{FAMILY}/members",
        {"given_name": "N", "role": "child"},
        {"other_parent": 404, "outsider": 404, "own_parent": 404},
    ),
    ("PATCH", "/api/v1/members/{member_id:str}"): Route(
        "PATCH",
        f"/api/v1/members/{demo_id('hartley:member:leo')}",
        {"revision": 1, "known_as": "L"},
        {"other_parent": 404, "outsider": 404, "own_parent": 404},
    ),
    ("GET", "/api/v1/families/{family_id:str}/timeline"): Route(
        "GET", f"/api/v1/families/{FAMILY}/timeline"
    ),
    ("POST", "/api/v1/families/{family_id:str}/episodes"): Route(
        "POST",
        f"/api/v1/families/{FAMILY}/episodes",
        {
            "kind": "early_help",
            "children": [{"member": str(demo_id("hartley:member:leo"))}],
            "opened_on": "2026-01-01",
            "reason": "r",
        },
    ),
    ("GET", "/api/v1/episodes/{episode_id:str}"): Route("GET", f"/api/v1/episodes/{EPISODE}"),
    ("POST", "/api/v1/episodes/{episode_id:str}/close"): Route(
        "POST",
        f"/api/v1/episodes/{EPISODE}/close",
        {"closed_on": "2026-11-01", "outcome": "other", "reason": "r"},
    ),
    ("POST", "/api/v1/episodes/{episode_id:str}/challenge"): Route(
        "POST", f"/api/v1/episodes/{EPISODE}/challenge", {"challenge": "Why?"}
    ),
    # ---- managers' approvals (issue 17, item 3): Priya's request waits for Helen. The queue
    # is the caller's own (none for anyone who decides nothing); a request of a family the
    # caller may not read does not exist for them (404); partners on the team get 403
    # (tests/families/test_approvals.py).
    ("GET", "/api/v1/approvals"): Route(
        "GET", "/api/v1/approvals", refused=ANYONE, prepare=a_request_waits
    ),
    ("POST", "/api/v1/approvals/{approval_id:str}/approve"): Route(
        "POST",
        f"/api/v1/approvals/{WAITING}/approve",
        refused={"other_parent": 404, "outsider": 404, "own_parent": 404},
        prepare=a_request_waits,
    ),
    ("POST", "/api/v1/approvals/{approval_id:str}/send-back"): Route(
        "POST",
        f"/api/v1/approvals/{WAITING}/send-back",
        {"reason": "Book the review conference first."},
        refused={"other_parent": 404, "outsider": 404, "own_parent": 404},
        prepare=a_request_waits,
    ),
    ("GET", "/api/v1/episodes/{episode_id:str}/plan"): Route(
        "GET", f"/api/v1/episodes/{EPISODE}/plan"
    ),
    ("GET", "/api/v1/plans/{plan_id:str}"): Route("GET", f"/api/v1/plans/{PLAN}"),
    ("POST", "/api/v1/plans/{plan_id:str}/items"): Route(
        "POST", f"/api/v1/plans/{PLAN}/items", {"section": "worry", "text": "x"}
    ),
    ("POST", "/api/v1/plans/{plan_id:str}/objectives"): Route(
        "POST",
        f"/api/v1/plans/{PLAN}/objectives",
        {
            "title": "t",
            "measure": {"kind": "count", "target": "1"},
            "owner": {"kind": "agency", "id": str(AGENCY)},
        },
    ),
    ("POST", "/api/v1/plans/{plan_id:str}/scaling"): Route(
        "POST",
        f"/api/v1/plans/{PLAN}/scaling",
        {"score": 5, "by_kind": "professional", "reason": "r"},
    ),
    ("POST", "/api/v1/plans/{plan_id:str}/versions"): Route(
        "POST", f"/api/v1/plans/{PLAN}/versions", {}
    ),
    ("GET", "/api/v1/plans/{plan_id:str}/versions/{number:int}"): Route(
        "GET", f"/api/v1/plans/{PLAN}/versions/1"
    ),
    ("POST", "/api/v1/plans/{plan_id:str}/versions/{number:int}/share"): Route(
        "POST", f"/api/v1/plans/{PLAN}/versions/1/share"
    ),
    ("GET", "/api/v1/plans/{plan_id:str}/diff"): Route(
        "GET", f"/api/v1/plans/{PLAN}/diff?from=1&to=2"
    ),
    ("PATCH", "/api/v1/items/{item_id:str}"): Route(
        "PATCH", f"/api/v1/items/{ITEM}", {"text": "x", "revision": 1}
    ),
    ("DELETE", "/api/v1/items/{item_id:str}"): Route(
        "DELETE", f"/api/v1/items/{ITEM}", {"reason": "r", "revision": 1}
    ),
    ("PATCH", "/api/v1/objectives/{objective_id:str}"): Route(
        "PATCH", f"/api/v1/objectives/{OBJECTIVE}", {"title": "x", "revision": 1}
    ),
    # A parent records progress on the goals their audience includes (tested elsewhere).
    ("POST", "/api/v1/objectives/{objective_id:str}/progress"): Route(
        "POST",
        f"/api/v1/objectives/{OBJECTIVE}/progress",
        {"client_uuid": "0f8fad5b-d9cb-469f-a165-70867728950e", "value": "3"},
        {"other_parent": 404, "outsider": 404},
    ),
    ("GET", "/api/v1/threads/{thread_id:str}"): Route("GET", f"/api/v1/threads/{THREAD}"),
}

MEETING = demo_id("hartley:meeting:review")
# Professionals' routes: a parent of the family gets 404 too.
PORTAL_REFUSED_ALL = {"other_parent": 404, "outsider": 404, "own_parent": 404}
CORE_GROUP = demo_id("hartley:meeting:core_group")
DISAGREEMENT = demo_id("hartley:disagreement")
CONCERN = demo_id("whitfield:concern")
ROUTES.update(
    {
        # A parent of this family answers their own view (tested in tests/meetings).
        ("POST", "/api/v1/plans/{plan_id:str}/agreements"): Route(
            "POST",
            f"/api/v1/plans/{PLAN}/agreements",
            {"answer": "agree", "view_sha256": "0" * 64},
            {"other_parent": 404, "outsider": 404},
        ),
        ("GET", "/api/v1/plans/{plan_id:str}/agreements"): Route(
            "GET", f"/api/v1/plans/{PLAN}/agreements"
        ),
        ("POST", "/api/v1/plans/{plan_id:str}/meetings"): Route(
            "POST",
            f"/api/v1/plans/{PLAN}/meetings",
            {"kind": "core_group", "starts_at": "2026-12-01T10:00:00Z", "chair": str(PERSON)},
        ),
        ("GET", "/api/v1/meetings/{meeting_id:str}"): Route("GET", f"/api/v1/meetings/{MEETING}"),
        # Issue 18, before the meeting: a plan's meetings, agencies' reports.
        ("GET", "/api/v1/plans/{plan_id:str}/meetings"): Route(
            "GET", f"/api/v1/plans/{PLAN}/meetings", refused=PORTAL_REFUSED_ALL
        ),
        ("POST", "/api/v1/meetings/{meeting_id:str}/reports"): Route(
            "POST",
            f"/api/v1/meetings/{CORE_GROUP}/reports",
            {"title": "Report", "body": "What we know."},
            PORTAL_REFUSED_ALL,
        ),
        ("GET", "/api/v1/meetings/{meeting_id:str}/reports"): Route(
            "GET", f"/api/v1/meetings/{CORE_GROUP}/reports", refused=PORTAL_REFUSED_ALL
        ),
        ("POST", "/api/v1/meetings/{meeting_id:str}/views"): Route(
            "POST",
            f"/api/v1/meetings/{CORE_GROUP}/views",
            {"attendee": str(demo_id("hartley:attendee:priya")), "view": "agree"},
        ),
        ("POST", "/api/v1/meetings/{meeting_id:str}/decisions"): Route(
            "POST", f"/api/v1/meetings/{CORE_GROUP}/decisions", {"plan_needed": True}
        ),
        ("GET", "/api/v1/disagreements/{disagreement_id:str}"): Route(
            "GET", f"/api/v1/disagreements/{DISAGREEMENT}"
        ),
        ("POST", "/api/v1/disagreements/{disagreement_id:str}/escalate"): Route(
            "POST", f"/api/v1/disagreements/{DISAGREEMENT}/escalate", {}
        ),
        ("POST", "/api/v1/disagreements/{disagreement_id:str}/resolve"): Route(
            "POST", f"/api/v1/disagreements/{DISAGREEMENT}/resolve", {"resolution": "r"}
        ),
        # Any professional of the local authority may raise a concern (it goes to the front
        # door and grants no access): only a parent is refused.
        ("POST", "/api/v1/families/{family_id:str}/concerns"): Route(
            "POST",
            f"/api/v1/families/{FAMILY}/concerns",
            {
                "member": str(demo_id("hartley:member:leo")),
                "what": "w",
                "seriousness": "low",
                "observed_on": "2026-11-20",
            },
            {"other_parent": 404, "own_parent": 404},
        ),
        ("GET", "/api/v1/families/{family_id:str}/concerns"): Route(
            "GET", f"/api/v1/families/{FAMILY}/concerns"
        ),
        ("GET", "/api/v1/concerns/{concern_id:str}"): Route("GET", f"/api/v1/concerns/{CONCERN}"),
        ("POST", "/api/v1/plain-language/check"): Route(
            "POST", "/api/v1/plain-language/check", {"text": "CIN"}, ANYONE
        ),
        ("GET", "/api/v1/plain-language/glossary"): Route(
            "GET", "/api/v1/plain-language/glossary", refused=ANYONE
        ),
        ("PATCH", "/api/v1/concerns/{concern_id:str}"): Route(
            "PATCH", f"/api/v1/concerns/{CONCERN}", {"acknowledge": True, "revision": 1}
        ),
    }
)

# Issue 18, after the meeting: the chair's record and letter, the agreed plan (a parent of
# this family gets her own copy: tests/meetings/test_record.py), the plan's state.
ROUTES.update(
    {
        ("GET", "/api/v1/meetings/{meeting_id:str}/record"): Route(
            "GET", f"/api/v1/meetings/{MEETING}/record"
        ),
        ("GET", "/api/v1/meetings/{meeting_id:str}/record.pdf"): Route(
            "GET", f"/api/v1/meetings/{MEETING}/record.pdf"
        ),
        ("GET", "/api/v1/meetings/{meeting_id:str}/letter.pdf"): Route(
            "GET", f"/api/v1/meetings/{MEETING}/letter.pdf"
        ),
        ("GET", "/api/v1/plans/{plan_id:str}/versions/{number:int}/agreed.pdf"): Route(
            "GET", f"/api/v1/plans/{PLAN}/versions/2/agreed.pdf"
        ),
        ("POST", "/api/v1/plans/{plan_id:str}/state"): Route(
            "POST",
            f"/api/v1/plans/{PLAN}/state",
            {"state": "under_review", "reason": "The review conference is booked."},
            {"other_parent": 404, "outsider": 404, "own_parent": 404},
        ),
    }
)

# The key worker's side of the family portal: a parent, even of this family, is refused as
# a stranger (404), and so is a professional outside the team.
PORTAL_REFUSED = {"other_parent": 404, "outsider": 404, "own_parent": 404}
JESS_MEMBER = str(demo_id("hartley:member:jess"))
ROUTES.update(
    {
        ("POST", "/api/v1/families/{family_id:str}/invitations"): Route(
            "POST",
            f"/api/v1/families/{FAMILY}/invitations",
            {"member": JESS_MEMBER},
            PORTAL_REFUSED,
        ),
        ("POST", "/api/v1/families/{family_id:str}/one-time-codes"): Route(
            "POST",
            f"/api/v1/families/{FAMILY}/one-time-codes",
            {"member": JESS_MEMBER},
            PORTAL_REFUSED,
        ),
        ("GET", "/api/v1/families/{family_id:str}/devices"): Route(
            "GET", f"/api/v1/families/{FAMILY}/devices", refused=PORTAL_REFUSED
        ),
        ("DELETE", "/api/v1/families/{family_id:str}/devices/{passkey_id:str}"): Route(
            "DELETE",
            f"/api/v1/families/{FAMILY}/devices/0f8fad5b-d9cb-469f-a165-70867728950e",
            refused=PORTAL_REFUSED,
        ),
    }
)

# In the meeting (issue 18): the room is its chair's, the team's and its invited
# professionals'; anyone else is told it does not exist. A partner on the team who is not the
# chair is refused the chair's actions with 403 (tests/meetings/test_room*.py).
DISSENT = demo_id("test:hartley:dissent")
ROUTES.update(
    {
        ("POST", "/api/v1/meetings/{meeting_id:str}/attendance"): Route(
            "POST", f"/api/v1/meetings/{CORE_GROUP}/attendance", {}
        ),
        ("POST", "/api/v1/meetings/{meeting_id:str}/scales"): Route(
            "POST", f"/api/v1/meetings/{CORE_GROUP}/scales", {"score": 5, "reason": "r"}
        ),
        ("POST", "/api/v1/meetings/{meeting_id:str}/reveal"): Route(
            "POST", f"/api/v1/meetings/{CORE_GROUP}/reveal"
        ),
        ("POST", "/api/v1/meetings/{meeting_id:str}/dissent"): Route(
            "POST", f"/api/v1/meetings/{MEETING}/dissent", {"reason": "r"}
        ),
        ("GET", "/api/v1/dissents/{dissent_id:str}"): Route(
            "GET", f"/api/v1/dissents/{DISSENT}", prepare=room_setup.a_dissent_waits
        ),
        ("POST", "/api/v1/dissents/{dissent_id:str}/review"): Route(
            "POST",
            f"/api/v1/dissents/{DISSENT}/review",
            {"result": "decision_stands", "outcome": "o"},
            prepare=room_setup.a_dissent_waits,
        ),
    }
)

# A parent of another family; a professional outside the team; and a parent of this very
# family, who reads their own shared views but none of the professionals' routes.
CALLERS = {"other_parent": "person:sophie", "outsider": "chloe", "own_parent": "person:jess"}


def api_routes(app: Litestar) -> set[tuple[str, str]]:
    found = set()
    for route in app.routes:
        if not route.path.startswith("/api/"):
            continue
        for method in getattr(route, "methods", ()):
            if method not in ("HEAD", "OPTIONS"):
                found.add((method, route.path))
    return found


async def test_every_api_route_has_an_entry_in_the_registry(app: Litestar) -> None:
    missing = api_routes(app) - set(ROUTES)
    assert not missing, f"routes without an access entry: {sorted(missing)}"
    stale = set(ROUTES) - api_routes(app)
    assert not stale, f"registry entries for routes that do not exist: {sorted(stale)}"


async def snapshot() -> tuple[int, int]:
    family = await Family.select(Family.revision).where(Family.id == FAMILY).first()
    return await AuditEvent.count(), family["revision"]


@pytest.mark.parametrize("key", sorted(ROUTES), ids=lambda k: f"{k[0]} {k[1]}")
async def test_signed_out_callers_get_401(demo_app: Litestar, key) -> None:
    route = ROUTES[key]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo_app), base_url=BASE_URL
    ) as anonymous:
        response = await anonymous.request(route.method, route.path, json=route.body)
    assert response.status_code == 401


REFUSALS = [
    (key, caller)
    for key in sorted(ROUTES)
    for caller in sorted(CALLERS)
    if ROUTES[key].refused.get(caller, 200) != 200  # else it answers only with their own
]


@pytest.mark.parametrize(
    ("key", "caller"), REFUSALS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else v
)
async def test_people_it_is_not_for_are_refused_and_nothing_changes(as_, key, caller) -> None:
    route = ROUTES[key]
    expected = route.refused[caller]
    if route.prepare is not None:
        await route.prepare()
    before = await snapshot()
    response = await as_(CALLERS[caller]).request(route.method, route.path, json=route.body)
    assert response.status_code == expected, response.text
    assert await snapshot() == before
    # A refusal tells nothing about the family: no name, no member, no item.
    assert "Hartley" not in response.text and "Leo" not in response.text
