"""Registry entries for the workspace: caseload and family pages (see test_page_access)."""

from __future__ import annotations

from careplan.demo.builder import demo_id
from tests.portal.registry import FAMILY, WORKSPACE_FAMILY, WORKSPACE_OWN, Page

JESS = demo_id("hartley:member:jess")
FAMILY_PAGE = "/workspace/families/{family_id:str}"

# Starting a family's record: a practitioner or manager of children's social care or early help
# (careplan.access.authority); the administrator, who practises nowhere, is told who can.
START = {**WORKSPACE_OWN, "admin": 403}
START_FORM = {
    "name": "Brook family",
    "member-1-given_name": "Dana",
    "member-1-role": "parent",
}

PAGES: dict[tuple[str, str], Page] = {
    ("GET", "/workspace"): Page("GET", "/workspace", WORKSPACE_OWN),
    ("GET", "/workspace/families/new"): Page("GET", "/workspace/families/new", START),
    ("POST", "/workspace/families/new"): Page(
        "POST",
        "/workspace/families/new",
        {**START, "team": 303, "outsider": 303, "manager": 303},
        form=START_FORM,
    ),
    ("GET", FAMILY_PAGE): Page("GET", f"/workspace/families/{FAMILY}", WORKSPACE_FAMILY),
    # The link and code are secrets shown once: the answer to the post itself (200).
    ("POST", f"{FAMILY_PAGE}/invitations"): Page(
        "POST",
        f"/workspace/families/{FAMILY}/invitations",
        WORKSPACE_FAMILY,
        form={"member": str(JESS)},
    ),
    ("POST", f"{FAMILY_PAGE}/one-time-codes"): Page(
        "POST",
        f"/workspace/families/{FAMILY}/one-time-codes",
        WORKSPACE_FAMILY,
        form={"member": str(JESS)},
    ),
    # The demo has no enrolled device to revoke: every caller is tried there, on one made
    # for the test (team 303 and revoked; everyone else 404 and nothing changes).
    ("POST", f"{FAMILY_PAGE}/devices/{{device_id:str}}/revoke"): Page(
        "POST",
        f"/workspace/families/{FAMILY}/devices/x/revoke",
        {},
        tested_in="tests/portal/workspace/test_family_page.py",
    ),
}
