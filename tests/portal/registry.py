"""The page registry's shape, shared by the registries of each front end.

An entry says, for one route of the pages, what each kind of caller gets. Callers:
anonymous (signed out), own_parent (Jess Hartley), other_parent (Sophie Whitfield), team
(Priya, the Hartleys' key worker), outsider (Chloe, on no team), manager (Helen, Priya's
manager), admin (Sam, the local authority's administrator, on no team).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from careplan.demo.builder import demo_id

CALLERS = {
    "own_parent": "person:jess",
    "other_parent": "person:sophie",
    "team": "priya",
    "outsider": "chloe",
    "manager": "helen",
    "admin": "sam",
}

FAMILY = demo_id("family:hartley")
EPISODE = demo_id("hartley:episode:child_protection")
PLAN = demo_id("hartley:plan:child_protection")
ITEM = demo_id("hartley:item:love")
OBJECTIVE = demo_id("hartley:objective:school_cp")
THREAD = demo_id("hartley:thread:school")

# A family's workspace page: its team and their managers only; everyone else is told it
# does not exist. Signed out: sent to sign in (303).
WORKSPACE_FAMILY = {
    "anonymous": 303,
    "own_parent": 404,
    "other_parent": 404,
    "team": 200,
    "outsider": 404,
    "manager": 200,
    "admin": 404,
}
# A workspace page about the professional's own work (their caseload): any professional.
WORKSPACE_OWN = {**WORKSPACE_FAMILY, "outsider": 200, "admin": 200}
# A family portal page: a signed-in family member, who sees only what is theirs.
FAMILY_OWN = {
    "anonymous": 303,
    "own_parent": 200,
    "other_parent": 200,
    "team": 404,
    "outsider": 404,
    "manager": 404,
    "admin": 404,
}
# Open to all: sign-in pages and the start page.
PUBLIC = {caller: 200 for caller in ["anonymous", *CALLERS]}


@dataclass(frozen=True)
class Page:
    method: str
    path: str
    expect: dict[str, int]
    form: dict[str, Any] | None = None  # posted as a form, with the CSRF token added
    # Words that must never be in a refused caller's answer (nothing about the family leaks).
    secret_words: tuple[str, ...] = ("Hartley", "Leo")
    # Routes that cannot be tried in the matrix (they need a live OpenID provider, say) say
    # where they are tested instead.
    tested_in: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # What must be there first (a request waiting for a manager's approval, say).
    prepare: Callable[[], Awaitable[Any]] | None = None
