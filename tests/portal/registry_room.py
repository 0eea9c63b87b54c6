"""Registry entries for the meeting room and the dissent page (issue 18; see test_page_access).

The Hartleys' review conference (chaired by Robert, held 10 days ago, with a decision) and
their coming core group (chaired by Priya, who is invited to it with Grace, Daniel, Tom and
Jess). Priya and Helen (her manager)
read the room; everyone else is told it does not exist. Priya chairs the core group, so she
may reveal its scales and record its decision; Helen may not (403). Helen is not invited to
the core group, so she gives no score of her own there and does not dissent (403); Priya,
invited, gives her score (303) but has no decision to dissent from yet (422). Helen is
the senior chair of Laura's dissent (tests.meetings.room_setup): she reviews it (303);
Priya reads it but may not (403).
"""

from __future__ import annotations

from careplan.demo.builder import demo_id
from tests.meetings.room_setup import DISSENT, a_dissent_waits
from tests.portal.registry import WORKSPACE_FAMILY, Page

REVIEW = demo_id("hartley:meeting:review")
CORE_GROUP = demo_id("hartley:meeting:core_group")
ROOM = "/workspace/meetings/{meeting_id:str}/room"
ONE = "/workspace/dissents/{dissent_id:str}"


def _room(meeting: object, action: str = "") -> str:
    return f"/workspace/meetings/{meeting}/room{action}"


PAGES: dict[tuple[str, str], Page] = {
    ("GET", ROOM): Page("GET", _room(REVIEW), WORKSPACE_FAMILY),
    ("POST", f"{ROOM}/attendance"): Page(
        "POST",
        _room(CORE_GROUP, "/attendance"),
        {**WORKSPACE_FAMILY, "team": 303, "manager": 303},
        form={},
    ),
    ("POST", f"{ROOM}/scales"): Page(
        "POST",
        _room(CORE_GROUP, "/scales"),
        {**WORKSPACE_FAMILY, "team": 303, "manager": 403},
        form={"score": "5", "reason": "r"},
    ),
    ("POST", f"{ROOM}/reveal"): Page(
        "POST",
        _room(CORE_GROUP, "/reveal"),
        {**WORKSPACE_FAMILY, "team": 303, "manager": 403},
        form={},
    ),
    ("POST", f"{ROOM}/views"): Page(
        "POST",
        _room(REVIEW, "/views"),
        {**WORKSPACE_FAMILY, "team": 303, "manager": 303},
        form={"view_attendee": str(demo_id("hartley:attendee:amir")), "view": "agree"},
    ),
    ("POST", f"{ROOM}/decision"): Page(
        "POST",
        _room(CORE_GROUP, "/decision"),
        {**WORKSPACE_FAMILY, "team": 303, "manager": 403},
        form={"notes": "The core group goes on."},
    ),
    # The core group has no decision to dissent from yet.
    ("POST", f"{ROOM}/dissent"): Page(
        "POST",
        _room(CORE_GROUP, "/dissent"),
        {**WORKSPACE_FAMILY, "team": 422, "manager": 403},
        form={"dissent_reason": "r"},
    ),
    ("GET", ONE): Page(
        "GET", f"/workspace/dissents/{DISSENT}", WORKSPACE_FAMILY, prepare=a_dissent_waits
    ),
    ("POST", f"{ONE}/review"): Page(
        "POST",
        f"/workspace/dissents/{DISSENT}/review",
        {**WORKSPACE_FAMILY, "team": 403, "manager": 303},
        form={"result": "decision_stands", "outcome": "It stands."},
        prepare=a_dissent_waits,
    ),
}
