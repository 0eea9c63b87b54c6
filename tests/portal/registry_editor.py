"""Registry entries for the plan editor, versions and episodes (see test_page_access).

Each post's form would succeed for the team (Priya, on the Hartleys' plan) and their manager
(Helen): a plain post answers 303 back to the page. Everyone else is told it does not exist.
"""

from __future__ import annotations

import datetime as dt

from careplan.demo.builder import demo_id
from tests.portal.registry import EPISODE, FAMILY, ITEM, OBJECTIVE, PLAN, WORKSPACE_FAMILY, Page

JESS = demo_id("hartley:member:jess")
LEO = demo_id("hartley:member:leo")
OPEN_OBJECTIVES = [
    demo_id(f"hartley:objective:{name}")
    for name in ("school_cp", "home_cp", "appointments_cp", "alone_cp")
]
TODAY = dt.date.today()
# A change the team may make: 303 back to the editor after a plain post.
CHANGE = {**WORKSPACE_FAMILY, "team": 303, "manager": 303}

OBJECTIVE_FORM = {
    "title": "Mia goes to nursery every morning",
    "measure_kind": "count",
    "unit": "mornings out of 5",
    "baseline": "1",
    "target": "5",
    "owner": f"member:{JESS}",
    "audience": "family",
}


def _page(method: str, route: str, expect: dict[str, int], path: str | None = None, **kw) -> Page:
    return Page(method, path or route.replace("{plan_id:str}", str(PLAN)), expect, **kw)


PLAN_ROUTE = "/workspace/plans/{plan_id:str}"
ITEM_ROUTE = "/workspace/items/{item_id:str}"
OBJECTIVE_ROUTE = "/workspace/objectives/{objective_id:str}"
ITEM_PATH = f"/workspace/items/{ITEM}"
OBJECTIVE_PATH = f"/workspace/objectives/{OBJECTIVE}"

