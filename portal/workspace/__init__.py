"""The professionals' workspace at /workspace: thin page controllers over the slices' services.

Each module owns its routes; this list is what `careplan.app` wires.
"""

from __future__ import annotations

from portal.workspace import caseload, editor, family_start, live


def routes() -> list:
    return [*family_start.ROUTES, *caseload.ROUTES, *editor.ROUTES, *live.ROUTES]
