"""Registry entries for a manager's approvals of closing an episode (see test_page_access).

Priya has asked to step the Hartleys' child protection work down (tests.families.closing's
`a_request_waits`). Helen, her manager, sees the queue and the request and decides it (303).
Priya sees her own request (200) but cannot decide it (403). Anyone who may not read the
family is told the request does not exist (404); the queue is every professional's own (a
manager's requests, or none). Partners on the team (the police sergeant) get 403, tried in
tests/families/test_approvals.py.
"""

from __future__ import annotations

from tests.families.closing import WAITING, a_request_waits
from tests.portal.registry import WORKSPACE_FAMILY, WORKSPACE_OWN, Page

ONE = "/workspace/approvals/{approval_id:str}"
DECIDE = {**WORKSPACE_FAMILY, "team": 403, "manager": 303}

PAGES: dict[tuple[str, str], Page] = {
    ("GET", "/workspace/approvals"): Page(
        "GET", "/workspace/approvals", WORKSPACE_OWN, prepare=a_request_waits
    ),
    ("GET", ONE): Page(
        "GET", f"/workspace/approvals/{WAITING}", WORKSPACE_FAMILY, prepare=a_request_waits
    ),
    ("POST", f"{ONE}/approve"): Page(
        "POST", f"/workspace/approvals/{WAITING}/approve", DECIDE, prepare=a_request_waits
    ),
    ("POST", f"{ONE}/send-back"): Page(
        "POST",
        f"/workspace/approvals/{WAITING}/send-back",
        DECIDE,
        form={"reason": "Book the review conference first."},
        prepare=a_request_waits,
    ),
}
