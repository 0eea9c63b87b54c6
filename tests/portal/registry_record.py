"""Registry entries for the chair's record of a meeting (issue 18, item 9; see
test_page_access). The Hartleys' review conference, chaired by Robert Ellis (not a caller of
the matrix: his sending and correcting are tried in tests/meetings/test_record_pages.py). The
team and their managers read the record (200) but neither send nor correct it (403: only the
chair, decided in careplan.access); anyone who may not read the family is told it does not
exist (404)."""

from __future__ import annotations

from tests.api.test_access import MEETING
from tests.portal.registry import PLAN, WORKSPACE_FAMILY, Page

ONE = "/workspace/meetings/{meeting_id:str}/record"
CHAIR_ONLY = {**WORKSPACE_FAMILY, "team": 403, "manager": 403}

PAGES: dict[tuple[str, str], Page] = {
    ("GET", ONE): Page("GET", f"/workspace/meetings/{MEETING}/record", WORKSPACE_FAMILY),
    ("POST", f"{ONE}/send-letter"): Page(
        "POST", f"/workspace/meetings/{MEETING}/record/send-letter", CHAIR_ONLY
    ),
    ("POST", f"{ONE}/send-record"): Page(
        "POST", f"/workspace/meetings/{MEETING}/record/send-record", CHAIR_ONLY
    ),
    ("POST", f"{ONE}/corrections"): Page(
        "POST",
        f"/workspace/meetings/{MEETING}/record/corrections",
        CHAIR_ONLY,
        form={"text": "Daniel Okafor is the school's designated lead, not its head."},
    ),
}

# The plan's state (issue 18, item 8): the team and their managers read it; Priya (children's
# social care) and Helen (her manager) move it (303). Partners on the team are refused 403
# (tests/plans/test_states.py).
STATE = "/workspace/plans/{plan_id:str}/state"
PAGES.update(
    {
        ("GET", STATE): Page("GET", f"/workspace/plans/{PLAN}/state", WORKSPACE_FAMILY),
        ("POST", STATE): Page(
            "POST",
            f"/workspace/plans/{PLAN}/state",
            {**WORKSPACE_FAMILY, "team": 303, "manager": 303},
            form={"state": "under_review", "reason": "The review conference is booked."},
        ),
    }
)
