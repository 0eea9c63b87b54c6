"""The professionals' workspace at /workspace: thin page controllers over the slices' services.

Each module owns its routes; this list is what `careplan.app` wires.
"""

from __future__ import annotations

from portal.workspace import caseload, editor, live, member_pages


def routes() -> list:
    return [*caseload.ROUTES, *editor.ROUTES, *live.ROUTES, *member_pages.ROUTES]
