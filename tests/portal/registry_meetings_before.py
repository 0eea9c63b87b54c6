"""Registry entries for the pages before a meeting (issue 18; see test_page_access): arranging
one on the Hartleys' plan, a meeting's page, an agency's report. The team and their managers
get them (a form posted well: 303 to the meeting); anyone who may not read the family is told
it does not exist (404). Partners on the team (the police) are refused arranging (403), tried
in tests/portal/workspace/test_meeting_pages.py."""

from __future__ import annotations

import datetime as dt

from careplan.demo.builder import demo_id
from tests.portal.registry import PLAN, WORKSPACE_FAMILY, Page

CORE_GROUP = demo_id("hartley:meeting:core_group")
POSTED = {**WORKSPACE_FAMILY, "team": 303, "manager": 303}
_DAY = dt.date.today() + dt.timedelta(days=21)

PAGES: dict[tuple[str, str], Page] = {
    ("GET", "/workspace/plans/{plan_id:str}/meetings/new"): Page(
        "GET", f"/workspace/plans/{PLAN}/meetings/new", WORKSPACE_FAMILY
    ),
    ("POST", "/workspace/plans/{plan_id:str}/meetings/new"): Page(
        "POST",
        f"/workspace/plans/{PLAN}/meetings/new",
        POSTED,
        form={
            "kind": "core_group",
            "chair": str(demo_id("person:priya")),
            "starts-day": str(_DAY.day),
            "starts-month": str(_DAY.month),
            "starts-year": str(_DAY.year),
            "time": "10:00",
            "version": "2",
        },
    ),
    ("GET", "/workspace/meetings/{meeting_id:str}"): Page(
        "GET", f"/workspace/meetings/{CORE_GROUP}", WORKSPACE_FAMILY
    ),
    ("GET", "/workspace/meetings/{meeting_id:str}/reports/new"): Page(
        "GET", f"/workspace/meetings/{CORE_GROUP}/reports/new", WORKSPACE_FAMILY
    ),
    ("POST", "/workspace/meetings/{meeting_id:str}/reports/new"): Page(
        "POST",
        f"/workspace/meetings/{CORE_GROUP}/reports/new",
        POSTED,
        form={"title": "Health visiting", "body": "Mia is thriving.", "audience": "family"},
    ),
}
