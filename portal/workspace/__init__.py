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
    meeting_pages,
    meeting_room,
    member_pages,
    plan_state_pages,
    record_pages,
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
        *record_pages.ROUTES,
        *plan_state_pages.ROUTES,
        *meeting_pages.ROUTES,
        *meeting_room.ROUTES,
        *dissent_pages.ROUTES,
    ]
