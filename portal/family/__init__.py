"""The family portal at /family: what parents read, agree to and track on their phones.

Each module owns its routes; this list is what `careplan.app` wires.
"""

from __future__ import annotations

from portal.family import device, meeting_pages, pages


def routes() -> list:
    return [*pages.ROUTES, *device.ROUTES, *meeting_pages.ROUTES]
