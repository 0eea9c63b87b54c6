"""Registry entries for the family's meeting pages at /family/meetings (see test_page_access).

The meeting in the paths is the Hartleys' core group, coming in a week: Jess (own_parent) is
not named on it but has parental responsibility, so it is hers to see and answer; Sophie
Whitfield (other_parent) gets 404 for it, as does every professional (the wrong kind of
person for the family portal). The posts are forms that succeed for Jess (303): an
interpreter's language, her view and her scale.
"""

from __future__ import annotations

from careplan.demo.builder import demo_id
from tests.portal.registry import FAMILY_OWN, Page

CORE_GROUP = demo_id("hartley:meeting:core_group")
MEETING = f"/family/meetings/{CORE_GROUP}"
# A meeting of the Hartleys in the path: only the Hartleys' own members may open it.
HARTLEY_ONLY = {**FAMILY_OWN, "other_parent": 404}
POSTED = {**HARTLEY_ONLY, "own_parent": 303}

PAGES: dict[tuple[str, str], Page] = {
    ("GET", "/family/meetings"): Page("GET", "/family/meetings", FAMILY_OWN),
    ("GET", "/family/meetings/{meeting_id:uuid}"): Page("GET", MEETING, HARTLEY_ONLY),
    ("POST", "/family/meetings/{meeting_id:uuid}/interpreter"): Page(
        "POST", f"{MEETING}/interpreter", POSTED, form={"language": "Polish"}
    ),
    ("POST", "/family/meetings/{meeting_id:uuid}/view"): Page(
        "POST", f"{MEETING}/view", POSTED, form={"view": "I think things are better."}
    ),
    ("POST", "/family/meetings/{meeting_id:uuid}/scale"): Page(
        "POST", f"{MEETING}/scale", POSTED, form={"score": "6", "reason": "School is better."}
    ),
}