ENTRIES = [
    # The editor
    _page("GET", PLAN_ROUTE, WORKSPACE_FAMILY),
    _page(
        "POST",
        PLAN_ROUTE + "/items",
        CHANGE,
        form={"section": "worry", "text": "We are worried about the damp.", "audience": "family"},
    ),
    _page(
        "GET",
        PLAN_ROUTE + "/sections/{section:str}",
        WORKSPACE_FAMILY,
        f"/workspace/plans/{PLAN}/sections/worry",
    ),
    _page("GET", ITEM_ROUTE, WORKSPACE_FAMILY, ITEM_PATH),
    _page("GET", ITEM_ROUTE + "/edit", WORKSPACE_FAMILY, ITEM_PATH + "/edit"),
    _page("GET", ITEM_ROUTE + "/remove", WORKSPACE_FAMILY, ITEM_PATH + "/remove"),
    _page(
        "POST",
        ITEM_ROUTE,
        CHANGE,
        ITEM_PATH,
        form={"text": "They love the children.", "audience": "family", "revision": "1"},
    ),
    _page(
        "POST",
        ITEM_ROUTE + "/move",
        CHANGE,
        ITEM_PATH + "/move",
        form={"direction": "down", "revision": "1"},
    ),
    _page(
        "POST",
        ITEM_ROUTE + "/remove",
        CHANGE,
        ITEM_PATH + "/remove",
        form={"reason": "Written twice", "revision": "1"},
    ),
    _page("POST", PLAN_ROUTE + "/objectives", CHANGE, form=OBJECTIVE_FORM),
    _page("GET", OBJECTIVE_ROUTE, WORKSPACE_FAMILY, OBJECTIVE_PATH),
    _page("GET", OBJECTIVE_ROUTE + "/edit", WORKSPACE_FAMILY, OBJECTIVE_PATH + "/edit"),
    _page(
        "POST",
        OBJECTIVE_ROUTE,
        CHANGE,
        OBJECTIVE_PATH,
        form={**OBJECTIVE_FORM, "title": "Leo gets to school on time every day", "revision": "1"},
    ),
    _page(
        "POST",
        OBJECTIVE_ROUTE + "/progress",
        CHANGE,
        OBJECTIVE_PATH + "/progress",
        form={"client_uuid": "0f8fad5b-d9cb-469f-a165-70867728950e", "value": "4"},
    ),
    _page(
        "POST",
        PLAN_ROUTE + "/scaling",
        CHANGE,
        form={"score": "6", "by_kind": "professional", "reason": "Food at every visit."},
    ),
    # Versions
    _page("GET", PLAN_ROUTE + "/versions", WORKSPACE_FAMILY),
    _page("POST", PLAN_ROUTE + "/versions", CHANGE, form={"label": "Ready for the meeting"}),
    _page(
        "GET",
        PLAN_ROUTE + "/versions/{number:int}",
        WORKSPACE_FAMILY,
        f"/workspace/plans/{PLAN}/versions/2",
    ),
    _page(
        "GET",
        PLAN_ROUTE + "/versions/{number:int}/share",
        WORKSPACE_FAMILY,
        f"/workspace/plans/{PLAN}/versions/2/share",
    ),
    _page(
        "POST",
        PLAN_ROUTE + "/versions/{number:int}/share",
        CHANGE,
        f"/workspace/plans/{PLAN}/versions/2/share",
        form={},
    ),
    _page(
        "GET", PLAN_ROUTE + "/diff", WORKSPACE_FAMILY, f"/workspace/plans/{PLAN}/diff?from=1&to=2"
    ),
    # The family's answers not yet seen, and marking one as seen (issue 14, item 5)
    _page("GET", PLAN_ROUTE + "/answers/new", WORKSPACE_FAMILY),
    _page(
        "POST",
        PLAN_ROUTE + "/answers/{agreement_id:str}/seen",
        CHANGE,
        f"/workspace/plans/{PLAN}/answers/{demo_id('hartley:agreement:jess:2')}/seen",
        form={"return_to": "versions"},
    ),
    # Episodes
    _page(
        "GET",
        "/workspace/families/{family_id:str}/episodes/new",
        WORKSPACE_FAMILY,
        f"/workspace/families/{FAMILY}/episodes/new",
    ),
    _page(
        "POST",
        "/workspace/families/{family_id:str}/episodes/new",
        CHANGE,
        f"/workspace/families/{FAMILY}/episodes/new",
        form={
            "kind": "child_in_need",
            "children": str(LEO),
            "opened_on-day": str(TODAY.day),
            "opened_on-month": str(TODAY.month),
            "opened_on-year": str(TODAY.year),
            "reason": "Leo asked for help at school.",
        },
    ),
    # A manager's challenge to closing: the team's practitioner is told who can (403).
    _page(
        "GET",
        "/workspace/episodes/{episode_id:str}/challenge",
        {**WORKSPACE_FAMILY, "team": 403},
        f"/workspace/episodes/{EPISODE}/challenge",
    ),
    _page(
        "POST",
        "/workspace/episodes/{episode_id:str}/challenge",
        {**WORKSPACE_FAMILY, "team": 403, "manager": 303},
        f"/workspace/episodes/{EPISODE}/challenge",
        form={"challenge": "Is Leo safe without this help?", "response": "Yes: school."},
    ),
    _page(
        "GET",
        "/workspace/episodes/{episode_id:str}/close",
        WORKSPACE_FAMILY,
        f"/workspace/episodes/{EPISODE}/close",
    ),
    _page(
        "POST",
        "/workspace/episodes/{episode_id:str}/close",
        # Priya's closure of child protection work waits for her manager's approval (200:
        # "Sent to Helen Marsh for approval"); Helen's own closes it (303).
        {**CHANGE, "team": 200},
        f"/workspace/episodes/{EPISODE}/close",
        form={
            "closed_on-day": str(TODAY.day),
            "closed_on-month": str(TODAY.month),
            "closed_on-year": str(TODAY.year),
            "outcome": "step_down",
            "reason": "Things are safer now.",
            **{f"decision-{o}": "carry" for o in OPEN_OBJECTIVES},
            "confirmed": "yes",  # as from the page that checks what closing ends
        },
    ),
]

PAGES: dict[tuple[str, str], Page] = {}
for entry in ENTRIES:
    route = entry.path.split("?")[0]
    for value, name in (
        (str(PLAN), "{plan_id:str}"),
        (str(ITEM), "{item_id:str}"),
        (str(OBJECTIVE), "{objective_id:str}"),
        (str(FAMILY), "{family_id:str}"),
        (str(EPISODE), "{episode_id:str}"),
        ("/versions/2", "/versions/{number:int}"),
        ("/sections/worry", "/sections/{section:str}"),
        (str(demo_id("hartley:agreement:jess:2")), "{agreement_id:str}"),
    ):
        route = route.replace(value, name)
    PAGES[(entry.method, route)] = entry
