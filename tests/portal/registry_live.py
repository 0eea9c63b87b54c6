"""Registry entries for live co-editing (see test_page_access)."""

from __future__ import annotations

from tests.portal.registry import PLAN, WORKSPACE_FAMILY, WORKSPACE_OWN, Page

STREAM_TESTS = (
    "tests/live/test_stream.py (a real server: the ASGI client buffers endless bodies) and "
    "tests/portal/workspace/test_live_pages.py (every refusal)"
)

PAGES: dict[tuple[str, str], Page] = {
    # The plan's server-sent events: the team and its managers; everyone else 404.
    ("GET", "/workspace/plans/{plan_id:str}/events"): Page(
        "GET", f"/workspace/plans/{PLAN}/events", WORKSPACE_FAMILY, tested_in=STREAM_TESTS
    ),
    # Who else is in the plan: names only for those who may open the plan.
    ("GET", "/workspace/plans/{plan_id:str}/presence"): Page(
        "GET", f"/workspace/plans/{PLAN}/presence", WORKSPACE_FAMILY
    ),
    ("POST", "/workspace/plans/{plan_id:str}/presence"): Page(
        "POST", f"/workspace/plans/{PLAN}/presence", WORKSPACE_FAMILY, form={"block": ""}
    ),
    # The plan's overall plain-language state: the plan's team and managers.
    ("GET", "/workspace/plans/{plan_id:str}/plain-language"): Page(
        "GET", f"/workspace/plans/{PLAN}/plain-language", WORKSPACE_FAMILY
    ),
    # Plain language while writing: any professional; nothing about a family in it.
    ("GET", "/workspace/plain-language"): Page("GET", "/workspace/plain-language", WORKSPACE_OWN),
    ("POST", "/workspace/plain-language"): Page(
        "POST", "/workspace/plain-language", WORKSPACE_OWN, form={"text": "The SW will visit."}
    ),
}
