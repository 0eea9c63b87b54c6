"""The professionals' workspace at /workspace: thin page controllers over the slices' services.

Each module owns its routes; this list is what `careplan.app` wires.
"""

from __future__ import annotations

# Managers' approvals of closing an episode (issue 17, item 3).
from portal.workspace import (
    admin,
    approval_pages,
    caseload,
    editor,
    family_start,
    live,
    member_pages,
    team_pages,
)


def routes() -> list:
    return [
        *admin.ROUTES,
        *family_start.ROUTES,
        *caseload.ROUTES,
        *editor.ROUTES,
        *live.ROUTES,
        *team_pages.ROUTES,
        *member_pages.ROUTES,
        # Managers' approvals (issue 17, item 3)
        *approval_pages.ROUTES,
    ]
