"""Registry entries for the family portal at /family (see test_page_access).

Every page shows the signed-in member their OWN family, so other_parent (Sophie Whitfield)
gets 200 on the pages without an id; a goal of the Hartleys in the path is not hers: 404.
Professionals get 404 on every family page (the wrong kind of person), as for anything not
theirs. The posts carry forms that succeed for own_parent (Jess Hartley): 303. Sophie has
no plan shared with her, so there is nothing of hers to answer: 404.

The matrix asserts that nothing changes on a 303, so its posts are the harmless retries the
portal promises: a check-in sent again with the client uuid of one already stored, and the
answer Jess already gave, sent again. Both answer 303 and store nothing new. New check-ins
and answers (stored once, history kept) are tested in test_family_portal_pages.py.
"""

from __future__ import annotations

from functools import cache

from careplan.demo.builder import demo_id
from careplan.demo.loader import build
from tests.conftest import DEMO_DAY
from tests.portal.registry import FAMILY_OWN, OBJECTIVE, Page

JESS = demo_id("hartley:member:jess")


@cache
def demo_retries() -> tuple[dict[str, str], dict[str, str]]:
    """The forms of a check-in Jess already sent (the latest on the school goal) and of the
    answer she already gave to her latest view, as the demo stores them."""
    rows = build(DEMO_DAY)
    entries = [p for p in rows.rows_of("progress_entry") if p["objective"] == OBJECTIVE]
    latest = max(entries, key=lambda p: p["recorded_on"])
    check_in = {"client_uuid": str(latest["client_uuid"]), "value": latest["value"], "note": ""}
    numbers = {v["id"]: v["number"] for v in rows.rows_of("plan_version")}
    views = [v for v in rows.rows_of("family_view") if v["member"] == JESS]
    view = max(views, key=lambda v: numbers[v["version"]])
    given = next(a for a in rows.rows_of("agreement") if a["family_view"] == view["id"])
    (comment,) = given["item_comments"]
    answer = {
        "answer": given["answer"],
        "words": given["words"],
        "comment_item": comment["item"],
        "comment": comment["comment"],
        "view_sha256": view["sha256"],
    }
    return check_in, answer


# A record of the Hartleys in the path: only the Hartleys' own members may open it.
HARTLEY_ONLY = {**FAMILY_OWN, "other_parent": 404}

PAGES: dict[tuple[str, str], Page] = {
    ("GET", "/family"): Page("GET", "/family", FAMILY_OWN),
    ("GET", "/family/goals"): Page("GET", "/family/goals", FAMILY_OWN),
    ("GET", "/family/goals/{objective_id:uuid}"): Page(
        "GET", f"/family/goals/{OBJECTIVE}", HARTLEY_ONLY
    ),
    ("POST", "/family/goals/{objective_id:uuid}/check-ins"): Page(
        "POST",
        f"/family/goals/{OBJECTIVE}/check-ins",
        {**HARTLEY_ONLY, "own_parent": 303},
        form=demo_retries()[0],
    ),
    ("GET", "/family/answer"): Page("GET", "/family/answer", FAMILY_OWN),
    ("POST", "/family/answer"): Page(
        "POST",
        "/family/answer",
        {**HARTLEY_ONLY, "own_parent": 303},
        form=demo_retries()[1],
    ),
    ("GET", "/family/next"): Page("GET", "/family/next", FAMILY_OWN),
    ("GET", "/family/words"): Page("GET", "/family/words", FAMILY_OWN),
}
