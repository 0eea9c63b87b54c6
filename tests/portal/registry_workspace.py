"""Registry entries for the workspace: caseload and family pages (see test_page_access)."""

from __future__ import annotations

import datetime as dt

from careplan.demo.builder import demo_id
from tests.portal.registry import FAMILY, WORKSPACE_FAMILY, WORKSPACE_OWN, Page

JESS = demo_id("hartley:member:jess")
LEO = demo_id("hartley:member:leo")
FAMILY_PAGE = "/workspace/families/{family_id:str}"
MEMBER_PAGE = "/workspace/members/{member_id:str}"
TODAY = dt.date.today()
# A change the team (the key worker) and their manager may make: 303 back to the family page.
CHANGE = {**WORKSPACE_FAMILY, "team": 303, "manager": 303}
MEMBER_FORM = {
    "given_name": "Ivy",
    "family_name": "Hartley",
    "role": "child",
    "date_of_birth-day": str(TODAY.day),
    "date_of_birth-month": str(TODAY.month),
    "date_of_birth-year": str(TODAY.year),
    "parental_responsibility": "no",
    "address_confidential": "no",
    "interpreter_needed": "no",
    "portal_restricted": "no",
}

# Starting a family's record: a practitioner or manager of children's social care or early help
# (careplan.access.authority); the administrator, who practises nowhere, is told who can.
START = {**WORKSPACE_OWN, "admin": 403}
START_FORM = {
    "name": "Brook family",
    "member-1-given_name": "Dana",
    "member-1-role": "parent",
}

# Administration: a local authority's administrators only; any other professional is told so.
ADMIN_PAGE = {**WORKSPACE_OWN, "team": 403, "outsider": 403, "manager": 403, "admin": 200}
ADMIN_POST = {**ADMIN_PAGE, "admin": 303}
NADIA = demo_id("person:nadia")
DEACTIVATE = "/workspace/admin/professionals/{person_id:str}/deactivate"

PAGES: dict[tuple[str, str], Page] = {
    ("GET", "/workspace/admin"): Page("GET", "/workspace/admin", ADMIN_PAGE),
    ("GET", "/workspace/admin/agencies/new"): Page(
        "GET", "/workspace/admin/agencies/new", ADMIN_PAGE
    ),
    ("POST", "/workspace/admin/agencies/new"): Page(
        "POST",
        "/workspace/admin/agencies/new",
        ADMIN_POST,
        form={"name": "Northmere Housing", "kind": "housing"},
    ),
    ("GET", "/workspace/admin/professionals/new"): Page(
        "GET", "/workspace/admin/professionals/new", ADMIN_PAGE
    ),
    ("POST", "/workspace/admin/professionals/new"): Page(
        "POST",
        "/workspace/admin/professionals/new",
        ADMIN_POST,
        form={
            "name": "Ola Nowak",
            "email": "ola.nowak@csc.northmere.example",
            "agency": str(demo_id("agency:csc")),
            "roles": "practitioner",
        },
    ),
    ("GET", DEACTIVATE): Page("GET", DEACTIVATE.replace("{person_id:str}", str(NADIA)), ADMIN_PAGE),
    ("POST", DEACTIVATE): Page(
        "POST",
        DEACTIVATE.replace("{person_id:str}", str(NADIA)),
        ADMIN_POST,
        form={},
    ),
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
    # A family's members (issue 17, item 6): a police officer or health visitor on the team
    # is refused with 403 (tests/portal/workspace/test_member_pages.py).
    ("GET", f"{FAMILY_PAGE}/members/new"): Page(
        "GET", f"/workspace/families/{FAMILY}/members/new", WORKSPACE_FAMILY
    ),
    ("POST", f"{FAMILY_PAGE}/members/new"): Page(
        "POST", f"/workspace/families/{FAMILY}/members/new", CHANGE, form=MEMBER_FORM
    ),
    ("GET", f"{MEMBER_PAGE}/change"): Page(
        "GET", f"/workspace/members/{LEO}/change", WORKSPACE_FAMILY
    ),
    ("POST", f"{MEMBER_PAGE}/change"): Page(
        "POST",
        f"/workspace/members/{LEO}/change",
        CHANGE,
        form={**MEMBER_FORM, "given_name": "Leo", "known_as": "Lee", "revision": "1"},
    ),
    ("GET", f"{MEMBER_PAGE}/end"): Page("GET", f"/workspace/members/{LEO}/end", WORKSPACE_FAMILY),
    ("POST", f"{MEMBER_PAGE}/end"): Page(
        "POST",
        f"/workspace/members/{LEO}/end",
        CHANGE,
        form={
            "revision": "1",
            "to_date-day": str(TODAY.day),
            "to_date-month": str(TODAY.month),
            "to_date-year": str(TODAY.year),
        },
    ),
}
