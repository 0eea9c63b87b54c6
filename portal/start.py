"""The start page at `/`: what the service is and where each kind of user goes."""

from __future__ import annotations

from litestar import get
from litestar.response import Template


@get("/", include_in_schema=False, sync_to_thread=False)
def start_page() -> Template:
    return Template(template_name="start.html")
