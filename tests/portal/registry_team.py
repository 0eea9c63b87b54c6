"""Registry entries for changing a family's team from its pages (see test_page_access).

The key worker (Priya) and her manager (Helen) may take Tom off the team and make Grace key
worker: each confirmation page answers 200, each confirmed post 303. Anyone who may not read
the family is told it does not exist (404). Partners on the team who may read it but not
change its team (the police sergeant, the health visitor) get 403, tried in
tests/portal/workspace/test_team_pages.py.
"""

from __future__ import annotations

from careplan.demo.builder import demo_id
from tests.portal.registry import FAMILY, WORKSPACE_FAMILY, Page

TOM, GRACE = demo_id("person:tom"), demo_id("person:grace")
MEMBER = "/workspace/families/{family_id:str}/team/{person_id:str}"
DONE = {**WORKSPACE_FAMILY, "team": 303, "manager": 303}

PAGES: dict[tuple[str, str], Page] = {
    ("GET", "/workspace/families/{family_id:str}/team/new"): Page(
        "GET", f"/workspace/families/{FAMILY}/team/new", WORKSPACE_FAMILY
    ),
    ("POST", "/workspace/families/{family_id:str}/team/new"): Page(
        "POST",
        f"/workspace/families/{FAMILY}/team/new",
        DONE,
        form={"person": str(demo_id("person:chloe")), "role": "social_worker"},
    ),
    ("GET", f"{MEMBER}/remove"): Page(
        "GET", f"/workspace/families/{FAMILY}/team/{TOM}/remove", WORKSPACE_FAMILY
    ),
    ("POST", f"{MEMBER}/remove"): Page(
        "POST",
        f"/workspace/families/{FAMILY}/team/{TOM}/remove",
        DONE,
        form={"reason": "Early help has stepped back."},
    ),
    ("GET", f"{MEMBER}/key-worker"): Page(
        "GET", f"/workspace/families/{FAMILY}/team/{GRACE}/key-worker", WORKSPACE_FAMILY
    ),
    ("POST", f"{MEMBER}/key-worker"): Page(
        "POST",
        f"/workspace/families/{FAMILY}/team/{GRACE}/key-worker",
        DONE,
        form={"revision": "1"},
    ),
}
