"""The professionals' workspace at /workspace: thin page controllers over the slices' services.

Each module owns its routes; this list is what `careplan.app` wires.
"""

from __future__ import annotations

from portal.workspace import (
    admin,
    admin_roles,
    admin_rules,
    approval_pages,
    caseload,
    dissent_pages,
    editor,
    family_start,
    live,
    meeting_room,
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
        *approval_pages.ROUTES,
        *admin_rules.ROUTES,
        *admin_roles.ROUTES,
        *meeting_room.ROUTES,
        *dissent_pages.ROUTES,
    ]
